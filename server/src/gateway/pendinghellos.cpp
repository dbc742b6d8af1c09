#include "pendinghellos.h"

namespace switchboard::server {

namespace {

constexpr qint64 minuteMs = 60 * 1000;
// Log clocks kept before the stale ones are dropped: a flood from many addresses must not
// grow the table without bound.
constexpr qsizetype maxLogClocks = 1024;

} // namespace

bool PendingHellos::firstRefusalThisMinute(const QHostAddress &address, qint64 nowMs)
{
    QMutexLocker locker(&m_logLock);
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

} // namespace switchboard::server
