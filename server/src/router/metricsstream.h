#pragma once

#include "metrics/histogramwindow.h"

#include <QByteArray>
#include <QJsonArray>

namespace switchboard::server {

namespace metrics {
struct ServerMetrics;
}

// Builds the once-a-second `metrics` frame for subscribed supervisors. Rates and latency
// quantiles cover the last interval only, so a spike shows at once.
class MetricsStream final {
public:
    explicit MetricsStream(const metrics::ServerMetrics &metrics);

    // `staff`: the roster for the dashboard's operations table (an extension of Part 1's frame).
    QByteArray nextFrame(int queueWaiting, double longestWaitSeconds, const QJsonArray &staff = {});

private:
    const metrics::ServerMetrics &m_metrics;
    quint64 m_lastStored = 0;
    qint64 m_lastMs = 0;
    metrics::HistogramWindow m_ackWindow;
};

} // namespace switchboard::server
