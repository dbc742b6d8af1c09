// The dashboard's audit log viewer on the offscreen platform against a real in-process server.
// Real clients sign in (and fail to, once with a real account and once with none), a customer's
// conversation is transferred from one agent to another and closed; the viewer lists each of
// these with who did it, newest first, with no password or message text anywhere; the account,
// action and date filters narrow what the server returns; "More" pages through the same entries;
// the detail pane spells out the selected entry; the CSV export parses back to what is shown;
// and an agent is told the audit log is for supervisors.
#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <client/chatclient.h>
#include <csvreader.h>
#include <dashboard/auditlogwidget.h>
#include <dashboard/audittablemodel.h>
#include <dashboard/dashboardwidget.h>
#include <dashboard/daterangepicker.h>
#include <switchboard/timeformat.h>
#include <testclient.h>
#include <testserver.h>

using namespace Qt::StringLiterals;
using namespace switchboard::ui;

namespace {

const QString password = u"correct horse 1"_s;
const QString wrongPassword = u"not the password 9"_s;
const QString secretText = u"My card number is 4111"_s;

ChatClient *staffClient(const TestServer &server, const QString &login, QObject *parent)
{
    auto *client = new ChatClient(parent);
    client->setEndpoints({ server.url() });
    client->setPasswordCredentials(login, password);
    client->setBackoffPolicy(switchboard::BackoffPolicy(50, 400));
    return client;
}

bool has(const QList<AuditEntry> &entries, const QString &action, const QString &actor,
    const QString &target = {})
{
    return std::any_of(entries.cbegin(), entries.cend(), [&](const AuditEntry &entry) {
        return entry.action == action && entry.actor == actor
            && (target.isEmpty() || entry.target == target);
    });
}

// Reloads (or loads more) and waits for the page.
bool load(AuditLogWidget &viewer, bool more = false)
{
    QSignalSpy loaded(&viewer, &AuditLogWidget::pageLoaded);
    if ((more ? viewer.loadMore() : viewer.reload()).isEmpty())
        return false;
    return loaded.wait(10000) || loaded.count() > 0;
}

} // namespace

class tst_AuditViewer final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void recordedActionsFiltersPagingAndExport();
    void detailsReadAsWords();
};

