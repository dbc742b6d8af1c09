#pragma once

#include "connectionid.h"
#include "ratelimiter.h"

#include <QHostAddress>
#include <QPointer>
#include <QTcpSocket>
#include <QWebSocket>
#include <switchboard/protocol.h>

namespace switchboard::server {

// One WebSocket client as its I/O thread sees it: liveness clocks, rate limit, sign-in state.
struct Connection {
    ConnectionId id = 0;
    QPointer<QWebSocket> socket;
    QPointer<QTcpSocket> transport; // the socket's TCP socket; ours to delete after it
    bool authenticated = false;
    bool helloSeen = false;
    bool closing = false;
    // Counted in Admission::pendingHellos under this address until welcomed or closed.
    bool pendingHello = false;
    QHostAddress pendingHelloFrom;
    protocol::Role role = protocol::Role::Customer;
    qint64 openedMs = 0;
    qint64 lastInboundMs = 0;
    qint64 lastPingMs = 0;
    RateLimiter limiter;
    int rejectedInARow = 0; // rate-limited messages since the last accepted one
};

} // namespace switchboard::server
