#include "reportswidget.h"

#include "daterangepicker.h"
#include "exportfile.h"
#include "reportchart.h"
#include "reporttablemodel.h"
#include "tableviews.h"

#include <QDateTime>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QShowEvent>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>
#include <cmath>
#include <switchboard/logging.h>

using namespace Qt::StringLiterals;

namespace switchboard::ui {

namespace {

enum Page { ContentPage, EmptyPage };

QString offsetText(int minutes)
{
    const QChar sign = minutes < 0 ? u'−' : u'+';
    const int magnitude = std::abs(minutes);
    return u"UTC%1%2:%3"_s.arg(sign)
        .arg(magnitude / 60, 2, 10, QChar(u'0'))
        .arg(magnitude % 60, 2, 10, QChar(u'0'));
}

QList<std::optional<double>> column(
    const QList<Report::Row> &rows, std::optional<double> Report::Row::*field)
{
    QList<std::optional<double>> values;
    values.reserve(rows.size());
    for (const Report::Row &row : rows)
        values.append(row.*field);
    return values;
}

} // namespace

ReportsWidget::ReportsWidget(ChatClient *client, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
{
    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Range:"), this));
    m_range = new DateRangePicker(false, this);
    top->addWidget(m_range);
    auto *offset = new QLabel(
        tr("days in %1 (this computer's time zone)").arg(offsetText(localUtcOffsetMinutes())),
        this);
    offset->setObjectName(u"reportsOffset"_s);
    top->addWidget(offset);
    auto *reload = new QPushButton(tr("Refresh"), this);
    connect(reload, &QPushButton::clicked, this, &ReportsWidget::refresh);
    top->addWidget(reload);
    m_status = new QLabel(this);
    m_status->setObjectName(u"reportsStatus"_s);
    m_status->setTextFormat(Qt::PlainText);
    top->addWidget(m_status, 1);

    m_summary = new QLabel(this);
    m_summary->setObjectName(u"reportsSummary"_s);
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);

    auto *content = new QSplitter(Qt::Vertical, this);
    content->addWidget(buildCharts());
    content->addWidget(buildTables());
    content->setStretchFactor(0, 3);
    content->setStretchFactor(1, 2);

    auto *empty = new QLabel(tr("No conversations in this range."), this);
    empty->setObjectName(u"reportsEmpty"_s);
    empty->setAlignment(Qt::AlignCenter);
    QFont larger = empty->font();
    larger.setPointSizeF(larger.pointSizeF() * 1.4);
    empty->setFont(larger);

    m_stack = new QStackedWidget(this);
    m_stack->insertWidget(ContentPage, content);
    m_stack->insertWidget(EmptyPage, empty);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_summary);
    layout->addWidget(m_stack, 1);

    connect(m_range, &DateRangePicker::rangeChanged, this, [this] {
        if (isVisible())
            refresh();
    });
    if (m_client) {
        connect(m_client, &ChatClient::reportsReceived, this, &ReportsWidget::onReport);
        connect(m_client, &ChatClient::errorReceived, this, &ReportsWidget::onError);
        connect(m_client, &ChatClient::welcomed, this, [this] {
            // Signed in (again): an answer asked on the old connection will not come.
            m_pending.clear();
            if (isVisible())
                refresh();
        });
    }
    setStatus(tr("Pick a range to see its reports."), false);
}

ReportsWidget::~ReportsWidget() = default;

int ReportsWidget::localUtcOffsetMinutes()
{
    return QDateTime::currentDateTime().offsetFromUtc() / 60;
}

