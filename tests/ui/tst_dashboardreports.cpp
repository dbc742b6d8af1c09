// The dashboard's reports page on the offscreen platform against a real in-process server.
// Five conversations are seeded through the real protocol with real customers and agents,
// with waits between the steps (queued while no agent serves the team, answered later, closed
// by the agent or the customer, one left open, one never assigned). The test reads each
// conversation's moments from the frames the server sent (its `created`, the "Assigned"
// and "Closed" events, the ack of the first answer), computes the figures by hand, and checks
// the tables against them and against a `reports` answer fetched on its own; the charts carry
// the per-day figures; PNG and CSV exports are real files and the CSV parses back to the
// tables; an empty range says so. Runs with TZ=Asia/Kolkata, so days are counted at +05:30.
#include <QAbstractItemModelTester>
#include <QBarSeries>
#include <QBarSet>
#include <QJsonArray>
#include <QLabel>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>
#include <QTest>
#include <client/chatclient.h>
#include <csvreader.h>
#include <dashboard/dashboardwidget.h>
#include <dashboard/daterangepicker.h>
#include <dashboard/exportfile.h>
#include <dashboard/reportchart.h>
#include <dashboard/reportswidget.h>
#include <dashboard/reporttablemodel.h>
#include <map>
#include <memory>
#include <optional>
#include <screenshot.h>
#include <switchboard/timeformat.h>
#include <testclient.h>
#include <testserver.h>

using namespace Qt::StringLiterals;
using namespace switchboard::ui;
using switchboard::server::ServerConfig;
using Measure = ReportTableModel::Measure;
using Table = ReportsWidget::Table;

namespace {

const QString password = u"correct horse 1"_s;
// The server stamps a routing change and its system event with two readings of the clock, a
// moment apart (more on a loaded machine); the waits between the steps are 100 ms and more.
constexpr double eventSlackSeconds = 0.05;

// One seeded conversation as the frames told it (ms since the epoch; 0: did not happen).
struct Seeded {
    QString id;
    QString team;
    QString agent; // login of the agent assigned last
    qint64 created = 0;
    qint64 assigned = 0;
    qint64 response = 0;
    qint64 closed = 0;
};

qint64 ms(const QJsonValue &rfc3339)
{
    return switchboard::parseTimestamp(rfc3339.toString()).value_or(0);
}

// The definitions of docs/protocol.md, computed here independently of the server.
std::optional<double> median(QList<double> values)
{
    if (values.isEmpty())
        return std::nullopt;
    std::sort(values.begin(), values.end());
    const qsizetype mid = values.size() / 2;
    return values.size() % 2 ? values.at(mid) : (values.at(mid - 1) + values.at(mid)) / 2.0;
}

std::optional<double> p90(QList<double> values)
{
    if (values.isEmpty())
        return std::nullopt;
    std::sort(values.begin(), values.end());
    const auto rank = qsizetype(std::ceil(0.9 * double(values.size())));
    return values.at(std::max<qsizetype>(rank, 1) - 1);
}

struct Figures {
    int conversations = 0;
    int closed = 0;
    QList<double> firstResponse;
    QList<double> resolution;
    QList<double> queueWait;

    void add(const Seeded &c)
    {
        ++conversations;
        if (c.closed) {
            ++closed;
            resolution.append(double(c.closed - c.created) / 1000.0);
        }
        if (c.response)
            firstResponse.append(double(c.response - c.created) / 1000.0);
        if (c.assigned)
            queueWait.append(double(c.assigned - c.created) / 1000.0);
    }
};

bool near(const QVariant &shown, std::optional<double> expected)
{
    if (!expected)
        return !shown.isValid();
    return shown.isValid() && std::abs(shown.toDouble() - *expected) <= eventSlackSeconds;
}

QVariant cell(const ReportTableModel &model, int row, Measure measure)
{
    return model.index(row, model.columnOf(measure)).data(ExportFile::CsvRole);
}

int rowOf(const ReportTableModel &model, const QString &key)
{
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.rows().at(row).key == key)
            return row;
    }
    return -1;
}

