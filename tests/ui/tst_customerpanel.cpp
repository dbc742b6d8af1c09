// The customer panel's previous conversations against a real in-process server: a returning
// customer's earlier conversation (and nobody else's) is listed with its state, agent and
// message count, and opening it shows its transcript read-only, paged in with `history`.
#include "windowparts.h"

#include <QLabel>
#include <QListWidget>
#include <QTest>
#include <client/chatclient.h>
#include <models/transcriptmodel.h>
#include <screenshot.h>
#include <testclient.h>
#include <testserver.h>
#include <widgets/customerpanel.h>
#include <widgets/mainwindow.h>
#include <widgets/pasttranscriptdialog.h>

using namespace Qt::StringLiterals;
using namespace switchboard::ui;

namespace {

const QString password = u"correct horse 1"_s;

QString conversationOf(const QJsonObject &welcome)
{
    return welcome.value(u"conversation"_s).toObject().value(u"id"_s).toString();
}

bool transcriptHas(const TranscriptModel *model, const QString &text)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row).data(TranscriptModel::TextRole).toString() == text)
            return true;
    }
    return false;
}

// A visitor's first chat: one line, then the visitor closes it. Returns its token.
QString firstVisit(
    TestClient &customer, const QString &name, const QString &text, QString &conversation)
{
    const QJsonObject welcome = customer.helloCustomer(name);
    conversation = conversationOf(welcome);
    if (customer.sendText(text, u"first-1"_s).value(u"type"_s) != u"ack"_s)
        return {};
    customer.send(QJsonObject { { u"type"_s, u"close"_s } });
    const QJsonObject closed = customer.take(u"conversation"_s, 5000, [](const QJsonObject &f) {
        return f.value(u"conversation"_s)[u"state"_s].toString() == u"closed"_s;
    });
    return closed.isEmpty() ? QString() : welcome.value(u"token"_s).toString();
}

} // namespace

class tst_CustomerPanel final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void returningCustomerShowsEarlierConversation();
    void agentSeesTheCustomersRating();
};

void tst_CustomerPanel::returningCustomerShowsEarlierConversation()
{
    TestServer server;
    QVERIFY(server.addUser(u"alice"_s, u"agent"_s, {}, password, u"Alice Martin"_s));
    QVERIFY(server.start());

    // Ann and Ben each had a chat before any agent was there; Ann comes back.
    QString annFirst;
    QString benFirst;
    TestClient ben;
    QVERIFY(ben.open(server.url()));
    QVERIFY(!firstVisit(ben, u"Ben"_s, u"Ben asks about returns"_s, benFirst).isEmpty());
    TestClient ann;
    QVERIFY(ann.open(server.url()));
    const QString token
        = firstVisit(ann, u"Ann Lee"_s, u"Ann asks where order 1042 is"_s, annFirst);
    QVERIFY(!token.isEmpty());
    ann.close();
    TestClient annAgain;
    QVERIFY(annAgain.open(server.url()));
    const QString annNow = conversationOf(annAgain.helloCustomer(u"Ann Lee"_s, token));
    QVERIFY(!annNow.isEmpty());
    QVERIFY(annNow != annFirst);
    QCOMPARE(annAgain.sendText(u"It is me again"_s, u"again-1"_s).value(u"type"_s), u"ack"_s);

    ChatClient client;
    client.setEndpoints({ server.url() });
    client.setPasswordCredentials(u"alice"_s, password);
    MainWindow window(&client);
    window.resize(1100, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    client.connectToServer();
    QTRY_COMPARE(shownConversation(&window), annNow);

    auto *panel = window.findChild<CustomerPanel *>();
    QVERIFY(panel);
    auto *list = panel->findChild<QListWidget *>(u"previousConversations"_s);
    QVERIFY(list);
    QTRY_COMPARE(list->count(), 1);
    QCOMPARE(list->item(0)->data(Qt::UserRole).toString(), annFirst);
    QVERIFY2(list->item(0)->text().contains(u"closed"_s), qPrintable(list->item(0)->text()));
    QVERIFY2(list->item(0)->text().contains(u"1 message"_s), qPrintable(list->item(0)->text()));
    QCOMPARE(list->item(0)->toolTip(), u"Ann asks where order 1042 is"_s);
    QCOMPARE(panel->previousConversations().size(), 1);
    QCOMPARE(panel->previousConversations().constFirst().id, annFirst);
    QVERIFY(!panel->findChild<QLabel *>(u"previousConversationsStatus"_s)->isVisible());
    QVERIFY(list->isVisible());

    // Opening it shows the earlier transcript, read-only, in its own window.
    Q_EMIT list->itemActivated(list->item(0));
    PastTranscriptDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = window.findChild<PastTranscriptDialog *>()) != nullptr);
    QCOMPARE(dialog->conversation(), annFirst);
    QTRY_VERIFY(transcriptHas(dialog->transcript(), u"Ann asks where order 1042 is"_s));
    QVERIFY(!transcriptHas(dialog->transcript(), u"It is me again"_s));
    QVERIFY(!transcriptHas(dialog->transcript(), u"Ben asks about returns"_s));
    QVERIFY(!transcriptHas(transcriptOf(&window), u"Ann asks where order 1042 is"_s));
    QVERIFY(transcriptHas(transcriptOf(&window), u"It is me again"_s));
    dialog->close();

    // Ben's conversation is his own business: nothing of it reached Ann's panel.
    for (const PastConversation &past : panel->previousConversations())
        QVERIFY(past.id != benFirst);
}

