// Routing over real sockets: the modes, capacity, teams, transfer, close and status.
#include <QJsonArray>
#include <QTest>
#include <testclient.h>
#include <testserver.h>

using namespace Qt::StringLiterals;
using switchboard::protocol::RoutingMode;
using switchboard::server::ServerConfig;

namespace {
const QString password = u"agent-password-1"_s;

bool isState(const QJsonObject &m, const QString &state)
{
    return m[u"conversation"_s][u"state"_s].toString() == state;
}
} // namespace

class RoutingFlowTest final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;
    std::vector<std::unique_ptr<TestClient>> m_clients;

    void startServer(RoutingMode mode, int capacity = 5, int graceSeconds = 60)
    {
        m_server = std::make_unique<TestServer>([=](ServerConfig &config) {
            config.routing = mode;
            config.agentCapacity = capacity;
            config.graceSeconds = graceSeconds;
        });
        QVERIFY(m_server->addUser(u"alice"_s, u"agent"_s, { u"sales"_s }, password, u"Alice"_s));
        QVERIFY(m_server->addUser(
            u"bob"_s, u"agent"_s, { u"sales"_s, u"billing"_s }, password, u"Bob"_s));
        QVERIFY(m_server->addUser(u"sam"_s, u"supervisor"_s, {}, password, u"Sam"_s));
        QVERIFY(m_server->start());
    }

    TestClient *staff(const QString &login, const QString &role = u"agent"_s)
    {
        auto client = std::make_unique<TestClient>();
        if (!client->open(m_server->url()) || client->helloStaff(login, password, role).isEmpty())
            return nullptr;
        m_clients.push_back(std::move(client));
        return m_clients.back().get();
    }

    TestClient *customer(const QString &name, QString *conversationId, const QString &team = {})
    {
        auto client = std::make_unique<TestClient>();
        if (!client->open(m_server->url()))
            return nullptr;
        const QJsonObject welcome = client->helloCustomer(name, {}, team);
        *conversationId = welcome[u"conversation"_s][u"id"_s].toString();
        m_clients.push_back(std::move(client));
        return m_clients.back().get();
    }

