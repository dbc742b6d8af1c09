#pragma once

#include "clusterbus.h"

#include <QThread>

namespace switchboard::server {

// Runs a ClusterBus on a thread of its own, so the heartbeat that keeps this node's registry
// entry alive never waits behind the router's work: a router busy for longer than the TTL
// (a burst of sign-ins, a long group of routing decisions) no longer makes the other nodes
// think this one died. The bus and its two Redis connections are made on the caller's thread
// and moved to the bus thread before either connects, so hiredis's sockets, the timers and
// every reply live there. The router talks to it through ClusterLink from its own thread (each
// call queued to the bus); the bus's handlers run as queued calls on the context the router
// gives, in the order the bus produced them.
class ClusterBusThread final : public ClusterLink {
public:
    ClusterBusThread(
        ClusterBusOptions options, ClusterHealth *health, metrics::ServerMetrics *metrics);
    ~ClusterBusThread() override;
    Q_DISABLE_COPY_MOVE(ClusterBusThread)

    // Before start(): `handlers` run on `context`'s thread (the router's).
    void setHandlers(QObject *context, ClusterBus::Handlers handlers);
    // Starts the thread and the bus.
    void start();
    // Leaves the registry at once; blocks until done. The thread keeps running (so late calls
    // from the router land somewhere) until this object goes.
    void leave();

    // Any thread; queued to the bus.
    void publish(const ClusterEvent &event) override;
    void setLocalAgents(const QHash<qint64, protocol::AgentStatus> &agents) override;

    QThread *thread() { return &m_thread; }

private:
    QThread m_thread;
    ClusterBus *m_bus; // lives on m_thread from the constructor on; deleted there
};

} // namespace switchboard::server
