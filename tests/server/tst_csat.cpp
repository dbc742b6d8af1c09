// Customer satisfaction end to end against a real server (docs/protocol.md, "Rating a
// conversation"): a customer rates its closed conversation over a real WebSocket, replaces the
// rating, the agent receives it, the refusals say why, a real HTTP listener receives the
// `conversation.rated` webhook, and the supervisor's reports and CSV export count it. The
// change window closing (the rating becomes final) is held by the store conformance tests on
// SQLite and PostgreSQL, which control the clock.
#include "testclient.h"
#include "testserver.h"
#include "webhooksink.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>
#include <QTest>
#include <switchboard/protocol.h>

using namespace Qt::StringLiterals;
using namespace switchboard;
using namespace switchboard::server;

namespace {

const QString password = u"correct horse battery"_s;
// A comment no log line may carry.
const QString secretComment = u"the agent fixed my order 9917 thanks"_s;

QMutex logMutex;
QStringList logLines;
QtMessageHandler previousHandler = nullptr;

void recordLog(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        QMutexLocker lock(&logMutex);
        logLines.append(message);
    }
    if (previousHandler)
        previousHandler(type, context, message);
}

QJsonObject rate(const QString &conversation, int rating, const QString &comment = {})
{
    QJsonObject frame { { u"type"_s, u"rate"_s }, { u"conversation"_s, conversation },
        { u"rating"_s, rating } };
    if (!comment.isNull())
        frame.insert(u"comment"_s, comment);
    return frame;
}

QJsonObject rowWith(const QJsonArray &rows, const QString &key, const QString &value)
{
    for (const QJsonValue &row : rows) {
        if (row.toObject().value(key).toString() == value)
            return row.toObject();
    }
    return {};
}

} // namespace

class tst_Csat final : public QObject {
    Q_OBJECT

private:
    WebhookSink m_hooks;
    std::unique_ptr<TestServer> m_server;

    // Waits until the customer hears that its conversation closed.
    static bool seesClosed(TestClient &customer)
    {
        return !customer
                    .take(u"conversation"_s, 5000,
                        [](const QJsonObject &frame) {
                            return frame.value(u"conversation"_s)
                                       .toObject()
                                       .value(u"state"_s)
                                       .toString()
                                == u"closed"_s;
                        })
                    .isEmpty();
    }

    static QString errorCode(TestClient &client, const QJsonObject &frame)
    {
        client.send(frame);
        return client.take(u"error"_s).value(u"code"_s).toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        previousHandler = qInstallMessageHandler(recordLog);
        QVERIFY(m_hooks.listen());
        const QString hookUrl = m_hooks.url();
        m_server = std::make_unique<TestServer>([hookUrl](ServerConfig &config) {
            config.graceSeconds = 3600;
            config.webhookUrls = { hookUrl };
            config.webhookSecret = "csat-test-secret";
            config.webhookBackoffMs = 50;
        });
        QVERIFY(m_server->addUser(u"sup"_s, u"supervisor"_s, {}, password, u"Sue"_s));
        QVERIFY(m_server->addUser(u"alice"_s, u"agent"_s, { u"sales"_s }, password, u"Alice"_s));
        QVERIFY(m_server->start());
    }

    void cleanupTestCase()
    {
        m_server.reset();
        qInstallMessageHandler(previousHandler);
    }

