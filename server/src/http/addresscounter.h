#pragma once

#include <QHash>
#include <QHostAddress>
#include <QMutex>

namespace switchboard::server {

// How many of something each client address holds (kept HTTP connections, connections not yet
// welcomed), shared by the I/O threads: the bound is checked and taken under one lock, and an
// address that holds nothing has no entry.
class AddressCounter final {
public:
    // Counts one more for the address unless it holds `limit` already (0: no bound); false
    // when nothing was counted.
    bool tryHold(const QHostAddress &address, int limit);
    void release(const QHostAddress &address);
    int heldBy(const QHostAddress &address) const;

private:
    mutable QMutex m_lock;
    QHash<QHostAddress, int> m_held; // guarded by m_lock
};

} // namespace switchboard::server
