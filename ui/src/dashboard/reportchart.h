#pragma once

#include <QChartView>
#include <QList>
#include <QStringList>
#include <optional>

class QBarCategoryAxis;
class QBarSeries;
class QValueAxis;

namespace switchboard::ui {

// One chart of the reports: bars per day, one set per figure (for times the median and the
// p90). Times are drawn in seconds, minutes or hours, whichever suits the largest bar; a day
// without the figure has no bar. Redrawn whole with each answer, so no bounded buffer is needed.
class ReportChart final : public QChartView {
    Q_OBJECT

public:
    struct Set {
        QString name;
        QList<std::optional<double>> values; // one per category
    };

    ReportChart(
        const QString &title, bool seconds, const QString &unit = {}, QWidget *parent = nullptr);
    ~ReportChart() override;
    Q_DISABLE_COPY_MOVE(ReportChart)

    void setData(const QStringList &categories, const QList<Set> &sets);

    QString title() const { return m_title; }
    QBarSeries *series() const { return m_series; }
    QStringList categories() const;
    // How many seconds one unit of the value axis is (1, 60 or 3600; 1 for counts).
    double unitSeconds() const { return m_unitSeconds; }
    QString unitName() const;

private:
    QString m_title;
    bool m_seconds = false;
    QString m_unit;
    double m_unitSeconds = 1.0;
    QBarSeries *m_series = nullptr;
    QBarCategoryAxis *m_categoryAxis = nullptr;
    QValueAxis *m_valueAxis = nullptr;
};

} // namespace switchboard::ui