    void customerRatesReplacesAndEveryoneHearsIt()
    {
        TestClient alice;
        QVERIFY(alice.open(m_server->url()));
        QVERIFY(!alice.helloStaff(u"alice"_s, password).isEmpty());
        TestClient ann;
        QVERIFY(ann.open(m_server->url()));
        const QString conversation = ann.helloCustomer(u"Ann"_s, {}, u"sales"_s)
                                         .value(u"conversation"_s)
                                         .toObject()
                                         .value(u"id"_s)
                                         .toString();
        QVERIFY(!conversation.isEmpty());
        QVERIFY(!alice.take(u"assigned"_s).isEmpty());
        QCOMPARE(
            ann.sendText(u"where is my order?"_s, u"k1"_s).value(u"type"_s).toString(), u"ack"_s);

        // Open: nothing to rate yet. Staff never rate.
        ann.send(rate(conversation, 5));
        const QJsonObject open = ann.take(u"error"_s);
        QCOMPARE(open.value(u"code"_s).toString(), u"conflict"_s);
        QVERIFY(open.value(u"message"_s).toString().contains(u"still open"_s));

        alice.send({ { u"type"_s, u"close"_s }, { u"conversation"_s, conversation } });
        QVERIFY(seesClosed(ann));
        QCOMPARE(errorCode(alice, rate(conversation, 5)), u"forbidden"_s);

        // Bad input: out of range, not a whole number, a comment over 1,000 characters.
        QCOMPARE(errorCode(ann, rate(conversation, 0)), u"bad_request"_s);
        QCOMPARE(errorCode(ann, rate(conversation, 6)), u"bad_request"_s);
        const QJsonObject tooLong = [&] {
            ann.send(rate(conversation, 4, QString(protocol::maxRatingCommentLength + 1, u'x')));
            return ann.take(u"error"_s);
        }();
        QCOMPARE(tooLong.value(u"code"_s).toString(), u"bad_request"_s);
        QVERIFY(tooLong.value(u"message"_s).toString().contains(u"comment"_s));
        QVERIFY(ann.isConnected());

        // The first rating: the customer's answer and the agent's copy.
        ann.send(rate(conversation, 2, u"slow"_s));
        const QJsonObject first = ann.take(u"rating"_s);
        QCOMPARE(first.value(u"conversation"_s).toString(), conversation);
        QCOMPARE(first.value(u"rating"_s).toInt(), 2);
        QCOMPARE(first.value(u"comment"_s).toString(), u"slow"_s);
        QVERIFY(!first.value(u"changeable_until"_s).toString().isEmpty());
        QCOMPARE(alice.take(u"rating"_s).value(u"rating"_s).toInt(), 2);

        // A second rating within the window replaces it; the window still counts from the first.
        ann.send(rate(conversation, 5, secretComment));
        const QJsonObject second = ann.take(u"rating"_s);
        QCOMPARE(second.value(u"rating"_s).toInt(), 5);
        QCOMPARE(second.value(u"changeable_until"_s), first.value(u"changeable_until"_s));
        const QJsonObject agentCopy = alice.take(u"rating"_s);
        QCOMPARE(agentCopy.value(u"rating"_s).toInt(), 5);
        QCOMPARE(agentCopy.value(u"comment"_s).toString(), secretComment);

        // Someone else's conversation, or none at all.
        TestClient bo;
        QVERIFY(bo.open(m_server->url()));
        QVERIFY(!bo.helloCustomer(u"Bo"_s, {}, u"sales"_s).isEmpty());
        QCOMPARE(errorCode(bo, rate(conversation, 1)), u"forbidden"_s);
        QCOMPARE(errorCode(bo, rate(u"no-such-conversation"_s, 1)), u"not_found"_s);

        // The webhook: one event per stored rating, the second marked as a replacement.
        QTRY_COMPARE_WITH_TIMEOUT(m_hooks.events(u"conversation.rated"_s).size(), 2, 10000);
        const QList<QJsonObject> events = m_hooks.events(u"conversation.rated"_s);
        QCOMPARE(events.at(0).value(u"conversation"_s).toString(), conversation);
        QCOMPARE(events.at(0).value(u"rating"_s).toInt(), 2);
        QCOMPARE(events.at(0).value(u"replaced"_s).toBool(), false);
        QCOMPARE(events.at(1).value(u"rating"_s).toInt(), 5);
        QCOMPARE(events.at(1).value(u"comment"_s).toString(), secretComment);
        QCOMPARE(events.at(1).value(u"agent"_s).toString(), u"alice"_s);
        QCOMPARE(events.at(1).value(u"team"_s).toString(), u"sales"_s);
        QCOMPARE(events.at(1).value(u"replaced"_s).toBool(), true);
        QVERIFY(!events.at(1).value(u"time"_s).toString().isEmpty());

        // Bo's conversation (sales, alice's too, left open) is not rated.
        bo.close();
        ann.close();
        alice.close();
    }