// Waits for the system event starting with `prefix` that a customer receives.
qint64 eventTime(TestClient &customer, const QString &prefix)
{
    const QJsonObject event = customer.take(u"message"_s, 5000, [&prefix](const QJsonObject &m) {
        return m[u"from"_s][u"role"_s].toString() == u"system"_s
            && m[u"text"_s].toString().startsWith(prefix);
    });
    return ms(event[u"ts"_s]);
}

ChatClient *staffClient(const TestServer &server, const QString &login, QObject *parent)
{
    auto *client = new ChatClient(parent);
    client->setEndpoints({ server.url() });
    client->setPasswordCredentials(login, password);
    client->setBackoffPolicy(switchboard::BackoffPolicy(50, 400));
    return client;
}

} // namespace

class tst_DashboardReports final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void daysAreCountedInTheLocalTimeZone();
    void reportsMatchTheSeededConversations();
    void durationsReadAsTimes_data();
    void durationsReadAsTimes();
};

void tst_DashboardReports::daysAreCountedInTheLocalTimeZone()
{
    // CTest runs this with TZ=Asia/Kolkata (no daylight saving): +05:30 all year.
    QCOMPARE(ReportsWidget::localUtcOffsetMinutes(), 330);
    ReportsWidget reports(nullptr);
    const QLabel *offset = reports.findChild<QLabel *>(u"reportsOffset"_s);
    QVERIFY(offset);
    QVERIFY2(offset->text().contains(u"UTC+05:30"_s), qPrintable(offset->text()));
    // Presets are whole local days, the last one included.
    DateRangePicker *range = reports.rangePicker();
    range->setPreset(DateRangePicker::Preset::Last7Days);
    const QDate today = QDate::currentDate();
    QCOMPARE(range->fromMs(), today.addDays(-6).startOfDay().toMSecsSinceEpoch());
    QCOMPARE(range->toMs(), today.addDays(1).startOfDay().toMSecsSinceEpoch());
    range->setPreset(DateRangePicker::Preset::Today);
    QCOMPARE(range->toMs() - range->fromMs(), qint64(24 * 3600 * 1000));
}

