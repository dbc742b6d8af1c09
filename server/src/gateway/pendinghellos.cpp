#include "pendinghellos.h"

#include "clientaddress.h"

namespace switchboard::server {

namespace {

constexpr qint64 minuteMs = 60 * 1000;
// Log clocks kept before the stale ones are dropped: a flood from many addresses must not
// grow the table without bound.
constexpr qsizetype maxLogClocks = 1024;

} // namespace

bool PendingHellos::tryHold(const QHostAddress &address)
{
    QMutexLocker locker(&m_lock);
    int &held = m_held[address];
    if (m_limit > 0 && held >= m_limit)
        return false;
    ++held;
    return true;
}

void PendingHellos::release(const QHostAddress &address)
{
    QMutexLocker locker(&m_lock);
    const auto it = m_held.find(address);
    if (it == m_held.end())
        return;
    if (--*it <= 0)
        m_held.erase(it);
}

int PendingHellos::heldBy(const QHostAddress &address) const
{
    QMutexLocker locker(&m_lock);
    return m_held.value(address);
}

bool PendingHellos::firstRefusalThisMinute(const QHostAddress &address, qint64 nowMs)
{
    QMutexLocker locker(&m_lock);
    if (m_lastLoggedMs.size() >= maxLogClocks) {
        m_lastLoggedMs.removeIf(
            [nowMs](const auto &entry) { return nowMs - entry.value() >= minuteMs; });
        if (m_lastLoggedMs.size() >= maxLogClocks)
            return false; // this many addresses refused within a minute: enough lines
    }
    const auto it = m_lastLoggedMs.constFind(address);
    if (it != m_lastLoggedMs.constEnd() && nowMs - it.value() < minuteMs)
        return false;
    m_lastLoggedMs.insert(address, nowMs);
    return true;
}

QString PendingHellos::logName(const QHostAddress &address) const
{
    return ClientAddress::logName(address);
}

} // namespace switchboard::server