    // A conversation nobody was assigned counts under its team and day, not under an agent.
    void reportsAndExportCountRatings()
    {
        TestClient sup;
        QVERIFY(sup.open(m_server->url()));
        QVERIFY(!sup.helloStaff(u"sup"_s, password, u"supervisor"_s).isEmpty());
        // Nobody receives chats automatically while Cat visits: alice is signed out and the
        // supervisor does not receive chats.
        TestClient cat;
        QVERIFY(cat.open(m_server->url()));
        const QString unassigned = cat.helloCustomer(u"Cat"_s)
                                       .value(u"conversation"_s)
                                       .toObject()
                                       .value(u"id"_s)
                                       .toString();
        QVERIFY(!unassigned.isEmpty());
        QCOMPARE(cat.sendText(u"anyone?"_s, u"c1"_s).value(u"type"_s).toString(), u"ack"_s);
        cat.send({ { u"type"_s, u"close"_s } });
        QVERIFY(seesClosed(cat));
        cat.send(rate(unassigned, 3));
        QCOMPARE(cat.take(u"rating"_s).value(u"rating"_s).toInt(), 3);

        sup.send({ { u"type"_s, u"reports"_s }, { u"request"_s, u"r1"_s } });
        const QJsonObject report = sup.take(u"reports"_s, 10000);
        QVERIFY(!report.isEmpty());
        // Ratings 5 (alice, sales) and 3 (nobody, no team): mean 4, half of them 4 or 5.
        const QJsonObject csat = report.value(u"summary"_s).toObject().value(u"csat"_s).toObject();
        QCOMPARE(csat.value(u"count"_s).toInt(), 2);
        QCOMPARE(csat.value(u"mean"_s).toDouble(), 4.0);
        QCOMPARE(csat.value(u"satisfied_share"_s).toDouble(), 0.5);
        const QJsonArray agents = report.value(u"by_agent"_s).toArray();
        const QJsonObject alice = rowWith(agents, u"login"_s, u"alice"_s);
        QCOMPARE(alice.value(u"csat_count"_s).toInt(), 1);
        QCOMPARE(alice.value(u"csat_mean"_s).toDouble(), 5.0);
        QCOMPARE(alice.value(u"csat_satisfied_share"_s).toDouble(), 1.0);
        int ratedPerAgent = 0;
        for (const QJsonValue &row : agents)
            ratedPerAgent += row.toObject().value(u"csat_count"_s).toInt();
        QCOMPARE(ratedPerAgent, 1); // Cat's rating belongs to no agent
        const QJsonArray teams = report.value(u"by_team"_s).toArray();
        QCOMPARE(rowWith(teams, u"team"_s, u"sales"_s).value(u"csat_mean"_s).toDouble(), 5.0);
        const QJsonObject noTeam = rowWith(teams, u"team"_s, QString());
        QCOMPARE(noTeam.value(u"csat_count"_s).toInt(), 1);
        QCOMPARE(noTeam.value(u"csat_mean"_s).toDouble(), 3.0);
        QCOMPARE(noTeam.value(u"csat_satisfied_share"_s).toDouble(), 0.0);
        const QJsonArray days = report.value(u"by_day"_s).toArray();
        QCOMPARE(days.size(), 1);
        QCOMPARE(days.at(0).toObject().value(u"csat_count"_s).toInt(), 2);
        QCOMPARE(days.at(0).toObject().value(u"csat_satisfied_share"_s).toDouble(), 0.5);

        // The CSV export carries each conversation's rating and comment; unrated ones are empty.
        sup.send(
            { { u"type"_s, u"export"_s }, { u"request"_s, u"e1"_s }, { u"format"_s, u"csv"_s } });
        const QJsonObject chunk = sup.take(u"export_chunk"_s, 10000);
        QVERIFY(chunk.value(u"done"_s).toBool());
        const QStringList lines = chunk.value(u"data"_s).toString().split(u"\r\n"_s);
        QVERIFY(lines.first().endsWith(u",csat_rating,csat_comment"_s));
        int rated = 0;
        for (const QString &line : lines) {
            if (line.startsWith(unassigned) || line.startsWith(u"'"_s + unassigned)) {
                QVERIFY(line.endsWith(u",3,"_s));
                ++rated;
            } else if (line.endsWith(u",5,"_s + secretComment)) {
                ++rated;
            }
        }
        QCOMPARE(rated, 2);
    }

    // Logs never carry a rating's comment (docs/protocol.md, "Error messages").
    void commentsStayOutOfLogs()
    {
        QMutexLocker lock(&logMutex);
        QVERIFY(!logLines.isEmpty());
        for (const QString &line : std::as_const(logLines))
            QVERIFY2(!line.contains(secretComment), qPrintable(line));
    }
};

QTEST_MAIN(tst_Csat)
#include "tst_csat.moc"