void tst_DashboardReports::reportsMatchTheSeededConversations()
{
    TestServer server([](ServerConfig &config) { config.agentCapacity = 3; });
    QVERIFY(server.addUser(u"sam"_s, u"supervisor"_s, {}, password, u"Sam Supervisor"_s));
    QVERIFY(server.addUser(u"alice"_s, u"agent"_s, { u"sales"_s }, password, u"Alice Martin"_s));
    QVERIFY(server.addUser(u"bob"_s, u"agent"_s, { u"billing"_s }, password, u"Bob Stone"_s));
    QVERIFY(server.start());

    // A supervisor connection that sees every conversation enter the queue (with `created`).
    TestClient watcher;
    QVERIFY(watcher.open(server.url()));
    QVERIFY(!watcher.helloStaff(u"sam"_s, password).isEmpty());
    const auto queuedCreated = [&watcher](const QString &id) {
        return ms(watcher.take(u"conversation"_s, 5000, [&id](const QJsonObject &m) {
            return m[u"conversation"_s][u"id"_s].toString() == id;
        })[u"conversation"_s][u"created"_s]);
    };
    std::map<QString, std::unique_ptr<TestClient>> customers;
    std::map<QString, Seeded> seeded;
    const auto arrive = [&](const QString &name, const QString &team) -> Seeded & {
        auto customer = std::make_unique<TestClient>();
        [&] {
            QVERIFY(customer->open(server.url()));
        }();
        const QJsonObject welcome = customer->helloCustomer(name, {}, team);
        Seeded &c = seeded[name];
        c.id = welcome[u"conversation"_s][u"id"_s].toString();
        c.team = team;
        customers[name] = std::move(customer);
        return c;
    };

    // Eve asks with no team while no agent is signed in, and gives up after a while.
    Seeded &eve = arrive(u"Eve"_s, QString());
    QVERIFY(!eve.id.isEmpty());
    eve.created = queuedCreated(eve.id);
    QTest::qWait(300);
    customers[u"Eve"_s]->send({ { u"type"_s, u"close"_s }, { u"conversation"_s, eve.id } });
    eve.closed = eventTime(*customers[u"Eve"_s], u"Closed"_s);
    // Cara and Dan wait for billing, whose agent is not signed in yet.
    Seeded &cara = arrive(u"Cara"_s, u"billing"_s);
    Seeded &dan = arrive(u"Dan"_s, u"billing"_s);
    cara.created = queuedCreated(cara.id);
    dan.created = queuedCreated(dan.id);

    // Alice (sales) takes Ann and Ben at once and answers them after a moment.
    TestClient alice;
    QVERIFY(alice.open(server.url()));
    QVERIFY(!alice.helloStaff(u"alice"_s, password).isEmpty());
    for (const QString &name : { u"Ann"_s, u"Ben"_s }) {
        Seeded &c = arrive(name, u"sales"_s);
        const QJsonObject assigned = alice.take(u"assigned"_s);
        QCOMPARE(assigned[u"conversation"_s][u"id"_s].toString(), c.id);
        c.created = ms(assigned[u"conversation"_s][u"created"_s]);
        c.assigned = eventTime(*customers[name], u"Assigned"_s);
        c.agent = u"alice"_s;
    }
    Seeded &ann = seeded[u"Ann"_s];
    Seeded &ben = seeded[u"Ben"_s];
    QTest::qWait(250);
    QJsonObject ack = alice.sendText(u"Hello Ann, how can I help?"_s, u"a1"_s, ann.id);
    QCOMPARE(ack[u"type"_s].toString(), u"ack"_s);
    ann.response = ms(ack[u"ts"_s]);
    QVERIFY(!alice.sendText(u"A private note"_s, u"n1"_s, ben.id, u"note"_s).isEmpty());
    QTest::qWait(150);
    ack = alice.sendText(u"Hello Ben"_s, u"a2"_s, ben.id);
    QCOMPARE(ack[u"type"_s].toString(), u"ack"_s);
    ben.response = ms(ack[u"ts"_s]); // the note before it is not a response
    QVERIFY(ack[u"seq"_s].toInteger() > 0);

    // Bob (billing) signs in: Cara and Dan leave the queue. He answers Cara only.
    TestClient bob;
    QVERIFY(bob.open(server.url()));
    QVERIFY(!bob.helloStaff(u"bob"_s, password).isEmpty());
    for (Seeded *c : { &cara, &dan }) {
        const QString name = c == &cara ? u"Cara"_s : u"Dan"_s;
        c->assigned = eventTime(*customers[name], u"Assigned"_s);
        c->agent = u"bob"_s;
        QVERIFY(c->assigned > 0);
    }
    QTest::qWait(100);
    ack = bob.sendText(u"Hi Cara"_s, u"b1"_s, cara.id);
    QCOMPARE(ack[u"type"_s].toString(), u"ack"_s);
    cara.response = ms(ack[u"ts"_s]);

    // Alice closes Ann's and Ben's, Dan closes his own; Cara's stays open.
    QTest::qWait(200);
    alice.send({ { u"type"_s, u"close"_s }, { u"conversation"_s, ann.id } });
    ann.closed = eventTime(*customers[u"Ann"_s], u"Closed"_s);
    customers[u"Dan"_s]->send({ { u"type"_s, u"close"_s }, { u"conversation"_s, dan.id } });
    dan.closed = eventTime(*customers[u"Dan"_s], u"Closed"_s);
    QTest::qWait(100);
    alice.send({ { u"type"_s, u"close"_s }, { u"conversation"_s, ben.id } });
    ben.closed = eventTime(*customers[u"Ben"_s], u"Closed"_s);
    // Customer satisfaction: Ann rates 5, Dan 2 and Eve (never assigned) 4; Ben and Cara not.
    for (const auto &[name, stars] :
        { std::pair { u"Ann"_s, 5 }, std::pair { u"Dan"_s, 2 }, std::pair { u"Eve"_s, 4 } }) {
        customers[name]->send({ { u"type"_s, u"rate"_s }, { u"conversation"_s, seeded[name].id },
            { u"rating"_s, stars } });
        QCOMPARE(customers[name]->take(u"rating"_s)[u"rating"_s].toInt(), stars);
    }
    for (const auto &[name, c] : seeded) {
        QVERIFY2(c.created > 0, qPrintable(name));
        QVERIFY2(c.closed > 0 || name == u"Cara"_s, qPrintable(name));
    }

    // The figures by hand: overall, per agent, team and day (at +05:30).
    Figures all;
    std::map<QString, Figures> byAgent;
    std::map<QString, Figures> byTeam;
    std::map<QString, Figures> byDay;
    const int offset = ReportsWidget::localUtcOffsetMinutes();
    for (const auto &[name, c] : seeded) {
        all.add(c);
        if (!c.agent.isEmpty())
            byAgent[c.agent].add(c);
        byTeam[c.team].add(c);
        byDay[QDateTime::fromMSecsSinceEpoch(c.created + offset * 60'000LL, Qt::UTC)
                  .date()
                  .toString(Qt::ISODate)]
            .add(c);
    }
    QCOMPARE(all.conversations, 5);
    QCOMPARE(all.closed, 4);
    QCOMPARE(all.firstResponse.size(), 3);
    QCOMPARE(all.queueWait.size(), 4);
    QVERIFY(*median(byTeam[u"billing"_s].queueWait) >= 0.3); // they waited for Bob

    // The dashboard: its reports page over yesterday to tomorrow.
    QObject owner;
    ChatClient *client = staffClient(server, u"sam"_s, &owner);
    DashboardWidget dashboard(client);
    ReportsWidget *reports = dashboard.reports();
    QAbstractItemModelTester agentsTester(reports->table(Table::Agents));
    QAbstractItemModelTester teamsTester(reports->table(Table::Teams));
    QAbstractItemModelTester daysTester(reports->table(Table::Days));
    QAbstractItemModelTester shownTester(reports->shownTable(Table::Agents));
    dashboard.resize(1500, 1000);
    dashboard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dashboard));
    client->connectToServer();
    QTRY_COMPARE(client->state(), ChatClient::State::Online);
    const QDate today = QDate::currentDate();
    reports->rangePicker()->setCustomRange(today.addDays(-1), today.addDays(1));
    QSignalSpy shown(reports, &ReportsWidget::reportShown);
    dashboard.showPage(DashboardWidget::Page::Reports);
    QTRY_VERIFY_WITH_TIMEOUT(reports->hasReport() && !reports->isLoading(), 10000);
    QVERIFY(!reports->showsEmptyState());
    QVERIFY2(reports->summaryText().contains(u"Conversations: 5, closed: 4"_s),
        qPrintable(reports->summaryText()));
    QVERIFY2(reports->summaryText().contains(u"CSAT: 3 rated, mean 3.67, 67 % satisfied"_s),
        qPrintable(reports->summaryText()));

    // The same request on its own connection: the tables show exactly what the server says.
    watcher.send({ { u"type"_s, u"reports"_s }, { u"request"_s, u"r1"_s },
        { u"from"_s, switchboard::formatTimestamp(reports->rangePicker()->fromMs()) },
        { u"to"_s, switchboard::formatTimestamp(reports->rangePicker()->toMs()) },
        { u"utc_offset_min"_s, offset } });
    const QJsonObject answer = watcher.take(u"reports"_s, 10000);
    QCOMPARE(answer[u"request"_s].toString(), u"r1"_s);
    const QList<std::pair<Table, QString>> tables { { Table::Agents, u"by_agent"_s },
        { Table::Teams, u"by_team"_s }, { Table::Days, u"by_day"_s } };
    for (const auto &[table, member] : tables) {
        const ReportTableModel &model = *reports->table(table);
        const QJsonArray rows = answer[member].toArray();
        QCOMPARE(model.rowCount(), rows.size());
        for (int row = 0; row < model.rowCount(); ++row) {
            for (int column = 0; column < model.columnCount(); ++column) {
                const QString field
                    = model.headerData(column, Qt::Horizontal, ExportFile::CsvRole).toString();
                const QJsonValue expected = rows.at(row)[field];
                const QVariant shownValue = model.index(row, column).data(ExportFile::CsvRole);
                if (expected.isNull()) {
                    QVERIFY2(!shownValue.isValid(), qPrintable(member + u'.' + field));
                } else {
                    QCOMPARE(shownValue.toString(), expected.toVariant().toString());
                }
            }
        }
    }
    const QJsonObject summary = answer[u"summary"_s].toObject();
    QCOMPARE(reports->report().conversations, summary[u"conversations"_s].toInt());
    QCOMPARE(reports->report().firstResponse.count, 3);
    QVERIFY(near(reports->report().firstResponse.median.value_or(-1), median(all.firstResponse)));
    QVERIFY(near(reports->report().firstResponse.p90.value_or(-1), p90(all.firstResponse)));
    QVERIFY(near(reports->report().resolution.median.value_or(-1), median(all.resolution)));
    QVERIFY(near(reports->report().resolution.p90.value_or(-1), p90(all.resolution)));
    QVERIFY(near(reports->report().queueWait.median.value_or(-1), median(all.queueWait)));
    QVERIFY(near(reports->report().queueWait.p90.value_or(-1), p90(all.queueWait)));

    // ...and they equal the figures computed by hand from the frames.
    const ReportTableModel &agents = *reports->table(Table::Agents);
    QCOMPARE(agents.rowCount(), 2); // Eve was never assigned
    for (const auto &[login, figures] : byAgent) {
        const int row = rowOf(agents, login);
        QVERIFY2(row >= 0, qPrintable(login));
        QCOMPARE(cell(agents, row, Measure::Conversations).toInt(), figures.conversations);
        QCOMPARE(cell(agents, row, Measure::Closed).toInt(), figures.closed);
        QVERIFY(
            near(cell(agents, row, Measure::FirstResponseMedian), median(figures.firstResponse)));
        QVERIFY(near(cell(agents, row, Measure::ResolutionMedian), median(figures.resolution)));
    }
    QCOMPARE(cell(agents, rowOf(agents, u"alice"_s), Measure::Name).toString(), u"Alice Martin"_s);
    const ReportTableModel &teams = *reports->table(Table::Teams);
    QCOMPARE(teams.rowCount(), 3);
    for (const auto &[team, figures] : byTeam) {
        const int row = rowOf(teams, team);
        QVERIFY2(row >= 0, qPrintable(team));
        QCOMPARE(cell(teams, row, Measure::Conversations).toInt(), figures.conversations);
        QCOMPARE(cell(teams, row, Measure::Closed).toInt(), figures.closed);
        QVERIFY(
            near(cell(teams, row, Measure::FirstResponseMedian), median(figures.firstResponse)));
        QVERIFY(near(cell(teams, row, Measure::ResolutionMedian), median(figures.resolution)));
        QVERIFY(near(cell(teams, row, Measure::QueueWaitMedian), median(figures.queueWait)));
    }
    // No team (Eve's alone) was never answered nor assigned: its nulls read as "—".
    const int noTeam = rowOf(teams, QString());
    QCOMPARE(teams.index(noTeam, teams.columnOf(Measure::Team)).data().toString(), u"(no team)"_s);
    const auto shownText = [](const ReportTableModel &model, int row, Measure measure) {
        return model.index(row, model.columnOf(measure)).data().toString();
    };
    QCOMPARE(shownText(teams, noTeam, Measure::FirstResponseMedian), u"—"_s);
    // Eve's rating counts under no team's row but her own, and under no agent.
    QCOMPARE(cell(teams, noTeam, Measure::CsatCount).toInt(), 1);
    QCOMPARE(shownText(teams, noTeam, Measure::CsatMean), u"4.00"_s);
    QCOMPARE(shownText(teams, noTeam, Measure::CsatSatisfied), u"100 %"_s);
    int ratedPerAgent = 0;
    for (int row = 0; row < agents.rowCount(); ++row)
        ratedPerAgent += cell(agents, row, Measure::CsatCount).toInt();
    QCOMPARE(ratedPerAgent, 2);
    QCOMPARE(shownText(agents, rowOf(agents, u"alice"_s), Measure::CsatMean), u"5.00"_s);
    QCOMPARE(shownText(teams, noTeam, Measure::QueueWaitMedian), u"—"_s);
    QVERIFY(shownText(teams, noTeam, Measure::ResolutionMedian).endsWith(u" s"_s));
    const ReportTableModel &days = *reports->table(Table::Days);
    QCOMPARE(days.rowCount(), int(byDay.size()));
    for (const auto &[day, figures] : byDay) {
        const int row = rowOf(days, day);
        QVERIFY2(row >= 0, qPrintable(day));
        QCOMPARE(cell(days, row, Measure::Conversations).toInt(), figures.conversations);
        QVERIFY(near(cell(days, row, Measure::FirstResponseMedian), median(figures.firstResponse)));
        QVERIFY(near(cell(days, row, Measure::FirstResponseP90), p90(figures.firstResponse)));
        QVERIFY(near(cell(days, row, Measure::ResolutionP90), p90(figures.resolution)));
        QVERIFY(near(cell(days, row, Measure::QueueWaitP90), p90(figures.queueWait)));
    }

    // The charts: a bar per day, median and p90 for times, in the axis' unit.
    QStringList dayKeys;
    for (const Report::Row &row : reports->report().byDay)
        dayKeys.append(row.key);
    const ReportChart *firstResponse = reports->chart(ReportsWidget::Chart::FirstResponse);
    QCOMPARE(firstResponse->categories(), dayKeys);
    QCOMPARE(firstResponse->series()->count(), 2);
    QCOMPARE(firstResponse->unitName(), u"seconds"_s);
    for (qsizetype i = 0; i < dayKeys.size(); ++i) {
        const Report::Row &row = reports->report().byDay.at(i);
        QCOMPARE(
            firstResponse->series()->barSets().at(0)->at(int(i)) * firstResponse->unitSeconds(),
            row.firstResponseMedian.value_or(0.0));
        QCOMPARE(
            firstResponse->series()->barSets().at(1)->at(int(i)) * firstResponse->unitSeconds(),
            row.firstResponseP90.value_or(0.0));
    }
    const ReportChart *perDay = reports->chart(ReportsWidget::Chart::Conversations);
    QCOMPARE(perDay->categories(), dayKeys);
    double counted = 0;
    for (int i = 0; i < perDay->series()->barSets().at(0)->count(); ++i)
        counted += perDay->series()->barSets().at(0)->at(i);
    QCOMPARE(counted, 5.0);

    // Exports: a PNG per chart; each table's CSV parses back to the table as shown, here with
    // the agents sorted by login, Z to A.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    for (const ReportsWidget::Chart chart :
        { ReportsWidget::Chart::FirstResponse, ReportsWidget::Chart::Resolution,
            ReportsWidget::Chart::QueueWait, ReportsWidget::Chart::Conversations }) {
        const QString path = dir.filePath(u"chart-%1.png"_s.arg(int(chart)));
        QCOMPARE(reports->exportChartPng(chart, path), QString());
        const QImage image(path);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() >= 300 && image.height() >= 200);
    }
    auto *sorted = qobject_cast<QSortFilterProxyModel *>(reports->shownTable(Table::Agents));
    QVERIFY(sorted);
    sorted->sort(agents.columnOf(Measure::Login), Qt::DescendingOrder);
    for (const auto &[table, member] : tables) {
        const QString path = dir.filePath(member + u".csv"_s);
        QCOMPARE(reports->exportTableCsv(table, path), QString());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QStringList> records = readCsv(QString::fromUtf8(file.readAll()));
        const QAbstractItemModel &model = *reports->shownTable(table);
        QCOMPARE(records.size(), model.rowCount() + 1);
        QStringList header;
        for (int column = 0; column < model.columnCount(); ++column)
            header.append(model.headerData(column, Qt::Horizontal, ExportFile::CsvRole).toString());
        QCOMPARE(records.first(), header);
        for (int row = 0; row < model.rowCount(); ++row) {
            for (int column = 0; column < model.columnCount(); ++column) {
                const QVariant value = model.index(row, column).data(ExportFile::CsvRole);
                const QString text = records.at(row + 1).at(column);
                if (!value.isValid())
                    QCOMPARE(text, QString());
                else if (value.typeId() == QMetaType::Double)
                    QCOMPARE(text.toDouble(), value.toDouble());
                else
                    QCOMPARE(text, value.toString());
            }
        }
    }
    QCOMPARE(readCsv([&] {
        QFile file(dir.filePath(u"by_agent.csv"_s));
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    }())
                 .at(1)
                 .at(agents.columnOf(Measure::Login)),
        u"bob"_s);
    QVERIFY(!reports->exportTableCsv(Table::Days, dir.filePath(u"missing/x.csv"_s)).isEmpty());
    QVERIFY(!reports->exportChartPng(ReportsWidget::Chart::Resolution, dir.filePath(u"no/x.png"_s))
                 .isEmpty());

    QTest::qWait(100);
    QCOMPARE(saveScreenshot(dashboard.grab().toImage(), u"dashboard-reports.png"_s), QString());

    // A range without conversations says so, and its tables and charts are empty.
    const int before = int(shown.count());
    reports->rangePicker()->setCustomRange(QDate(2001, 1, 1), QDate(2001, 1, 31));
    QTRY_VERIFY_WITH_TIMEOUT(shown.count() > before && !reports->isLoading(), 10000);
    QVERIFY(reports->showsEmptyState());
    QCOMPARE(reports->statusText(), u"No conversations in this range."_s);
    QCOMPARE(reports->table(Table::Agents)->rowCount(), 0);
    QCOMPARE(reports->table(Table::Days)->rowCount(), 0);
    QVERIFY(reports->chart(ReportsWidget::Chart::QueueWait)->categories().isEmpty());

    // An agent is refused, and the page says why.
    ChatClient *agentClient = staffClient(server, u"alice"_s, &owner);
    ReportsWidget agentReports(agentClient);
    agentClient->connectToServer();
    QTRY_COMPARE(agentClient->state(), ChatClient::State::Online);
    QSignalSpy refused(&agentReports, &ReportsWidget::reportShown);
    QVERIFY(!agentReports.refresh().isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(refused.count(), 1, 5000);
    QCOMPARE(agentReports.statusText(), u"Reports are for supervisors."_s);
    QVERIFY(!agentReports.hasReport());
}

void tst_DashboardReports::durationsReadAsTimes_data()
{
    QTest::addColumn<double>("seconds");
    QTest::addColumn<QString>("text");
    QTest::addRow("under ten seconds") << 4.25 << u"4.3 s"_s;
    QTest::addRow("seconds") << 42.4 << u"42 s"_s;
    QTest::addRow("minutes and seconds") << 605.0 << u"10 min 5 s"_s;
    QTest::addRow("hours and minutes") << 7500.0 << u"2 h 5 min"_s;
    QTest::addRow("none") << std::nan("") << u"—"_s;
}

void tst_DashboardReports::durationsReadAsTimes()
{
    QFETCH(double, seconds);
    QFETCH(QString, text);
    QLocale::setDefault(QLocale::c());
    QCOMPARE(ReportTableModel::formatSeconds(
                 std::isnan(seconds) ? std::nullopt : std::optional<double>(seconds)),
        text);
}

QTEST_MAIN(tst_DashboardReports)
#include "tst_dashboardreports.moc"
