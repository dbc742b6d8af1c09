// The supervisor dashboard on the offscreen platform against a real in-process server under a
// small load made here: the charts receive the points the stream sends and their values match
// the load, a connection cap low enough for ConnectionsNearCap fires an alert that appears in
// the panel and then moves to the resolved history, the operations table shows the staff and
// the queue, monitoring and whispering work, CSV export parses back to the series, a PNG of
// the dashboard is rendered for the README, and a server that goes away leaves the data
// marked stale until the dashboard reconnects by itself with its history kept.
#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QLineSeries>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <client/chatclient.h>
#include <dashboard/alerttablemodel.h>
#include <dashboard/chartpanel.h>
#include <dashboard/dashboardwidget.h>
#include <dashboard/operationsconversationmodel.h>
#include <dashboard/stafftablemodel.h>
#include <memory>
#include <screenshot.h>
#include <testclient.h>
#include <testserver.h>
#include <vector>
#include <widgets/mainwindow.h>

using namespace Qt::StringLiterals;
using namespace switchboard::ui;
using switchboard::server::ServerConfig;
using Chart = DashboardWidget::Chart;
using Field = MetricsHistory::Field;

namespace {

const QString password = u"correct horse 1"_s;

QLineSeries *seriesOf(const DashboardWidget &dashboard, Chart chart, Field field)
{
    ChartPanel *panel = dashboard.chart(chart);
    for (qsizetype i = 0; i < panel->seriesCount(); ++i) {
        if (panel->field(i) == field)
            return panel->series(i);
    }
    return nullptr;
}

double lastValue(const DashboardWidget &dashboard, Chart chart, Field field)
{
    const QLineSeries *series = seriesOf(dashboard, chart, field);
    return series && series->count() > 0 ? series->at(series->count() - 1).y() : -1.0;
}

// Messages stored between the first and the last sample, from the per-interval rates.
double storedBetweenSamples(const MetricsHistory &history, qsizetype from)
{
    double total = 0.0;
    const QList<MetricsSample> &samples = history.samples();
    for (qsizetype i = from + 1; i < samples.size(); ++i) {
        const double seconds
            = double(samples.at(i).timestampMs - samples.at(i - 1).timestampMs) / 1000.0;
        total += samples.at(i).messagesPerSecond * seconds;
    }
    return total;
}

ChatClient *supervisorClient(const TestServer &server, QObject *parent)
{
    auto *client = new ChatClient(parent);
    client->setEndpoints({ server.url() });
    client->setPasswordCredentials(u"sam"_s, password);
    client->setBackoffPolicy(switchboard::BackoffPolicy(50, 400));
    return client;
}

} // namespace

class tst_Dashboard final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void liveChartsAlertsAndOperations();
    void staleWhileTheServerIsAwayAndReconnects();
    void openedFromTheConsoleBySupervisorsOnly();
    void historyStaysBounded();
    void refreshWithAFullHour_data();
    void refreshWithAFullHour(); // a benchmark: the numbers go to docs/dashboard.md
};

