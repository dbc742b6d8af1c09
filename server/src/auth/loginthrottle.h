#pragma once

#include <QHash>
#include <QHostAddress>
#include <QList>

namespace switchboard::server {

// Counts failed sign-ins per client address in a sliding minute; past the limit, further
// attempts from that address are refused without checking the password.
class LoginThrottle final
{
public:
    explicit LoginThrottle(int failuresPerMinute) : m_limit(failuresPerMinute) { }

    bool allows(const QHostAddress &address, qint64 nowMs);
    void recordFailure(const QHostAddress &address, qint64 nowMs);
    void recordSuccess(const QHostAddress &address);

private:
    void prune(QList<qint64> &failures, qint64 nowMs) const;

    int m_limit;
    QHash<QString, QList<qint64>> m_failures; // address → failure times
};

} // namespace switchboard::server
