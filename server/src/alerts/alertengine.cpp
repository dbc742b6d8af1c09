#include "alertengine.h"

#include "metrics/histogramwindow.h"
#include "metrics/metrics.h"

#include <algorithm>
#include <switchboard/logging.h>
#include <switchboard/timeformat.h>

using namespace Qt::StringLiterals;

namespace switchboard::server {

AlertEngine::AlertEngine(AlertThresholds thresholds, QString nodeId, InputSource inputs,
    metrics::ServerMetrics *metrics, QObject *parent)
    : QObject(parent)
    , m_thresholds(thresholds)
    , m_nodeId(std::move(nodeId))
    , m_inputs(std::move(inputs))
    , m_metrics(metrics)
    , m_ackWindow(std::make_unique<metrics::HistogramWindow>(metrics->ackDuration, 60))
    , m_timer(this)
{
    const AlertThresholds &t = m_thresholds;
    m_rules = {
        { u"ConnectionsNearCap"_s, AlertSeverity::Warning,
            [t](const AlertInputs &in) -> std::optional<QString> {
                if (in.maxConnections <= 0
                    || in.connections < t.connectionsRatio * in.maxConnections)
                    return std::nullopt;
                return u"%1 of %2 connections in use (%3%); new clients will soon be refused"_s
                    .arg(in.connections)
                    .arg(in.maxConnections)
                    .arg(qRound(100.0 * in.connections / in.maxConnections));
            } },
        { u"AckLatencyHigh"_s, AlertSeverity::Warning,
            [this, t](const AlertInputs &) -> std::optional<QString> {
                const double p99 = m_ackWindow->quantile(0.99) * 1000.0;
                if (m_ackWindow->count() == 0 || p99 <= t.ackP99Ms)
                    return std::nullopt;
                return u"acknowledgements take %1 ms at p99 over the last minute (limit %2 ms)"_s
                    .arg(qRound(p99))
                    .arg(t.ackP99Ms);
            } },
        { u"QueueWaitHigh"_s, AlertSeverity::Warning,
            [t](const AlertInputs &in) -> std::optional<QString> {
                if (in.longestQueueWaitSeconds <= t.queueWaitSeconds)
                    return std::nullopt;
                return u"a customer has waited %1 s for an agent (limit %2 s)"_s
                    .arg(qRound(in.longestQueueWaitSeconds))
                    .arg(t.queueWaitSeconds);
            } },
        { u"QueueFull"_s, AlertSeverity::Critical,
            [](const AlertInputs &in) -> std::optional<QString> {
                if (in.maxOpenConversations <= 0 || in.openConversations < in.maxOpenConversations)
                    return std::nullopt;
                return u"%1 open conversations, this node's cap (max-open-conversations %2); new "
                       u"visitors are refused"_s.arg(in.openConversations)
                           .arg(in.maxOpenConversations);
            } },
        { u"DeadLetters"_s, AlertSeverity::Warning,
            [](const AlertInputs &in) -> std::optional<QString> {
                if (in.deadLetters <= 0)
                    return std::nullopt;
                return u"%1 webhook deliveries failed for good; see `switchboard-server "
                       "deadletters list`"_s.arg(in.deadLetters);
            } },
        { u"StorageUnavailable"_s, AlertSeverity::Critical,
            [](const AlertInputs &in) -> std::optional<QString> {
                if (in.storageWritable)
                    return std::nullopt;
                return u"storage cannot commit; messages are refused with 'unavailable'"_s;
            } },
        { u"MemoryGrowth"_s, AlertSeverity::Warning,
            [this, t](const AlertInputs &) -> std::optional<QString> {
                if (m_rssHistory.size() < 2)
                    return std::nullopt;
                qint64 lowest = m_rssHistory.front().second;
                for (const auto &sample : m_rssHistory)
                    lowest = std::min(lowest, sample.second);
                const qint64 growth = m_rssHistory.back().second - lowest;
                if (growth <= t.rssGrowthBytes)
                    return std::nullopt;
                return u"resident memory grew by %1 MiB within %2 min"_s.arg(growth >> 20)
                    .arg(t.rssWindowSeconds / 60);
            } },
        { u"DbPoolWaiters"_s, AlertSeverity::Warning,
            [this, t](const AlertInputs &in) -> std::optional<QString> {
                // A read queued for a moment is normal (SQLite has one reader); only a queue
                // that lasts says the pool is too small, as the Prometheus rule's `for:` does.
                m_secondsWithPoolWaiters = in.dbPoolWaiters > 0 ? m_secondsWithPoolWaiters + 1 : 0;
                if (m_secondsWithPoolWaiters < t.dbPoolWaitSeconds)
                    return std::nullopt;
                return u"%1 requests wait for a database connection"_s.arg(in.dbPoolWaiters);
            } },
        { u"ClusterDegraded"_s, AlertSeverity::Warning,
            [this, t](const AlertInputs &in) -> std::optional<QString> {
                // A reconnect takes a moment; only an outage that lasts is worth a page.
                m_secondsDegraded = in.clusterDegraded.isEmpty() ? 0 : m_secondsDegraded + 1;
                if (m_secondsDegraded < t.clusterDegradedSeconds)
                    return std::nullopt;
                return u"cut off from the cluster (%1); serving its own clients, catching up "
                       u"when Redis is back"_s.arg(in.clusterDegraded);
            } },
    };
    for (const Rule &rule : std::as_const(m_rules)) {
        Alert alert;
        alert.id = rule.name + u"@"_s + m_nodeId;
        alert.rule = rule.name;
        alert.severity = rule.severity;
        m_alerts.append(alert);
    }
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &AlertEngine::evaluate);
}

