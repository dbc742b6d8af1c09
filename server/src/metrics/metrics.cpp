#include "metrics.h"

#include "platform/platform.h"

#include <QDateTime>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <switchboard/protocol.h>
#include <switchboard/version.h>

using namespace Qt::StringLiterals;

namespace switchboard::server::metrics {

namespace {

void atomicAdd(std::atomic<double> &target, double delta)
{
    double current = target.load(std::memory_order_relaxed);
    // compare_exchange_weak reloads `current` on failure, so the loop always adds to the newest.
    while (!target.compare_exchange_weak(current, current + delta, std::memory_order_relaxed)) { }
}

// Shortest text that reads back as the same double; Prometheus spells infinities +Inf/-Inf.
QByteArray number(double value)
{
    if (std::isnan(value))
        return "NaN"_ba;
    if (std::isinf(value))
        return value > 0 ? "+Inf"_ba : "-Inf"_ba;
    // Plain decimals where they stay short, so bucket labels read le="0.0005" and le="3600"
    // (labels are matched as text, so one spelling matters); exponents only at the extremes.
    const double magnitude = std::abs(value);
    const auto format = magnitude == 0 || (magnitude >= 1e-4 && magnitude < 1e15)
        ? std::chars_format::fixed
        : std::chars_format::scientific;
    char buffer[64];
    const auto result = std::to_chars(std::begin(buffer), std::end(buffer), value, format);
    return QByteArray(buffer, result.ptr - buffer);
}

QByteArray number(quint64 value)
{
    return QByteArray::number(value);
}

QByteArray escapeLabelValue(const QString &value)
{
    QByteArray escaped;
    for (const char c : value.toUtf8()) {
        if (c == '\\')
            escaped += "\\\\";
        else if (c == '"')
            escaped += "\\\"";
        else if (c == '\n')
            escaped += "\\n";
        else
            escaped += c;
    }
    return escaped;
}

QByteArray label(const QString &name, const QString &value)
{
    return name.toLatin1() + "=\"" + escapeLabelValue(value) + '"';
}

QByteArray joinLabels(const QByteArray &first, const QByteArray &second)
{
    if (first.isEmpty())
        return second;
    if (second.isEmpty())
        return first;
    return first + ',' + second;
}

void writeHeader(QByteArray &out, const char *name, const char *type, const char *help)
{
    out += QByteArray("# HELP ") + name + ' ' + help + '\n';
    out += QByteArray("# TYPE ") + name + ' ' + type + '\n';
}

void writeSample(
    QByteArray &out, const QByteArray &name, const QByteArray &labels, const QByteArray &value)
{
    out += name;
    if (!labels.isEmpty())
        out += '{' + labels + '}';
    out += ' ' + value + '\n';
}

QByteArray valueText(const Counter &counter)
{
    return number(counter.value());
}

QByteArray valueText(const Gauge &gauge)
{
    return number(gauge.value());
}

template<typename Metric>
void writeScalar(
    QByteArray &out, const char *name, const char *type, const char *help, const Metric &metric)
{
    writeHeader(out, name, type, help);
    writeSample(out, name, {}, valueText(metric));
}

template<typename Metric>
void writeFamily(QByteArray &out, const char *name, const char *type, const char *help,
    const Family<Metric> &family, const QByteArray &fixedLabels = {})
{
    writeHeader(out, name, type, help);
    for (qsizetype i = 0; i < family.labelValues().size(); ++i)
        writeSample(out, name,
            joinLabels(fixedLabels, label(family.labelName(), family.labelValues().at(i))),
            valueText(family.at(i)));
}

void writeHistogramSamples(
    QByteArray &out, const QByteArray &name, const QByteArray &labels, const Histogram &histogram)
{
    const std::vector<double> &bounds = histogram.upperBounds();
    quint64 cumulative = 0;
    for (std::size_t i = 0; i <= bounds.size(); ++i) {
        cumulative += histogram.bucketCount(i);
        const double bound
            = i < bounds.size() ? bounds[i] : std::numeric_limits<double>::infinity();
        writeSample(out, name + "_bucket", joinLabels(labels, "le=\"" + number(bound) + '"'),
            number(cumulative));
    }
    writeSample(out, name + "_sum", labels, number(histogram.sum()));
    // The +Inf bucket and _count come from the same reads so they always agree.
    writeSample(out, name + "_count", labels, number(cumulative));
}

void writeHistogram(QByteArray &out, const char *name, const char *help, const Histogram &histogram)
{
    writeHeader(out, name, "histogram", help);
    writeHistogramSamples(out, name, {}, histogram);
}

void writeHistogramFamily(QByteArray &out, const char *name, const char *help,
    const Family<Histogram> &family, const QByteArray &fixedLabels)
{
    writeHeader(out, name, "histogram", help);
    for (qsizetype i = 0; i < family.labelValues().size(); ++i)
        writeHistogramSamples(out, name,
            joinLabels(fixedLabels, label(family.labelName(), family.labelValues().at(i))),
            family.at(i));
}

} // namespace

void Gauge::add(double delta)
{
    atomicAdd(m_value, delta);
}

Histogram::Histogram()
    : Histogram(latencyBucketsSeconds())
{
}

Histogram::Histogram(std::vector<double> upperBounds)
    : m_bounds(std::move(upperBounds))
    , m_buckets(std::make_unique<std::atomic<quint64>[]>(m_bounds.size() + 1))
{
    std::sort(m_bounds.begin(), m_bounds.end());
}

void Histogram::observe(double value)
{
    if (std::isnan(value))
        return;
    // Buckets are "less than or equal": the first bound not below the value.
    const auto bound = std::lower_bound(m_bounds.cbegin(), m_bounds.cend(), value);
    m_buckets[std::size_t(bound - m_bounds.cbegin())].fetch_add(1, std::memory_order_relaxed);
    atomicAdd(m_sum, value);
    m_count.fetch_add(1, std::memory_order_relaxed);
}

quint64 Histogram::bucketCount(std::size_t index) const
{
    if (index > m_bounds.size())
        return 0;
    return m_buckets[index].load(std::memory_order_relaxed);
}

double Histogram::quantile(double q) const
{
    std::vector<quint64> counts(m_bounds.size() + 1);
    quint64 total = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        counts[i] = bucketCount(i);
        total += counts[i];
    }
    if (total == 0)
        return 0;

