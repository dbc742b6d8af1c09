// Several real switchboard-server nodes on one PostgreSQL and one Redis (both real, on
// loopback): a customer on node A and an agent on node B exchanging 1,000 messages in order,
// two nodes racing to assign 500 queued conversations (each exactly once), R5 (Redis stopped
// for 30 s while messages cross nodes) and R6 (a node killed mid-stream: its clients fail
// over to the other, the registry drops it within its TTL). Each test uses a PostgreSQL
// schema of its own, dropped afterwards. Needs SWITCHBOARD_TEST_POSTGRES_URL and redis-server.
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>
#include <memory>
#include <redisprocess.h>
#include <serverprocess.h>
#include <store/postgresoptions.h>
#include <testclient.h>
#include <testpostgres.h>
#include <testserver.h>

using namespace Qt::StringLiterals;
using switchboard::server::PostgresOptions;

namespace {

const QString password = u"correct horse battery staple"_s;
constexpr int ttlSeconds = 3; // short, so R6 sees the registry forget a node quickly

// One command in Redis's inline form; the first line of the reply.
QByteArray redisCommand(quint16 port, const QByteArray &command)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(1000))
        return {};
    socket.write(command + "\r\n");
    if (!socket.waitForBytesWritten(1000) || !socket.waitForReadyRead(1000))
        return {};
    return socket.readLine().trimmed();
}

QStringList endpointsOf(const QJsonObject &welcome)
{
    QStringList endpoints;
    for (const QJsonValue &endpoint : welcome[u"endpoints"_s].toArray())
        endpoints.append(endpoint.toString());
    return endpoints;
}

QJsonObject sendFrame(const QString &text, const QString &clientId, const QString &conversation)
{
    QJsonObject send { { u"type"_s, u"send"_s }, { u"client_id"_s, clientId },
        { u"text"_s, text } };
    if (!conversation.isEmpty())
        send.insert(u"conversation"_s, conversation);
    return send;
}

// The client ids of the text messages a client received from the other side, in arrival
// order, and whether their seqs only ever went up.
struct Received {
    QStringList clientIds;
    bool seqsIncrease = true;
};

Received receivedTexts(const TestClient &client, const QString &fromRole)
{
    Received received;
    qint64 lastSeq = 0;
    for (const QJsonObject &message : client.all(u"message"_s)) {
        if (message[u"kind"_s].toString() != u"text"_s
            || message[u"from"_s][u"role"_s].toString() != fromRole)
            continue;
        const qint64 seq = message[u"seq"_s].toInteger();
        received.seqsIncrease = received.seqsIncrease && seq > lastSeq;
        lastSeq = seq;
        received.clientIds.append(message[u"client_id"_s].toString());
    }
    return received;
}

QSet<QString> ackedIds(const TestClient &client)
{
    QSet<QString> acked;
    for (const QJsonObject &ack : client.all(u"ack"_s))
        acked.insert(ack[u"client_id"_s].toString());
    return acked;
}

// Sends one message every `intervalMs` without waiting for acks, as a chatty user would.
class SteadySender final {
public:
    SteadySender(TestClient *client, QString prefix, QString conversation)
        : m_client(client)
        , m_prefix(std::move(prefix))
        , m_conversation(std::move(conversation))
    {
        QObject::connect(&m_timer, &QTimer::timeout, client, [this] { sendNext(); });
    }
    void start(int intervalMs) { m_timer.start(intervalMs); }
    void stop() { m_timer.stop(); }
    void setClient(TestClient *client) { m_client = client; }
    QStringList sent() const { return m_sent; }

private:
    void sendNext()
    {
        if (!m_client->isConnected())
            return;
        const QString id = m_prefix + QString::number(m_sent.size());
        m_client->send(sendFrame(u"message "_s + id, id, m_conversation));
        m_sent.append(id);
    }

    TestClient *m_client;
    QString m_prefix;
    QString m_conversation;
    QStringList m_sent;
    QTimer m_timer;
};

} // namespace

class ClusterTest final : public QObject {
    Q_OBJECT

private:
    QString m_baseUrl;
    PostgresOptions m_options;
    RedisProcess m_redis;
    QString m_schema;
    std::vector<std::unique_ptr<ServerProcess>> m_nodes;

