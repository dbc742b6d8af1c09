#include "metricsstream.h"

#include "metrics/metrics.h"

#include <QJsonObject>
#include <switchboard/servermessage.h>
#include <switchboard/timeformat.h>

using namespace Qt::StringLiterals;

namespace switchboard::server {

MetricsStream::MetricsStream(const metrics::ServerMetrics &metrics)
    : m_metrics(metrics)
    , m_lastStored(metrics.messagesStored.value())
    , m_lastMs(nowMs())
    , m_ackWindow(metrics.ackDuration, 1)
{
}

QByteArray MetricsStream::nextFrame(
    int queueWaiting, double longestWaitSeconds, const QJsonArray &staff)
{
    const qint64 now = nowMs();
    const quint64 stored = m_metrics.messagesStored.value();
    m_ackWindow.takeSnapshot();
    const double seconds = std::max(0.001, double(now - m_lastMs) / 1000.0);
    const double rate = double(stored - m_lastStored) / seconds;
    const double p50 = m_ackWindow.quantile(0.50) * 1000.0;
    const double p99 = m_ackWindow.quantile(0.99) * 1000.0;
    m_lastStored = stored;
    m_lastMs = now;

    const auto gauge = [](const auto &family, QStringView label) {
        return int(family.at(family.labelValues().indexOf(label)).value());
    };
    return protocol::toFrame(QJsonObject {
        { u"type"_s, u"metrics"_s },
        { u"ts"_s, formatTimestamp(now) },
        { u"connections"_s,
            QJsonObject { { u"customer"_s, gauge(m_metrics.connections, u"customer") },
                { u"agent"_s, gauge(m_metrics.connections, u"agent") },
                { u"supervisor"_s, gauge(m_metrics.connections, u"supervisor") } } },
        { u"messages_per_s"_s, rate },
        { u"ack_latency_ms"_s, QJsonObject { { u"p50"_s, p50 }, { u"p99"_s, p99 } } },
        { u"queue"_s,
            QJsonObject {
                { u"waiting"_s, queueWaiting }, { u"longest_wait_s"_s, longestWaitSeconds } } },
        { u"agents"_s,
            QJsonObject { { u"available"_s, gauge(m_metrics.agents, u"available") },
                { u"away"_s, gauge(m_metrics.agents, u"away") } } },
        { u"staff"_s, staff },
    });
}

} // namespace switchboard::server
