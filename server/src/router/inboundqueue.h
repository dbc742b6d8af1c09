#pragma once

#include "gateway/clienteventsink.h"
#include "gateway/connectionid.h"

#include <QMutex>
#include <switchboard/clientmessage.h>
#include <variant>
#include <vector>

namespace switchboard::server {

// What the I/O threads hand the router, in arrival order. A burst of messages from every I/O
// thread costs the router one wake-up instead of one queued call each. Any thread may push;
// the router's thread takes.
class InboundQueue final {
public:
    struct Opened {
        ConnectionId connection = 0;
        ConnectionInfo info;
    };
    struct Received {
        ConnectionId connection = 0;
        protocol::ClientMessage message;
        qint64 receivedNs = 0;
    };
    struct Closed {
        ConnectionId connection = 0;
    };
    using Event = std::variant<Opened, Received, Closed>;

    // True when the queue was empty: the caller must schedule a take().
    bool push(Event event)
    {
        const QMutexLocker locker(&m_lock);
        m_events.push_back(std::move(event));
        return m_events.size() == 1;
    }

    // Swaps everything queued into `out` (which should be empty; its capacity is reused).
    void take(std::vector<Event> &out)
    {
        const QMutexLocker locker(&m_lock);
        m_events.swap(out);
    }

private:
    QMutex m_lock;
    std::vector<Event> m_events; // guarded by m_lock
};

} // namespace switchboard::server
