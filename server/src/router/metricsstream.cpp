#include "metricsstream.h"

#include "metrics/metrics.h"

#include <QJsonObject>
#include <switchboard/servermessage.h>
#include <switchboard/timeformat.h>

namespace switchboard::server {

MetricsStream::MetricsStream(const metrics::ServerMetrics &metrics)
    : m_metrics(metrics)
    , m_lastStored(metrics.messagesStored.value())
    , m_lastMs(nowMs())
    , m_lastAck(snapshot(metrics.ackDuration))
{
}

MetricsStream::HistogramSnapshot MetricsStream::snapshot(const metrics::Histogram &histogram)
{
    HistogramSnapshot taken;
    for (std::size_t i = 0; i <= histogram.upperBounds().size(); ++i)
        taken.buckets.push_back(histogram.bucketCount(i));
    return taken;
}

double MetricsStream::quantile(const metrics::Histogram &histogram, const HistogramSnapshot &before,
    const HistogramSnapshot &after, double q)
{
    quint64 total = 0;
    for (std::size_t i = 0; i < after.buckets.size(); ++i)
        total += after.buckets[i] - before.buckets[i];
    if (total == 0)
        return 0.0;
    const double rank = q * double(total);
    quint64 seen = 0;
    const std::vector<double> &bounds = histogram.upperBounds();
    for (std::size_t i = 0; i < after.buckets.size(); ++i) {
        const quint64 inBucket = after.buckets[i] - before.buckets[i];
        if (inBucket > 0 && double(seen + inBucket) >= rank) {
            const double lower = i == 0 ? 0.0 : bounds[i - 1];
            const double upper = i < bounds.size() ? bounds[i] : bounds.back();
            return lower + (upper - lower) * (rank - double(seen)) / double(inBucket);
        }
        seen += inBucket;
    }
    return bounds.back();
}

QByteArray MetricsStream::nextFrame(int queueWaiting, double longestWaitSeconds)
{
    const qint64 now = nowMs();
    const quint64 stored = m_metrics.messagesStored.value();
    const HistogramSnapshot ack = snapshot(m_metrics.ackDuration);
    const double seconds = std::max(0.001, double(now - m_lastMs) / 1000.0);
    const double rate = double(stored - m_lastStored) / seconds;
    const double p50 = quantile(m_metrics.ackDuration, m_lastAck, ack, 0.50) * 1000.0;
    const double p99 = quantile(m_metrics.ackDuration, m_lastAck, ack, 0.99) * 1000.0;
    m_lastStored = stored;
    m_lastMs = now;
    m_lastAck = ack;

    const auto gauge = [](const auto &family, QStringView label) {
        return int(family.at(family.labelValues().indexOf(label)).value());
    };
    return protocol::toFrame(QJsonObject {
        { u"type"_qs, u"metrics"_qs },
        { u"ts"_qs, formatTimestamp(now) },
        { u"connections"_qs,
            QJsonObject { { u"customer"_qs, gauge(m_metrics.connections, u"customer") },
                { u"agent"_qs, gauge(m_metrics.connections, u"agent") },
                { u"supervisor"_qs, gauge(m_metrics.connections, u"supervisor") } } },
        { u"messages_per_s"_qs, rate },
        { u"ack_latency_ms"_qs, QJsonObject { { u"p50"_qs, p50 }, { u"p99"_qs, p99 } } },
        { u"queue"_qs,
            QJsonObject {
                { u"waiting"_qs, queueWaiting }, { u"longest_wait_s"_qs, longestWaitSeconds } } },
        { u"agents"_qs,
            QJsonObject { { u"available"_qs, gauge(m_metrics.agents, u"available") },
                { u"away"_qs, gauge(m_metrics.agents, u"away") } } },
    });
}

} // namespace switchboard::server
