#pragma once

#include <QtGlobal>
#include <chrono>

namespace switchboard::server::metrics {

// Now on the steady clock, in nanoseconds: the one clock of a client frame's receivedNs (stamped
// by the gateway) and of the originNs the I/O threads measure delivery against, so the ack and
// delivery latencies subtract times taken on different threads by the same clock.
inline qint64 steadyNowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

} // namespace switchboard::server::metrics
