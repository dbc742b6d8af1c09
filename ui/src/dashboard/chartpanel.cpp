#include "chartpanel.h"

#include <QChart>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QLineSeries>
#include <QValueAxis>
#include <cmath>

using namespace Qt::StringLiterals;

namespace switchboard::ui {

namespace {

// At most `limit` points: the series is cut into buckets of consecutive samples and each
// bucket keeps its lowest and highest point (in time order), so spikes survive.
QList<QPointF> decimated(const QList<QPointF> &points, qsizetype limit)
{
    if (points.size() <= limit || limit < 2)
        return points;
    const qsizetype buckets = limit / 2;
    QList<QPointF> result;
    result.reserve(buckets * 2);
    for (qsizetype bucket = 0; bucket < buckets; ++bucket) {
        const qsizetype first = bucket * points.size() / buckets;
        const qsizetype last = (bucket + 1) * points.size() / buckets; // exclusive
        if (first >= last)
            continue;
        qsizetype low = first;
        qsizetype high = first;
        for (qsizetype i = first + 1; i < last; ++i) {
            if (points.at(i).y() < points.at(low).y())
                low = i;
            if (points.at(i).y() > points.at(high).y())
                high = i;
        }
        result.append(points.at(std::min(low, high)));
        if (low != high)
            result.append(points.at(std::max(low, high)));
    }
    return result;
}

} // namespace

double ChartPanel::niceCeiling(double value)
{
    if (value <= 1.0)
        return 1.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    for (const double step : { 1.0, 2.0, 5.0, 10.0 }) {
        if (value <= step * magnitude)
            return step * magnitude;
    }
    return 10.0 * magnitude;
}

ChartPanel::ChartPanel(
    const QString &title, const QString &unit, const QList<Line> &lines, QWidget *parent)
    : QChartView(parent)
    , m_title(title)
    , m_lines(lines)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setVisible(lines.size() > 1);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));

    m_timeAxis = new QDateTimeAxis(chart);
    m_timeAxis->setFormat(u"HH:mm:ss"_s);
    m_timeAxis->setTickCount(4);
    chart->addAxis(m_timeAxis, Qt::AlignBottom);
    m_valueAxis = new QValueAxis(chart);
    m_valueAxis->setTitleText(unit);
    m_valueAxis->setLabelFormat(u"%g"_s);
    m_valueAxis->setRange(0.0, 1.0);
    chart->addAxis(m_valueAxis, Qt::AlignLeft);

    for (const Line &line : lines) {
        auto *series = new QLineSeries(chart);
        series->setName(line.name);
        chart->addSeries(series);
        series->attachAxis(m_timeAxis);
        series->attachAxis(m_valueAxis);
        m_series.append(series);
    }
    setChart(chart); // the view owns the chart, the chart its series and axes
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(260, 170);
}

ChartPanel::~ChartPanel() = default;

void ChartPanel::refresh(const MetricsHistory &history, qint64 nowMs, int windowSeconds)
{
    const qint64 fromMs = nowMs - qint64(windowSeconds) * 1000;
    double highest = 0.0;
    for (qsizetype i = 0; i < m_series.size(); ++i) {
        const QList<QPointF> points
            = decimated(history.points(m_lines.at(i).field, fromMs), maxPointsPerSeries);
        for (const QPointF &point : points)
            highest = std::max(highest, point.y());
        m_series.at(i)->replace(points);
    }
    // Until the window fills, the axis spans the history there is (at least a minute), so a
    // freshly opened dashboard is not a blank chart with a sliver at its right edge.
    const qint64 oldest
        = history.samples().isEmpty() ? nowMs : history.samples().first().timestampMs;
    const qint64 axisFromMs = std::max(fromMs, std::min(oldest, nowMs - minimumSpanMs));
    m_timeAxis->setRange(
        QDateTime::fromMSecsSinceEpoch(axisFromMs), QDateTime::fromMSecsSinceEpoch(nowMs));
    const QString format = nowMs - axisFromMs > 600 * 1000 ? u"HH:mm"_s : u"HH:mm:ss"_s;
    if (m_timeAxis->format() != format)
        m_timeAxis->setFormat(format);
    m_valueAxis->setRange(0.0, niceCeiling(highest * 1.1));
}

double ChartPanel::axisStartMs() const
{
    return double(m_timeAxis->min().toMSecsSinceEpoch());
}

double ChartPanel::axisMaximum() const
{
    return m_valueAxis->max();
}

} // namespace switchboard::ui