    const double rank = std::clamp(q, 0.0, 1.0) * double(total);
    quint64 below = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        if (counts[i] == 0 || double(below + counts[i]) < rank) {
            below += counts[i];
            continue;
        }
        // Above the highest bound nothing is known but that bound (as Prometheus does).
        if (i == m_bounds.size())
            return m_bounds.empty() ? 0 : m_bounds.back();
        const double lower = i == 0 ? std::min(0.0, m_bounds[0]) : m_bounds[i - 1];
        const double upper = m_bounds[i];
        return lower + (upper - lower) * (rank - double(below)) / double(counts[i]);
    }
    return m_bounds.empty() ? 0 : m_bounds.back();
}

std::vector<double> latencyBucketsSeconds()
{
    return { 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10 };
}

std::vector<double> waitBucketsSeconds()
{
    return { 1, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600 };
}

namespace {

QStringList roles()
{
    return { u"customer"_s, u"agent"_s, u"supervisor"_s, u"unauthenticated"_s };
}

QStringList errorCodes()
{
    QStringList codes;
    for (int code = 0; code <= int(protocol::ErrorCode::Internal); ++code)
        codes.append(protocol::errorCodeName(protocol::ErrorCode(code)));
    return codes;
}

} // namespace

ServerMetrics::ServerMetrics()
    : connections(u"role"_s, roles())
    , connectionsOpened(u"role"_s, roles())
    , connectionsClosed(u"code"_s,
          { u"1000"_s, u"1001"_s, u"1002"_s, u"1003"_s, u"1007"_s, u"1008"_s, u"1009"_s, u"1011"_s,
              u"1013"_s, u"4000"_s, u"4001"_s, u"other"_s })
    , handshakeFailures(u"reason"_s,
          { u"origin"_s, u"capacity"_s, u"timeout"_s, u"bad_request"_s, u"draining"_s, u"tls"_s,
              u"pending_hellos"_s, u"other"_s })
    , tlsReloads(u"result"_s, { u"ok"_s, u"error"_s })
    , receivedMessages(u"type"_s,
          { u"hello"_s, u"send"_s, u"delivered"_s, u"read"_s, u"typing"_s, u"sync"_s, u"history"_s,
              u"status"_s, u"accept"_s, u"transfer"_s, u"close"_s, u"ping"_s, u"subscribe"_s,
              u"monitor"_s, u"customer_conversations"_s, u"search"_s, u"export"_s, u"reports"_s,
              u"audit"_s, u"staff_list"_s, u"staff_add"_s, u"staff_update"_s, u"staff_password"_s,
              u"staff_remove"_s, u"invalid"_s })
    , protocolErrors(u"code"_s, errorCodes())
    , ackDuration(latencyBucketsSeconds())
    , deliveryDuration(latencyBucketsSeconds())
    , syncRequests(u"result"_s, { u"recovered"_s, u"epoch_mismatch"_s, u"error"_s })
    , dbQueryDuration(u"operation"_s,
          { u"append"_s, u"read"_s, u"write"_s, u"commit"_s, u"routing"_s, u"auth"_s, u"receipt"_s,
              u"other"_s })
    , dbTransactionRetries(u"sqlstate"_s, { u"40001"_s, u"40P01"_s, u"other"_s })
    , dbErrors(u"kind"_s, { u"unavailable"_s, u"conflict"_s, u"corrupt"_s, u"other"_s })
    , dbPoolConnections(u"state"_s, { u"idle"_s, u"busy"_s })
    , dbPoolWait(latencyBucketsSeconds())
    , clusterPublished(u"result"_s, { u"ok"_s, u"error"_s })
    , conversations(u"state"_s, { u"queued"_s, u"assigned"_s })
    , conversationsAutoClosed(u"reason"_s, { u"missed"_s, u"idle"_s })
    , visitorsRefused(u"reason"_s, { u"rate"_s, u"open"_s, u"capacity"_s })
    , agents(u"status"_s, { u"available"_s, u"away"_s })
    , queueWait(waitBucketsSeconds())
    , authAttempts(u"result"_s, { u"success"_s, u"failure"_s, u"rate_limited"_s })
    , webhookDeliveries(u"result"_s, { u"delivered"_s, u"failed"_s, u"dead_lettered"_s })
    , alertsFiring(u"severity"_s, { u"warning"_s, u"critical"_s })
    , attachmentRefusals(u"reason"_s,
          { u"unauthorized"_s, u"not_found"_s, u"forbidden"_s, u"too_large"_s, u"media_type"_s,
              u"dimensions"_s, u"rate_limited"_s, u"bad_request"_s, u"other"_s })
    , version(QLatin1StringView(switchboard::versionString))
    , startTimeMs(QDateTime::currentMSecsSinceEpoch())
{
}

