#pragma once

#include <QtGlobal>

namespace switchboard::server {

// Names one client connection across threads. The top 16 bits say which I/O thread owns it,
// so anyone can route an outbound frame to the right thread without a shared map.
using ConnectionId = quint64;

inline constexpr int connectionWorkerShift = 48;

inline int workerOf(ConnectionId id)
{
    return int(id >> connectionWorkerShift);
}

inline ConnectionId makeConnectionId(int worker, quint64 serial)
{
    return (ConnectionId(worker) << connectionWorkerShift) | (serial & ((quint64(1) << 48) - 1));
}

} // namespace switchboard::server
