#include "loginthrottle.h"

namespace switchboard::server {

namespace {
constexpr qint64 windowMs = 60'000;
}

bool LoginThrottle::allows(const QHostAddress &address, qint64 nowMs)
{
    if (m_limit <= 0)
        return true;
    const auto it = m_failures.find(address.toString());
    if (it == m_failures.end())
        return true;
    prune(*it, nowMs);
    if (it->isEmpty()) {
        m_failures.erase(it);
        return true;
    }
    return it->size() < m_limit;
}

void LoginThrottle::recordFailure(const QHostAddress &address, qint64 nowMs)
{
    QList<qint64> &failures = m_failures[address.toString()];
    prune(failures, nowMs);
    failures.append(nowMs);
}

void LoginThrottle::recordSuccess(const QHostAddress &address)
{
    m_failures.remove(address.toString());
}

void LoginThrottle::prune(QList<qint64> &failures, qint64 nowMs) const
{
    while (!failures.isEmpty() && failures.first() <= nowMs - windowMs)
        failures.removeFirst();
}

} // namespace switchboard::server