    QString schemaUrl() const { return m_baseUrl + u"?schema="_s + m_schema; }

    bool addUser(const QString &login)
    {
        return ServerProcess::addUserToDatabase(schemaUrl(), login, u"agent"_s, password);
    }

    // A node of the cluster; nullptr (with the log printed) when it does not come up.
    ServerProcess *startNode(const QString &nodeId, const QStringList &extra = {})
    {
        auto node = std::make_unique<ServerProcess>();
        const quint16 port = node->reservePort();
        node->addArguments({ u"--db"_s, schemaUrl(), u"--redis"_s, m_redis.url(), u"--node-id"_s,
            nodeId, u"--public-endpoint"_s, u"ws://127.0.0.1:%1/ws"_s.arg(port),
            u"--cluster-ttl-seconds"_s, QString::number(ttlSeconds), u"--rate-limit"_s, u"0"_s,
            u"--drain-seconds"_s, u"0"_s });
        node->addArguments(extra);
        if (!node->start(20000)) {
            qWarning("node %s did not start: %s", qPrintable(nodeId), node->log().constData());
            return nullptr;
        }
        m_nodes.push_back(std::move(node));
        return m_nodes.back().get();
    }

    bool rawQuery(const QString &sql, QList<QVariantList> *rows = nullptr)
    {
        QSqlQuery query(QSqlDatabase::database(u"cluster-raw"_s));
        if (!query.exec(u"SET search_path TO \"%1\""_s.arg(m_schema)) || !query.exec(sql)) {
            qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
            return false;
        }
        while (rows && query.next()) {
            QVariantList row;
            for (int i = 0; i < query.record().count(); ++i)
                row.append(query.value(i));
            rows->append(row);
        }
        return true;
    }

    qint64 scalar(const QString &sql)
    {
        QList<QVariantList> rows;
        if (!rawQuery(sql, &rows) || rows.isEmpty())
            return -1;
        return rows.first().value(0).toLongLong();
    }

    // Customer on node A, agent on node B, the conversation assigned across them.
    struct CrossNodePair {
        ServerProcess *nodeA = nullptr;
        ServerProcess *nodeB = nullptr;
        std::unique_ptr<TestClient> customer = std::make_unique<TestClient>();
        std::unique_ptr<TestClient> agent = std::make_unique<TestClient>();
        QString conversation;
        QString customerToken;
        QJsonObject customerWelcome;
    };

    bool connectPair(CrossNodePair &pair)
    {
        if (!addUser(u"alice"_s))
            return false;
        pair.nodeA = startNode(u"node-a"_s);
        pair.nodeB = startNode(u"node-b"_s);
        if (!pair.nodeA || !pair.nodeB)
            return false;
        QElapsedTimer clock;
        clock.start();
        while (metric(pair.nodeB->port(), "switchboard_cluster_nodes") != 2
            || metric(pair.nodeA->port(), "switchboard_cluster_nodes") != 2) {
            if (clock.elapsed() > 10000) {
                qWarning("the nodes never saw each other");
                return false;
            }
            QTest::qWait(50);
        }
        if (!pair.agent->open(pair.nodeB->url())
            || pair.agent->helloStaff(u"alice"_s, password).isEmpty())
            return false;
        if (!pair.customer->open(pair.nodeA->url()))
            return false;
        pair.customerWelcome = pair.customer->helloCustomer(u"Ann"_s);
        pair.conversation = pair.customerWelcome[u"conversation"_s][u"id"_s].toString();
        pair.customerToken = pair.customerWelcome[u"token"_s].toString();
        // Created on A, assigned by B to its own agent: the first crossing.
        const QJsonObject assigned = pair.agent->take(u"assigned"_s, 10000);
        if (assigned[u"conversation"_s][u"id"_s].toString() != pair.conversation) {
            qWarning("the agent on node B was not assigned the conversation from node A");
            return false;
        }
        return !pair.conversation.isEmpty();
    }

private Q_SLOTS:
    void initTestCase()
    {
        const auto postgres = TestPostgres::fromEnvironment();
        if (!postgres)
            QFAIL(qPrintable(postgres.error()));
        m_baseUrl = postgres->url;
        m_options = postgres->options;
        QSqlDatabase db = TestPostgres::addRawConnection(m_options, u"cluster-raw"_s);
        QVERIFY2(db.open(), qPrintable(db.lastError().text()));
        QVERIFY2(m_redis.start(), qPrintable(m_redis.error()));
    }

