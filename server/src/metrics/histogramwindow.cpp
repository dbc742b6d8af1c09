#include "histogramwindow.h"

#include "metrics.h"

namespace switchboard::server::metrics {

HistogramWindow::HistogramWindow(const Histogram &histogram, int depth)
    : m_histogram(histogram)
    , m_depth(std::size_t(std::max(1, depth)))
{
    takeSnapshot();
}

void HistogramWindow::takeSnapshot()
{
    std::vector<quint64> buckets;
    for (std::size_t i = 0; i <= m_histogram.upperBounds().size(); ++i)
        buckets.push_back(m_histogram.bucketCount(i));
    m_snapshots.push_back(std::move(buckets));
    while (m_snapshots.size() > m_depth + 1)
        m_snapshots.pop_front();
}

quint64 HistogramWindow::count() const
{
    quint64 total = 0;
    for (std::size_t i = 0; i < m_snapshots.back().size(); ++i)
        total += m_snapshots.back()[i] - m_snapshots.front()[i];
    return total;
}

double HistogramWindow::quantile(double q) const
{
    const quint64 total = count();
    if (total == 0)
        return 0.0;
    const std::vector<quint64> &before = m_snapshots.front();
    const std::vector<quint64> &after = m_snapshots.back();
    const std::vector<double> &bounds = m_histogram.upperBounds();
    const double rank = q * double(total);
    quint64 seen = 0;
    for (std::size_t i = 0; i < after.size(); ++i) {
        const quint64 inBucket = after[i] - before[i];
        if (inBucket > 0 && double(seen + inBucket) >= rank) {
            const double lower = i == 0 ? 0.0 : bounds[i - 1];
            const double upper = i < bounds.size() ? bounds[i] : bounds.back();
            return lower + (upper - lower) * (rank - double(seen)) / double(inBucket);
        }
        seen += inBucket;
    }
    return bounds.back();
}

} // namespace switchboard::server::metrics
