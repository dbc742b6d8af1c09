#include "keepalivepolicy.h"

namespace switchboard::server {

bool KeepAlivePolicy::tryHold(const QHostAddress &address) const
{
    QMutexLocker locker(&m_lock);
    int &held = m_held[address];
    if (held >= maxPerAddress)
        return false;
    ++held;
    return true;
}

void KeepAlivePolicy::release(const QHostAddress &address) const
{
    QMutexLocker locker(&m_lock);
    const auto it = m_held.find(address);
    if (it == m_held.end())
        return;
    if (--*it <= 0)
        m_held.erase(it);
}

int KeepAlivePolicy::heldBy(const QHostAddress &address) const
{
    QMutexLocker locker(&m_lock);
    return m_held.value(address);
}

} // namespace switchboard::server
