#include "reportchart.h"

#include "chartpanel.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QValueAxis>

using namespace Qt::StringLiterals;

namespace switchboard::ui {

ReportChart::ReportChart(const QString &title, bool seconds, const QString &unit, QWidget *parent)
    : QChartView(parent)
    , m_title(title)
    , m_seconds(seconds)
    , m_unit(unit)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    m_series = new QBarSeries(chart);
    chart->addSeries(m_series);
    m_categoryAxis = new QBarCategoryAxis(chart);
    chart->addAxis(m_categoryAxis, Qt::AlignBottom);
    m_series->attachAxis(m_categoryAxis);
    m_valueAxis = new QValueAxis(chart);
    m_valueAxis->setLabelFormat(u"%g"_s);
    m_valueAxis->setTickCount(6); // tops of 1, 2, 5 × 10^n make round steps
    m_valueAxis->setRange(0.0, 1.0);
    chart->addAxis(m_valueAxis, Qt::AlignLeft);
    m_series->attachAxis(m_valueAxis);
    setChart(chart); // the view owns the chart, the chart its series and axes
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(300, 200);
    m_valueAxis->setTitleText(unitName());
}

ReportChart::~ReportChart() = default;

QString ReportChart::unitName() const
{
    if (!m_seconds)
        return m_unit;
    if (m_unitSeconds >= 3600.0)
        return tr("hours");
    if (m_unitSeconds >= 60.0)
        return tr("minutes");
    return tr("seconds");
}

void ReportChart::setData(const QStringList &categories, const QList<Set> &sets)
{
    double highest = 0.0;
    for (const Set &set : sets) {
        for (const std::optional<double> &value : set.values) {
            if (value)
                highest = std::max(highest, *value);
        }
    }
    m_unitSeconds = 1.0;
    if (m_seconds && highest >= 7200.0)
        m_unitSeconds = 3600.0;
    else if (m_seconds && highest >= 120.0)
        m_unitSeconds = 60.0;

    m_series->clear();
    for (const Set &set : sets) {
        auto *bars = new QBarSet(set.name);
        for (const std::optional<double> &value : set.values)
            bars->append(value ? *value / m_unitSeconds : 0.0);
        m_series->append(bars);
    }
    m_categoryAxis->clear();
    m_categoryAxis->append(categories);
    chart()->legend()->setVisible(sets.size() > 1);
    m_valueAxis->setRange(0.0, ChartPanel::niceCeiling(highest / m_unitSeconds * 1.1));
    m_valueAxis->setTitleText(unitName());
}

QStringList ReportChart::categories() const
{
    return m_categoryAxis->categories();
}

} // namespace switchboard::ui
