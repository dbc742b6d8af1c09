// Supervisors' reports (docs/protocol.md, "Reports") over the protocol against a real server,
// on seeded conversations whose figures were worked out by hand below.
#include "historyseed.h"
#include "testclient.h"
#include "testserver.h"

#include <QJsonArray>
#include <QTest>
#include <history/reportbuilder.h>
#include <switchboard/timeformat.h>

using namespace Qt::StringLiterals;
using namespace switchboard;
using namespace switchboard::server;
using namespace historyseed;

namespace {

const QString password = u"correct horse battery"_s;
const qint64 second = 1000;
const qint64 hour = 3600 * second;
const qint64 nov20 = 1795132800000; // 2026-11-20T00:00:00Z
const qint64 nov22 = nov20 + 48 * hour;

QJsonObject stat(int count, QJsonValue median, QJsonValue p90, QJsonValue mean)
{
    return { { u"count"_s, count }, { u"median"_s, median }, { u"p90"_s, p90 },
        { u"mean"_s, mean } };
}

} // namespace

class tst_Reports final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;

    QJsonObject report(TestClient &client, const QJsonObject &request)
    {
        client.send(request);
        return client.take(u"reports"_s, 10000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_server = std::make_unique<TestServer>(
            [](ServerConfig &config) { config.graceSeconds = 3600; });
        QVERIFY(m_server->addUser(u"sup"_s, u"supervisor"_s, {}, password));
        QVERIFY(m_server->addUser(u"alice"_s, u"agent"_s, { u"sales"_s }, password, u"Alice A"_s));
        QVERIFY(m_server->addUser(u"bob"_s, u"agent"_s, { u"billing"_s }, password, u"Bob B"_s));
        SqliteStore store(m_server->databasePath(), u"seed"_s);
        QVERIFY(store.open());
        const qint64 alice = (*store.findUserByLogin(u"alice"_s))->id;
        const qint64 bob = (*store.findUserByLogin(u"bob"_s))->id;
        const qint64 ann = addCustomer(store, u"Ann"_s, u"ann@example.com"_s, nov20);
        // Each: created, assigned after (queue wait), first staff text after (first response),
        // closed after (resolution), all counted from creation.
        // Each also rated by the customer (CSAT) when `rating` is 1 to 5.
        const auto add = [&](const QString &team, qint64 agent, qint64 created, qint64 wait,
                             qint64 response, qint64 resolution, int rating = 0) {
            Conversation c { ann, team, created, agent, agent ? created + wait : 0,
                resolution ? created + resolution : 0, {} };
            c.messages.append(customerSays(ann, u"Ann"_s, u"hello"_s, created + 1));
            if (response)
                c.messages.append(staffSays(agent, u"Agent"_s, u"hi"_s, created + response));
            const QString id = seed(store, c);
            if (id.isEmpty() || rating == 0)
                return !id.isEmpty();
            const auto rated = store.rateConversation({ id, ann, rating, u"comment"_s,
                created + resolution + 1, protocol::ratingChangeWindowMs });
            return rated && rated->result == RatingOutcome::Result::Stored;
        };
        QVERIFY(
            add(u"sales"_s, alice, nov20 + 10 * hour, 10 * second, 40 * second, 600 * second, 5));
        QVERIFY(
            add(u"sales"_s, alice, nov20 + 11 * hour, 20 * second, 60 * second, 1200 * second, 2));
        // 23:30 UTC: the next day an hour east of UTC.
        QVERIFY(add(u"billing"_s, bob, nov20 + 23 * hour + 1800 * second, 30 * second, 90 * second,
            300 * second, 4));
        QVERIFY(add(QString(), 0, nov20 + 25 * hour, 0, 0, 100 * second, 3)); // never assigned
        QVERIFY(add(u"sales"_s, alice, nov20 + 26 * hour, 5 * second, 20 * second, 0)); // open
        QVERIFY(
            add(u"sales"_s, alice, nov20 - hour, 1 * second, 2 * second, 3 * second, 1)); // before
        QVERIFY(add(u"sales"_s, bob, nov22, 7 * second, 8 * second, 9 * second, 1)); // at the end
        store.close();
        QVERIFY(m_server->start());
    }

    void cleanupTestCase() { m_server.reset(); }

    void figuresMatchTheHandComputedOnes()
    {
        TestClient client;
        QVERIFY(client.open(m_server->url()));
        QVERIFY(!client.helloStaff(u"sup"_s, password, u"supervisor"_s).isEmpty());
        const QJsonObject answer = report(client,
            { { u"type"_s, u"reports"_s }, { u"request"_s, u"r1"_s },
                { u"from"_s, formatTimestamp(nov20) }, { u"to"_s, formatTimestamp(nov22) } });
        QCOMPARE(answer.value(u"request"_s).toString(), u"r1"_s);
        QCOMPARE(answer.value(u"from"_s).toString(), formatTimestamp(nov20));
        QCOMPARE(answer.value(u"to"_s).toString(), formatTimestamp(nov22));

        const QJsonObject summary = answer.value(u"summary"_s).toObject();
        QCOMPARE(summary.value(u"conversations"_s).toInt(), 5);
        QCOMPARE(summary.value(u"closed"_s).toInt(), 4);
        // First response 40, 60, 90, 20; resolution 600, 1200, 300, 100; wait 10, 20, 30, 5.
        QCOMPARE(summary.value(u"first_response_s"_s).toObject(), stat(4, 50.0, 90.0, 52.5));
        QCOMPARE(summary.value(u"resolution_s"_s).toObject(), stat(4, 450.0, 1200.0, 550.0));
        QCOMPARE(summary.value(u"queue_wait_s"_s).toObject(), stat(4, 15.0, 30.0, 16.25));
        // Ratings 5, 2, 4 and 3 (the open one is not rated; those outside the range not
        // counted): mean 3.5, two of four are 4 or 5.
        QCOMPARE(summary.value(u"csat"_s).toObject(),
            QJsonObject({ { u"count"_s, 4 }, { u"mean"_s, 3.5 }, { u"satisfied_share"_s, 0.5 } }));

        const QJsonArray agents = answer.value(u"by_agent"_s).toArray();
        QCOMPARE(agents.size(), 2);
        QCOMPARE(agents.at(0).toObject(),
            QJsonObject({ { u"login"_s, u"alice"_s }, { u"name"_s, u"Alice A"_s },
                { u"conversations"_s, 3 }, { u"closed"_s, 2 },
                { u"first_response_s_median"_s, 40.0 }, { u"resolution_s_median"_s, 900.0 },
                { u"csat_count"_s, 2 }, { u"csat_mean"_s, 3.5 },
                { u"csat_satisfied_share"_s, 0.5 } }));
        QCOMPARE(agents.at(1).toObject(),
            QJsonObject(
                { { u"login"_s, u"bob"_s }, { u"name"_s, u"Bob B"_s }, { u"conversations"_s, 1 },
                    { u"closed"_s, 1 }, { u"first_response_s_median"_s, 90.0 },
                    { u"resolution_s_median"_s, 300.0 }, { u"csat_count"_s, 1 },
                    { u"csat_mean"_s, 4.0 }, { u"csat_satisfied_share"_s, 1.0 } }));

        const QJsonArray teams = answer.value(u"by_team"_s).toArray();
        QCOMPARE(teams.size(), 3);
        QCOMPARE(teams.at(0).toObject(),
            QJsonObject({ { u"team"_s, u""_s }, { u"conversations"_s, 1 }, { u"closed"_s, 1 },
                { u"missed"_s, 0 }, { u"idle"_s, 0 },
                { u"first_response_s_median"_s, QJsonValue::Null },
                { u"resolution_s_median"_s, 100.0 }, { u"queue_wait_s_median"_s, QJsonValue::Null },
                { u"csat_count"_s, 1 }, { u"csat_mean"_s, 3.0 },
                { u"csat_satisfied_share"_s, 0.0 } }));
        QCOMPARE(teams.at(1).toObject(),
            QJsonObject({ { u"team"_s, u"billing"_s }, { u"conversations"_s, 1 },
                { u"closed"_s, 1 }, { u"missed"_s, 0 }, { u"idle"_s, 0 },
                { u"first_response_s_median"_s, 90.0 }, { u"resolution_s_median"_s, 300.0 },
                { u"queue_wait_s_median"_s, 30.0 }, { u"csat_count"_s, 1 }, { u"csat_mean"_s, 4.0 },
                { u"csat_satisfied_share"_s, 1.0 } }));
        QCOMPARE(teams.at(2).toObject(),
            QJsonObject({ { u"team"_s, u"sales"_s }, { u"conversations"_s, 3 }, { u"closed"_s, 2 },
                { u"missed"_s, 0 }, { u"idle"_s, 0 }, { u"first_response_s_median"_s, 40.0 },
                { u"resolution_s_median"_s, 900.0 }, { u"queue_wait_s_median"_s, 10.0 },
                { u"csat_count"_s, 2 }, { u"csat_mean"_s, 3.5 },
                { u"csat_satisfied_share"_s, 0.5 } }));

        const QJsonArray days = answer.value(u"by_day"_s).toArray();
        QCOMPARE(days.size(), 2);
        QCOMPARE(days.at(0).toObject(),
            QJsonObject(
                { { u"day"_s, u"2026-11-20"_s }, { u"conversations"_s, 3 }, { u"closed"_s, 3 },
                    { u"missed"_s, 0 }, { u"idle"_s, 0 }, { u"first_response_s_median"_s, 60.0 },
                    { u"resolution_s_median"_s, 600.0 }, { u"queue_wait_s_median"_s, 20.0 },
                    { u"first_response_s_p90"_s, 90.0 }, { u"resolution_s_p90"_s, 1200.0 },
                    { u"queue_wait_s_p90"_s, 30.0 }, { u"csat_count"_s, 3 },
                    { u"csat_mean"_s, 3.667 }, { u"csat_satisfied_share"_s, 0.667 } }));
        QCOMPARE(days.at(1).toObject(),
            QJsonObject(
                { { u"day"_s, u"2026-11-21"_s }, { u"conversations"_s, 2 }, { u"closed"_s, 1 },
                    { u"missed"_s, 0 }, { u"idle"_s, 0 }, { u"first_response_s_median"_s, 20.0 },
                    { u"resolution_s_median"_s, 100.0 }, { u"queue_wait_s_median"_s, 5.0 },
                    { u"first_response_s_p90"_s, 20.0 }, { u"resolution_s_p90"_s, 100.0 },
                    { u"queue_wait_s_p90"_s, 5.0 }, { u"csat_count"_s, 1 }, { u"csat_mean"_s, 3.0 },
                    { u"csat_satisfied_share"_s, 0.0 } }));
    }

    void aUtcOffsetMovesAConversationToTheNextDay()
    {
        TestClient client;
        QVERIFY(client.open(m_server->url()));
        QVERIFY(!client.helloStaff(u"sup"_s, password, u"supervisor"_s).isEmpty());
        const QJsonObject answer = report(client,
            { { u"type"_s, u"reports"_s }, { u"from"_s, formatTimestamp(nov20) },
                { u"to"_s, formatTimestamp(nov22) }, { u"utc_offset_min"_s, 60 } });
        const QJsonArray days = answer.value(u"by_day"_s).toArray();
        QCOMPARE(days.size(), 2);
        QCOMPARE(days.at(0).toObject().value(u"day"_s).toString(), u"2026-11-20"_s);
        QCOMPARE(days.at(0).toObject().value(u"conversations"_s).toInt(), 2);
        QCOMPARE(days.at(0).toObject().value(u"first_response_s_median"_s).toDouble(), 50.0);
        QCOMPARE(days.at(0).toObject().value(u"resolution_s_median"_s).toDouble(), 900.0);
        QCOMPARE(days.at(0).toObject().value(u"queue_wait_s_median"_s).toDouble(), 15.0);
        QCOMPARE(days.at(1).toObject().value(u"day"_s).toString(), u"2026-11-21"_s);
        QCOMPARE(days.at(1).toObject().value(u"conversations"_s).toInt(), 3);
        QCOMPARE(days.at(1).toObject().value(u"closed"_s).toInt(), 2);
        QCOMPARE(days.at(1).toObject().value(u"first_response_s_median"_s).toDouble(), 55.0);
        QCOMPARE(days.at(1).toObject().value(u"resolution_s_median"_s).toDouble(), 200.0);
        QCOMPARE(days.at(1).toObject().value(u"queue_wait_s_median"_s).toDouble(), 17.5);
        // The offset moves days only, not the summary.
        QCOMPARE(answer.value(u"summary"_s).toObject().value(u"conversations"_s).toInt(), 5);
    }

    void anEmptyRangeHasNulls()
    {
        TestClient client;
        QVERIFY(client.open(m_server->url()));
        QVERIFY(!client.helloStaff(u"sup"_s, password, u"supervisor"_s).isEmpty());
        const QJsonObject answer = report(client,
            { { u"type"_s, u"reports"_s }, { u"from"_s, u"2020-01-01T00:00:00Z"_s },
                { u"to"_s, u"2020-02-01T00:00:00Z"_s } });
        const QJsonObject summary = answer.value(u"summary"_s).toObject();
        QCOMPARE(summary.value(u"conversations"_s).toInt(), 0);
        QCOMPARE(summary.value(u"closed"_s).toInt(), 0);
        for (const QString &figure :
            { u"first_response_s"_s, u"resolution_s"_s, u"queue_wait_s"_s })
            QCOMPARE(summary.value(figure).toObject(),
                stat(0, QJsonValue::Null, QJsonValue::Null, QJsonValue::Null));
        QCOMPARE(summary.value(u"csat"_s).toObject(),
            QJsonObject({ { u"count"_s, 0 }, { u"mean"_s, QJsonValue::Null },
                { u"satisfied_share"_s, QJsonValue::Null } }));
        QVERIFY(answer.value(u"by_agent"_s).toArray().isEmpty());
        QVERIFY(answer.value(u"by_team"_s).toArray().isEmpty());
        QVERIFY(answer.value(u"by_day"_s).toArray().isEmpty());
    }

    void anOpenRangeCountsEverything()
    {
        TestClient client;
        QVERIFY(client.open(m_server->url()));
        QVERIFY(!client.helloStaff(u"sup"_s, password, u"supervisor"_s).isEmpty());
        const QJsonObject answer = report(client, { { u"type"_s, u"reports"_s } });
        QCOMPARE(answer.value(u"summary"_s).toObject().value(u"conversations"_s).toInt(), 7);
        QVERIFY(answer.value(u"from"_s).isNull());
    }

    void onlySupervisorsGetReports()
    {
        TestClient client;
        QVERIFY(client.open(m_server->url()));
        QVERIFY(!client.helloStaff(u"alice"_s, password).isEmpty());
        client.send({ { u"type"_s, u"reports"_s }, { u"request"_s, u"r9"_s } });
        const QJsonObject error = client.take(u"error"_s);
        QCOMPARE(error.value(u"code"_s).toString(), u"forbidden"_s);
        QCOMPARE(error.value(u"ref"_s).toString(), u"r9"_s);
        QVERIFY(!client.receives(u"reports"_s, 300));
    }

    void statisticsOfSmallSets()
    {
        QVERIFY(ReportBuilder::median({}).isNull());
        QCOMPARE(ReportBuilder::median({ 3.0 }).toDouble(), 3.0);
        QCOMPARE(ReportBuilder::median({ 4.0, 1.0, 3.0, 2.0 }).toDouble(), 2.5);
        QCOMPARE(ReportBuilder::percentile90({ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }).toDouble(), 9.0);
        QCOMPARE(
            ReportBuilder::percentile90({ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 }).toDouble(), 10.0);
        QCOMPARE(ReportBuilder::percentile90({ 7.0 }).toDouble(), 7.0);
        QCOMPARE(ReportBuilder::mean({ 1.0, 2.0 }).toDouble(), 1.5);
        QVERIFY(ReportBuilder::mean({}).isNull());
    }
};

QTEST_GUILESS_MAIN(tst_Reports)
#include "tst_reports.moc"
