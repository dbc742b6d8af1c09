// Missed and idle chats (issue 24): a queued conversation whose visitor left unanswered is
// closed as missed, an assigned one without a message for idle-close-hours as idle; each with
// its system event, webhook, metric and report counts, and the returning visitor's view. The
// settings are fractions of a minute or an hour, so the clocks run in seconds.
#include "testclient.h"
#include "testserver.h"
#include "webhooksink.h"

#include <QDate>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <switchboard/timeformat.h>

using namespace Qt::StringLiterals;
using namespace switchboard;
using namespace switchboard::server;

namespace {

const QString password = u"correct horse battery"_s;

QJsonObject rowWith(const QJsonArray &rows, const QString &key, const QString &value)
{
    for (const QJsonValue &row : rows) {
        if (row.toObject().value(key).toString() == value)
            return row.toObject();
    }
    return {};
}

bool isClosedFrame(const QJsonObject &frame, const QString &conversation)
{
    const QJsonObject view = frame.value(u"conversation"_s).toObject();
    return view.value(u"id"_s).toString() == conversation
        && view.value(u"state"_s).toString() == u"closed"_s;
}

} // namespace

class tst_MissedChats final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // Ann writes and leaves with nobody online: her chat closes as missed. Bo, who wrote too
    // but stays connected, keeps waiting.
    void missedWhenTheVisitorLeavesUnanswered()
    {
        WebhookSink hooks;
        QVERIFY(hooks.listen());
        TestServer server([&hooks](ServerConfig &config) {
            config.missedAfterMinutes = 0.03; // 1.8 s
            config.idleCloseHours = 0;
            config.graceSeconds = 3600; // the empty-conversation rule stays out of the way
            config.webhookUrls = { hooks.url() };
            config.webhookSecret = "missed-chats-secret";
        });
        QVERIFY(server.addUser(u"sup"_s, u"supervisor"_s, {}, password));
        QVERIFY(server.addUser(u"alice"_s, u"agent"_s, { u"sales"_s }, password));
        QVERIFY(server.start());

        TestClient supervisor;
        QVERIFY(supervisor.open(server.url()));
        QVERIFY(!supervisor.helloStaff(u"sup"_s, password, u"supervisor"_s).isEmpty());

        TestClient ann;
        QVERIFY(ann.open(server.url()));
        const QJsonObject annWelcome = ann.helloCustomer(u"Ann"_s, {}, u"sales"_s);
        const QString token = annWelcome.value(u"token"_s).toString();
        const QString missedId = annWelcome[u"conversation"_s][u"id"_s].toString();
        QVERIFY(!missedId.isEmpty());
        QCOMPARE(
            ann.sendText(u"hello? anyone there"_s, u"a1"_s).value(u"type"_s).toString(), u"ack"_s);
        TestClient bo;
        QVERIFY(bo.open(server.url()));
        const QString boId
            = bo.helloCustomer(u"Bo"_s, {}, u"sales"_s)[u"conversation"_s][u"id"_s].toString();
        QCOMPARE(bo.sendText(u"still here"_s, u"b1"_s).value(u"type"_s).toString(), u"ack"_s);
        ann.close();
        QVERIFY(ann.waitClosed());

        // Staff see it leave the queue as closed, with the reason.
        const QJsonObject closed = supervisor.take(u"conversation"_s, 15000,
            [&](const QJsonObject &frame) { return isClosedFrame(frame, missedId); });
        QVERIFY2(!closed.isEmpty(), "the missed chat was not closed");
        QCOMPARE(closed[u"conversation"_s][u"closed_reason"_s].toString(), u"missed"_s);

        // Bo is still there and still queued, well past the setting.
        QTest::qWait(2500);
        for (const QJsonObject &frame : supervisor.all(u"conversation"_s))
            QVERIFY2(!isClosedFrame(frame, boId), "a connected visitor's chat was closed");
        QCOMPARE(bo.sendText(u"hello again"_s, u"b2"_s).value(u"type"_s).toString(), u"ack"_s);

        // The webhook, the metric.
        QTRY_VERIFY_WITH_TIMEOUT(!hooks.find(u"conversation.closed"_s, missedId).isEmpty(), 15000);
        QCOMPARE(hooks.find(u"conversation.closed"_s, missedId).value(u"reason"_s).toString(),
            u"missed"_s);
        QCOMPARE(
            metric(server.port(), "switchboard_conversations_auto_closed_total{reason=\"missed\"}"),
            1.0);
        QCOMPARE(
            metric(server.port(), "switchboard_conversations_auto_closed_total{reason=\"idle\"}"),
            0.0);

        // Reports count it for its team and its day.
        const QDate today = QDateTime::currentDateTimeUtc().date();
        supervisor.send({ { u"type"_s, u"reports"_s }, { u"request"_s, u"r1"_s },
            { u"from"_s, formatTimestamp(today.startOfDay(Qt::UTC).toMSecsSinceEpoch()) },
            { u"to"_s,
                formatTimestamp(today.addDays(1).startOfDay(Qt::UTC).toMSecsSinceEpoch()) } });
        const QJsonObject report = supervisor.take(u"reports"_s, 10000);
        QCOMPARE(report[u"summary"_s][u"missed"_s].toInt(), 1);
        QCOMPARE(report[u"summary"_s][u"conversations"_s].toInt(), 2);
        const QJsonObject sales = rowWith(report[u"by_team"_s].toArray(), u"team"_s, u"sales"_s);
        QCOMPARE(sales.value(u"missed"_s).toInt(), 1);
        QCOMPARE(sales.value(u"closed"_s).toInt(), 1);
        const QJsonObject day
            = rowWith(report[u"by_day"_s].toArray(), u"day"_s, today.toString(Qt::ISODate));
        QCOMPARE(day.value(u"missed"_s).toInt(), 1);

        // Search still finds it: history keeps the conversation.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                supervisor.send({ { u"type"_s, u"search"_s }, { u"request"_s, u"s1"_s },
                    { u"text"_s, u"anyone"_s }, { u"state"_s, u"closed"_s } });
                const QJsonObject found = supervisor.take(u"search_results"_s, 5000);
                const QJsonArray hits = found.value(u"hits"_s).toArray();
                return !hits.isEmpty() && hits.first()[u"conversation"_s].toString() == missedId;
            }(),
            10000);

        // Ann comes back with her token: she sees how the last chat ended, and a new one is
        // open for her.
        TestClient back;
        QVERIFY(back.open(server.url()));
        const QJsonObject welcome = back.helloCustomer(u"Ann"_s, token);
        QCOMPARE(welcome[u"previous"_s][u"id"_s].toString(), missedId);
        QCOMPARE(welcome[u"previous"_s][u"state"_s].toString(), u"closed"_s);
        QCOMPARE(welcome[u"previous"_s][u"closed_reason"_s].toString(), u"missed"_s);
        const QString fresh = welcome[u"conversation"_s][u"id"_s].toString();
        QVERIFY(!fresh.isEmpty() && fresh != missedId);
        QCOMPARE(welcome[u"conversation"_s][u"state"_s].toString(), u"queued"_s);
        back.send({ { u"type"_s, u"history"_s }, { u"conversation"_s, missedId } });
        const QJsonArray old = back.take(u"history"_s)[u"messages"_s].toArray();
        QCOMPARE(old.size(), 2);
        QCOMPARE(old.at(0)[u"text"_s].toString(), u"hello? anyone there"_s);
        QCOMPARE(old.at(1)[u"from"_s][u"role"_s].toString(), u"system"_s);
        QVERIFY2(old.at(1)[u"text"_s].toString().contains(u"missed"_s),
            qPrintable(old.at(1)[u"text"_s].toString()));
        QCOMPARE(
            back.sendText(u"trying again"_s, u"a2"_s, fresh).value(u"type"_s).toString(), u"ack"_s);
    }

    // An assigned conversation where nobody writes closes as idle, for both sides.
    void idleWhenNobodyWrites()
    {
        TestServer server([](ServerConfig &config) {
            config.missedAfterMinutes = 0;
            config.idleCloseHours = 0.0008; // 2.9 s
        });
        QVERIFY(server.addUser(u"alice"_s, u"agent"_s, { u"sales"_s }, password));
        QVERIFY(server.start());

        TestClient alice;
        QVERIFY(alice.open(server.url()));
        QVERIFY(!alice.helloStaff(u"alice"_s, password).isEmpty());
        TestClient cy;
        QVERIFY(cy.open(server.url()));
        const QString id
            = cy.helloCustomer(u"Cy"_s, {}, u"sales"_s)[u"conversation"_s][u"id"_s].toString();
        QVERIFY(!alice.take(u"assigned"_s, 5000).isEmpty());
        QCOMPARE(cy.sendText(u"one question"_s, u"c1"_s).value(u"type"_s).toString(), u"ack"_s);

        // Each message restarts the clock: writing every second keeps it open.
        for (int i = 0; i < 4; ++i) {
            QTest::qWait(1000);
            QCOMPARE(cy.sendText(u"still typing"_s, u"c-%1"_s.arg(i)).value(u"type"_s).toString(),
                u"ack"_s);
        }
        const auto closedFor = [&](TestClient &client) {
            return client.take(u"conversation"_s, 15000,
                [&](const QJsonObject &frame) { return isClosedFrame(frame, id); });
        };
        QVERIFY(cy.all(u"conversation"_s).isEmpty()
            || !isClosedFrame(cy.all(u"conversation"_s).last(), id));

        // Then silence.
        const QJsonObject toCustomer = closedFor(cy);
        QVERIFY2(!toCustomer.isEmpty(), "the idle chat was not closed");
        QCOMPARE(toCustomer[u"conversation"_s][u"closed_reason"_s].toString(), u"idle"_s);
        const QJsonObject toAgent = closedFor(alice);
        QCOMPARE(toAgent[u"conversation"_s][u"closed_reason"_s].toString(), u"idle"_s);
        QCOMPARE(
            metric(server.port(), "switchboard_conversations_auto_closed_total{reason=\"idle\"}"),
            1.0);
        QCOMPARE(
            metric(server.port(), "switchboard_conversations_auto_closed_total{reason=\"missed\"}"),
            0.0);
        // Writing to it now is refused: it is closed.
        QCOMPARE(cy.sendText(u"hello?"_s, u"c9"_s).value(u"code"_s).toString(), u"forbidden"_s);
    }
};

QTEST_GUILESS_MAIN(tst_MissedChats)
#include "tst_missedchats.moc"
