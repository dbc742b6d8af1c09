#pragma once

#include "connectionid.h"

#include <QByteArray>
#include <QString>
#include <switchboard/protocol.h>

namespace switchboard::server {

// How the router talks back to connections it does not own. Calls are thread-safe and keep
// their order per connection: a frame queued before a close is sent before the close.
class Outbox {
public:
    virtual ~Outbox() = default;
    // originNs (steady clock, 0 = none): when the frame carries a client's message, the time
    // that message arrived, so the transport can measure end-to-end delivery latency.
    virtual void send(ConnectionId connection, const QByteArray &frame, qint64 originNs = 0) = 0;
    // Like send(), but the connection's thread is not woken until wakePending(): a caller
    // that sends many frames in one go wakes each I/O thread once instead of once per frame.
    virtual void sendLater(ConnectionId connection, const QByteArray &frame, qint64 originNs = 0)
    {
        send(connection, frame, originNs);
    }
    virtual void wakePending() { }
    // Tells the connection's owner that hello succeeded: stops the hello timer, counts the role.
    virtual void authenticate(ConnectionId connection, protocol::Role role) = 0;
    virtual void close(ConnectionId connection, int closeCode, const QString &reason) = 0;
};

} // namespace switchboard::server