QByteArray exposition(const ServerMetrics &m)
{
    QByteArray out;
    out.reserve(16 * 1024);
    const QByteArray backend = label(u"backend"_s, m.backend);

    writeHeader(
        out, "switchboard_build_info", "gauge", "Build of this server; the value is always 1.");
    writeSample(out, "switchboard_build_info", label(u"version"_s, m.version), "1");

    writeFamily(out, "switchboard_websocket_connections", "gauge",
        "Open WebSocket connections by role.", m.connections);
    writeFamily(out, "switchboard_websocket_connections_opened_total", "counter",
        "WebSocket connections opened, by role.", m.connectionsOpened);
    writeFamily(out, "switchboard_websocket_connections_closed_total", "counter",
        "WebSocket connections closed, by close code.", m.connectionsClosed);
    writeFamily(out, "switchboard_websocket_handshake_failures_total", "counter",
        "WebSocket handshakes refused or abandoned, by reason.", m.handshakeFailures);
    writeFamily(out, "switchboard_tls_reloads_total", "counter",
        "Re-readings of the TLS certificate and key (SIGHUP), by result; on error the old pair "
        "stays in use.",
        m.tlsReloads);
    writeFamily(out, "switchboard_received_messages_total", "counter",
        "Client messages received, by protocol type.", m.receivedMessages);
    writeFamily(out, "switchboard_protocol_errors_total", "counter",
        "Error replies sent to clients, by error code.", m.protocolErrors);
    writeScalar(out, "switchboard_rate_limited_total", "counter",
        "Client messages refused by the per-connection rate limit.", m.rateLimited);
    writeScalar(out, "switchboard_outbound_queue_messages", "gauge",
        "Messages waiting in outbound connection queues.", m.outboundQueueMessages);
    writeScalar(out, "switchboard_slow_consumer_disconnects_total", "counter",
        "Connections closed because their outbound queue overflowed.", m.slowConsumerDisconnects);
    writeScalar(out, "switchboard_messages_stored_total", "counter",
        "Chat messages committed to the store.", m.messagesStored);
    writeScalar(out, "switchboard_message_duplicates_total", "counter",
        "Sends whose client_id was already committed (acknowledged again, not stored).",
        m.messageDuplicates);
    writeHistogram(out, "switchboard_message_ack_duration_seconds",
        "Time from receiving a send to acknowledging it.", m.ackDuration);
    writeHistogram(out, "switchboard_message_delivery_duration_seconds",
        "Time from committing a message to handing it to a recipient's socket.",
        m.deliveryDuration);
    writeFamily(out, "switchboard_sync_requests_total", "counter", "Sync requests, by result.",
        m.syncRequests);
    writeHistogramFamily(out, "switchboard_db_query_duration_seconds",
        "Store operation duration, by backend and operation.", m.dbQueryDuration, backend);
    writeFamily(out, "switchboard_db_transaction_retries_total", "counter",
        "Transactions retried after a serialization failure or deadlock, by SQLSTATE.",
        m.dbTransactionRetries);
    writeFamily(out, "switchboard_db_errors_total", "counter", "Store errors, by backend and kind.",
        m.dbErrors, backend);
    writeFamily(out, "switchboard_db_pool_connections", "gauge",
        "Database connections in the pool, by state.", m.dbPoolConnections);
    writeHistogram(out, "switchboard_db_pool_wait_duration_seconds",
        "Time spent waiting for a pooled database connection.", m.dbPoolWait);
    writeScalar(
        out, "switchboard_cluster_nodes", "gauge", "Live nodes in the cluster.", m.clusterNodes);
    if (m.clusterJoined) {
        writeScalar(out, "switchboard_cluster_redis_up", "gauge",
            "Whether this node reaches the cluster's Redis (1) or not (0).", m.clusterRedisUp);
    }
    writeFamily(out, "switchboard_cluster_published_messages_total", "counter",
        "Messages published to other nodes, by result.", m.clusterPublished);
    writeScalar(out, "switchboard_cluster_routing_conflicts_total", "counter",
        "Routing changes this node gave up because another node had changed the conversation "
        "first.",
        m.clusterRoutingConflicts);
    writeFamily(out, "switchboard_conversations", "gauge", "Open conversations, by state.",
        m.conversations);
    writeFamily(out, "switchboard_conversations_auto_closed_total", "counter",
        "Conversations the server closed itself, by reason: missed (the visitor left and no "
        "agent answered) or idle (assigned, no message for idle-close-hours).",
        m.conversationsAutoClosed);
    writeFamily(out, "switchboard_visitors_refused_total", "counter",
        "New visitors refused at hello, by reason: rate and open (per-address limits), "
        "capacity (the node's open-conversation cap).",
        m.visitorsRefused);
    writeScalar(out, "switchboard_open_conversations_limit", "gauge",
        "Open conversations this node accepts before refusing new visitors.",
        m.openConversationsLimit);
    writeFamily(out, "switchboard_agents", "gauge", "Signed-in agents, by status.", m.agents);
    writeHistogram(out, "switchboard_queue_wait_duration_seconds",
        "Time conversations waited in the queue before an agent got them.", m.queueWait);
    writeFamily(out, "switchboard_auth_attempts_total", "counter",
        "Staff sign-in attempts, by result.", m.authAttempts);
    writeFamily(out, "switchboard_webhook_deliveries_total", "counter",
        "Webhook delivery attempts, by result.", m.webhookDeliveries);
    writeScalar(out, "switchboard_dead_letters", "gauge",
        "Webhook events in the dead-letter table.", m.deadLetters);
    writeFamily(out, "switchboard_alerts_firing", "gauge", "Alerts firing now, by severity.",
        m.alertsFiring);
    writeScalar(out, "switchboard_retention_runs_total", "counter",
        "Retention runs (deletion and redaction of old conversations) completed.", m.retentionRuns);
    writeScalar(out, "switchboard_retention_deleted_conversations_total", "counter",
        "Closed conversations deleted by retention.", m.retentionDeletedConversations);
    writeScalar(out, "switchboard_retention_redacted_customers_total", "counter",
        "Customers whose name and e-mail retention blanked.", m.retentionRedactedCustomers);
    writeScalar(out, "switchboard_attachment_uploads_total", "counter",
        "Attachments stored (POST /attachments; a retried upload is counted once).",
        m.attachmentUploads);
    writeScalar(out, "switchboard_attachment_bytes_total", "counter",
        "Bytes of the attachments stored, as stored (images re-encoded).", m.attachmentBytes);
    writeFamily(out, "switchboard_attachment_refusals_total", "counter",
        "Attachment uploads refused, by reason.", m.attachmentRefusals);

    // process_* as the Prometheus client libraries name them; one the platform cannot give
    // (platform/platform.h) is left out rather than guessed.
    const platform::ProcessUsage usage = platform::processUsage();
    if (usage.cpuSeconds) {
        writeHeader(out, "process_cpu_seconds_total", "counter",
            "Total user and system CPU time spent in seconds.");
        writeSample(out, "process_cpu_seconds_total", {}, number(*usage.cpuSeconds));
    }
    if (usage.residentBytes) {
        writeHeader(
            out, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
        writeSample(out, "process_resident_memory_bytes", {}, number(double(*usage.residentBytes)));
    }
    writeHeader(out, "process_start_time_seconds", "gauge",
        "Start time of the process since unix epoch in seconds.");
    writeSample(out, "process_start_time_seconds", {},
        number(usage.startTimeSeconds.value_or(double(m.startTimeMs) / 1000.0)));
    if (usage.openFiles) {
        writeHeader(out, "process_open_fds", "gauge", "Number of open file descriptors.");
        writeSample(out, "process_open_fds", {}, number(*usage.openFiles));
    }
    if (const std::optional<double> limit = platform::openFileLimit()) {
        writeHeader(out, "process_max_fds", "gauge", "Maximum number of open file descriptors.");
        writeSample(out, "process_max_fds", {}, number(*limit));
    }
    return out;
}

} // namespace switchboard::server::metrics