void tst_Dashboard::liveChartsAlertsAndOperations()
{
    // 7 connections of a cap of 8 (87%) make ConnectionsNearCap fire; 5 of 8 resolve it.
    TestServer server([](ServerConfig &config) {
        config.maxConnections = 8;
        config.agentCapacity = 2;
    });
    QVERIFY(server.addUser(u"sam"_s, u"supervisor"_s, {}, password, u"Sam Supervisor"_s));
    QVERIFY(server.addUser(u"alice"_s, u"agent"_s, { u"sales"_s }, password, u"Alice Martin"_s));
    QVERIFY(server.addUser(u"bob"_s, u"agent"_s, { u"sales"_s }, password, u"Bob Stone"_s));
    QVERIFY(server.start());

    QObject owner;
    ChatClient *client = supervisorClient(server, &owner);
    DashboardWidget dashboard(client);
    QAbstractItemModelTester firingTester(dashboard.firingAlerts());
    QAbstractItemModelTester resolvedTester(dashboard.resolvedAlerts());
    QAbstractItemModelTester staffTester(dashboard.staff());
    QAbstractItemModelTester conversationsTester(dashboard.conversations());
    QSignalSpy fired(&dashboard, &DashboardWidget::alertFired);
    dashboard.resize(1500, 940);
    dashboard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dashboard));
    QVERIFY(dashboard.isStale());
    client->connectToServer();
    QTRY_VERIFY_WITH_TIMEOUT(dashboard.history().size() >= 1, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(!dashboard.isStale(), 3000);
    QVERIFY(dashboard.statusText().startsWith(u"Live"_s));

    // Staff: Alice available, Bob away.
    TestClient alice;
    QVERIFY(alice.open(server.url()));
    QVERIFY(!alice.helloStaff(u"alice"_s, password).isEmpty());
    TestClient bob;
    QVERIFY(bob.open(server.url()));
    QVERIFY(!bob.helloStaff(u"bob"_s, password).isEmpty());
    bob.send({ { u"type"_s, u"status"_s }, { u"state"_s, u"away"_s } });
    QVERIFY(!bob.take(u"status"_s).isEmpty());

    // Four customers: two go to Alice (her capacity is 2), two wait in the queue.
    const QStringList names { u"Ann Lee"_s, u"Chen Wei"_s, u"Dora Ruiz"_s, u"Emil Berg"_s };
    std::vector<std::unique_ptr<TestClient>> customers;
    QStringList conversationIds;
    for (const QString &name : names) {
        customers.push_back(std::make_unique<TestClient>());
        QVERIFY(customers.back()->open(server.url()));
        const QJsonObject welcome = customers.back()->helloCustomer(name, {}, u"sales"_s);
        conversationIds.append(welcome[u"conversation"_s][u"id"_s].toString());
        QVERIFY(!conversationIds.last().isEmpty());
    }
    QVERIFY(!alice.take(u"assigned"_s).isEmpty());
    QVERIFY(!alice.take(u"assigned"_s).isEmpty());

    // The alert: 1 supervisor + 2 agents + 4 customers = 7 of 8.
    QTRY_COMPARE_WITH_TIMEOUT(dashboard.firingAlerts()->rowCount(), 1, 5000);
    const AlertEntry alert = dashboard.firingAlerts()->at(0);
    QCOMPARE(alert.rule, u"ConnectionsNearCap"_s);
    QCOMPARE(alert.severity, u"warning"_s);
    QVERIFY2(alert.summary.contains(u"7 of 8"_s), qPrintable(alert.summary));
    QVERIFY(alert.firing);
    QCOMPARE(fired.count(), 1);
    QCOMPARE(fired.at(0).at(0).value<AlertEntry>().rule, u"ConnectionsNearCap"_s);
    QCOMPARE(dashboard.firingAlerts()->index(0, AlertTableModel::SeverityColumn).data().toString(),
        u"Warning"_s);
    QCOMPARE(dashboard.resolvedAlerts()->rowCount(), 0);

    // Load: the two assigned customers write ten messages each, Alice answers five each.
    const qsizetype before = dashboard.history().size() - 1;
    int sent = 0;
    for (int round = 0; round < 10; ++round) {
        for (int c = 0; c < 2; ++c) {
            const QJsonObject ack = customers.at(c)->sendText(
                u"Question %1"_s.arg(round), u"c%1-%2"_s.arg(c).arg(round));
            QCOMPARE(ack[u"type"_s].toString(), u"ack"_s);
            ++sent;
            if (round % 2 == 0) {
                const QJsonObject reply = alice.sendText(u"Answer %1"_s.arg(round),
                    u"a%1-%2"_s.arg(c).arg(round), conversationIds.at(c));
                QCOMPARE(reply[u"type"_s].toString(), u"ack"_s);
                ++sent;
            }
        }
        QTest::qWait(60);
    }
    QCOMPARE(sent, 30);
    const qsizetype afterLoad = dashboard.history().size();
    QTRY_VERIFY_WITH_TIMEOUT(dashboard.history().size() >= afterLoad + 2, 5000);
    dashboard.refresh();

    // The charts: one point per sample in the window, values as the server saw them.
    const qsizetype samples = dashboard.history().size();
    for (ChartPanel *panel : dashboard.charts()) {
        for (qsizetype i = 0; i < panel->seriesCount(); ++i)
            QCOMPARE(panel->series(i)->count(), samples);
    }
    QCOMPARE(lastValue(dashboard, Chart::Connections, Field::Customers), 4.0);
    QCOMPARE(lastValue(dashboard, Chart::Connections, Field::Agents), 2.0);
    QCOMPARE(lastValue(dashboard, Chart::Connections, Field::Supervisors), 1.0);
    QCOMPARE(lastValue(dashboard, Chart::Agents, Field::AgentsAvailable), 2.0); // Alice, Sam
    QCOMPARE(lastValue(dashboard, Chart::Agents, Field::AgentsAway), 1.0);
    QCOMPARE(lastValue(dashboard, Chart::Queue, Field::QueueWaiting), 2.0);
    QVERIFY(lastValue(dashboard, Chart::LongestWait, Field::LongestWait) > 0.0);
    const double stored = storedBetweenSamples(dashboard.history(), before);
    QVERIFY2(qAbs(stored - sent) < 0.5, qPrintable(u"stored %1 of %2"_s.arg(stored).arg(sent)));
    double peakRate = 0.0;
    double peakP99 = 0.0;
    const QLineSeries *rate = seriesOf(dashboard, Chart::Messages, Field::MessagesPerSecond);
    const QLineSeries *p99 = seriesOf(dashboard, Chart::Latency, Field::AckP99);
    for (int i = 0; i < rate->count(); ++i) {
        peakRate = std::max(peakRate, rate->at(i).y());
        peakP99 = std::max(peakP99, p99->at(i).y());
    }
    QVERIFY(peakRate > 0.0);
    QVERIFY(peakP99 > 0.0);
    QVERIFY(dashboard.chart(Chart::Connections)->axisMaximum() >= 4.0);
    // Younger than the window: the time axis spans the history (at least a minute).
    const double axisStart = dashboard.chart(Chart::Queue)->axisStartMs();
    QVERIFY(axisStart <= double(dashboard.history().samples().first().timestampMs));
    QVERIFY(axisStart >= double(dashboard.history().lastTimestampMs()
                - DashboardWidget::shortWindowSeconds * 1000));

    // The operations table: staff with status and open conversations, the queue with waits.
    StaffTableModel *staff = dashboard.staff();
    const qsizetype aliceRow = staff->indexOf(u"alice"_s);
    const qsizetype bobRow = staff->indexOf(u"bob"_s);
    QVERIFY(aliceRow >= 0 && bobRow >= 0);
    QCOMPARE(staff->index(int(aliceRow), StaffTableModel::StatusColumn).data().toString(),
        u"Available"_s);
    QCOMPARE(staff->index(int(aliceRow), StaffTableModel::OpenColumn).data().toInt(), 2);
    QCOMPARE(staff->index(int(bobRow), StaffTableModel::StatusColumn).data().toString(), u"Away"_s);
    QCOMPARE(staff->index(int(bobRow), StaffTableModel::OpenColumn).data().toInt(), 0);
    OperationsConversationModel *conversations = dashboard.conversations();
    QTRY_COMPARE(conversations->rowCount(), 4);
    QCOMPARE(conversations->queuedCount(), 2);
    // Longest-waiting first: Dora then Emil, then the assigned ones.
    QCOMPARE(conversations->index(0, 0).data().toString(), u"Dora Ruiz"_s);
    QCOMPARE(conversations->index(1, 0).data().toString(), u"Emil Berg"_s);
    QVERIFY(
        conversations->index(0, 0).data(OperationsConversationModel::WaitSecondsRole).toLongLong()
        >= 1);
    QCOMPARE(conversations->index(2, 0).data(OperationsConversationModel::StateRole).toString(),
        u"assigned"_s);

    // Monitor Ann's conversation silently and whisper to Alice.
    dashboard.monitorConversation(conversationIds.at(0));
    QTRY_VERIFY(dashboard.monitorTranscript().size() >= 10); // the history page
    QCOMPARE(
        customers.at(0)->sendText(u"Is it in stock?"_s, u"c0-x"_s)[u"type"_s].toString(), u"ack"_s);
    QTRY_VERIFY(dashboard.monitorTranscript().last().contains(u"Ann Lee: Is it in stock?"_s));
    QVERIFY(!dashboard.whisper(u"Offer the spring discount"_s).isEmpty());
    const QJsonObject note = alice.take(u"message"_s, 5000, [](const QJsonObject &m) {
        return m[u"text"_s].toString() == u"Offer the spring discount"_s;
    });
    QCOMPARE(note[u"kind"_s].toString(), u"note"_s);
    QCOMPARE(note[u"from"_s][u"role"_s].toString(), u"supervisor"_s);
    QTest::qWait(300);
    for (const QJsonObject &message : customers.at(0)->all(u"message"_s))
        QVERIFY2(message[u"kind"_s].toString() != u"note"_s, "the customer never sees a whisper");

    // CSV: parses back to the series, row for row.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString csvPath = dir.filePath(u"metrics.csv"_s);
    QCOMPARE(dashboard.exportCsv(csvPath), QString());
    QFile csv(csvPath);
    QVERIFY(csv.open(QIODevice::ReadOnly | QIODevice::Text));
    const QStringList lines = QString::fromUtf8(csv.readAll()).split(u'\n', Qt::SkipEmptyParts);
    const QStringList header = lines.first().split(u',');
    QCOMPARE(header.size(), 11);
    QCOMPARE(header.first(), u"time"_s);
    const qsizetype customerColumn = header.indexOf(u"connections_customer"_s);
    const qsizetype rateColumn = header.indexOf(u"messages_per_s"_s);
    QVERIFY(customerColumn > 0 && rateColumn > 0);
    dashboard.refresh();
    const QLineSeries *customerSeries = seriesOf(dashboard, Chart::Connections, Field::Customers);
    QCOMPARE(lines.size() - 1, qsizetype(customerSeries->count()));
    for (int row = 0; row < customerSeries->count(); ++row) {
        const QStringList cells = lines.at(row + 1).split(u',');
        QCOMPARE(cells.size(), 11);
        const QDateTime time = QDateTime::fromString(cells.first(), Qt::ISODateWithMs);
        QVERIFY(time.isValid());
        QCOMPARE(double(time.toMSecsSinceEpoch()), customerSeries->at(row).x());
        QCOMPARE(cells.at(customerColumn).toDouble(), customerSeries->at(row).y());
        QVERIFY(qAbs(cells.at(rateColumn).toDouble() - rate->at(row).y()) < 1e-6);
    }

    // The PNG export, and the screenshot for the README (the alert still firing).
    const QString chartsPng = dir.filePath(u"charts.png"_s);
    QCOMPARE(dashboard.exportPng(chartsPng), QString());
    QImage charts(chartsPng);
    QVERIFY(!charts.isNull());
    QVERIFY(charts.width() > 600 && charts.height() > 200);
    QCOMPARE(dashboard.exportPng(dir.filePath(u"missing/dir/x.png"_s)).isEmpty(), false);
    dashboard.refresh();
    QTest::qWait(100);
    QCOMPARE(saveScreenshot(dashboard.grab().toImage(), u"dashboard.png"_s), QString());

    // Two customers leave: 5 of 8, the alert resolves and moves to the history.
    customers.at(2)->close();
    customers.at(3)->close();
    QTRY_COMPARE_WITH_TIMEOUT(dashboard.firingAlerts()->rowCount(), 0, 5000);
    QCOMPARE(dashboard.resolvedAlerts()->rowCount(), 1);
    const AlertEntry resolved = dashboard.resolvedAlerts()->at(0);
    QCOMPARE(resolved.id, alert.id);
    QVERIFY(!resolved.firing);
    QVERIFY(resolved.changedMs >= resolved.sinceMs);
    QCOMPARE(fired.count(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(
        lastValue(dashboard, Chart::Connections, Field::Customers), 2.0, 4000);

    // Alice closes Ann's assigned conversation: its row leaves the table at once.
    QVERIFY(conversations->indexOf(conversationIds.at(0)) >= 0);
    alice.send({ { u"type"_s, u"close"_s }, { u"conversation"_s, conversationIds.at(0) } });
    QTRY_COMPARE_WITH_TIMEOUT(conversations->indexOf(conversationIds.at(0)), qsizetype(-1), 5000);
    QVERIFY(conversations->indexOf(conversationIds.at(1)) >= 0);
}

void tst_Dashboard::staleWhileTheServerIsAwayAndReconnects()
{
    TestServer server;
    QVERIFY(server.addUser(u"sam"_s, u"supervisor"_s, {}, password));
    QVERIFY(server.start());
    QObject owner;
    ChatClient *client = supervisorClient(server, &owner);
    DashboardWidget dashboard(client);
    QSignalSpy staleChanges(&dashboard, &DashboardWidget::staleChanged);
    dashboard.resize(1200, 800);
    dashboard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dashboard));
    client->connectToServer();
    QTRY_VERIFY_WITH_TIMEOUT(dashboard.history().size() >= 2, 6000);
    QTRY_VERIFY(!dashboard.isStale());
    TestClient customer;
    QVERIFY(customer.open(server.url()));
    QVERIFY(!customer.helloCustomer(u"Ann"_s).isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(
        lastValue(dashboard, Chart::Connections, Field::Customers), 1.0, 4000);

    server.stop();
    QTRY_VERIFY_WITH_TIMEOUT(dashboard.isStale(), 6000);
    QVERIFY2(dashboard.statusText().startsWith(u"Stale"_s), qPrintable(dashboard.statusText()));
    const qsizetype kept = dashboard.history().size();
    QVERIFY(kept >= 3);
    QTest::qWait(1500);
    dashboard.refresh();
    QCOMPARE(dashboard.history().size(), kept); // nothing new, nothing lost
    QCOMPARE(seriesOf(dashboard, Chart::Connections, Field::Customers)->count(), kept);
    QVERIFY(dashboard.isStale());

    QVERIFY(server.restart()); // same port, same data: the client finds it by itself
    QTRY_VERIFY_WITH_TIMEOUT(!dashboard.isStale(), 15000);
    QVERIFY(dashboard.statusText().startsWith(u"Live"_s));
    QTRY_VERIFY_WITH_TIMEOUT(dashboard.history().size() >= kept + 2, 5000);
    dashboard.refresh();
    QCOMPARE(seriesOf(dashboard, Chart::Connections, Field::Customers)->count(),
        dashboard.history().size());
    // The history from before the drop is still the start of the series.
    QCOMPARE(seriesOf(dashboard, Chart::Connections, Field::Customers)->at(0).x(),
        double(dashboard.history().samples().first().timestampMs));
    QVERIFY(staleChanges.count() >= 3); // live, stale, live again

    // The one-hour window shows the same points on a wider axis.
    dashboard.setWindowSeconds(DashboardWidget::longWindowSeconds);
    QCOMPARE(dashboard.windowSeconds(), DashboardWidget::longWindowSeconds);
    QCOMPARE(seriesOf(dashboard, Chart::Connections, Field::Customers)->count(),
        dashboard.history().size());
}

void tst_Dashboard::openedFromTheConsoleBySupervisorsOnly()
{
    TestServer server;
    QVERIFY(server.addUser(u"sam"_s, u"supervisor"_s, {}, password, u"Sam"_s));
    QVERIFY(server.addUser(u"alice"_s, u"agent"_s, {}, password, u"Alice"_s));
    QVERIFY(server.start());

    // An agent's console has no dashboard action.
    ChatClient agentClient;
    agentClient.setEndpoints({ server.url() });
    agentClient.setPasswordCredentials(u"alice"_s, password);
    MainWindow agentWindow(&agentClient);
    QVERIFY(agentWindow.findChild<QAction *>(u"dashboardAction"_s));
    agentClient.connectToServer();
    QTRY_COMPARE(agentClient.state(), ChatClient::State::Online);
    QVERIFY(!agentWindow.findChild<QAction *>(u"dashboardAction"_s)->isVisible());

    // A supervisor's has; the dashboard signs in with the console's token, on its own socket.
    ChatClient console;
    console.setEndpoints({ QUrl(u"ws://127.0.0.1:1/ws"_s), server.url() }); // the first fails
    console.setPasswordCredentials(u"sam"_s, password);
    console.setBackoffPolicy(switchboard::BackoffPolicy(50, 400));
    MainWindow window(&console);
    QVERIFY(!window.findChild<QAction *>(u"dashboardAction"_s)->isVisible());
    console.connectToServer();
    QTRY_COMPARE_WITH_TIMEOUT(console.state(), ChatClient::State::Online, 10000);
    QVERIFY(window.findChild<QAction *>(u"dashboardAction"_s)->isVisible());
    QSignalSpy opened(&window, &MainWindow::dashboardOpened);
    window.findChild<QAction *>(u"dashboardAction"_s)->trigger();
    QCOMPARE(opened.count(), 1);
    auto *dashboard = opened.at(0).at(0).value<DashboardWidget *>();
    QVERIFY(dashboard);
    QVERIFY(dashboard->isVisible());
    QVERIFY(dashboard->client() != &console);
    QCOMPARE(dashboard->client()->endpoints().first(), server.url()); // the one that works first
    QTRY_VERIFY_WITH_TIMEOUT(!dashboard->isStale(), 6000);
    QCOMPARE(dashboard->client()->login(), u"sam"_s);
    QCOMPARE(dashboard->client()->token(), console.token());
    QTRY_COMPARE_WITH_TIMEOUT(
        lastValue(*dashboard, Chart::Connections, Field::Supervisors), 2.0, 4000);
    // Closing and reopening brings back the same window and its history.
    const qsizetype samples = dashboard->history().size();
    dashboard->close();
    window.findChild<QAction *>(u"dashboardAction"_s)->trigger();
    QCOMPARE(opened.count(), 2);
    QCOMPARE(opened.at(1).at(0).value<DashboardWidget *>(), dashboard);
    QVERIFY(dashboard->isVisible());
    QVERIFY(dashboard->history().size() >= samples);
}

void tst_Dashboard::historyStaysBounded()
{
    MetricsHistory history(100);
    for (int i = 0; i < 250; ++i) {
        MetricsSample sample;
        sample.timestampMs = 1'000'000 + i * 1000;
        sample.customers = i;
        history.append(sample);
    }
    QCOMPARE(history.size(), 100);
    QCOMPARE(history.samples().first().customers, 150);
    QCOMPARE(history.points(Field::Customers, 1'000'000 + 240 * 1000).size(), 10);
    MetricsSample older;
    older.timestampMs = 5;
    history.append(older); // out of order: ignored
    QCOMPARE(history.samples().last().customers, 249);
    QCOMPARE(MetricsHistory(0).capacity(), 1);
    QCOMPARE(MetricsHistory().capacity(), DashboardWidget::longWindowSeconds + 60);
}

void tst_Dashboard::refreshWithAFullHour_data()
{
    QTest::addColumn<int>("window");
    QTest::addRow("5-minute window") << DashboardWidget::shortWindowSeconds;
    QTest::addRow("1-hour window") << DashboardWidget::longWindowSeconds;
}

void tst_Dashboard::refreshWithAFullHour()
{
    QFETCH(int, window);
    // A full history (one sample a second for an hour) in six charts at the dashboard's size:
    // the once-a-second refresh (replace() on every series) plus painting every chart.
    MetricsHistory history;
    const qint64 start = 1'800'000'000'000;
    for (qsizetype i = 0; i < history.capacity(); ++i) {
        MetricsSample sample;
        sample.timestampMs = start + i * 1000;
        sample.customers = int(100 + (i % 37));
        sample.agents = int(10 + (i % 5));
        sample.messagesPerSecond = double(i % 50);
        sample.ackP50Ms = 2.0 + double(i % 3);
        sample.ackP99Ms = 10.0 + double(i % 11);
        sample.queueWaiting = int(i % 7);
        sample.longestWaitSeconds = double(i % 90);
        sample.agentsAvailable = int(i % 9);
        history.append(sample);
    }
    const qint64 now = history.lastTimestampMs();
    QWidget host;
    host.resize(1400, 520);
    QList<ChartPanel *> panels;
    for (int i = 0; i < 6; ++i) {
        panels.append(new ChartPanel(u"chart %1"_s.arg(i), u"unit"_s,
            { { Field::Customers, u"a"_s }, { Field::AckP99, u"b"_s } }, &host));
        panels.last()->setGeometry((i % 3) * 460, (i / 3) * 260, 450, 250);
    }
    host.show();
    QVERIFY(QTest::qWaitForWindowExposed(&host));
    QBENCHMARK
    {
        for (ChartPanel *panel : std::as_const(panels)) {
            panel->refresh(history, now, window);
            panel->viewport()->repaint();
        }
    }
    // The hour's 3,601 samples are drawn from at most 600 points that keep every bucket's
    // extremes: the highest and lowest values are still there.
    const QLineSeries *drawn = panels.first()->series(0);
    if (window == DashboardWidget::shortWindowSeconds) {
        QCOMPARE(drawn->count(), 301); // every sample of the last five minutes
        return;
    }
    QVERIFY(drawn->count() <= ChartPanel::maxPointsPerSeries);
    QVERIFY(drawn->count() >= ChartPanel::maxPointsPerSeries - 2);
    double highest = 0.0;
    double lowest = 1e9;
    for (int i = 0; i < drawn->count(); ++i) {
        highest = std::max(highest, drawn->at(i).y());
        lowest = std::min(lowest, drawn->at(i).y());
        if (i > 0)
            QVERIFY(drawn->at(i).x() > drawn->at(i - 1).x());
    }
    QCOMPARE(highest, 136.0);
    QCOMPARE(lowest, 100.0);
}

QTEST_MAIN(tst_Dashboard)
#include "tst_dashboard.moc"
