#pragma once

#include <QByteArray>
#include <vector>

namespace switchboard::server {

namespace metrics {
struct ServerMetrics;
class Histogram;
} // namespace metrics

// Builds the once-a-second `metrics` frame for subscribed supervisors. Rates and latency
// quantiles cover the last interval only (differences between snapshots), so a spike shows
// at once instead of vanishing into averages since start.
class MetricsStream final {
public:
    explicit MetricsStream(const metrics::ServerMetrics &metrics);

    QByteArray nextFrame(int queueWaiting, double longestWaitSeconds);

private:
    struct HistogramSnapshot {
        std::vector<quint64> buckets;
    };
    static HistogramSnapshot snapshot(const metrics::Histogram &histogram);
    static double quantile(const metrics::Histogram &histogram, const HistogramSnapshot &before,
        const HistogramSnapshot &after, double q);

    const metrics::ServerMetrics &m_metrics;
    quint64 m_lastStored = 0;
    qint64 m_lastMs = 0;
    HistogramSnapshot m_lastAck;
};

} // namespace switchboard::server
