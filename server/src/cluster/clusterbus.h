#pragma once

#include "clusterevent.h"
#include "redisconnection.h"

#include <QMutex>
#include <QObject>
#include <QTimer>
#include <functional>
#include <switchboard/backoffpolicy.h>

namespace switchboard::server {

namespace metrics {
struct ServerMetrics;
}

// What /readyz and the alert inputs read about the cluster, from any thread.
class ClusterHealth final {
public:
    // Empty while this node reaches Redis (or runs alone).
    QString degradedReason() const;
    void setDegradedReason(const QString &reason);

private:
    mutable QMutex m_mutex;
    QString m_reason;
};

struct ClusterBusOptions {
    RedisOptions redis;
    QString nodeId;
    QString publicEndpoint;
    int ttlSeconds = 10;
};

// Joins the nodes sharing one Redis: a registry entry refreshed by heartbeat (SET with a TTL,
// so a dead node's entry expires by itself), a publish/subscribe channel for events, and the
// list of live nodes with their signed-in staff. It decides nothing: the router does, from
// the database. Lives on the router's thread. Losing Redis is survivable: the bus reports
// itself degraded, reconnects with backoff and says so (resynced) when it is back, so the
// router can catch up from the database.
class ClusterBus final : public QObject, public ClusterLink {
    Q_OBJECT

public:
    struct Handlers {
        std::function<void(const ClusterEvent &)> event; // from another node
        std::function<void(const QList<ClusterNode> &)> nodes; // the live nodes, this one too
        std::function<void()> resynced; // (re)joined: what happened meanwhile was missed
    };

    ClusterBus(ClusterBusOptions options, ClusterHealth *health, metrics::ServerMetrics *metrics,
        QObject *parent = nullptr);
    ~ClusterBus() override;
    Q_DISABLE_COPY_MOVE(ClusterBus)

    void setHandlers(Handlers handlers) { m_handlers = std::move(handlers); }
    // Starts connecting; on the bus's thread.
    void start();
    // Leaves the registry at once (a graceful stop need not wait for the TTL); blocking.
    void leave();

    void publish(const ClusterEvent &event) override;
    void setLocalAgents(const QHash<qint64, protocol::AgentStatus> &agents) override;

private:
    void connectBoth();
    void onLinkUp();
    void onLinkLost(const QString &reason);
    void heartbeat();
    void readRegistry();
    void onEventPayload(const QByteArray &payload);
    QByteArray nodeKey(const QString &nodeId) const;

    ClusterBusOptions m_options;
    ClusterHealth *m_health;
    metrics::ServerMetrics *m_metrics;
    Handlers m_handlers;
    RedisConnection m_commands;
    RedisConnection m_subscriber;
    QTimer m_heartbeatTimer;
    QTimer m_reconnectTimer;
    BackoffPolicy m_backoff { 250, 5000 };
    int m_reconnectAttempt = 0;
    bool m_up = false;
    bool m_heartbeatPending = false; // the last heartbeat has not been answered yet
    bool m_leaving = false;
    ClusterNode m_self;
    QList<ClusterNode> m_nodes;
};

} // namespace switchboard::server
