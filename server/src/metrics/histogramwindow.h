#pragma once

#include <QtGlobal>
#include <deque>
#include <vector>

namespace switchboard::server::metrics {

class Histogram;

// Quantiles of what a cumulative histogram recorded over a recent window, from the
// difference between bucket snapshots: a latency spike shows at once instead of vanishing
// into an average since start.
class HistogramWindow final {
public:
    // Keeps the last `depth` snapshots; a quantile covers from the oldest kept to now.
    HistogramWindow(const Histogram &histogram, int depth);

    void takeSnapshot();
    // q in 0..1, in the histogram's unit; 0 when nothing was recorded in the window.
    double quantile(double q) const;
    quint64 count() const;

private:
    const Histogram &m_histogram;
    std::size_t m_depth;
    std::deque<std::vector<quint64>> m_snapshots;
};

} // namespace switchboard::server::metrics
