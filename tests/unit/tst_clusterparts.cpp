// The cluster's pieces that need no network: which seqs a node still owes its connections
// (CrossNodeDelivery), when a database read may describe a conversation's routing
// (LocalRoutingGuard), the events nodes exchange (ClusterEvent, ClusterNode) and the
// redis:// URL (RedisOptions).
#include <QTest>
#include <cluster/clusterevent.h>
#include <cluster/redisoptions.h>
#include <router/crossnodedelivery.h>
#include <router/localroutingguard.h>

using namespace Qt::StringLiterals;
using namespace switchboard::server;
using switchboard::protocol::AgentStatus;
using switchboard::protocol::ReceiptKind;
using switchboard::protocol::Role;

class tst_ClusterParts final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void deliversEachSeqOnceInAnyOrder()
    {
        CrossNodeDelivery delivery;
        const QString id = u"c1"_s;
        delivery.follow(id, 5); // 1..5 were there before
        QVERIFY(!delivery.claim(id, 5));
        // This node writes 7 before it hears of 6, written elsewhere.
        QVERIFY(delivery.claim(id, 7));
        QCOMPARE(delivery.deliveredThrough(id), 5);
        QVERIFY(delivery.isBehind(id, 7)); // 6 is missing
        QVERIFY(delivery.claim(id, 6));
        QCOMPARE(delivery.deliveredThrough(id), 7); // 6 closes the gap, 7 was already there
        QVERIFY(!delivery.claim(id, 6));
        QVERIFY(!delivery.claim(id, 7));
        QVERIFY(!delivery.isBehind(id, 7));
        QVERIFY(delivery.isBehind(id, 8));
    }

    void notBehindWhenEverythingAboveTheMarkIsThere()
    {
        CrossNodeDelivery delivery;
        delivery.follow(u"c"_s, 0);
        QVERIFY(delivery.claim(u"c"_s, 2));
        QVERIFY(delivery.claim(u"c"_s, 3));
        QVERIFY(delivery.isBehind(u"c"_s, 3)); // 1 never came
        QVERIFY(delivery.claim(u"c"_s, 1));
        QVERIFY(!delivery.isBehind(u"c"_s, 3));
        QCOMPARE(delivery.deliveredThrough(u"c"_s), 3);
    }

    void skippingMarksEverythingDelivered()
    {
        CrossNodeDelivery delivery;
        delivery.follow(u"c"_s, 0);
        QVERIFY(delivery.claim(u"c"_s, 4));
        QVERIFY(delivery.claim(u"c"_s, 9));
        delivery.skipThrough(u"c"_s, 6);
        QCOMPARE(delivery.deliveredThrough(u"c"_s), 6);
        QVERIFY(delivery.isBehind(u"c"_s, 9)); // 7 and 8 are still owed
        QVERIFY(!delivery.claim(u"c"_s, 5));
        delivery.skipThrough(u"c"_s, 8);
        QCOMPARE(delivery.deliveredThrough(u"c"_s), 9); // 9 was delivered already
        delivery.forget(u"c"_s);
        QVERIFY(!delivery.follows(u"c"_s));
    }

    void oneReadAtATime()
    {
        CrossNodeDelivery delivery;
        delivery.follow(u"c"_s, 0);
        QVERIFY(!delivery.isReading(u"c"_s));
        QVERIFY(delivery.startReading(u"c"_s));
        QVERIFY(delivery.isReading(u"c"_s));
        QVERIFY(!delivery.startReading(u"c"_s)); // noted instead
        QVERIFY(!delivery.startReading(u"c"_s));
        QVERIFY(delivery.finishReading(u"c"_s)); // read once more, not twice
        QVERIFY(delivery.startReading(u"c"_s));
        QVERIFY(!delivery.finishReading(u"c"_s));
    }

    // A conversation first heard of mid-life: the read that finds it has already made a cursor
    // (at 0); following it from what was read must move the mark there, not re-read from 1.
    void followingMidLifeStartsAtTheReadSeq()
    {
        CrossNodeDelivery delivery;
        QVERIFY(delivery.startReading(u"c"_s));
        QVERIFY(!delivery.finishReading(u"c"_s));
        delivery.follow(u"c"_s, 40);
        QCOMPARE(delivery.deliveredThrough(u"c"_s), 40);
        QVERIFY(!delivery.isBehind(u"c"_s, 40));
        QVERIFY(!delivery.claim(u"c"_s, 12)); // older than what was read: never again
        QVERIFY(delivery.claim(u"c"_s, 41));
        // Following again with an older seq never moves the mark back.
        delivery.follow(u"c"_s, 10);
        QCOMPARE(delivery.deliveredThrough(u"c"_s), 41);
    }

    void readsStartedBeforeALocalChangeAreNotSettled()
    {
        LocalRoutingGuard guard;
        const QString id = u"c"_s;
        const quint64 before = guard.generation(id);
        QVERIFY(guard.isSettled(id, before));
        guard.begin(id, 1000);
        QVERIFY(!guard.isSettled(id, guard.generation(id))); // in flight
        guard.wantRefresh(id);
        QVERIFY(!guard.takeWantedRefresh(id)); // not while the change is in flight
        guard.end(id, 1010);
        QVERIFY(!guard.isSettled(id, before)); // the read began before the change
        QVERIFY(guard.isSettled(id, guard.generation(id)));
        QVERIFY(guard.takeWantedRefresh(id));
        QVERIFY(!guard.takeWantedRefresh(id));
        guard.prune(1010 + 60 * 1000 + 1);
        QCOMPARE(guard.generation(id), 0u);
    }

    void eventsSurviveTheWire_data()
    {
        QTest::addColumn<int>("kind");
        QTest::newRow("conversation") << int(ClusterEvent::Kind::Conversation);
        QTest::newRow("receipt") << int(ClusterEvent::Kind::Receipt);
        QTest::newRow("typing") << int(ClusterEvent::Kind::Typing);
        QTest::newRow("nodes") << int(ClusterEvent::Kind::Nodes);
    }

    void eventsSurviveTheWire()
    {
        QFETCH(int, kind);
        ClusterEvent event;
        event.kind = ClusterEvent::Kind(kind);
        event.origin = u"node-a"_s;
        if (event.kind != ClusterEvent::Kind::Nodes) {
            event.conversationId = u"conv-1"_s;
            event.seq = 42;
        }
        event.routing = event.kind == ClusterEvent::Kind::Conversation;
        event.role = event.kind == ClusterEvent::Kind::Typing ? Role::Agent : Role::Customer;
        event.side = ReceiptSide::Agent;
        event.receipt = ReceiptKind::Read;
        event.active = event.kind == ClusterEvent::Kind::Typing;
        const std::optional<ClusterEvent> decoded = ClusterEvent::decode(event.encode());
        QVERIFY(decoded);
        QCOMPARE(int(decoded->kind), kind);
        QCOMPARE(decoded->origin, event.origin);
        QCOMPARE(decoded->conversationId, event.conversationId);
        QCOMPARE(decoded->seq, event.seq);
        if (event.kind == ClusterEvent::Kind::Conversation) {
            QVERIFY(decoded->routing);
            QCOMPARE(decoded->role, Role::Customer);
            QVERIFY(!decoded->message);
            // With the message, so the next node delivers it without a database read.
            StoredMessage message;
            message.conversationId = event.conversationId;
            message.seq = event.seq;
            message.senderKey = u"c:7"_s;
            message.senderRole = Role::Customer;
            message.senderName = u"Ann"_s;
            message.clientId = u"k3J9"_s;
            message.kind = switchboard::protocol::MessageKind::Note;
            message.text = u"Hello \u00e9"_s;
            message.timestampMs = 1764633600123;
            message.traceId = u"0af7651916cd43dd8448eb211c80319c"_s;
            event.message = message;
            const std::optional<ClusterEvent> withMessage = ClusterEvent::decode(event.encode());
            QVERIFY(withMessage && withMessage->message);
            const StoredMessage &got = *withMessage->message;
            QCOMPARE(got.conversationId, message.conversationId);
            QCOMPARE(got.seq, message.seq);
            QCOMPARE(got.senderKey, message.senderKey);
            QCOMPARE(got.senderRole, message.senderRole);
            QCOMPARE(got.senderName, message.senderName);
            QCOMPARE(got.clientId, message.clientId);
            QCOMPARE(got.kind, message.kind);
            QCOMPARE(got.text, message.text);
            QCOMPARE(got.timestampMs, message.timestampMs);
            QCOMPARE(got.traceId, message.traceId);
            QVERIFY(!withMessage->routed);
            // An assignment carries where it left the conversation; a close does not.
            event.routed = ClusterEvent::Routing { ConversationState::Assigned, 17, u"billing"_s,
                1764633600000 };
            const std::optional<ClusterEvent> routed = ClusterEvent::decode(event.encode());
            QVERIFY(routed && routed->routed && routed->message);
            QCOMPARE(routed->routed->state, ConversationState::Assigned);
            QCOMPARE(routed->routed->agentId, qint64(17));
            QCOMPARE(routed->routed->team, u"billing"_s);
            QCOMPARE(routed->routed->queuedSinceMs, qint64(1764633600000));
            event.routed->state = ConversationState::Closed;
            QVERIFY(!ClusterEvent::decode(event.encode())->routed);
            event.routing = false; // only a routing change carries it
            event.routed->state = ConversationState::Queued;
            QVERIFY(!ClusterEvent::decode(event.encode())->routed);
        }
        if (event.kind == ClusterEvent::Kind::Receipt) {
            QCOMPARE(decoded->side, ReceiptSide::Agent);
            QCOMPARE(decoded->receipt, ReceiptKind::Read);
        }
        if (event.kind == ClusterEvent::Kind::Typing) {
            QVERIFY(decoded->active);
            QCOMPARE(decoded->role, Role::Agent);
        }
    }

    void foreignEventsAreIgnored_data()
    {
        QTest::addColumn<QByteArray>("payload");
        QTest::newRow("not json") << QByteArray("hello");
        QTest::newRow("unknown kind") << QByteArray("{\"k\":\"gossip\",\"n\":\"b\"}");
        QTest::newRow("no origin") << QByteArray("{\"k\":\"nodes\"}");
        QTest::newRow("no conversation")
            << QByteArray("{\"k\":\"conversation\",\"n\":\"b\",\"s\":3}");
        QTest::newRow("negative seq") << QByteArray(
            "{\"k\":\"conversation\",\"n\":\"b\",\"c\":\"x\",\"s\":-1,\"role\":\"agent\"}");
        QTest::newRow("unknown role")
            << QByteArray("{\"k\":\"typing\",\"n\":\"b\",\"c\":\"x\",\"s\":0,\"role\":\"robot\"}");
        QTest::newRow("bad receipt side")
            << QByteArray("{\"k\":\"receipt\",\"n\":\"b\",\"c\":\"x\",\"s\":1,\"side\":\"x\","
                          "\"receipt\":\"read\"}");
    }

    void foreignEventsAreIgnored()
    {
        QFETCH(QByteArray, payload);
        QVERIFY(!ClusterEvent::decode(payload));
    }

    void nodesCarryEndpointAndPresence()
    {
        ClusterNode node;
        node.id = u"node-b"_s;
        node.endpoint = u"ws://chat2.example.com:8080/ws"_s;
        node.agents.insert(7, AgentStatus::Available);
        node.agents.insert(9, AgentStatus::Away);
        const std::optional<ClusterNode> decoded = ClusterNode::decode(node.encode());
        QVERIFY(decoded);
        QCOMPARE(*decoded, node);
        QVERIFY(!ClusterNode::decode("{\"endpoint\":\"ws://x/ws\"}")); // no id
    }

    void redisUrls_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("password");
        QTest::addColumn<int>("database");
        QTest::newRow("plain") << u"redis://127.0.0.1:6379"_s << true << u"127.0.0.1"_s << 6379
                               << QString() << 0;
        QTest::newRow("default port")
            << u"redis://cache"_s << true << u"cache"_s << 6379 << QString() << 0;
        QTest::newRow("password and db") << u"redis://:s%40cret@cache:6380/3"_s << true
                                         << u"cache"_s << 6380 << u"s@cret"_s << 3;
        QTest::newRow("wrong scheme")
            << u"rediss://cache"_s << false << QString() << 0 << QString() << 0;
        QTest::newRow("db not a number")
            << u"redis://cache/x"_s << false << QString() << 0 << QString() << 0;
        QTest::newRow("query") << u"redis://cache?timeout=1"_s << false << QString() << 0
                               << QString() << 0;
    }

    void redisUrls()
    {
        QFETCH(QString, url);
        QFETCH(bool, valid);
        const auto options = RedisOptions::fromUrl(url);
        QCOMPARE(options.hasValue(), valid);
        if (!valid) {
            QVERIFY(!options.error().contains(u"s@cret"_s));
            return;
        }
        QTEST(options->host, "host");
        QTEST(options->port, "port");
        QTEST(options->password, "password");
        QTEST(options->database, "database");
        QVERIFY(!options->masked().contains(u"s@cret"_s));
    }
};

QTEST_GUILESS_MAIN(tst_ClusterParts)
#include "tst_clusterparts.moc"
