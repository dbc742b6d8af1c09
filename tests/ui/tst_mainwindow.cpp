// The console window on the offscreen platform against a real in-process server and a
// simulated customer: sign in, receive the assigned conversation, reply from the composer
// (Enter sends, Shift+Enter breaks the line), write a note, survive a server restart with
// text typed meanwhile arriving once, transfer, close; and a screenshot for the README.
#include "windowparts.h"

#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QListView>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTabBar>
#include <QTest>
#include <client/chatclient.h>
#include <models/cannedreplymodel.h>
#include <models/conversationfiltermodel.h>
#include <models/conversationlistmodel.h>
#include <models/transcriptmodel.h>
#include <screenshot.h>
#include <store/sqlitestore.h>
#include <switchboard/timeformat.h>
#include <testclient.h>
#include <testserver.h>
#include <widgets/composeredit.h>
#include <widgets/mainwindow.h>

using namespace Qt::StringLiterals;
using namespace switchboard::ui;

namespace {

const QString password = u"correct horse 1"_s;

bool transcriptHas(const TranscriptModel *model, const QString &text, const QString &kind = {})
{
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row);
        if (index.data(TranscriptModel::TextRole).toString() == text
            && index.data(TranscriptModel::SeqRole).toLongLong() > 0
            && (kind.isEmpty() || index.data(TranscriptModel::KindRole).toString() == kind))
            return true;
    }
    return false;
}

void type(ComposerEdit *composer, const QString &text)
{
    QTest::keyClicks(composer, text);
    QTest::keyClick(composer, Qt::Key_Return);
}

QStringList customerTexts(TestClient &customer)
{
    QStringList texts;
    for (const QJsonObject &message : customer.all(u"message"_s))
        texts.append(message.value(u"text"_s).toString());
    return texts;
}

} // namespace

class tst_MainWindow final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void agentWorkflow();
    void pagesOlderHistoryWhenScrolledUp();
    void pagesTheQueueInWhenScrolledDown();
};

