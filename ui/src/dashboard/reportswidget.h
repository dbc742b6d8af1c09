#pragma once

#include <QPointer>
#include <QWidget>
#include <client/chatclient.h>
#include <client/report.h>

class QAbstractItemModel;
class QLabel;
class QSortFilterProxyModel;
class QStackedWidget;
class QTabWidget;

namespace switchboard::ui {

class DateRangePicker;
class ReportChart;
class ReportTableModel;

// The dashboard's reports page (supervisors): a range of days in this computer's time zone,
// the figures of the `reports` answer for it as a summary, four charts per day (first
// response, resolution and queue wait as median and p90 bars, conversations per day) and three
// tables (per agent, team and day). Each chart exports as PNG, each table as CSV of what it
// shows. A range without conversations says so instead of drawing empty charts.
class ReportsWidget final : public QWidget {
    Q_OBJECT

public:
    enum class Chart { FirstResponse, Resolution, QueueWait, Conversations };
    Q_ENUM(Chart)
    enum class Table { Agents, Teams, Days };
    Q_ENUM(Table)

    explicit ReportsWidget(ChatClient *client, QWidget *parent = nullptr);
    ~ReportsWidget() override;
    Q_DISABLE_COPY_MOVE(ReportsWidget)

    DateRangePicker *rangePicker() const { return m_range; }
    // The shop's offset from UTC for counting days: this computer's time zone, now.
    static int localUtcOffsetMinutes();
    // Asks the server for the current range; returns the request id (empty when offline).
    QString refresh();
    bool isLoading() const { return !m_pending.isEmpty(); }
    bool hasReport() const { return m_hasReport; }
    const Report &report() const { return m_report; }
    bool showsEmptyState() const;
    QString statusText() const;
    QString summaryText() const;

    ReportChart *chart(Chart chart) const;
    ReportTableModel *table(Table table) const;
    // The table as shown (sorted by the header the supervisor clicked).
    QAbstractItemModel *shownTable(Table table) const;
    // Both return an empty string on success, else a one-line reason.
    QString exportChartPng(Chart chart, const QString &path);
    QString exportTableCsv(Table table, const QString &path) const;

Q_SIGNALS:
    // A report (or the empty state) is on screen, or the request failed.
    void reportShown();

protected:
    void showEvent(QShowEvent *event) override;

private:
    QWidget *buildCharts();
    QWidget *buildTables();
    void onReport(const Report &report);
    void onError(const QString &code, const QString &message, const QString &ref);
    void display(const Report &report);
    void setStatus(const QString &text, bool error);

    QPointer<ChatClient> m_client;
    DateRangePicker *m_range = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_summary = nullptr;
    QStackedWidget *m_stack = nullptr;
    QTabWidget *m_tables = nullptr;
    QList<ReportChart *> m_charts;
    QList<ReportTableModel *> m_models;
    QList<QSortFilterProxyModel *> m_shown;
    QString m_pending;
    Report m_report;
    bool m_hasReport = false;
};

} // namespace switchboard::ui
