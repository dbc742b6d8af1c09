// Protocol v1 end to end: real QWebSocket clients against an in-process server on an
// ephemeral port. One fresh server (and database) per test function.
#include <QJsonArray>
#include <QRegularExpression>
#include <QTest>
#include <testclient.h>
#include <testserver.h>

using namespace Qt::StringLiterals;

namespace {
const QString alicePassword = u"alice-password-1"_s;
const QString bobPassword = u"bob-password-1"_s;
const QString samPassword = u"sam-password-1"_s;
} // namespace

class ProtocolFlowTest final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;

    std::unique_ptr<TestClient> connectClient()
    {
        auto client = std::make_unique<TestClient>();
        if (!client->open(m_server->url()))
            return nullptr;
        return client;
    }

    // A customer whose conversation alice has been assigned; returns the conversation id.
    QString assignedPair(TestClient &agent, TestClient &customer)
    {
        if (agent.helloStaff(u"alice"_s, alicePassword).isEmpty())
            return {};
        const QJsonObject welcome = customer.helloCustomer();
        const QString id = welcome[u"conversation"_s][u"id"_s].toString();
        if (agent.take(u"assigned"_s).isEmpty())
            return {};
        return id;
    }

private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<TestServer>();
        QVERIFY(
            m_server->addUser(u"alice"_s, u"agent"_s, { u"sales"_s }, alicePassword, u"Alice"_s));
        QVERIFY(m_server->addUser(
            u"bob"_s, u"agent"_s, { u"sales"_s, u"billing"_s }, bobPassword, u"Bob"_s));
        QVERIFY(m_server->addUser(u"sam"_s, u"supervisor"_s, {}, samPassword, u"Sam"_s));
        QVERIFY(m_server->start());
    }

    void cleanup() { m_server.reset(); }

    void httpEndpoints()
    {
        QByteArray body;
        QCOMPARE(httpGet(m_server->port(), "/healthz", &body), 200);
        QCOMPARE(httpGet(m_server->port(), "/readyz", &body), 200);
        QVERIFY(body.contains("\"ready\":true"));
        QCOMPARE(httpGet(m_server->port(), "/metrics", &body), 200);
        QVERIFY(body.contains("switchboard_websocket_connections"));
        QCOMPARE(httpGet(m_server->port(), "/no/such/page"), 404);
        QCOMPARE(httpGet(m_server->port(), "/ws"), 426);
    }

    void customerWelcome()
    {
        auto customer = connectClient();
        QVERIFY(customer);
        const QJsonObject welcome = customer->helloCustomer(u"Ann"_s);
        QCOMPARE(welcome[u"v"_s].toInt(), 1);
        QCOMPARE(welcome[u"role"_s].toString(), u"customer"_s);
        QVERIFY(welcome[u"token"_s].toString().size() >= 22); // >= 128 bits in base64url
        QCOMPARE(welcome[u"heartbeat_s"_s].toInt(), 25);
        QCOMPARE(welcome[u"node"_s].toString(), u"test-node"_s);
        const QJsonObject conversation = welcome[u"conversation"_s].toObject();
        QVERIFY(!conversation[u"id"_s].toString().isEmpty());
        QVERIFY(!conversation[u"epoch"_s].toString().isEmpty());
        QCOMPARE(conversation[u"seq"_s].toInt(), 0);
        QCOMPARE(conversation[u"state"_s].toString(), u"queued"_s);
        QCOMPARE(conversation[u"queue_position"_s].toInt(), 1);
    }

    void agentWelcomeAndAssignment()
    {
        auto customer = connectClient();
        const QString conversationId
            = customer->helloCustomer()[u"conversation"_s][u"id"_s].toString();
        auto agent = connectClient();
        const QJsonObject welcome = agent->helloStaff(u"alice"_s, alicePassword);
        QCOMPARE(welcome[u"role"_s].toString(), u"agent"_s);
        QCOMPARE(welcome[u"agent"_s][u"login"_s].toString(), u"alice"_s);
        QCOMPARE(welcome[u"agent"_s][u"name"_s].toString(), u"Alice"_s);
        QCOMPARE(welcome[u"agent"_s][u"teams"_s].toArray(), QJsonArray { u"sales"_s });
        QVERIFY(welcome[u"token"_s].toString().size() >= 22);
        // The waiting conversation is assigned as soon as an agent is available.
        const QJsonObject assigned = agent->take(u"assigned"_s);
        QCOMPARE(assigned[u"conversation"_s][u"id"_s].toString(), conversationId);
        QCOMPARE(assigned[u"conversation"_s][u"state"_s].toString(), u"assigned"_s);
        QCOMPARE(assigned[u"conversation"_s][u"customer"_s][u"name"_s].toString(), u"Ann"_s);
        QCOMPARE(assigned[u"conversation"_s][u"customer"_s][u"online"_s].toBool(), true);
        const QJsonObject update = customer->take(u"conversation"_s, 5000, [](const auto &m) {
            return m[u"conversation"_s][u"state"_s].toString() == u"assigned"_s;
        });
        QCOMPARE(update[u"conversation"_s][u"agent"_s][u"name"_s].toString(), u"Alice"_s);
        QCOMPARE(update[u"conversation"_s][u"queue_position"_s].toInt(), 0);
        // The assignment is a sequenced system event both sides see.
        const QJsonObject event = customer->take(u"message"_s);
        QCOMPARE(event[u"kind"_s].toString(), u"event"_s);
        QCOMPARE(event[u"from"_s][u"role"_s].toString(), u"system"_s);
        QCOMPARE(event[u"seq"_s].toInt(), 1);
    }

    void sendAckAndFanOut()
    {
        auto agent = connectClient();
        auto customer = connectClient();
        const QString id = assignedPair(*agent, *customer);
        QVERIFY(!id.isEmpty());
        const QJsonObject ack = customer->sendText(u"Hello"_s, u"k3J9-2c"_s);
        QCOMPARE(ack[u"type"_s].toString(), u"ack"_s);
        QCOMPARE(ack[u"client_id"_s].toString(), u"k3J9-2c"_s);
        QCOMPARE(ack[u"conversation"_s].toString(), id);
        QCOMPARE(ack[u"seq"_s].toInt(), 2); // seq 1 is the assignment event
        QVERIFY(!ack.contains(u"duplicate"_s));
        const QRegularExpression rfc3339(
            u"^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$"_s);
        QVERIFY(rfc3339.match(ack[u"ts"_s].toString()).hasMatch());

        const QJsonObject message = agent->take(
            u"message"_s, 5000, [](const auto &m) { return m[u"kind"_s].toString() == u"text"_s; });
        QCOMPARE(message[u"seq"_s].toInt(), 2);
        QCOMPARE(message[u"text"_s].toString(), u"Hello"_s);
        QCOMPARE(message[u"client_id"_s].toString(), u"k3J9-2c"_s);
        QCOMPARE(message[u"from"_s][u"role"_s].toString(), u"customer"_s);
        QCOMPARE(message[u"from"_s][u"name"_s].toString(), u"Ann"_s);
        QVERIFY(QRegularExpression(u"^[0-9a-f]{32}$"_s)
                    .match(message[u"trace_id"_s].toString())
                    .hasMatch());
        // The sender gets the ack, not a copy of its own message.
        QVERIFY(customer
                    ->take(u"message"_s, 300,
                        [](const auto &m) { return m[u"kind"_s].toString() == u"text"_s; })
                    .isEmpty());

        const QJsonObject reply = agent->sendText(u"Hi Ann"_s, u"r1"_s, id);
        QCOMPARE(reply[u"seq"_s].toInt(), 3);
        const QJsonObject received = customer->take(
            u"message"_s, 5000, [](const auto &m) { return m[u"kind"_s].toString() == u"text"_s; });
        QCOMPARE(received[u"text"_s].toString(), u"Hi Ann"_s);
        QCOMPARE(received[u"from"_s][u"role"_s].toString(), u"agent"_s);
        QCOMPARE(received[u"from"_s][u"name"_s].toString(), u"Alice"_s);
    }

    void duplicatesAreAckedNotStored()
    {
        auto agent = connectClient();
        auto customer = connectClient();
        const QJsonObject welcome = customer->helloCustomer();
        QVERIFY(!agent->helloStaff(u"alice"_s, alicePassword).isEmpty());
        QVERIFY(!agent->take(u"assigned"_s).isEmpty());
        // A second connection of the same visitor (another tab) resumes with the token.
        auto secondTab = connectClient();
        QVERIFY(!secondTab->helloCustomer(u"Ann"_s, welcome[u"token"_s].toString()).isEmpty());
        for (int i = 0; i < 5; ++i) {
            customer->send({ { u"type"_s, u"send"_s }, { u"client_id"_s, u"same-1"_s },
                { u"text"_s, u"once"_s } });
            secondTab->send({ { u"type"_s, u"send"_s }, { u"client_id"_s, u"same-1"_s },
                { u"text"_s, u"once"_s } });
        }
        QList<QJsonObject> acks;
        for (TestClient *client : { customer.get(), secondTab.get() }) {
            for (int i = 0; i < 5; ++i) {
                const QJsonObject ack = client->take(u"ack"_s);
                QVERIFY2(!ack.isEmpty(), "every send is acked");
                acks.append(ack);
            }
        }
        int duplicates = 0;
        for (const QJsonObject &ack : acks) {
            QCOMPARE(ack[u"seq"_s].toInt(), acks.first()[u"seq"_s].toInt());
            duplicates += ack[u"duplicate"_s].toBool() ? 1 : 0;
        }
        QCOMPARE(duplicates, 9);
        QTest::qWait(300);
        const auto texts = [](TestClient &c) {
            int n = 0;
            for (const QJsonObject &m : c.all(u"message"_s))
                n += m[u"kind"_s].toString() == u"text"_s ? 1 : 0;
            return n;
        };
        QCOMPARE(texts(*agent), 1);
        QByteArray metrics;
        httpGet(m_server->port(), "/metrics", &metrics);
        QVERIFY(metrics.contains("switchboard_message_duplicates_total 9"));
        // Storage timings are recorded per group commit.
        const QRegularExpression commits(
            u"switchboard_db_query_duration_seconds_count\\{backend=\"sqlite\",operation=\"commit\"\\} ([1-9][0-9]*)"_s);
        QVERIFY2(commits.match(QString::fromUtf8(metrics)).hasMatch(), "commit timings recorded");
    }

    void notesAreNeverShownToCustomers()
    {
        auto agent = connectClient();
        auto customer = connectClient();
        const QString id = assignedPair(*agent, *customer);
        QCOMPARE(
            agent->sendText(u"internal remark"_s, u"n1"_s, id, u"note"_s)[u"type"_s].toString(),
            u"ack"_s);
        QCOMPARE(agent->sendText(u"public reply"_s, u"t1"_s, id)[u"type"_s].toString(), u"ack"_s);
        QCOMPARE(
            customer
                ->take(u"message"_s, 5000,
                    [](const auto &m) { return m[u"kind"_s].toString() != u"event"_s; })[u"text"_s]
                .toString(),
            u"public reply"_s);
        QVERIFY(customer->all(u"message"_s).isEmpty()
            || customer->all(u"message"_s).first()[u"kind"_s].toString() == u"event"_s);
        customer->clear();
        customer->send(
            { { u"type"_s, u"sync"_s }, { u"conversation"_s, id }, { u"after_seq"_s, 0 } });
        QVERIFY(!customer->take(u"synced"_s).isEmpty());
        for (const QJsonObject &m : customer->all(u"message"_s))
            QVERIFY(m[u"kind"_s].toString() != u"note"_s);
        // Customers cannot write notes.
        const QJsonObject refused = customer->sendText(u"sneaky"_s, u"n2"_s, {}, u"note"_s);
        QCOMPARE(refused[u"code"_s].toString(), u"forbidden"_s);
        QCOMPARE(refused[u"ref"_s].toString(), u"n2"_s);
    }

    void receiptsAndTyping()
    {
        auto agent = connectClient();
        auto customer = connectClient();
        const QString id = assignedPair(*agent, *customer);
        const int seq = agent->sendText(u"hello"_s, u"a1"_s, id)[u"seq"_s].toInt();
        customer->send(
            { { u"type"_s, u"delivered"_s }, { u"conversation"_s, id }, { u"seq"_s, seq } });
        QJsonObject delivered = agent->take(u"delivered"_s);
        QCOMPARE(delivered[u"seq"_s].toInt(), seq);
        QCOMPARE(delivered[u"by"_s].toString(), u"customer"_s);
        customer->send({ { u"type"_s, u"read"_s }, { u"conversation"_s, id }, { u"seq"_s, seq } });
        QCOMPARE(agent->take(u"read"_s)[u"by"_s].toString(), u"customer"_s);

        customer->send(
            { { u"type"_s, u"typing"_s }, { u"conversation"_s, id }, { u"active"_s, true } });
        QJsonObject typing = agent->take(u"typing"_s);
        QCOMPARE(typing[u"active"_s].toBool(), true);
        QCOMPARE(typing[u"by"_s].toString(), u"customer"_s);
        agent->send(
            { { u"type"_s, u"typing"_s }, { u"conversation"_s, id }, { u"active"_s, true } });
        QCOMPARE(customer->take(u"typing"_s)[u"by"_s].toString(), u"agent"_s);
        // Typing is rate-limited: a burst forwards once.
        for (int i = 0; i < 10; ++i)
            agent->send(
                { { u"type"_s, u"typing"_s }, { u"conversation"_s, id }, { u"active"_s, true } });
        QTest::qWait(300);
        QVERIFY(customer->all(u"typing"_s).size() <= 1);
    }

    void syncResumesAndDetectsEpochChange()
    {
        auto agent = connectClient();
        auto customer = connectClient();
        const QJsonObject welcome = customer->helloCustomer();
        const QString token = welcome[u"token"_s].toString();
        const QString id = welcome[u"conversation"_s][u"id"_s].toString();
        const QString epoch = welcome[u"conversation"_s][u"epoch"_s].toString();
        QVERIFY(!agent->helloStaff(u"alice"_s, alicePassword).isEmpty());
        QVERIFY(!agent->take(u"assigned"_s).isEmpty());
        QVERIFY(!customer->sendText(u"one"_s, u"c1"_s).isEmpty());
        customer->abort();

        for (int i = 0; i < 5; ++i)
            QCOMPARE(agent->sendText(u"msg %1"_s.arg(i), u"m%1"_s.arg(i), id)[u"type"_s].toString(),
                u"ack"_s);
        auto back = connectClient();
        const QJsonObject resumed = back->helloCustomer(u"Ann"_s, token);
        QCOMPARE(resumed[u"conversation"_s][u"id"_s].toString(), id);
        QCOMPARE(resumed[u"token"_s].toString(), token);
        back->send({ { u"type"_s, u"sync"_s }, { u"conversation"_s, id }, { u"after_seq"_s, 2 },
            { u"epoch"_s, epoch } });
        const QJsonObject synced = back->take(u"synced"_s);
        QCOMPARE(synced[u"recovered"_s].toBool(), true);
        QCOMPARE(synced[u"complete"_s].toBool(), true);
        QCOMPARE(synced[u"seq"_s].toInt(), 7);
        QCOMPARE(synced[u"epoch"_s].toString(), epoch);
        const QList<QJsonObject> messages = back->all(u"message"_s);
        QCOMPARE(messages.size(), 5);
        for (int i = 0; i < 5; ++i)
            QCOMPARE(messages[i][u"seq"_s].toInt(), 3 + i);

        // Paging: limit 2 → complete false, then continue from the last seq received.
        back->clear();
        back->send({ { u"type"_s, u"sync"_s }, { u"conversation"_s, id }, { u"after_seq"_s, 2 },
            { u"epoch"_s, epoch }, { u"limit"_s, 2 } });
        QCOMPARE(back->take(u"synced"_s)[u"complete"_s].toBool(), false);
        QCOMPARE(back->all(u"message"_s).size(), 2);

        back->clear();
        back->send({ { u"type"_s, u"sync"_s }, { u"conversation"_s, id }, { u"after_seq"_s, 2 },
            { u"epoch"_s, u"not-the-epoch"_s } });
        const QJsonObject mismatch = back->take(u"synced"_s);
        QCOMPARE(mismatch[u"recovered"_s].toBool(), false);
        QCOMPARE(mismatch[u"epoch"_s].toString(), epoch);
        QVERIFY(back->all(u"message"_s).isEmpty());

        back->send({ { u"type"_s, u"history"_s }, { u"conversation"_s, id }, { u"before_seq"_s, 7 },
            { u"limit"_s, 3 } });
        const QJsonObject history = back->take(u"history"_s);
        const QJsonArray page = history[u"messages"_s].toArray();
        QCOMPARE(page.size(), 3);
        QCOMPARE(page.first()[u"seq"_s].toInt(), 4);
        QCOMPARE(page.last()[u"seq"_s].toInt(), 6);
        QCOMPARE(history[u"has_more"_s].toBool(), true);
    }

    void pingPong()
    {
        auto client = connectClient();
        QVERIFY(!client->helloCustomer().isEmpty());
        client->send({ { u"type"_s, u"ping"_s } });
        QVERIFY(!client->take(u"pong"_s).isEmpty());
        // Before hello even a ping is refused: hello comes first.
        auto early = connectClient();
        early->send({ { u"type"_s, u"ping"_s } });
        QCOMPARE(early->take(u"error"_s)[u"code"_s].toString(), u"unauthenticated"_s);
        QVERIFY(early->waitClosed());
        QCOMPARE(early->closeCode(), 1008);
    }

    void errorsAndCloseCodes_data()
    {
        QTest::addColumn<QString>("frame");
        QTest::addColumn<bool>("afterHello");
        QTest::addColumn<QString>("code");
        QTest::addColumn<int>("closeCode"); // -1: stays open
        QTest::addRow("message before hello")
            << u"{\"type\":\"send\",\"client_id\":\"a\",\"text\":\"x\"}"_s << false
            << u"unauthenticated"_s << 1008;
        QTest::addRow("unsupported version")
            << u"{\"type\":\"hello\",\"v\":2,\"role\":\"customer\"}"_s << false
            << u"unsupported_version"_s << 1008;
        QTest::addRow("wrong password")
            << u"{\"type\":\"hello\",\"v\":1,\"role\":\"agent\",\"login\":\"alice\",\"password\":\"nope\"}"_s
            << false << u"unauthenticated"_s << 1008;
        QTest::addRow("unknown token")
            << u"{\"type\":\"hello\",\"v\":1,\"role\":\"agent\",\"token\":\"forged-token-value\"}"_s
            << false << u"unauthenticated"_s << 1008;
        QTest::addRow("not json") << u"hello?"_s << true << u"bad_request"_s << -1;
        QTest::addRow("not an object") << u"[1,2]"_s << true << u"bad_request"_s << -1;
        QTest::addRow("unknown type")
            << u"{\"type\":\"dance\"}"_s << true << u"bad_request"_s << -1;
        QTest::addRow("missing field")
            << u"{\"type\":\"send\",\"text\":\"x\"}"_s << true << u"bad_request"_s << -1;
        QTest::addRow("ill-typed field")
            << u"{\"type\":\"sync\",\"conversation\":\"x\",\"after_seq\":\"1\"}"_s << true
            << u"bad_request"_s << -1;
        QTest::addRow("unknown conversation")
            << u"{\"type\":\"sync\",\"conversation\":\"nope\",\"after_seq\":0}"_s << true
            << u"not_found"_s << -1;
        QTest::addRow("customer uses staff command")
            << u"{\"type\":\"status\",\"state\":\"away\"}"_s << true << u"forbidden"_s << -1;
    }

    void errorsAndCloseCodes()
    {
        QFETCH(QString, frame);
        QFETCH(bool, afterHello);
        QFETCH(QString, code);
        QFETCH(int, closeCode);
        auto client = connectClient();
        if (afterHello)
            QVERIFY(!client->helloCustomer().isEmpty());
        client->sendRaw(frame);
        const QJsonObject error = client->take(u"error"_s, 10000);
        QCOMPARE(error[u"code"_s].toString(), code);
        QVERIFY(!error[u"message"_s].toString().isEmpty());
        if (closeCode < 0) {
            QTest::qWait(100);
            QVERIFY(client->isConnected());
            client->send({ { u"type"_s, u"ping"_s } });
            QVERIFY(!client->take(u"pong"_s).isEmpty());
        } else {
            QVERIFY(client->waitClosed());
            QCOMPARE(client->closeCode(), closeCode);
        }
    }

    void oversizedAndBinaryFramesClose()
    {
        auto big = connectClient();
        big->sendRaw(u"{\"type\":\"ping\",\"pad\":\""_s + QString(70 * 1024, u'x') + u"\"}"_s);
        QVERIFY(big->waitClosed());
        QCOMPARE(big->closeCode(), 1009);
        auto binary = connectClient();
        binary->sendBinary("\x01\x02");
        QVERIFY(binary->waitClosed());
        QCOMPARE(binary->closeCode(), 1003);
    }

    void staffTokenResumes()
    {
        auto agent = connectClient();
        const QString token = agent->helloStaff(u"alice"_s, alicePassword)[u"token"_s].toString();
        agent->close();
        auto again = connectClient();
        const QJsonObject welcome = again->helloToken(u"agent"_s, token);
        QCOMPARE(welcome[u"agent"_s][u"login"_s].toString(), u"alice"_s);
        // A customer token is not a staff token.
        auto customer = connectClient();
        const QString customerToken = customer->helloCustomer()[u"token"_s].toString();
        auto impostor = connectClient();
        impostor->helloToken(u"agent"_s, customerToken);
        QCOMPARE(impostor->take(u"error"_s)[u"code"_s].toString(), u"unauthenticated"_s);
    }

    void supervisorSeesEverythingAndWhispers()
    {
        auto agent = connectClient();
        auto customer = connectClient();
        const QString id = assignedPair(*agent, *customer);
        auto supervisor = connectClient();
        const QJsonObject welcome = supervisor->helloStaff(u"sam"_s, samPassword, u"supervisor"_s);
        QCOMPARE(welcome[u"role"_s].toString(), u"supervisor"_s);
        QCOMPARE(welcome[u"conversations"_s].toArray().size(), 1);
        // An agent account cannot claim the supervisor role.
        auto pretender = connectClient();
        pretender->helloStaff(u"bob"_s, bobPassword, u"supervisor"_s);
        QCOMPARE(pretender->take(u"error"_s)[u"code"_s].toString(), u"unauthenticated"_s);

        supervisor->send({ { u"type"_s, u"monitor"_s }, { u"conversation"_s, id } });
        QTest::qWait(100);
        QCOMPARE(customer->sendText(u"watched"_s, u"w1"_s)[u"type"_s].toString(), u"ack"_s);
        QCOMPARE(
            supervisor
                ->take(u"message"_s, 5000,
                    [](const auto &m) { return m[u"kind"_s].toString() == u"text"_s; })[u"text"_s]
                .toString(),
            u"watched"_s);
        QCOMPARE(supervisor->sendText(u"whisper"_s, u"s1"_s, id, u"note"_s)[u"type"_s].toString(),
            u"ack"_s);
        QCOMPARE(
            agent
                ->take(u"message"_s, 5000,
                    [](const auto &m) { return m[u"kind"_s].toString() == u"note"_s; })[u"text"_s]
                .toString(),
            u"whisper"_s);
        QTest::qWait(200);
        for (const QJsonObject &m : customer->all(u"message"_s))
            QVERIFY(m[u"kind"_s].toString() != u"note"_s);
        // Supervisors reply in public only after accepting; whispering is the rule.
        QCOMPARE(
            supervisor->sendText(u"public"_s, u"s2"_s, id)[u"code"_s].toString(), u"forbidden"_s);
    }
};

QTEST_GUILESS_MAIN(ProtocolFlowTest)
#include "tst_protocolflow.moc"