// CSAT: the customer rates the conversation the agent just closed; the console shows the stars
// and the comment in the customer panel, and a replacement replaces them.
void tst_CustomerPanel::agentSeesTheCustomersRating()
{
    TestServer server;
    QVERIFY(server.addUser(u"alice"_s, u"agent"_s, {}, password, u"Alice Martin"_s));
    QVERIFY(server.start());
    TestClient cat;
    QVERIFY(cat.open(server.url()));
    const QString conversation = conversationOf(cat.helloCustomer(u"Cat Jones"_s));
    QVERIFY(!conversation.isEmpty());
    QCOMPARE(cat.sendText(u"My parcel arrived damaged"_s, u"cat-1"_s).value(u"type"_s), u"ack"_s);

    ChatClient client;
    client.setEndpoints({ server.url() });
    client.setPasswordCredentials(u"alice"_s, password);
    MainWindow window(&client);
    window.resize(1100, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    client.connectToServer();
    QTRY_COMPARE(shownConversation(&window), conversation);
    auto *panel = window.findChild<CustomerPanel *>();
    QVERIFY(panel);
    auto *rating = panel->findChild<QLabel *>(u"conversationRating"_s);
    QVERIFY(rating);
    QVERIFY(!rating->isVisible()); // nothing rated yet
    auto *name = panel->findChild<QLabel *>(u"customerName"_s);
    QVERIFY(name);

    client.closeConversation(conversation);
    QVERIFY(!cat.take(u"conversation"_s, 5000,
                    [](const QJsonObject &f) {
                        return f.value(u"conversation"_s)[u"state"_s].toString() == u"closed"_s;
                    })
                 .isEmpty());
    cat.send({ { u"type"_s, u"rate"_s }, { u"conversation"_s, conversation }, { u"rating"_s, 2 } });
    QCOMPARE(cat.take(u"rating"_s).value(u"rating"_s).toInt(), 2);
    QTRY_VERIFY(rating->isVisible());
    // The closed conversation stays on screen with its customer.
    QCOMPARE(panel->conversation(), conversation);
    QCOMPARE(name->text(), u"Cat Jones"_s);
    QCOMPARE(panel->findChild<QLabel *>(u"conversationState"_s)->text(), u"Closed"_s);
    QCOMPARE(rating->text(), u"★★☆☆☆ 2 of 5"_s);

    cat.send({ { u"type"_s, u"rate"_s }, { u"conversation"_s, conversation }, { u"rating"_s, 4 },
        { u"comment"_s, u"Sorted out a new one quickly"_s } });
    QTRY_COMPARE(rating->text(), u"★★★★☆ 4 of 5\n“Sorted out a new one quickly”"_s);
    QCOMPARE(panel->conversation(), conversation);
    const QString saved = saveScreenshot(window.grab().toImage(), u"console-rating.png"_s);
    QVERIFY2(saved.isEmpty(), qPrintable(saved));
}

QTEST_MAIN(tst_CustomerPanel)
#include "tst_customerpanel.moc"