    void init()
    {
        m_schema = u"sbcluster_%1"_s.arg(
            QRandomGenerator::global()->generate64(), 16, 16, QLatin1Char('0'));
        if (!m_redis.isRunning())
            QVERIFY2(m_redis.start(), qPrintable(m_redis.error()));
        QCOMPARE(redisCommand(m_redis.port(), "FLUSHALL"), QByteArray("+OK"));
    }

    void cleanup()
    {
        for (auto &node : m_nodes) {
            if (node->isRunning() && !node->terminate(10000))
                node->kill9();
        }
        m_nodes.clear();
        QSqlQuery drop(QSqlDatabase::database(u"cluster-raw"_s));
        drop.exec(u"SET client_min_messages TO warning"_s); // no NOTICE per dropped table
        drop.exec(u"DROP SCHEMA IF EXISTS \"%1\" CASCADE"_s.arg(m_schema));
    }

    void cleanupTestCase()
    {
        m_redis.stop();
        QSqlDatabase::database(u"cluster-raw"_s, false).close();
        QSqlDatabase::removeDatabase(u"cluster-raw"_s);
    }

    void customerOnOneNodeAgentOnAnotherExchangeInOrder()
    {
        CrossNodePair pair;
        QVERIFY(connectPair(pair));
        // welcome lists every node's public endpoint, this node's first.
        QCOMPARE(endpointsOf(pair.customerWelcome),
            QStringList({ pair.nodeA->url().toString(), pair.nodeB->url().toString() }));

        // 500 each way, sent without waiting, interleaved.
        constexpr int perSide = 500;
        for (int i = 0; i < perSide; ++i) {
            pair.customer->send(sendFrame(u"question"_s, u"c-%1"_s.arg(i), {}));
            pair.agent->send(sendFrame(u"answer"_s, u"a-%1"_s.arg(i), pair.conversation));
            if (i % 50 == 49)
                QTest::qWait(1);
        }
        QTRY_COMPARE_WITH_TIMEOUT(
            receivedTexts(*pair.agent, u"customer"_s).clientIds.size(), qsizetype(perSide), 60000);
        QTRY_COMPARE_WITH_TIMEOUT(
            receivedTexts(*pair.customer, u"agent"_s).clientIds.size(), qsizetype(perSide), 60000);
        QTRY_COMPARE_WITH_TIMEOUT(ackedIds(*pair.customer).size(), qsizetype(perSide), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(ackedIds(*pair.agent).size(), qsizetype(perSide), 10000);

        // Each side got the other's messages once each, in the order they were written.
        QStringList customerIds, agentIds;
        for (int i = 0; i < perSide; ++i) {
            customerIds.append(u"c-%1"_s.arg(i));
            agentIds.append(u"a-%1"_s.arg(i));
        }
        const Received atAgent = receivedTexts(*pair.agent, u"customer"_s);
        const Received atCustomer = receivedTexts(*pair.customer, u"agent"_s);
        QCOMPARE(atAgent.clientIds, customerIds);
        QCOMPARE(atCustomer.clientIds, agentIds);
        QVERIFY(atAgent.seqsIncrease);
        QVERIFY(atCustomer.seqsIncrease);

        // Nothing arrived twice after the wait either, and the stored seqs have no gap.
        QTest::qWait(500);
        QCOMPARE(receivedTexts(*pair.agent, u"customer"_s).clientIds.size(), qsizetype(perSide));
        QCOMPARE(scalar(u"SELECT count(*) FROM messages WHERE conversation_id = '%1'"_s.arg(
                     pair.conversation)),
            scalar(u"SELECT max(seq) FROM messages WHERE conversation_id = '%1'"_s.arg(
                pair.conversation)));
        QCOMPARE(scalar(u"SELECT count(*) FROM messages WHERE conversation_id = '%1' "
                        "AND kind = 'text'"_s.arg(pair.conversation)),
            qint64(2 * perSide));
        QVERIFY(metric(pair.nodeA->port(),
                    "switchboard_cluster_published_messages_total{result=\"ok\"}")
            >= perSide);
    }

    void twoNodesRacingAssignEachConversationOnce()
    {
        constexpr int conversations = 500;
        constexpr int agentsPerNode = 5;
        constexpr int capacity = 50; // 2 × 5 × 50 = 500: every conversation finds a place
        for (int i = 0; i < 2 * agentsPerNode; ++i)
            QVERIFY(addUser(u"agent%1"_s.arg(i)));
        // The visitors leave after hello (their conversations wait for them for an hour), so
        // the test is not reading 500 queue-position updates per assignment.
        const QStringList routing { u"--agent-capacity"_s, QString::number(capacity),
            u"--routing"_s, u"least_loaded"_s, u"--grace"_s, u"3600"_s };
        ServerProcess *nodes[]
            = { startNode(u"node-a"_s, routing), startNode(u"node-b"_s, routing) };
        QVERIFY(nodes[0] && nodes[1]);

        // 500 visitors waiting, half on each node, nobody to serve them yet.
        QSet<QString> queued;
        QElapsedTimer phase;
        phase.start();
        for (int i = 0; i < conversations; ++i) {
            auto customer = std::make_unique<TestClient>();
            QVERIFY(customer->open(nodes[i % 2]->url()));
            const QString id
                = customer->helloCustomer(u"Visitor %1"_s.arg(i))[u"conversation"_s][u"id"_s]
                      .toString();
            QVERIFY(!id.isEmpty());
            queued.insert(id);
            customer->close();
        }
        qInfo("500 visitors queued after %lld ms", phase.restart());
        const auto queuedOn = [](ServerProcess *node) {
            return metric(node->port(), "switchboard_conversations{state=\"queued\"}");
        };
        QElapsedTimer waited;
        waited.start();
        while ((queuedOn(nodes[0]) != conversations || queuedOn(nodes[1]) != conversations)
            && waited.elapsed() < 30000)
            QTest::qWait(50);
        QCOMPARE(queuedOn(nodes[0]), double(conversations));
        QCOMPARE(queuedOn(nodes[1]), double(conversations));

        // Ten agents arrive at once, five on each node: both nodes assign from the same queue.
        std::vector<std::unique_ptr<TestClient>> agents;
        for (int i = 0; i < 2 * agentsPerNode; ++i) {
            auto agent = std::make_unique<TestClient>();
            QVERIFY(agent->open(nodes[i % 2]->url()));
            agents.push_back(std::move(agent));
        }
        for (int i = 0; i < 2 * agentsPerNode; ++i) {
            agents[i]->send(
                QJsonObject { { u"type"_s, u"hello"_s }, { u"v"_s, 1 }, { u"role"_s, u"agent"_s },
                    { u"login"_s, u"agent%1"_s.arg(i) }, { u"password"_s, password } });
        }
        // What each agent was told, kept aside: the queue-position updates that come with
        // every assignment are dropped as they arrive, or scanning them would be the test.
        std::vector<QList<QJsonObject>> assignedTo(agents.size()), unassignedFrom(agents.size());
        const auto assignedFrames = [&] {
            qsizetype total = 0;
            for (size_t i = 0; i < agents.size(); ++i) {
                assignedTo[i] += agents[i]->all(u"assigned"_s);
                unassignedFrom[i] += agents[i]->all(u"unassigned"_s);
                agents[i]->clear();
                total += assignedTo[i].size();
            }
            return total;
        };
        QTRY_COMPARE_WITH_TIMEOUT(assignedFrames(), qsizetype(conversations), 300000);
        qInfo("all assigned %lld ms after the agents said hello", phase.restart());
        QTest::qWait(2000); // a second assignment, if any, would show up by now
        QCOMPARE(assignedFrames(), qsizetype(conversations));

        QHash<QString, int> timesAssigned;
        int perNode[2] = { 0, 0 };
        for (int i = 0; i < int(agents.size()); ++i) {
            const QList<QJsonObject> &mine = assignedTo[i];
            QVERIFY2(mine.size() <= capacity, "an agent was given more than its capacity");
            QVERIFY(unassignedFrom[i].isEmpty());
            perNode[i % 2] += int(mine.size());
            for (const QJsonObject &assigned : mine)
                ++timesAssigned[assigned[u"conversation"_s][u"id"_s].toString()];
        }
        QCOMPARE(timesAssigned.size(), qsizetype(conversations));
        for (auto it = timesAssigned.cbegin(); it != timesAssigned.cend(); ++it) {
            QVERIFY2(queued.contains(it.key()), "assigned a conversation nobody queued");
            QCOMPARE(it.value(), 1);
        }
        // Both nodes really assigned (each has room for only half).
        QCOMPARE(perNode[0], conversations / 2);
        QCOMPARE(perNode[1], conversations / 2);
        // The database agrees: one assignment event each, every conversation with one agent.
        QCOMPARE(scalar(u"SELECT count(*) FROM conversations WHERE state = 'assigned'"_s),
            qint64(conversations));
        QCOMPARE(scalar(u"SELECT count(*) FROM messages WHERE kind = 'event' "
                        "AND text LIKE 'Assigned to %'"_s),
            qint64(conversations));
        QCOMPARE(scalar(u"SELECT count(*) FROM (SELECT agent_id FROM conversations "
                        "GROUP BY agent_id HAVING count(*) > %1) AS over"_s.arg(capacity)),
            qint64(0));
        qInfo("the race: node A's agents took %d, node B's %d, none twice", perNode[0], perNode[1]);
    }

    // Under steady load with agents on both nodes, each node assigns its own visitors: the
    // other node, which hears of them over Redis, leaves them to it instead of racing for
    // them. Racing cost a lost compare-and-set per conversation, and the loser's agent was
    // sent messages of a conversation it was then not given, so its receipts were refused
    // with `forbidden` (what the cluster benchmark counted).
    void eachNodeAssignsItsOwnVisitorsWithoutRacing()
    {
        constexpr int visitors = 60;
        QVERIFY(addUser(u"agent-a"_s));
        QVERIFY(addUser(u"agent-b"_s));
        const QStringList routing { u"--agent-capacity"_s, u"100"_s };
        ServerProcess *nodes[]
            = { startNode(u"node-a"_s, routing), startNode(u"node-b"_s, routing) };
        QVERIFY(nodes[0] && nodes[1]);
        QTRY_VERIFY_WITH_TIMEOUT(metric(nodes[0]->port(), "switchboard_cluster_nodes") == 2
                && metric(nodes[1]->port(), "switchboard_cluster_nodes") == 2,
            10000);
        TestClient agents[2];
        for (int i = 0; i < 2; ++i) {
            QVERIFY(agents[i].open(nodes[i]->url()));
            QVERIFY(
                !agents[i].helloStaff(i == 0 ? u"agent-a"_s : u"agent-b"_s, password).isEmpty());
        }
        QTest::qWait(1000); // each node's registry entry lists its agent to the other

        // Visitors on both nodes, each writing at once, and every agent confirming each
        // message it is sent with a `delivered` receipt, as the console and the bench do.
        std::vector<std::unique_ptr<TestClient>> customers;
        QSet<QString> startedOn[2];
        for (int i = 0; i < visitors; ++i) {
            auto customer = std::make_unique<TestClient>();
            QVERIFY(customer->open(nodes[i % 2]->url()));
            const QString id
                = customer->helloCustomer(u"Visitor %1"_s.arg(i))[u"conversation"_s][u"id"_s]
                      .toString();
            QVERIFY(!id.isEmpty());
            startedOn[i % 2].insert(id);
            for (int n = 0; n < 3; ++n)
                customer->send(sendFrame(u"hello"_s, u"v%1-%2"_s.arg(i).arg(n), {}));
            customers.push_back(std::move(customer));
        }
        qsizetype answered[2] = { 0, 0 };
        const auto confirmDeliveries = [&] {
            qsizetype received = 0;
            for (int i = 0; i < 2; ++i) {
                const QList<QJsonObject> messages = agents[i].all(u"message"_s);
                for (qsizetype m = answered[i]; m < messages.size(); ++m) {
                    agents[i].send(QJsonObject { { u"type"_s, u"delivered"_s },
                        { u"conversation"_s, messages[m][u"conversation"_s] },
                        { u"seq"_s, messages[m][u"seq"_s] } });
                }
                answered[i] = messages.size();
                received += receivedTexts(agents[i], u"customer"_s).clientIds.size();
            }
            return received;
        };
        QTRY_COMPARE_WITH_TIMEOUT(confirmDeliveries(), qsizetype(3 * visitors), 30000);
        QTest::qWait(1000); // a late refusal or a second assignment would show by now
        confirmDeliveries();

        for (int i = 0; i < 2; ++i) {
            QSet<QString> assignedHere;
            for (const QJsonObject &assigned : agents[i].all(u"assigned"_s))
                assignedHere.insert(assigned[u"conversation"_s][u"id"_s].toString());
            QCOMPARE(agents[i].all(u"assigned"_s).size(), qsizetype(visitors / 2));
            QCOMPARE(assignedHere, startedOn[i]); // its own node's visitors, each once
            QCOMPARE(agents[i].all(u"unassigned"_s).size(), qsizetype(0));
            const QList<QJsonObject> errors = agents[i].all(u"error"_s);
            QVERIFY2(errors.isEmpty(),
                qPrintable(u"agent %1 got %2 errors, the first: %3"_s.arg(i)
                               .arg(errors.size())
                               .arg(errors.isEmpty()
                                       ? QString()
                                       : QString::fromUtf8(QJsonDocument(errors.first())
                                                               .toJson(QJsonDocument::Compact)))));
            QCOMPARE(metric(nodes[i]->port(), "switchboard_cluster_routing_conflicts_total"), 0.0);
            QCOMPARE(
                metric(nodes[i]->port(), "switchboard_protocol_errors_total{code=\"forbidden\"}"),
                0.0);
        }
        // One routing write per conversation: nothing was assigned twice or moved.
        QCOMPARE(scalar(u"SELECT count(*) FROM messages WHERE kind = 'event' "
                        "AND text LIKE 'Assigned to %'"_s),
            qint64(visitors));
    }

    // The wait above is only for a node that has someone free: visitors of a node without
    // agents are taken by the others at once, even when those others see each other's agents.
    void visitorsOfANodeWithoutAgentsAreNotKeptWaiting()
    {
        constexpr int visitors = 10;
        QVERIFY(addUser(u"agent-b"_s));
        QVERIFY(addUser(u"agent-c"_s));
        ServerProcess *nodes[]
            = { startNode(u"node-a"_s), startNode(u"node-b"_s), startNode(u"node-c"_s) };
        QVERIFY(nodes[0] && nodes[1] && nodes[2]);
        QTRY_VERIFY_WITH_TIMEOUT(metric(nodes[0]->port(), "switchboard_cluster_nodes") == 3
                && metric(nodes[1]->port(), "switchboard_cluster_nodes") == 3
                && metric(nodes[2]->port(), "switchboard_cluster_nodes") == 3,
            10000);
        TestClient agents[2];
        for (int i = 0; i < 2; ++i) {
            QVERIFY(agents[i].open(nodes[i + 1]->url()));
            QVERIFY(
                !agents[i].helloStaff(i == 0 ? u"agent-b"_s : u"agent-c"_s, password).isEmpty());
        }
        QTest::qWait(1000); // each node's registry entry lists its agent to the others

        std::vector<std::unique_ptr<TestClient>> customers;
        for (int i = 0; i < visitors; ++i) {
            auto customer = std::make_unique<TestClient>();
            QVERIFY(customer->open(nodes[0]->url()));
            QVERIFY(!customer->helloCustomer(u"Visitor %1"_s.arg(i)).isEmpty());
            customers.push_back(std::move(customer));
        }
        QElapsedTimer sinceLastHello;
        sinceLastHello.start();
        QTRY_COMPARE_WITH_TIMEOUT(
            agents[0].all(u"assigned"_s).size() + agents[1].all(u"assigned"_s).size(),
            qsizetype(visitors), 10000);
        // Well under the 5 s a node leaves a visitor to a node that has someone free.
        QVERIFY2(sinceLastHello.elapsed() < 3000,
            qPrintable(u"assigned %1 ms after the last hello"_s.arg(sinceLastHello.elapsed())));
    }

    // R5: two nodes, Redis stopped for 30 s while messages cross nodes.
    void redisStoppedWhileMessagesCrossNodes()
    {
        CrossNodePair pair;
        QVERIFY(connectPair(pair));
        SteadySender fromCustomer(pair.customer.get(), u"c-"_s, {});
        SteadySender fromAgent(pair.agent.get(), u"a-"_s, pair.conversation);
        fromCustomer.start(50);
        fromAgent.start(70);
        QTest::qWait(2000);

        m_redis.stop();
        const auto degraded = [&](ServerProcess *node) {
            QByteArray body;
            return httpGet(node->port(), "/readyz", &body) == 200 && body.contains("\"degraded\"")
                && body.contains("redis");
        };
        // Still ready (serving their own clients), and saying what is missing.
        QTRY_VERIFY_WITH_TIMEOUT(degraded(pair.nodeA) && degraded(pair.nodeB), 10000);
        QCOMPARE(metric(pair.nodeA->port(), "switchboard_cluster_redis_up"), 0.0);
        // The ClusterDegraded alert fires once the outage lasts 5 s.
        QTRY_VERIFY_WITH_TIMEOUT(
            metric(pair.nodeB->port(), "switchboard_alerts_firing{severity=\"warning\"}") >= 1,
            15000);
        QTest::qWait(30000 - 5000);
        QVERIFY(degraded(pair.nodeA));
        QVERIFY2(m_redis.start(), qPrintable(m_redis.error()));
        QTRY_VERIFY_WITH_TIMEOUT(!degraded(pair.nodeA) && !degraded(pair.nodeB), 15000);
        QTRY_COMPARE_WITH_TIMEOUT(
            metric(pair.nodeB->port(), "switchboard_alerts_firing{severity=\"warning\"}"), 0.0,
            5000);
        QTest::qWait(2000);
        fromCustomer.stop();
        fromAgent.stop();
        // Every message sent is acked: both connections stayed up the whole time.
        QTRY_COMPARE_WITH_TIMEOUT(
            ackedIds(*pair.customer).size(), fromCustomer.sent().size(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(ackedIds(*pair.agent).size(), fromAgent.sent().size(), 10000);

        // Every acked message reached the other side once, in seq order.
        const QSet<QString> customerAcked = ackedIds(*pair.customer);
        const QSet<QString> agentAcked = ackedIds(*pair.agent);
        QVERIFY(customerAcked.size() > 500);
        QVERIFY(agentAcked.size() > 400);
        const auto everyAckedArrived = [&] {
            const QStringList atAgent = receivedTexts(*pair.agent, u"customer"_s).clientIds;
            const QStringList atCustomer = receivedTexts(*pair.customer, u"agent"_s).clientIds;
            return QSet<QString>(atAgent.cbegin(), atAgent.cend()).contains(customerAcked)
                && QSet<QString>(atCustomer.cbegin(), atCustomer.cend()).contains(agentAcked);
        };
        QTRY_VERIFY_WITH_TIMEOUT(everyAckedArrived(), 20000);
        for (TestClient *client : { pair.agent.get(), pair.customer.get() }) {
            const Received received
                = receivedTexts(*client, client == pair.agent.get() ? u"customer"_s : u"agent"_s);
            QVERIFY(received.seqsIncrease);
            const QSet<QString> unique(received.clientIds.cbegin(), received.clientIds.cend());
            QCOMPARE(unique.size(), received.clientIds.size()); // none twice
        }
        QCOMPARE(scalar(u"SELECT count(*) FROM messages WHERE conversation_id = '%1' "
                        "AND kind = 'text'"_s.arg(pair.conversation)),
            qint64(customerAcked.size() + agentAcked.size()));
    }

    // R6: two nodes, one killed mid-stream.
    void nodeKilledMidStreamClientsResumeOnTheOther()
    {
        CrossNodePair pair;
        QVERIFY(connectPair(pair));
        const QStringList endpoints = endpointsOf(pair.customerWelcome);
        QCOMPARE(endpoints.size(), 2);
        SteadySender fromCustomer(pair.customer.get(), u"c-"_s, {});
        fromCustomer.start(20);
        QTest::qWait(1500);

        pair.nodeA->kill9();
        QElapsedTimer sinceKill;
        sinceKill.start();
        QVERIFY(pair.customer->waitClosed(5000));
        fromCustomer.stop();
        const QSet<QString> ackedBefore = ackedIds(*pair.customer);
        QVERIFY(!ackedBefore.isEmpty());

        // The customer fails over to the endpoint welcome listed that is not the dead node.
        QString other;
        for (const QString &endpoint : endpoints) {
            if (endpoint != pair.nodeA->url().toString())
                other = endpoint;
        }
        QCOMPARE(other, pair.nodeB->url().toString());
        auto resumed = std::make_unique<TestClient>();
        QVERIFY(resumed->open(QUrl(other)));
        const QJsonObject welcome = resumed->helloToken(u"customer"_s, pair.customerToken);
        QCOMPARE(welcome[u"conversation"_s][u"id"_s].toString(), pair.conversation);
        resumed->send(QJsonObject { { u"type"_s, u"sync"_s },
            { u"conversation"_s, pair.conversation }, { u"after_seq"_s, 0 }, { u"limit"_s, 500 } });
        QVERIFY(!resumed->take(u"synced"_s, 10000).isEmpty());
        QStringList stored;
        for (const QJsonObject &message : resumed->all(u"message"_s))
            stored.append(message[u"client_id"_s].toString());
        for (const QString &id : ackedBefore)
            QVERIFY2(stored.contains(id), qPrintable(u"acked before the kill, lost: "_s + id));
        // What was sent but never acked is sent again with its client_id: stored once.
        for (const QString &id : fromCustomer.sent()) {
            if (!ackedBefore.contains(id)) {
                const QJsonObject ack = resumed->sendText(u"message "_s + id, id);
                QCOMPARE(ack[u"type"_s].toString(), u"ack"_s);
            }
        }
        fromCustomer.setClient(resumed.get());
        fromCustomer.start(20);
        QTest::qWait(1000);
        fromCustomer.stop();
        // What was just sent is acked too before anything is counted.
        const auto everySentAcked = [&] {
            const QSet<QString> acked = ackedBefore + ackedIds(*resumed);
            const QStringList sent = fromCustomer.sent();
            return std::all_of(
                sent.cbegin(), sent.cend(), [&](const QString &id) { return acked.contains(id); });
        };
        QTRY_VERIFY_WITH_TIMEOUT(everySentAcked(), 10000);

        // The agent on B received every message the customer had acked, once each, in order.
        const QSet<QString> acked = ackedBefore + ackedIds(*resumed);
        const auto agentHasAll = [&] {
            const QStringList ids = receivedTexts(*pair.agent, u"customer"_s).clientIds;
            return QSet<QString>(ids.cbegin(), ids.cend()).contains(acked);
        };
        QTRY_VERIFY_WITH_TIMEOUT(agentHasAll(), 10000);
        const Received atAgent = receivedTexts(*pair.agent, u"customer"_s);
        QVERIFY(atAgent.seqsIncrease);
        QCOMPARE(QSet<QString>(atAgent.clientIds.cbegin(), atAgent.clientIds.cend()).size(),
            atAgent.clientIds.size());
        QCOMPARE(scalar(u"SELECT count(*) FROM messages WHERE conversation_id = '%1' AND kind = "
                        "'text'"_s.arg(pair.conversation)),
            qint64(fromCustomer.sent().size()));

        // The registry forgets the dead node within its TTL; node B stops listing it.
        QTRY_COMPARE_WITH_TIMEOUT(redisCommand(m_redis.port(), "EXISTS switchboard:node:node-a"),
            QByteArray(":0"), ttlSeconds * 1000 + 1000);
        QVERIFY2(sinceKill.elapsed() <= ttlSeconds * 1000 + 500,
            qPrintable(u"the registry kept the dead node %1 ms"_s.arg(sinceKill.elapsed())));
        QTRY_COMPARE_WITH_TIMEOUT(
            metric(pair.nodeB->port(), "switchboard_cluster_nodes"), 1.0, ttlSeconds * 1000);
        qInfo("registry dropped the killed node %lld ms after the kill", sinceKill.elapsed());
        TestClient late;
        QVERIFY(late.open(pair.nodeB->url()));
        QCOMPARE(endpointsOf(late.helloCustomer(u"Bea"_s)), QStringList { other });
    }
};

QTEST_GUILESS_MAIN(ClusterTest)
#include "tst_cluster.moc"