QWidget *ReportsWidget::buildCharts()
{
    auto *area = new QWidget(this);
    auto *grid = new QGridLayout(area);
    grid->setContentsMargins(0, 0, 0, 0);
    m_charts = {
        new ReportChart(tr("First response time per day"), true, {}, area),
        new ReportChart(tr("Resolution time per day"), true, {}, area),
        new ReportChart(tr("Queue wait per day"), true, {}, area),
        new ReportChart(tr("Conversations per day"), false, tr("conversations"), area),
    };
    const QStringList files { u"first-response"_s, u"resolution"_s, u"queue-wait"_s,
        u"conversations"_s };
    for (qsizetype i = 0; i < m_charts.size(); ++i) {
        auto *cell = new QWidget(area);
        auto *cellLayout = new QVBoxLayout(cell);
        cellLayout->setContentsMargins(0, 0, 0, 0);
        cellLayout->addWidget(m_charts.at(i), 1);
        auto *png = new QPushButton(tr("Export PNG…"), cell);
        const Chart which = Chart(i);
        const QString name = u"switchboard-report-%1.png"_s.arg(files.at(i));
        connect(png, &QPushButton::clicked, this, [this, which, name] {
            ExportFile::askAndSave(this, tr("Export chart as PNG"), name, tr("PNG images (*.png)"),
                [this, which](const QString &path) { return exportChartPng(which, path); });
        });
        cellLayout->addWidget(png, 0, Qt::AlignRight);
        grid->addWidget(cell, int(i / 2), int(i % 2));
    }
    return area;
}

QWidget *ReportsWidget::buildTables()
{
    m_tables = new QTabWidget(this);
    const QList<std::pair<ReportTableModel::Kind, QString>> kinds {
        { ReportTableModel::Kind::Agents, tr("Per agent") },
        { ReportTableModel::Kind::Teams, tr("Per team") },
        { ReportTableModel::Kind::Days, tr("Per day") },
    };
    const QStringList files { u"agents"_s, u"teams"_s, u"days"_s };
    for (qsizetype i = 0; i < kinds.size(); ++i) {
        auto *model = new ReportTableModel(kinds.at(i).first, this);
        auto *proxy = new QSortFilterProxyModel(this);
        proxy->setSourceModel(model);
        proxy->setSortRole(ExportFile::CsvRole);
        m_models.append(model);
        m_shown.append(proxy);
        auto *page = new QWidget(m_tables);
        auto *pageLayout = new QVBoxLayout(page);
        QTableView *view = TableViews::make(proxy, page);
        view->setSortingEnabled(true);
        view->sortByColumn(-1, Qt::AscendingOrder); // the server's order until a header is clicked
        pageLayout->addWidget(view, 1);
        auto *csv = new QPushButton(tr("Export CSV…"), page);
        const Table which = Table(i);
        const QString name = u"switchboard-report-%1.csv"_s.arg(files.at(i));
        connect(csv, &QPushButton::clicked, this, [this, which, name] {
            ExportFile::askAndSave(this, tr("Export table as CSV"), name, tr("CSV files (*.csv)"),
                [this, which](const QString &path) { return exportTableCsv(which, path); });
        });
        pageLayout->addWidget(csv, 0, Qt::AlignRight);
        m_tables->addTab(page, kinds.at(i).second);
    }
    return m_tables;
}

void ReportsWidget::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_hasReport && m_pending.isEmpty())
        refresh();
}

QString ReportsWidget::refresh()
{
    if (!m_client)
        return {};
    m_pending
        = m_client->requestReports(m_range->fromMs(), m_range->toMs(), localUtcOffsetMinutes());
    if (m_pending.isEmpty()) {
        setStatus(tr("Not connected; the reports load once the dashboard is signed in."), true);
        return {};
    }
    setStatus(tr("Loading…"), false);
    return m_pending;
}

void ReportsWidget::onReport(const Report &report)
{
    if (report.request != m_pending || m_pending.isEmpty())
        return; // an answer to a range the supervisor has moved on from
    m_pending.clear();
    display(report);
}

void ReportsWidget::onError(const QString &code, const QString &message, const QString &ref)
{
    if (m_pending.isEmpty() || ref != m_pending)
        return;
    m_pending.clear();
    qCInfo(lcUi) << "reports refused:" << code;
    setStatus(code == u"forbidden" ? tr("Reports are for supervisors.")
                                   : tr("The reports could not be loaded: %1").arg(message),
        true);
    Q_EMIT reportShown();
}

