#pragma once

#include "pendinghellos.h"

#include <atomic>

namespace switchboard::server {

// Shared by the I/O threads: how many connections the node holds and whether it takes more.
struct Admission {
    std::atomic<int> connections { 0 };
    int maxConnections = 0;
    std::atomic<bool> draining { false };
    // Upgraded connections per client address not yet welcomed (pending-hellos-per-address).
    PendingHellos pendingHellos;

    bool full() const { return connections.load(std::memory_order_relaxed) >= maxConnections; }
};

} // namespace switchboard::server
