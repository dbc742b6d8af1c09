#pragma once

#include "http/addresscounter.h"

#include <QHash>
#include <QHostAddress>
#include <QMutex>

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
    bool tryHold(const QHostAddress &address) { return m_held.tryHold(address, m_limit); }
    void release(const QHostAddress &address) { m_held.release(address); }

    // Whether this refusal is the first for the address in its current minute (log it once,
    // naming the address by ClientAddress::logName).
    bool firstRefusalThisMinute(const QHostAddress &address, qint64 nowMs);

private:
    int m_limit = 0;
    AddressCounter m_held;
    QMutex m_logLock;
    QHash<QHostAddress, qint64> m_lastLoggedMs; // guarded by m_logLock; pruned past a minute
};

} // namespace switchboard::server