void ReportsWidget::display(const Report &report)
{
    m_report = report;
    m_hasReport = true;
    m_models.at(int(Table::Agents))->setRows(report.byAgent);
    m_models.at(int(Table::Teams))->setRows(report.byTeam);
    m_models.at(int(Table::Days))->setRows(report.byDay);

    QStringList days;
    for (const Report::Row &row : report.byDay)
        days.append(row.key);
    const auto timeSets = [&report](std::optional<double> Report::Row::*median,
                              std::optional<double> Report::Row::*p90) {
        return QList<ReportChart::Set> { { tr("Median"), column(report.byDay, median) },
            { tr("p90"), column(report.byDay, p90) } };
    };
    m_charts.at(int(Chart::FirstResponse))
        ->setData(
            days, timeSets(&Report::Row::firstResponseMedian, &Report::Row::firstResponseP90));
    m_charts.at(int(Chart::Resolution))
        ->setData(days, timeSets(&Report::Row::resolutionMedian, &Report::Row::resolutionP90));
    m_charts.at(int(Chart::QueueWait))
        ->setData(days, timeSets(&Report::Row::queueWaitMedian, &Report::Row::queueWaitP90));
    QList<std::optional<double>> counts;
    QList<std::optional<double>> closed;
    for (const Report::Row &row : report.byDay) {
        counts.append(double(row.conversations));
        closed.append(double(row.closed));
    }
    m_charts.at(int(Chart::Conversations))
        ->setData(days, { { tr("Conversations"), counts }, { tr("Closed"), closed } });

    if (report.isEmpty()) {
        m_summary->clear();
        m_stack->setCurrentIndex(EmptyPage);
        setStatus(tr("No conversations in this range."), false);
    } else {
        const auto figure = [](const QString &name, const Report::Statistic &statistic) {
            return tr("%1: median %2, p90 %3")
                .arg(name, ReportTableModel::formatSeconds(statistic.median),
                    ReportTableModel::formatSeconds(statistic.p90));
        };
        m_summary->setText(tr("Conversations: %1, closed: %2, missed: %3")
                               .arg(report.conversations)
                               .arg(report.closed)
                               .arg(report.missed)
            + u" · "_s + figure(tr("First response"), report.firstResponse) + u" · "_s
            + figure(tr("Resolution"), report.resolution) + u" · "_s
            + figure(tr("Queue wait"), report.queueWait) + u" · "_s
            + (report.csatCount == 0 || !report.csatMean || !report.csatSatisfiedShare
                    ? tr("CSAT: no ratings")
                    : tr("CSAT: %1 rated, mean %2, %3 % satisfied")
                          .arg(report.csatCount)
                          .arg(QLocale().toString(*report.csatMean, 'f', 2))
                          .arg(std::llround(*report.csatSatisfiedShare * 100.0))));
        m_stack->setCurrentIndex(ContentPage);
        setStatus(
            tr("Updated %1").arg(QDateTime::currentDateTime().toString(u"HH:mm:ss"_s)), false);
    }
    Q_EMIT reportShown();
}

void ReportsWidget::setStatus(const QString &text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? u"color: #b26a00;"_s : QString());
}

bool ReportsWidget::showsEmptyState() const
{
    return m_stack->currentIndex() == EmptyPage;
}

QString ReportsWidget::statusText() const
{
    return m_status->text();
}

QString ReportsWidget::summaryText() const
{
    return m_summary->text();
}

ReportChart *ReportsWidget::chart(Chart which) const
{
    return m_charts.value(qsizetype(which));
}

ReportTableModel *ReportsWidget::table(Table which) const
{
    return m_models.value(qsizetype(which));
}

QAbstractItemModel *ReportsWidget::shownTable(Table which) const
{
    return m_shown.value(qsizetype(which));
}

QString ReportsWidget::exportChartPng(Chart which, const QString &path)
{
    return ExportFile::writePng(chart(which), path);
}

QString ReportsWidget::exportTableCsv(Table which, const QString &path) const
{
    return ExportFile::writeText(path, ExportFile::modelToCsv(*shownTable(which)));
}

} // namespace switchboard::ui
