#pragma once

#include "alert.h"

#include <QList>
#include <QObject>
#include <QTimer>
#include <deque>
#include <functional>
#include <optional>

namespace switchboard::server {

namespace metrics {
struct ServerMetrics;
class HistogramWindow;
} // namespace metrics

// What the rules look at, gathered from the node each evaluation.
struct AlertInputs {
    int connections = 0;
    int maxConnections = 0;
    double longestQueueWaitSeconds = 0.0;
    int deadLetters = 0;
    bool storageWritable = true;
    int dbPoolWaiters = 0;
    // Absent where the platform cannot tell (platform.h): no memory-growth alert then.
    std::optional<qint64> residentBytes;
    QString clusterDegraded; // why this node cannot reach the cluster's Redis; empty: fine
    int openConversations = 0; // queued and assigned
    int maxOpenConversations = 0; // the cap past which new visitors are refused; 0: none
};

struct AlertThresholds {
    double connectionsRatio = 0.8; // of the connection cap
    double ackP99Ms = 500.0; // over the last 60 s
    double queueWaitSeconds = 120.0; // the longest-waiting customer
    qint64 rssGrowthBytes = 256ll << 20; // above the lowest RSS of the last 30 min
    int rssWindowSeconds = 1800;
    int dbPoolWaitSeconds = 10; // requests waiting for a connection at every evaluation
    int clusterDegradedSeconds = 5; // Redis unreachable at every evaluation (not a reconnect)
};

// Evaluates the alert rules once a second and reports each change (firing or resolved). The
// same rules ship as Prometheus rules in packaging/prometheus/switchboard-rules.yml for
// deployments that alert from Prometheus instead.
class AlertEngine final : public QObject {
    Q_OBJECT

public:
    using InputSource = std::function<AlertInputs()>;

    AlertEngine(AlertThresholds thresholds, QString nodeId, InputSource inputs,
        metrics::ServerMetrics *metrics, QObject *parent = nullptr);
    ~AlertEngine() override;
    Q_DISABLE_COPY_MOVE(AlertEngine)

    // Starts the once-a-second evaluation; call on the engine's thread.
    void start();
    void evaluate();
    QList<Alert> firing() const;

Q_SIGNALS:
    void alertChanged(const switchboard::server::Alert &alert);

private:
    struct Rule {
        QString name;
        AlertSeverity severity;
        std::function<std::optional<QString>(const AlertInputs &)> check; // summary when firing
    };

    void update(const Rule &rule, const std::optional<QString> &summary, qint64 nowMs);

    AlertThresholds m_thresholds;
    QString m_nodeId;
    InputSource m_inputs;
    metrics::ServerMetrics *m_metrics;
    std::unique_ptr<metrics::HistogramWindow> m_ackWindow;
    std::deque<std::pair<qint64, qint64>> m_rssHistory; // (time, bytes)
    int m_secondsWithPoolWaiters = 0; // consecutive evaluations that saw waiters
    int m_secondsDegraded = 0; // consecutive evaluations without Redis
    QList<Rule> m_rules;
    QList<Alert> m_alerts; // one per rule
    QTimer m_timer;
};

} // namespace switchboard::server
