#pragma once

#include "addresscounter.h"

namespace switchboard::server {

// Which plain-HTTP connections stay open after an answer (HTTP/1.1 keep-alive), shared by every
// I/O thread: a page fetching the script, the stylesheet and /healthz uses one connection, and
// one address cannot park more than a browser's share of idle sockets on the node.
class KeepAlivePolicy final {
public:
    // A kept connection with no new request for this long is closed.
    static constexpr int idleTimeoutMs = 5000;
    // Connections one client address may keep open at once (browsers open up to six per host).
    static constexpr int maxPerAddress = 8;

    // Counts one more kept connection for the address; false (nothing counted) at the cap.
    bool tryHold(const QHostAddress &address) const
    {
        return m_held.tryHold(address, maxPerAddress);
    }
    void release(const QHostAddress &address) const { m_held.release(address); }
    int heldBy(const QHostAddress &address) const { return m_held.heldBy(address); }

private:
    mutable AddressCounter m_held;
};

} // namespace switchboard::server