void tst_AuditViewer::recordedActionsFiltersPagingAndExport()
{
    TestServer server;
    QVERIFY(server.addUser(u"sam"_s, u"supervisor"_s, {}, password, u"Sam Supervisor"_s));
    QVERIFY(server.addUser(u"alice"_s, u"agent"_s, { u"sales"_s }, password, u"Alice Martin"_s));
    QVERIFY(server.addUser(u"bob"_s, u"agent"_s, { u"sales"_s }, password, u"Bob Stone"_s));
    QVERIFY(server.start());

    // Sign-ins: Alice, then a wrong password for her and one for an account that does not exist.
    TestClient alice;
    QVERIFY(alice.open(server.url()));
    QVERIFY(!alice.helloStaff(u"alice"_s, password).isEmpty());
    for (const QString &login : { u"alice"_s, u"mallory"_s }) {
        TestClient failing;
        QVERIFY(failing.open(server.url()));
        failing.send({ { u"type"_s, u"hello"_s }, { u"v"_s, 1 }, { u"role"_s, u"agent"_s },
            { u"login"_s, login }, { u"password"_s, wrongPassword } });
        QCOMPARE(failing.take(u"error"_s)[u"code"_s].toString(), u"unauthenticated"_s);
    }
    // Ann's conversation goes to Alice, who transfers it to Bob, who closes it.
    TestClient ann;
    QVERIFY(ann.open(server.url()));
    const QString conversation
        = ann.helloCustomer(u"Ann"_s, {}, u"sales"_s)[u"conversation"_s][u"id"_s].toString();
    QVERIFY(!conversation.isEmpty());
    QCOMPARE(alice.take(u"assigned"_s)[u"conversation"_s][u"id"_s].toString(), conversation);
    QCOMPARE(ann.sendText(secretText, u"c1"_s)[u"type"_s].toString(), u"ack"_s);
    TestClient bob;
    QVERIFY(bob.open(server.url()));
    QVERIFY(!bob.helloStaff(u"bob"_s, password).isEmpty());
    alice.send({ { u"type"_s, u"transfer"_s }, { u"conversation"_s, conversation },
        { u"to_agent"_s, u"bob"_s } });
    QCOMPARE(bob.take(u"assigned"_s)[u"conversation"_s][u"id"_s].toString(), conversation);
    bob.send({ { u"type"_s, u"close"_s }, { u"conversation"_s, conversation } });
    QVERIFY(!ann.take(u"message"_s, 5000,
                    [](const QJsonObject &m) {
                        return m[u"text"_s].toString().startsWith(u"Closed"_s);
                    })
                 .isEmpty());

    // The supervisor's dashboard, on its audit page.
    QObject owner;
    ChatClient *client = staffClient(server, u"sam"_s, &owner);
    DashboardWidget dashboard(client);
    AuditLogWidget *viewer = dashboard.auditLog();
    QAbstractItemModelTester tester(viewer->entries());
    dashboard.resize(1400, 900);
    dashboard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dashboard));
    client->connectToServer();
    QTRY_COMPARE(client->state(), ChatClient::State::Online);
    QSignalSpy loaded(viewer, &AuditLogWidget::pageLoaded);
    dashboard.showPage(DashboardWidget::Page::AuditLog); // the first page loads when shown
    QTRY_VERIFY_WITH_TIMEOUT(loaded.count() >= 1 && !viewer->isLoading(), 10000);
    QVERIFY2(!viewer->statusText().contains(u"could not"_s), qPrintable(viewer->statusText()));

    const QList<AuditEntry> all = viewer->entries()->entries();
    QVERIFY(has(all, u"login"_s, u"alice"_s));
    QVERIFY(has(all, u"login"_s, u"bob"_s));
    QVERIFY(has(all, u"login"_s, u"sam"_s));
    QVERIFY(has(all, u"login_failed"_s, u"alice"_s)); // an existing account: its login
    QVERIFY(has(all, u"login_failed"_s, QString())); // an unknown one: nobody named
    QVERIFY(has(all, u"transfer"_s, u"alice"_s, conversation));
    QVERIFY(has(all, u"close"_s, u"bob"_s, conversation));
    for (qsizetype i = 1; i < all.size(); ++i) {
        QVERIFY(all.at(i).id < all.at(i - 1).id); // newest first
        QVERIFY(all.at(i).timestampMs <= all.at(i - 1).timestampMs);
    }
    for (const AuditEntry &entry : all) {
        const QByteArray json = QJsonDocument(entry.detail).toJson();
        QVERIFY2(!json.contains(password.toUtf8()) && !json.contains(wrongPassword.toUtf8())
                && !json.contains("4111") && !json.contains("mallory"),
            json.constData());
        QVERIFY(entry.timestampMs > 0);
    }
    // Shown in words: the action's label, who, and the failed sign-in with no account.
    const AuditTableModel &model = *viewer->entries();
    int transferRow = -1;
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.at(row).action == u"transfer")
            transferRow = row;
        if (model.at(row).action == u"login_failed" && model.at(row).actor.isEmpty()) {
            QCOMPARE(model.index(row, AuditTableModel::ActorColumn).data().toString(),
                u"(unknown account)"_s);
            QCOMPARE(model.index(row, AuditTableModel::ActionColumn).data().toString(),
                u"Sign-in failed"_s);
        }
    }
    QVERIFY(transferRow >= 0);
    QCOMPARE(
        model.index(transferRow, AuditTableModel::ActionColumn).data().toString(), u"Transfer"_s);
    viewer->selectRow(transferRow);
    const QString detail = viewer->detailText();
    QVERIFY2(detail.contains(u"Action: Transfer"_s), qPrintable(detail));
    QVERIFY2(detail.contains(u"Who: alice (agent)"_s), qPrintable(detail));
    QVERIFY2(detail.contains(u"Target: "_s + conversation), qPrintable(detail));

    // CSV of what is shown parses back to the entries.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString csvPath = dir.filePath(u"audit.csv"_s);
    QCOMPARE(viewer->exportCsv(csvPath), QString());
    QFile csv(csvPath);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QList<QStringList> records = readCsv(QString::fromUtf8(csv.readAll()));
    QCOMPARE(records.size(), all.size() + 1);
    QCOMPARE(records.first(),
        QStringList({ u"id"_s, u"ts"_s, u"actor"_s, u"actor_role"_s, u"action"_s, u"target"_s,
            u"detail"_s, u"address"_s }));
    // Conversation ids are random and may start with '-': the CSV writes such a cell behind a '
    // like any cell a spreadsheet would run as a formula (docs/history.md).
    const auto asCsvCell = [](const QString &text) {
        return text.startsWith(u'-') ? u"'"_s + text : text;
    };
    for (qsizetype i = 0; i < all.size(); ++i) {
        const QStringList &cells = records.at(i + 1);
        QCOMPARE(cells.size(), 8);
        QCOMPARE(cells.at(0).toLongLong(), all.at(i).id);
        QCOMPARE(switchboard::parseTimestamp(cells.at(1)).value_or(0), all.at(i).timestampMs);
        QCOMPARE(cells.at(2), all.at(i).actor);
        QCOMPARE(cells.at(3), all.at(i).actorRole);
        QCOMPARE(cells.at(4), all.at(i).action);
        QCOMPARE(cells.at(5), asCsvCell(all.at(i).target));
        QCOMPARE(QJsonDocument::fromJson(cells.at(6).toUtf8()).object(), all.at(i).detail);
        QCOMPARE(cells.at(7), all.at(i).address);
    }
    QVERIFY(!viewer->exportCsv(dir.filePath(u"missing/audit.csv"_s)).isEmpty());

    // Filters: one account; one action; a range with nothing in it.
    viewer->setActorFilter(u"alice"_s);
    QVERIFY(load(*viewer));
    const QList<AuditEntry> alices = model.entries();
    QVERIFY(has(alices, u"login"_s, u"alice"_s));
    QVERIFY(has(alices, u"login_failed"_s, u"alice"_s));
    QVERIFY(has(alices, u"transfer"_s, u"alice"_s));
    for (const AuditEntry &entry : alices)
        QCOMPARE(entry.actor, u"alice"_s);
    viewer->setActorFilter({});
    viewer->setActionFilter(u"login_failed"_s);
    QVERIFY(load(*viewer));
    QCOMPARE(model.rowCount(), 2);
    for (const AuditEntry &entry : model.entries())
        QCOMPARE(entry.action, u"login_failed"_s);
    viewer->setActionFilter({});
    viewer->rangePicker()->setCustomRange(QDate(2001, 1, 1), QDate(2001, 1, 31));
    QTRY_VERIFY_WITH_TIMEOUT(!viewer->isLoading(), 10000); // the range change reloads by itself
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(viewer->statusText(), u"No entries match these filters."_s);
    viewer->rangePicker()->setCustomRange(
        QDate::currentDate().addDays(-1), QDate::currentDate().addDays(1));
    QTRY_VERIFY_WITH_TIMEOUT(!viewer->isLoading() && model.rowCount() > 0, 10000);
    QCOMPARE(model.rowCount(), all.size());

    // Paging: two at a time, "More" until the end, the same entries in the same order.
    viewer->setPageSize(2);
    QVERIFY(load(*viewer));
    QCOMPARE(model.rowCount(), 2);
    QVERIFY(viewer->hasMore());
    int pages = 1;
    while (viewer->hasMore() && pages < 50) {
        QVERIFY(load(*viewer, true));
        ++pages;
    }
    QVERIFY(!viewer->hasMore());
    QCOMPARE(pages, int((all.size() + 1) / 2));
    QCOMPARE(model.rowCount(), all.size());
    for (qsizetype i = 0; i < all.size(); ++i)
        QCOMPARE(model.at(int(i)).id, all.at(i).id);
    QVERIFY(viewer->statusText().contains(u"that is all"_s));

    // An agent is refused.
    ChatClient *agentClient = staffClient(server, u"alice"_s, &owner);
    AuditLogWidget agentViewer(agentClient);
    agentClient->connectToServer();
    QTRY_COMPARE(agentClient->state(), ChatClient::State::Online);
    QVERIFY(load(agentViewer));
    QCOMPARE(agentViewer.statusText(), u"The audit log is for supervisors."_s);
    QCOMPARE(agentViewer.entries()->rowCount(), 0);
}

void tst_AuditViewer::detailsReadAsWords()
{
    const QJsonObject detail { { u"to_team"_s, u"billing"_s }, { u"rows"_s, 12 },
        { u"redacted"_s, true }, { u"formats"_s, QJsonArray { u"csv"_s, u"jsonl"_s } } };
    QCOMPARE(AuditTableModel::describeDetail(detail),
        u"formats: csv, jsonl; redacted: yes; rows: 12; to team: billing"_s);
    QCOMPARE(AuditTableModel::describeDetail({}), QString());
    QCOMPARE(AuditTableModel::actions().size(), 13);
    for (const QString &action : AuditTableModel::actions())
        QVERIFY2(AuditTableModel::actionLabel(action) != action, qPrintable(action));
    QCOMPARE(AuditTableModel::actionLabel(u"something_new"_s), u"something_new"_s);
}

QTEST_MAIN(tst_AuditViewer)
#include "tst_auditviewer.moc"
