#include "clusterbus.h"

#include "metrics/metrics.h"

#include <QMutexLocker>
#include <hiredis/hiredis.h>
#include <switchboard/logging.h>

using namespace Qt::StringLiterals;

namespace switchboard::server {

namespace {

const QByteArray nodesSetKey = "switchboard:nodes";
const QByteArray eventsChannel = "switchboard:events";

} // namespace

QString ClusterHealth::degradedReason() const
{
    QMutexLocker lock(&m_mutex);
    return m_reason;
}

void ClusterHealth::setDegradedReason(const QString &reason)
{
    QMutexLocker lock(&m_mutex);
    m_reason = reason;
}

ClusterBus::ClusterBus(ClusterBusOptions options, ClusterHealth *health,
    metrics::ServerMetrics *metrics, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_health(health)
    , m_metrics(metrics)
    , m_commands(m_options.redis, u"commands"_s, this)
    , m_subscriber(m_options.redis, u"events"_s, this)
    , m_heartbeatTimer(this)
    , m_reconnectTimer(this)
{
    m_self.id = m_options.nodeId;
    m_self.endpoint = m_options.publicEndpoint;
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &ClusterBus::connectBoth);
    connect(&m_heartbeatTimer, &QTimer::timeout, this, &ClusterBus::heartbeat);
    for (RedisConnection *link : { &m_commands, &m_subscriber }) {
        connect(link, &RedisConnection::connected, this, &ClusterBus::onLinkUp);
        connect(link, &RedisConnection::disconnected, this, &ClusterBus::onLinkLost);
    }
}

ClusterBus::~ClusterBus()
{
    m_leaving = true;
    // Before the members go: pending replies run their handlers now, and must find us whole.
    m_commands.close();
    m_subscriber.close();
}

void ClusterBus::start()
{
    m_health->setDegradedReason(u"redis: connecting to "_s + m_options.redis.masked());
    m_metrics->clusterNodes.set(1);
    connectBoth();
}

void ClusterBus::connectBoth()
{
    if (m_leaving)
        return;
    m_commands.open();
    m_subscriber.open();
}

void ClusterBus::onLinkUp()
{
    if (!m_commands.isConnected() || !m_subscriber.isConnected() || m_up)
        return;
    m_subscriber.subscribe(
        eventsChannel, [this](const QByteArray &payload) { onEventPayload(payload); },
        [this] {
            // Only now is nothing published missed; what came before is in the database.
            m_up = true;
            m_reconnectAttempt = 0;
            m_heartbeatPending = false;
            m_health->setDegradedReason({});
            m_metrics->clusterRedisUp.set(1);
            qCInfo(lcCluster) << "joined the cluster as" << m_options.nodeId;
            heartbeat();
            m_heartbeatTimer.start(std::max(1000, m_options.ttlSeconds * 1000 / 3));
            if (m_handlers.resynced)
                m_handlers.resynced();
        });
}

void ClusterBus::onLinkLost(const QString &reason)
{
    if (m_leaving)
        return;
    if (m_up || m_health->degradedReason().isEmpty()
        || !m_health->degradedReason().contains(reason))
        qCWarning(lcCluster) << "lost Redis (" << reason
                             << "); serving local clients, catching up when it is back";
    m_up = false;
    m_heartbeatTimer.stop();
    m_health->setDegradedReason(u"redis: "_s + reason + u"; serving this node's clients only"_s);
    m_metrics->clusterRedisUp.set(0);
    // Both links go and come back together, so an event is never read without the registry.
    m_commands.close();
    m_subscriber.close();
    if (!m_reconnectTimer.isActive())
        m_reconnectTimer.start(std::max(100, m_backoff.delayMs(m_reconnectAttempt++)));
}

QByteArray ClusterBus::nodeKey(const QString &nodeId) const
{
    return "switchboard:node:" + nodeId.toUtf8();
}

void ClusterBus::heartbeat()
{
    if (!m_up)
        return;
    if (m_heartbeatPending) {
        // Connected but silent (a stopped or overloaded Redis): treat it as gone.
        onLinkLost(u"no answer to the heartbeat"_s);
        return;
    }
    m_heartbeatPending = true;
    m_commands.command({ "SET", nodeKey(m_self.id), m_self.encode(), "PX",
        QByteArray::number(qint64(m_options.ttlSeconds) * 1000) });
    m_commands.command({ "SADD", nodesSetKey, m_self.id.toUtf8() });
    readRegistry();
}

void ClusterBus::readRegistry()
{
    m_commands.command({ "SMEMBERS", nodesSetKey }, [this](std::optional<RedisReply> members) {
        if (m_leaving || !members || members->type != RedisReply::Type::Array)
            return;
        QByteArrayList ids;
        QByteArrayList mget { "MGET" };
        for (const RedisReply &member : std::as_const(members->elements)) {
            ids.append(member.text);
            mget.append(nodeKey(QString::fromUtf8(member.text)));
        }
        if (ids.isEmpty())
            return;
        m_commands.command(mget, [this, ids](std::optional<RedisReply> values) {
            if (m_leaving || !values || values->type != RedisReply::Type::Array)
                return;
            m_heartbeatPending = false;
            QList<ClusterNode> nodes;
            for (qsizetype i = 0; i < values->elements.size() && i < ids.size(); ++i) {
                const RedisReply &value = values->elements[i];
                std::optional<ClusterNode> node;
                if (value.type == RedisReply::Type::String)
                    node = ClusterNode::decode(value.text);
                if (node)
                    nodes.append(*node);
                else // its entry expired: the node stopped beating
                    m_commands.command({ "SREM", nodesSetKey, ids[i] });
            }
            std::sort(nodes.begin(), nodes.end(),
                [](const ClusterNode &a, const ClusterNode &b) { return a.id < b.id; });
            if (nodes == m_nodes)
                return;
            m_nodes = nodes;
            m_metrics->clusterNodes.set(std::max<qsizetype>(1, nodes.size()));
            if (m_handlers.nodes)
                m_handlers.nodes(m_nodes);
        });
    });
}

void ClusterBus::publish(const ClusterEvent &event)
{
    if (!m_up) {
        m_metrics->clusterPublished[u"error"].inc();
        return;
    }
    ClusterEvent stamped = event;
    stamped.origin = m_self.id;
    m_commands.command(
        { "PUBLISH", eventsChannel, stamped.encode() }, [this](std::optional<RedisReply> reply) {
            const bool ok = reply && reply->type == RedisReply::Type::Integer;
            m_metrics->clusterPublished[ok ? u"ok" : u"error"].inc();
        });
}

void ClusterBus::setLocalAgents(const QHash<qint64, protocol::AgentStatus> &agents)
{
    if (agents == m_self.agents)
        return;
    m_self.agents = agents;
    if (!m_up)
        return; // the next heartbeat after reconnecting carries it
    m_commands.command({ "SET", nodeKey(m_self.id), m_self.encode(), "PX",
        QByteArray::number(qint64(m_options.ttlSeconds) * 1000) });
    ClusterEvent changed;
    changed.kind = ClusterEvent::Kind::Nodes;
    publish(changed);
}

void ClusterBus::onEventPayload(const QByteArray &payload)
{
    const std::optional<ClusterEvent> event = ClusterEvent::decode(payload);
    if (!event) {
        qCWarning(lcCluster) << "ignored an event this version does not understand";
        return;
    }
    if (event->origin == m_self.id)
        return;
    if (event->kind == ClusterEvent::Kind::Nodes) {
        readRegistry();
        return;
    }
    if (m_handlers.event)
        m_handlers.event(*event);
}

void ClusterBus::leave()
{
    m_leaving = true;
    m_heartbeatTimer.stop();
    m_reconnectTimer.stop();
    m_commands.close();
    m_subscriber.close();
    // A short blocking connection of its own: the asynchronous one would drop queued
    // commands when closed. Best effort; otherwise the entry expires within its TTL.
    const timeval timeout { 1, 0 };
    redisContext *context = redisConnectWithTimeout(
        m_options.redis.host.toUtf8().constData(), m_options.redis.port, timeout);
    if (!context || context->err) {
        if (context)
            redisFree(context);
        return;
    }
    redisSetTimeout(context, timeout);
    const auto run = [context](const QByteArrayList &arguments) {
        std::vector<const char *> argv;
        std::vector<size_t> lengths;
        for (const QByteArray &argument : arguments) {
            argv.push_back(argument.constData());
            lengths.push_back(size_t(argument.size()));
        }
        if (void *reply = redisCommandArgv(context, int(argv.size()), argv.data(), lengths.data()))
            freeReplyObject(reply);
    };
    if (!m_options.redis.password.isEmpty())
        run({ "AUTH", m_options.redis.password.toUtf8() });
    if (m_options.redis.database != 0)
        run({ "SELECT", QByteArray::number(m_options.redis.database) });
    run({ "DEL", nodeKey(m_self.id) });
    run({ "SREM", nodesSetKey, m_self.id.toUtf8() });
    ClusterEvent left;
    left.kind = ClusterEvent::Kind::Nodes;
    left.origin = m_self.id;
    run({ "PUBLISH", eventsChannel, left.encode() });
    redisFree(context);
    qCInfo(lcCluster) << "left the cluster";
}

} // namespace switchboard::server