private Q_SLOTS:
    void cleanup()
    {
        m_clients.clear();
        m_server.reset();
    }

    void leastLoadedSpreadsEvenly()
    {
        startServer(RoutingMode::LeastLoaded);
        TestClient *alice = staff(u"alice"_s);
        TestClient *bob = staff(u"bob"_s);
        QVERIFY(alice && bob);
        QString id;
        for (int i = 0; i < 4; ++i)
            QVERIFY(customer(u"C%1"_s.arg(i), &id));
        QTRY_COMPARE(alice->all(u"assigned"_s).size() + bob->all(u"assigned"_s).size(), 4);
        QCOMPARE(alice->all(u"assigned"_s).size(), 2);
        QCOMPARE(bob->all(u"assigned"_s).size(), 2);
        QSet<QString> ids;
        for (TestClient *agent : { alice, bob }) {
            for (const QJsonObject &m : agent->all(u"assigned"_s))
                ids.insert(m[u"conversation"_s][u"id"_s].toString());
        }
        QCOMPARE(ids.size(), 4); // never one conversation twice
    }

    void roundRobinAlternates()
    {
        startServer(RoutingMode::RoundRobin);
        TestClient *alice = staff(u"alice"_s);
        TestClient *bob = staff(u"bob"_s);
        QString id;
        QVERIFY(customer(u"C1"_s, &id));
        QTRY_COMPARE(alice->all(u"assigned"_s).size() + bob->all(u"assigned"_s).size(), 1);
        const bool aliceFirst = alice->all(u"assigned"_s).size() == 1;
        QVERIFY(customer(u"C2"_s, &id));
        QTRY_COMPARE(alice->all(u"assigned"_s).size() + bob->all(u"assigned"_s).size(), 2);
        QCOMPARE(alice->all(u"assigned"_s).size(), 1);
        QVERIFY(customer(u"C3"_s, &id));
        QTRY_COMPARE(alice->all(u"assigned"_s).size() + bob->all(u"assigned"_s).size(), 3);
        QCOMPARE(alice->all(u"assigned"_s).size(), aliceFirst ? 2 : 1);
    }

    void manualModeWaitsForAccept()
    {
        startServer(RoutingMode::Manual);
        TestClient *alice = staff(u"alice"_s);
        QString id;
        TestClient *ann = customer(u"Ann"_s, &id);
        // Agents learn of the queued conversation but nobody is assigned.
        const QJsonObject queued = alice->take(
            u"conversation"_s, 5000, [](const auto &m) { return isState(m, u"queued"_s); });
        QCOMPARE(queued[u"conversation"_s][u"id"_s].toString(), id);
        QCOMPARE(queued[u"conversation"_s][u"queue_position"_s].toInt(), 1);
        QVERIFY(!alice->receives(u"assigned"_s, 300));
        alice->send({ { u"type"_s, u"accept"_s }, { u"conversation"_s, id } });
        QCOMPARE(alice->take(u"assigned"_s)[u"conversation"_s][u"id"_s].toString(), id);
        QVERIFY(!ann->take(u"conversation"_s, 5000,
                        [](const auto &m) { return isState(m, u"assigned"_s); })
                     .isEmpty());
        // Taken conversations cannot be accepted again.
        TestClient *bob = staff(u"bob"_s);
        bob->send({ { u"type"_s, u"accept"_s }, { u"conversation"_s, id } });
        QCOMPARE(bob->take(u"error"_s)[u"code"_s].toString(), u"forbidden"_s);
    }

    void capacityHoldsTheQueue()
    {
        startServer(RoutingMode::LeastLoaded, 1);
        TestClient *alice = staff(u"alice"_s);
        QString first, second;
        TestClient *ann = customer(u"Ann"_s, &first);
        TestClient *ben = customer(u"Ben"_s, &second);
        QTRY_COMPARE(alice->all(u"assigned"_s).size(), 1);
        QTest::qWait(300); // capacity 1: the second conversation must stay queued
        QCOMPARE(alice->all(u"assigned"_s).size(), 1);
        QCOMPARE(ben->take(u"conversation"_s, 2000,
                        [](const auto &m) { return isState(m, u"queued"_s); })
                     .isEmpty(),
            false);
        alice->send({ { u"type"_s, u"close"_s }, { u"conversation"_s, first } });
        QVERIFY(!ann->take(u"conversation"_s, 5000,
                        [](const auto &m) { return isState(m, u"closed"_s); })
                     .isEmpty());
        QTRY_COMPARE(alice->all(u"assigned"_s).size(), 2);
        QCOMPARE(alice->all(u"assigned"_s).last()[u"conversation"_s][u"id"_s].toString(), second);
    }

    void teamsRouteToMembers()
    {
        startServer(RoutingMode::LeastLoaded);
        TestClient *alice = staff(u"alice"_s);
        TestClient *bob = staff(u"bob"_s);
        QString id;
        for (int i = 0; i < 3; ++i)
            QVERIFY(customer(u"B%1"_s.arg(i), &id, u"billing"_s));
        QTRY_COMPARE(bob->all(u"assigned"_s).size(), 3);
        QVERIFY(!alice->receives(u"assigned"_s, 200));
    }

    void statusAwayPausesAssignment()
    {
        startServer(RoutingMode::LeastLoaded);
        TestClient *alice = staff(u"alice"_s);
        alice->send({ { u"type"_s, u"status"_s }, { u"state"_s, u"away"_s } });
        QCOMPARE(alice->take(u"status"_s)[u"state"_s].toString(), u"away"_s);
        QString id;
        QVERIFY(customer(u"Ann"_s, &id));
        QVERIFY(!alice->receives(u"assigned"_s, 400));
        alice->send({ { u"type"_s, u"status"_s }, { u"state"_s, u"available"_s } });
        QCOMPARE(alice->take(u"assigned"_s)[u"conversation"_s][u"id"_s].toString(), id);
    }

    void transferToAgentAndTeam()
    {
        startServer(RoutingMode::LeastLoaded);
        TestClient *alice = staff(u"alice"_s);
        QString id;
        TestClient *ann = customer(u"Ann"_s, &id);
        QVERIFY(!alice->take(u"assigned"_s).isEmpty());
        TestClient *bob = staff(u"bob"_s);
        alice->send({ { u"type"_s, u"transfer"_s }, { u"conversation"_s, id },
            { u"to_agent"_s, u"bob"_s } });
        const QJsonObject unassigned = alice->take(u"unassigned"_s);
        QCOMPARE(unassigned[u"conversation"_s].toString(), id);
        QCOMPARE(unassigned[u"reason"_s].toString(), u"transferred"_s);
        QCOMPARE(bob->take(u"assigned"_s)[u"conversation"_s][u"id"_s].toString(), id);
        QCOMPARE(ann->take(u"conversation"_s, 5000,
                        [](const auto &m) {
                            return m[u"conversation"_s][u"agent"_s][u"name"_s].toString()
                                == u"Bob"_s;
                        })[u"conversation"_s][u"state"_s]
                     .toString(),
            u"assigned"_s);
        // Alice no longer may write there.
        QCOMPARE(
            alice->sendText(u"still here?"_s, u"x1"_s, id)[u"code"_s].toString(), u"forbidden"_s);
        // Unknown targets.
        bob->send({ { u"type"_s, u"transfer"_s }, { u"conversation"_s, id },
            { u"to_agent"_s, u"nobody"_s } });
        QCOMPARE(bob->take(u"error"_s)[u"code"_s].toString(), u"not_found"_s);
        bob->send({ { u"type"_s, u"transfer"_s }, { u"conversation"_s, id },
            { u"to_team"_s, u"nowhere"_s } });
        QCOMPARE(bob->take(u"error"_s)[u"code"_s].toString(), u"not_found"_s);
        // To a team: back to the queue for that team; bob is its only member.
        bob->send({ { u"type"_s, u"transfer"_s }, { u"conversation"_s, id },
            { u"to_team"_s, u"billing"_s } });
        QCOMPARE(bob->take(u"unassigned"_s)[u"reason"_s].toString(), u"transferred"_s);
        QCOMPARE(bob->take(u"assigned"_s)[u"conversation"_s][u"team"_s].toString(), u"billing"_s);
    }

    void visitorsWhoLeaveSilentlyDoNotClogTheQueue()
    {
        startServer(RoutingMode::Manual, 5, 1);
        TestClient *sam = staff(u"sam"_s, u"supervisor"_s);
        QString silent, talker;
        TestClient *leaver = customer(u"Leaver"_s, &silent);
        TestClient *writer = customer(u"Writer"_s, &talker);
        QCOMPARE(
            writer->sendText(u"please call me back"_s, u"w1"_s)[u"type"_s].toString(), u"ack"_s);
        leaver->close();
        writer->close();
        const QJsonObject closed = sam->take(u"conversation"_s, 5000, [&](const auto &m) {
            return m[u"conversation"_s][u"id"_s].toString() == silent && isState(m, u"closed"_s);
        });
        QVERIFY2(!closed.isEmpty(), "the empty conversation is closed after the grace period");
        QTest::qWait(1500);
        const QList<QJsonObject> updates = sam->all(u"conversation"_s);
        const bool talkerClosed = std::any_of(updates.cbegin(), updates.cend(), [&](const auto &m) {
            return m[u"conversation"_s][u"id"_s].toString() == talker && isState(m, u"closed"_s);
        });
        QVERIFY2(!talkerClosed, "a customer who left a message stays in the queue");
    }

    void closeByEitherSide()
    {
        startServer(RoutingMode::LeastLoaded);
        TestClient *alice = staff(u"alice"_s);
        QString first, second;
        TestClient *ann = customer(u"Ann"_s, &first);
        TestClient *ben = customer(u"Ben"_s, &second);
        QTRY_COMPARE(alice->all(u"assigned"_s).size(), 2);
        ann->send({ { u"type"_s, u"close"_s } });
        QVERIFY(!ann->take(u"conversation"_s, 5000,
                        [](const auto &m) { return isState(m, u"closed"_s); })
                     .isEmpty());
        const QJsonObject event = alice->take(u"message"_s, 5000, [&](const auto &m) {
            return m[u"conversation"_s].toString() == first
                && m[u"text"_s].toString().startsWith(u"Closed"_s);
        });
        QCOMPARE(event[u"kind"_s].toString(), u"event"_s);
        QCOMPARE(event[u"from"_s][u"role"_s].toString(), u"system"_s);
        // A closed conversation takes no more messages.
        QCOMPARE(ann->sendText(u"hello?"_s, u"late"_s)[u"code"_s].toString(), u"forbidden"_s);
        alice->send({ { u"type"_s, u"close"_s }, { u"conversation"_s, second } });
        QVERIFY(!ben->take(u"conversation"_s, 5000,
                        [](const auto &m) { return isState(m, u"closed"_s); })
                     .isEmpty());
        // History of a closed conversation stays readable for its customer.
        ann->send({ { u"type"_s, u"history"_s }, { u"conversation"_s, first } });
        QVERIFY(!ann->take(u"history"_s)[u"messages"_s].toArray().isEmpty());
    }
};

QTEST_GUILESS_MAIN(RoutingFlowTest)
#include "tst_routingflow.moc"
