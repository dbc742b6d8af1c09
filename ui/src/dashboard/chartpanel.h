#pragma once

#include "metricshistory.h"

#include <QChartView>
#include <QList>

class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

namespace switchboard::ui {

// One live chart: a line per field over a time axis. Each refresh hands every series its
// window of the bounded history with `replace()`, one repaint per tick, never `append()`.
class ChartPanel final : public QChartView {
    Q_OBJECT

public:
    struct Line {
        MetricsHistory::Field field;
        QString name;
    };

    ChartPanel(const QString &title, const QString &unit, const QList<Line> &lines,
        QWidget *parent = nullptr);
    ~ChartPanel() override;
    Q_DISABLE_COPY_MOVE(ChartPanel)

    static constexpr qint64 minimumSpanMs = 60 * 1000;
    // More points than a chart has pixels only cost time: an hour is drawn from 300 buckets,
    // each its lowest and highest sample. A 5-minute window is drawn sample for sample.
    static constexpr qsizetype maxPointsPerSeries = 600;

    // A round upper bound (1, 2, 5 × 10^n) so an axis does not twitch with every sample.
    static double niceCeiling(double value);

    void refresh(const MetricsHistory &history, qint64 nowMs, int windowSeconds);
    double axisStartMs() const;

    QString title() const { return m_title; }
    qsizetype seriesCount() const { return m_series.size(); }
    QLineSeries *series(qsizetype index) const { return m_series.value(index); }
    MetricsHistory::Field field(qsizetype index) const { return m_lines.at(index).field; }
    double axisMaximum() const;

private:
    QString m_title;
    QList<Line> m_lines;
    QList<QLineSeries *> m_series;
    QDateTimeAxis *m_timeAxis = nullptr;
    QValueAxis *m_valueAxis = nullptr;
};

} // namespace switchboard::ui
