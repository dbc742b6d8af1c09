#pragma once

#include "connectionid.h"

#include <QHostAddress>
#include <QString>
#include <switchboard/clientmessage.h>

namespace switchboard::server {

struct ConnectionInfo {
    QHostAddress peer;
    QString origin;
    QString traceId; // from the handshake's traceparent, or generated
};

// Where the transport hands decoded client messages. Called on I/O threads; an implementation
// hops to its own thread. The transport has already answered pings, malformed frames and
// anything sent before hello.
class ClientEventSink {
public:
    virtual ~ClientEventSink() = default;
    virtual void connectionOpened(ConnectionId connection, const ConnectionInfo &info) = 0;
    // receivedNs: steady-clock time the frame arrived, for ack latency.
    virtual void messageReceived(
        ConnectionId connection, protocol::ClientMessage message, qint64 receivedNs)
        = 0;
    virtual void connectionClosed(ConnectionId connection) = 0;
};

} // namespace switchboard::server
