#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <array>
#include <atomic>
#include <functional>
#include <memory>
#include <vector>

// Lock-free counters, gauges and histograms with small fixed label sets, and the Prometheus
// text exposition of them. Any thread may update; /metrics reads a consistent-enough snapshot.
// Labels never carry ids: every label value is declared up front.
namespace switchboard::server::metrics {

class Counter final {
public:
    void inc(quint64 amount = 1) { m_value.fetch_add(amount, std::memory_order_relaxed); }
    quint64 value() const { return m_value.load(std::memory_order_relaxed); }

private:
    std::atomic<quint64> m_value { 0 };
};

class Gauge final {
public:
    void set(double value) { m_value.store(value, std::memory_order_relaxed); }
    void add(double delta);
    double value() const { return m_value.load(std::memory_order_relaxed); }

private:
    std::atomic<double> m_value { 0.0 };
};

// Cumulative buckets as Prometheus expects; bounds in seconds.
class Histogram final {
public:
    Histogram(); // latencyBucketsSeconds(); Family<Histogram> needs a default constructor
    explicit Histogram(std::vector<double> upperBounds);
    void observe(double value);

    const std::vector<double> &upperBounds() const { return m_bounds; }
    quint64 bucketCount(std::size_t index) const; // not cumulative; index == size() is +Inf
    quint64 count() const { return m_count.load(std::memory_order_relaxed); }
    double sum() const { return m_sum.load(std::memory_order_relaxed); }
    // Estimated quantile (0..1) by linear interpolation inside the bucket; 0 when empty.
    double quantile(double q) const;

private:
    std::vector<double> m_bounds;
    std::unique_ptr<std::atomic<quint64>[]> m_buckets;
    std::atomic<quint64> m_count { 0 };
    std::atomic<double> m_sum { 0.0 };
};

// A metric family with one label whose values are fixed at construction.
template<typename Metric> class Family final {
public:
    Family(QString labelName, QStringList labelValues)
        : m_labelName(std::move(labelName))
        , m_labelValues(std::move(labelValues))
        , m_metrics(std::make_unique<Metric[]>(std::size_t(m_labelValues.size())))
    {
    }
    Metric &at(qsizetype index) { return m_metrics[std::size_t(index)]; }
    const Metric &at(qsizetype index) const { return m_metrics[std::size_t(index)]; }
    // Unknown values land on the last declared value (by convention "other").
    Metric &operator[](QStringView value)
    {
        const qsizetype index = m_labelValues.indexOf(value);
        return at(index < 0 ? m_labelValues.size() - 1 : index);
    }
    const QString &labelName() const { return m_labelName; }
    const QStringList &labelValues() const { return m_labelValues; }

private:
    QString m_labelName;
    QStringList m_labelValues;
    std::unique_ptr<Metric[]> m_metrics;
};

std::vector<double> latencyBucketsSeconds(); // 0.5 ms .. 10 s
std::vector<double> waitBucketsSeconds(); // 1 s .. 1 h

// Every metric of docs/reliability.md ("Metric names"), owned by one server node.
struct ServerMetrics {
    ServerMetrics();

    // Connections; role ∈ customer, agent, supervisor, unauthenticated.
    Family<Gauge> connections;
    Family<Counter> connectionsOpened;
    // code ∈ 1000 1001 1003 1007 1008 1009 1011 1013 4000 4001 other
    Family<Counter> connectionsClosed;
    // reason ∈ origin, capacity, timeout, bad_request, draining, tls, other
    Family<Counter> handshakeFailures;
    // result ∈ ok, error: SIGHUP's re-reading of tls-cert and tls-key
    Family<Counter> tlsReloads;
    // type ∈ every client message type, plus "invalid"
    Family<Counter> receivedMessages;
    // code ∈ every protocol error code
    Family<Counter> protocolErrors;
    Counter rateLimited;
    Gauge outboundQueueMessages;
    Counter slowConsumerDisconnects;
    Counter messagesStored;
    Counter messageDuplicates;
    Histogram ackDuration;
    Histogram deliveryDuration;
    // result ∈ recovered, epoch_mismatch, error
    Family<Counter> syncRequests;
    // operation ∈ append, read, write (one job of a group), commit (a whole group), routing,
    // auth, receipt, other (backend label added on output)
    Family<Histogram> dbQueryDuration;
    // sqlstate ∈ 40001, 40P01, other
    Family<Counter> dbTransactionRetries;
    // kind ∈ unavailable, conflict, corrupt, other
    Family<Counter> dbErrors;
    // state ∈ idle, busy
    Family<Gauge> dbPoolConnections;
    Histogram dbPoolWait;
    Gauge clusterNodes; // this node alone counts 1
    Gauge clusterRedisUp; // 1 while this node reaches the cluster's Redis, 0 when cut off
    bool clusterJoined = false; // set before serving: a node alone has no Redis to be up
    // result ∈ ok, error
    Family<Counter> clusterPublished;
    // Routing changes (assign, requeue, close) another node had already decided otherwise.
    Counter clusterRoutingConflicts;
    // state ∈ queued, assigned
    Family<Gauge> conversations;
    // Conversations the server closed because nobody was there; reason ∈ missed, idle.
    Family<Counter> conversationsAutoClosed;
    // New visitors refused at hello; reason ∈ rate (per-address hellos a minute), open
    // (per-address open conversations), capacity (the node's open-conversation cap).
    Family<Counter> visitorsRefused;
    Gauge openConversationsLimit; // the node's cap on open conversations
    // status ∈ available, away
    Family<Gauge> agents;
    Histogram queueWait;
    // result ∈ success, failure, rate_limited
    Family<Counter> authAttempts;
    // result ∈ delivered, failed, dead_lettered
    Family<Counter> webhookDeliveries;
    Gauge deadLetters;
    // severity ∈ warning, critical
    Family<Gauge> alertsFiring;
    // Retention (docs/history.md): runs, and what they deleted or redacted.
    Counter retentionRuns;
    Counter retentionDeletedConversations;
    Counter retentionRedactedCustomers;
    // Attachments (POST /attachments): uploads stored (a retried one is not counted again),
    // their stored bytes, and uploads refused; reason ∈ unauthorized, not_found, forbidden,
    // too_large, media_type, dimensions, rate_limited, bad_request, other.
    Counter attachmentUploads;
    Counter attachmentBytes;
    Family<Counter> attachmentRefusals;

    QString backend = QStringLiteral("sqlite"); // the db backend label value
    QString version; // for switchboard_build_info
    qint64 startTimeMs = 0;
};

// Prometheus text format 0.0.4 of every metric, plus the process_* metrics the platform gives
// (platform/platform.h).
QByteArray exposition(const ServerMetrics &metrics);

} // namespace switchboard::server::metrics