AlertEngine::~AlertEngine() = default;

void AlertEngine::start()
{
    m_timer.start();
}

void AlertEngine::evaluate()
{
    const qint64 now = nowMs();
    const AlertInputs inputs = m_inputs();
    m_ackWindow->takeSnapshot();
    if (inputs.residentBytes)
        m_rssHistory.emplace_back(now, *inputs.residentBytes);
    while (!m_rssHistory.empty()
        && m_rssHistory.front().first < now - qint64(m_thresholds.rssWindowSeconds) * 1000)
        m_rssHistory.pop_front();
    for (const Rule &rule : std::as_const(m_rules))
        update(rule, rule.check(inputs), now);
    int warnings = 0;
    int criticals = 0;
    for (const Alert &alert : std::as_const(m_alerts)) {
        if (alert.firing)
            ++(alert.severity == AlertSeverity::Critical ? criticals : warnings);
    }
    m_metrics->alertsFiring[u"warning"].set(warnings);
    m_metrics->alertsFiring[u"critical"].set(criticals);
}

void AlertEngine::update(const Rule &rule, const std::optional<QString> &summary, qint64 nowMs)
{
    auto alert = std::find_if(
        m_alerts.begin(), m_alerts.end(), [&rule](const Alert &a) { return a.rule == rule.name; });
    const bool firing = summary.has_value();
    if (firing == alert->firing) {
        if (firing)
            alert->summary = *summary; // keep the numbers current, no new event
        return;
    }
    alert->firing = firing;
    alert->changedMs = nowMs;
    if (firing) {
        alert->sinceMs = nowMs;
        alert->summary = *summary;
        qCWarning(lcServer).noquote() << "alert firing:" << rule.name << "-" << *summary;
    } else {
        qCInfo(lcServer).noquote() << "alert resolved:" << rule.name;
    }
    Q_EMIT alertChanged(*alert);
}

QList<Alert> AlertEngine::firing() const
{
    QList<Alert> active;
    for (const Alert &alert : m_alerts) {
        if (alert.firing)
            active.append(alert);
    }
    return active;
}

} // namespace switchboard::server