void tst_MainWindow::agentWorkflow()
{
    TestServer server;
    QVERIFY(server.addUser(u"alice"_s, u"agent"_s, { u"sales"_s }, password, u"Alice Martin"_s));
    QVERIFY(server.addUser(u"bob"_s, u"agent"_s, { u"sales"_s }, password, u"Bob"_s));
    QVERIFY(server.start());

    ChatClient client;
    client.setEndpoints({ server.url() });
    client.setPasswordCredentials(u"alice"_s, password);
    client.setBackoffPolicy(switchboard::BackoffPolicy(50, 400));
    MainWindow window(&client);
    window.resize(1100, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ComposerEdit *composer = composerOf(&window);
    TranscriptModel *transcript = transcriptOf(&window);
    QVERIFY(connectionText(&window).contains(u"Offline"_s));
    client.connectToServer();
    QTRY_VERIFY(connectionText(&window).contains(u"Online"_s));
    QVERIFY(connectionText(&window).contains(u"Alice Martin"_s));

    // A customer arrives and is assigned to Alice: the list shows it and it opens.
    auto customer = std::make_unique<TestClient>();
    QVERIFY(customer->open(server.url()));
    const QJsonObject welcome = customer->helloCustomer(u"Ann Lee"_s);
    const QString token = welcome.value(u"token"_s).toString();
    const QString conversation
        = welcome.value(u"conversation"_s).toObject().value(u"id"_s).toString();
    QTRY_COMPARE(window.conversations()->rowCount(), 1);
    QTRY_COMPARE(shownConversation(&window), conversation);
    QCOMPARE(window.findChild<QListView *>(u"conversationList"_s)->model()->rowCount(), 1);
    QCOMPARE(window.findChild<QListView *>(u"conversationList"_s)
                 ->model()
                 ->index(0, 0)
                 .data(ConversationListModel::CustomerNameRole)
                 .toString(),
        u"Ann Lee"_s);

    QCOMPARE(
        customer->sendText(u"Hi, my order #1042 has not arrived."_s, u"a-1"_s).value(u"type"_s),
        u"ack"_s);
    QTRY_VERIFY(transcriptHas(transcript, u"Hi, my order #1042 has not arrived."_s));
    auto *typingLabel = window.findChild<QLabel *>(u"typing"_s);
    QVERIFY(typingLabel);
    customer->send(QJsonObject {
        { u"type"_s, u"typing"_s }, { u"conversation"_s, conversation }, { u"active"_s, true } });
    QTRY_VERIFY(!typingLabel->text().isEmpty());
    customer->send(QJsonObject {
        { u"type"_s, u"typing"_s }, { u"conversation"_s, conversation }, { u"active"_s, false } });
    QTRY_VERIFY(typingLabel->text().isEmpty());

    // Reply from the composer: Enter sends, Shift+Enter is a new line.
    composer->setFocus();
    QTest::keyClicks(composer, u"Sorry about that!"_s);
    QTest::keyClick(composer, Qt::Key_Return, Qt::ShiftModifier);
    const QJsonObject typing = customer->take(u"typing"_s, 5000);
    QCOMPARE(typing.value(u"active"_s).toBool(), true); // typing shows on the customer's side
    type(composer, u"Let me check the tracking."_s);
    QVERIFY(composer->toPlainText().isEmpty());
    const QJsonObject reply = customer->take(u"message"_s, 5000, [](const QJsonObject &m) {
        return m.value(u"from"_s).toObject().value(u"role"_s).toString() == u"agent";
    });
    QCOMPARE(reply.value(u"text"_s).toString(), u"Sorry about that!\nLet me check the tracking."_s);
    QTRY_VERIFY(transcriptHas(transcript, u"Sorry about that!\nLet me check the tracking."_s));

    // A canned reply: "/shortcut" expands in the composer, Enter again sends it.
    window.cannedReplies()->setReplies({ { u"track"_s, u"Here is your tracking link."_s } });
    type(composer, u"/track"_s);
    QCOMPARE(composer->toPlainText(), u"Here is your tracking link."_s);
    QTest::keyClick(composer, Qt::Key_Return);
    QVERIFY(composer->toPlainText().isEmpty());
    QCOMPARE(customer
                 ->take(u"message"_s, 5000,
                     [](const QJsonObject &m) {
                         return m.value(u"from"_s).toObject().value(u"role"_s).toString()
                             == u"agent";
                     })
                 .value(u"text"_s)
                 .toString(),
        u"Here is your tracking link."_s);

    // A note: shown to staff, marked as a note, never sent to the customer.
    window.findChild<QCheckBox *>(u"noteToggle"_s)->setChecked(true);
    type(composer, u"Carrier lost it; offer a refund."_s);
    QTRY_VERIFY(transcriptHas(transcript, u"Carrier lost it; offer a refund."_s, u"note"_s));
    window.findChild<QCheckBox *>(u"noteToggle"_s)->setChecked(false);

    // The server restarts: the window says so; text typed meanwhile arrives exactly once.
    server.stop();
    QVERIFY(customer->waitClosed());
    QTRY_VERIFY(!connectionText(&window).contains(u"Online"_s));
    QVERIFY(connectionText(&window).contains(u"onnecting"_s));
    type(composer, u"It is on the truck now."_s);
    QCOMPARE(client.outboxSize(), 1);
    QVERIFY(server.restart());
    QTRY_VERIFY_WITH_TIMEOUT(connectionText(&window).contains(u"Online"_s), 10000);
    QTRY_COMPARE(client.outboxSize(), 0);
    QTRY_VERIFY(transcriptHas(transcript, u"It is on the truck now."_s));
    QCOMPARE(window.conversations()->rowCount(), 1);
    customer = std::make_unique<TestClient>();
    QVERIFY(customer->open(server.url()));
    QVERIFY(!customer->helloCustomer(u"Ann Lee"_s, token).isEmpty());
    customer->send(QJsonObject {
        { u"type"_s, u"sync"_s }, { u"conversation"_s, conversation }, { u"after_seq"_s, 0 } });
    QVERIFY(!customer->take(u"synced"_s).isEmpty());
    const QStringList texts = customerTexts(*customer);
    QCOMPARE(texts.count(u"It is on the truck now."_s), 1);
    QCOMPARE(texts.count(u"Sorry about that!\nLet me check the tracking."_s), 1);
    QCOMPARE(texts.count(u"Carrier lost it; offer a refund."_s), 0);
    int rows = 0;
    for (int row = 0; row < transcript->rowCount(); ++row) {
        if (transcript->index(row).data(TranscriptModel::TextRole) == u"It is on the truck now."_s)
            ++rows;
    }
    QCOMPARE(rows, 1);

    // The screenshot for the README: the window with this conversation.
    QCOMPARE(customer->sendText(u"Great, thank you!"_s, u"a-2"_s).value(u"type"_s), u"ack"_s);
    QTRY_VERIFY(transcriptHas(transcript, u"Great, thank you!"_s));
    // A second customer writes meanwhile: a row with an unread badge beside the open one.
    TestClient chen;
    QVERIFY(chen.open(server.url()));
    const QString chenConversation = chen.helloCustomer(u"Chen Wei"_s)
                                         .value(u"conversation"_s)
                                         .toObject()
                                         .value(u"id"_s)
                                         .toString();
    QTRY_COMPARE(window.conversations()->rowCount(), 2);
    QCOMPARE(chen.sendText(u"Do you ship to Canada?"_s, u"c-1"_s).value(u"type"_s), u"ack"_s);
    QTRY_COMPARE(window.conversations()->totalUnread(), 1);
    QCOMPARE(shownConversation(&window), conversation);
    QTest::qWait(200);
    QCOMPARE(saveScreenshot(window.grab().toImage(), u"console.png"_s), QString());

    client.closeConversation(chenConversation);
    QTRY_COMPARE(window.conversations()->rowCount(), 1);

    // Transfer to Bob: Alice's list lets go of it and Bob is assigned it.
    TestClient bob;
    QVERIFY(bob.open(server.url()));
    QVERIFY(!bob.helloStaff(u"bob"_s, password).isEmpty());
    window.transferCurrent(u"bob"_s);
    const QJsonObject assigned = bob.take(u"assigned"_s, 5000);
    QCOMPARE(assigned.value(u"conversation"_s).toObject().value(u"id"_s).toString(), conversation);
    QTRY_COMPARE(window.conversations()->rowCount(), 0);
    QTRY_VERIFY(shownConversation(&window).isEmpty());

    // A second customer goes to Alice (Bob is busier); she closes it with the action.
    TestClient ben;
    QVERIFY(ben.open(server.url()));
    const QString second
        = ben.helloCustomer(u"Ben"_s).value(u"conversation"_s).toObject().value(u"id"_s).toString();
    QTRY_COMPARE(shownConversation(&window), second);
    QAction *close = window.findChild<QAction *>(u"closeAction"_s);
    QVERIFY(close->isEnabled());
    close->trigger();
    QTRY_COMPARE(window.conversations()->rowCount(), 0);
    const QJsonObject closed = ben.take(u"conversation"_s, 5000, [](const QJsonObject &m) {
        return m.value(u"conversation"_s).toObject().value(u"state"_s).toString() == u"closed";
    });
    QVERIFY(!closed.isEmpty());
}

void tst_MainWindow::pagesOlderHistoryWhenScrolledUp()
{
    TestServer server;
    QVERIFY(server.addUser(u"alice"_s, u"agent"_s, {}, password, u"Alice"_s));
    QVERIFY(server.start());

    // 120 lines wait in the queue before any agent is there.
    TestClient customer;
    QVERIFY(customer.open(server.url()));
    const QString conversation = customer.helloCustomer(u"Dana"_s)
                                     .value(u"conversation"_s)
                                     .toObject()
                                     .value(u"id"_s)
                                     .toString();
    for (int i = 1; i <= 120; ++i) {
        QCOMPARE(
            customer.sendText(u"line %1"_s.arg(i), u"d-%1"_s.arg(i)).value(u"type"_s), u"ack"_s);
    }

    ChatClient client;
    client.setEndpoints({ server.url() });
    client.setPasswordCredentials(u"alice"_s, password);
    MainWindow window(&client);
    window.resize(900, 600);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    client.connectToServer();
    QTRY_COMPARE(shownConversation(&window), conversation);

    // The newest page only, ending with the newest line.
    TranscriptModel *transcript = transcriptOf(&window);
    QTRY_VERIFY(transcriptHas(transcript, u"line 120"_s));
    QTRY_VERIFY(transcript->rowCount() >= 50);
    QVERIFY(transcript->rowCount() < 100);
    QVERIFY(!transcriptHas(transcript, u"line 1"_s));
    QScrollBar *bar = transcriptViewOf(&window)->verticalScrollBar();
    // Laid out first (before that value and maximum are both 0), then at the newest message.
    QTRY_VERIFY(bar->maximum() > 0);
    QTRY_COMPARE(bar->value(), bar->maximum());

    // Scrolling to the top pages older lines in, one page at a time, until the first one.
    for (int page = 0; page < 5 && !transcriptHas(transcript, u"line 1"_s); ++page) {
        const int before = transcript->rowCount();
        transcriptViewOf(&window)->scrollToTop();
        QTRY_VERIFY(transcript->rowCount() > before);
    }
    QVERIFY(transcriptHas(transcript, u"line 1"_s));
    QCOMPARE(transcript->rowCount(), 121); // the assignment event and 120 lines
    QVERIFY(!transcript->hasMoreBefore());
}

// More queued than a welcome lists: the console shows the longest-waiting page and brings the
// rest in as the conversation list is scrolled to its end.
void tst_MainWindow::pagesTheQueueInWhenScrolledDown()
{
    using switchboard::protocol::welcomeQueueLimit;
    TestServer server;
    QVERIFY(server.addUser(u"sup"_s, u"supervisor"_s, {}, password, u"Sue"_s));
    const int queued = welcomeQueueLimit + 40;
    {
        switchboard::server::SqliteStore store(server.databasePath(), u"seed"_s);
        QVERIFY(store.open());
        switchboard::server::CustomerRecord ann;
        ann.name = u"Ann"_s;
        ann.createdMs = 1000;
        const auto customer = store.createCustomer(ann);
        QVERIFY(customer);
        QVERIFY(store.begin());
        for (int i = 0; i < queued; ++i)
            QVERIFY(store.createConversation(
                customer->id, {}, u"e"_s, switchboard::nowMs() - 100000 + i));
        QVERIFY(store.commit());
    }
    QVERIFY(server.start());

    ChatClient client;
    client.setEndpoints({ server.url() });
    client.setPasswordCredentials(u"sup"_s, password);
    MainWindow window(&client);
    window.resize(900, 600);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    client.connectToServer();
    QTRY_COMPARE(window.conversations()->rowCount(), welcomeQueueLimit);
    QVERIFY(client.hasMoreQueued());

    auto *list = window.findChild<QListView *>(u"conversationList"_s);
    QVERIFY(list);
    window.findChild<QTabBar *>(u"viewTabs"_s)->setCurrentIndex(1); // Queued
    QTRY_COMPARE(list->model()->rowCount(), welcomeQueueLimit);
    list->scrollToBottom();
    QTRY_COMPARE(window.conversations()->rowCount(), queued);
    QCOMPARE(list->model()->rowCount(), queued);
    QVERIFY(!client.hasMoreQueued());
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
