#include "addresscounter.h"

namespace switchboard::server {

bool AddressCounter::tryHold(const QHostAddress &address, int limit)
{
    QMutexLocker locker(&m_lock);
    int &held = m_held[address]; // at the bound the entry exists already: no empty one is left
    if (limit > 0 && held >= limit)
        return false;
    ++held;
    return true;
}

void AddressCounter::release(const QHostAddress &address)
{
    QMutexLocker locker(&m_lock);
    const auto it = m_held.find(address);
    if (it == m_held.end())
        return;
    if (--*it <= 0)
        m_held.erase(it);
}

int AddressCounter::heldBy(const QHostAddress &address) const
{
    QMutexLocker locker(&m_lock);
    return m_held.value(address);
}

} // namespace switchboard::server
