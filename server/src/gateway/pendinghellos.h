#pragma once

#include <QHash>
#include <QHostAddress>
#include <QMutex>
#include <QString>

namespace switchboard::server {

// How many WebSocket connections each client address holds that have not been welcomed yet
// (upgraded, hello not yet answered with welcome), shared by every I/O thread. Past the bound
// (`pending-hellos-per-address`) an upgrade is refused with 429 before any QWebSocket is built,
// so one address opening new visitors as fast as it can costs the node little and cannot take
// the I/O threads' time from the connections already signed in. A connection stops counting
// when it is welcomed or closes, so the address gets in again as soon as it is below the bound.
class PendingHellos final {
public:
    // 0: no bound.
    void setLimit(int perAddress) { m_limit = perAddress; }
    int limit() const { return m_limit; }

    // Counts one more pending connection for the address; false (nothing counted) at the bound.
    bool tryHold(const QHostAddress &address);
    void release(const QHostAddress &address);
    int heldBy(const QHostAddress &address) const;

    // Whether this refusal is the first for the address in its current minute (log it once),
    // and what a log line may call the address (ClientAddress::logName).
    bool firstRefusalThisMinute(const QHostAddress &address, qint64 nowMs);
    QString logName(const QHostAddress &address) const;

private:
    int m_limit = 0;
    mutable QMutex m_lock;
    QHash<QHostAddress, int> m_held; // guarded by m_lock; only addresses holding any
    QHash<QHostAddress, qint64> m_lastLoggedMs; // guarded by m_lock; pruned past a minute
};

} // namespace switchboard::server
