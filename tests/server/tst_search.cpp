// Search (docs/protocol.md, "Search") end to end: conversations of two teams, several agents,
// open and closed, seeded into the server's real SQLite file; queries over real sockets. Each
// query must return exactly the seeded hits, never one outside the asker's scope, and the
// same after a restart (the index is on disk) and after messages are deleted (the index
// follows).
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>
#include <QUuid>
#include <store/sqlitestore.h>
#include <testclient.h>
#include <testserver.h>

using namespace Qt::StringLiterals;
using namespace switchboard;
using namespace switchboard::server;

namespace {

const QString password = u"search-password-1"_s;
constexpr qint64 day = 86400000;
constexpr qint64 base = 1793491200000; // 2026-11-01T00:00:00Z

using Hit = QPair<QString, qint64>; // conversation, seq

QList<Hit> one(const QString &conversation, qint64 seq)
{
    return { { conversation, seq } };
}

QString longText()
{
    return QString(u"lorem ipsum "_s).repeated(25) + u"the refund arrived "_s
        + QString(u"dolor sit amet "_s).repeated(20);
}

} // namespace

class SearchTest final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;
    QHash<QString, QString> m_ids; // C1 … C5 → conversation id
    QHash<QString, qint64> m_users; // login → user id

    // The seeded history, written through the real store into the server's file.
    bool seed()
    {
        SqliteStore store(m_server->databasePath(), u"seed-"_s + QUuid::createUuid().toString());
        if (!store.open())
            return false;
        for (const QString &login : { u"alice"_s, u"bob"_s, u"carol"_s, u"sam"_s })
            m_users[login] = (*store.findUserByLogin(login))->id;
        qint64 clock = base;
        const auto customer = [&](const QString &name, const QString &email) {
            return store.createCustomer({ 0, name, email, {}, clock })->id;
        };
        const auto conversation
            = [&](const QString &key, qint64 customerId, const QString &team, qint64 createdMs) {
                  m_ids[key] = store.createConversation(customerId, team, u"e"_s, createdMs)->id;
              };
        const auto route = [&](const QString &key, ConversationState state, const QString &agent) {
            return store
                .applyRoutingChange({ m_ids[key], state, agent.isEmpty() ? 0 : m_users[agent],
                    QString(), clock += 1000 })
                .hasValue();
        };
        int n = 0;
        const auto say = [&](const QString &key, const QString &sender, const QString &text,
                             MessageKind kind = MessageKind::Text) {
            NewMessage message;
            message.conversationId = m_ids[key];
            message.senderKey = sender.isEmpty() ? u"c:1"_s
                : sender == u"system"            ? u"system"_s
                                                 : u"u:%1"_s.arg(m_users[sender]);
            message.senderRole = sender.isEmpty() ? Role::Customer
                : sender == u"system"             ? Role::System
                : sender == u"sam"                ? Role::Supervisor
                                                  : Role::Agent;
            message.senderName = sender.isEmpty() ? u"Customer"_s : sender;
            message.clientId = u"m%1"_s.arg(++n);
            message.kind = kind;
            message.text = text;
            message.timestampMs = clock += 60000;
            message.traceId = u"0af7651916cd43dd8448eb211c80319c"_s;
            return store.appendMessage(message).hasValue();
        };
        const qint64 ann = customer(u"Ann Archer"_s, u"ann@example.com"_s);
        const qint64 ben = customer(u"Ben"_s, u"ben@SHOP.test"_s);
        const qint64 cid = customer(u"Cid"_s, u"cid@example.com"_s);
        const qint64 dee = customer(u"Dee"_s, u"dee@example.com"_s);
        const qint64 eve = customer(u"Eve"_s, u"eve@example.com"_s);
        conversation(u"C1"_s, ann, u"sales"_s, base + 1 * day);
        conversation(u"C2"_s, ben, u"billing"_s, base + 2 * day);
        conversation(u"C3"_s, cid, u"sales"_s, base + 3 * day);
        conversation(u"C4"_s, dee, u"billing"_s, base + 4 * day);
        conversation(u"C5"_s, eve, u"vip"_s, base + 5 * day);
        clock = base + 10 * day;
        bool ok = route(u"C1"_s, ConversationState::Assigned, u"alice"_s)
            && say(u"C1"_s, u"system"_s, u"Assigned to alice: refund desk"_s, MessageKind::Event)
            && say(u"C1"_s, {}, u"I want a refund for order 1234"_s) // C1 2
            && say(u"C1"_s, u"alice"_s, u"Your refund is on its way"_s) // C1 3
            && say(u"C1"_s, u"alice"_s, u"refund approved by finance"_s, MessageKind::Note) // 4
            && route(u"C1"_s, ConversationState::Closed, u"alice"_s);
        ok = ok && route(u"C2"_s, ConversationState::Assigned, u"bob"_s)
            && say(u"C2"_s, {}, u"refund please, the invoice is wrong"_s) // C2 1
            && say(u"C2"_s, u"bob"_s, u"Refunding now"_s); // C2 2
        ok = ok && say(u"C3"_s, {}, u"Where is my parcel? Refund?"_s) // C3 1
            && say(u"C3"_s, {}, u"Un café, s'il vous plaît"_s) // C3 2
            && say(u"C3"_s, {}, longText()); // C3 3
        // alice wrote in C4 before it went to bob: it stays in her scope.
        ok = ok && route(u"C4"_s, ConversationState::Assigned, u"alice"_s)
            && say(u"C4"_s, u"alice"_s, u"refund handled by billing"_s) // C4 1
            && route(u"C4"_s, ConversationState::Assigned, u"bob"_s)
            && say(u"C4"_s, {}, u"thanks"_s); // C4 2
        ok = ok && route(u"C5"_s, ConversationState::Assigned, u"carol"_s)
            && say(u"C5"_s, {}, u"refund for a vip order"_s); // C5 1
        store.close();
        return ok;
    }

    std::unique_ptr<TestClient> staff(const QString &login)
    {
        auto client = std::make_unique<TestClient>();
        if (!client->open(m_server->url()) || client->helloStaff(login, password).isEmpty())
            return nullptr;
        return client;
    }

    static QJsonObject ask(TestClient &client, QJsonObject request)
    {
        static int counter = 0;
        const QString id = u"q%1"_s.arg(++counter);
        request.insert(u"type"_s, u"search"_s);
        request.insert(u"request"_s, id);
        client.send(request);
        return client.take(u"search_results"_s, 5000,
            [&id](const QJsonObject &answer) { return answer[u"request"_s].toString() == id; });
    }

    QList<Hit> hitsOf(const QJsonObject &answer) const
    {
        QList<Hit> hits;
        for (const QJsonValue &hit : answer[u"hits"_s].toArray()) {
            const QString key = m_ids.key(hit[u"conversation"_s].toString(), u"?"_s);
            hits.append({ key, hit[u"seq"_s].toInteger() });
        }
        return hits;
    }

    QList<Hit> search(TestClient &client, const QJsonObject &request) const
    {
        const QJsonObject answer = ask(client, request);
        if (answer.isEmpty())
            return { { u"no answer"_s, -1 } };
        return hitsOf(answer);
    }

    void checkSeededQueries()
    {
        auto alice = staff(u"alice"_s);
        auto sam = staff(u"sam"_s);
        QVERIFY(alice && sam);
        const QJsonObject refund { { u"text"_s, u"refund"_s } };
        // Newest first. alice: her own (C1), her team's (C3), the one she wrote in (C4); never
        // bob's C2 or carol's vip C5; never the system event.
        const QList<Hit> aliceRefund { { u"C4"_s, 1 }, { u"C3"_s, 3 }, { u"C3"_s, 1 },
            { u"C1"_s, 4 }, { u"C1"_s, 3 }, { u"C1"_s, 2 } };
        QCOMPARE(search(*alice, refund), aliceRefund);
        const QList<Hit> samRefund { { u"C5"_s, 1 }, { u"C4"_s, 1 }, { u"C3"_s, 3 }, { u"C3"_s, 1 },
            { u"C2"_s, 2 }, { u"C2"_s, 1 }, { u"C1"_s, 4 }, { u"C1"_s, 3 }, { u"C1"_s, 2 } };
        QCOMPARE(search(*sam, refund), samRefund);
        // The last word is a prefix ("refund" finds "Refunding" and the long text's "refund"
        // only because it is there); earlier words are whole.
        QCOMPARE(search(*sam, { { u"text"_s, u"refund order"_s } }),
            (QList<Hit> { { u"C5"_s, 1 }, { u"C1"_s, 2 } }));
        QCOMPARE(search(*sam, { { u"text"_s, u"ORDER refund"_s } }),
            (QList<Hit> { { u"C5"_s, 1 }, { u"C1"_s, 2 } }));
        QCOMPARE(search(*sam, { { u"text"_s, u"refunding"_s } }), one(u"C2"_s, 2));
        QCOMPARE(search(*sam, { { u"text"_s, u"refun invoice"_s } }), QList<Hit> {});
        // Case and diacritics folded both ways.
        QCOMPARE(search(*alice, { { u"text"_s, u"CAFE"_s } }), one(u"C3"_s, 2));
        QCOMPARE(search(*alice, { { u"text"_s, u"plait"_s } }), one(u"C3"_s, 2));
        // User syntax is only words: quotes, NEAR, OR, column filters and stars do nothing.
        QCOMPARE(
            search(*sam, { { u"text"_s, u"\"refund\" OR* text:parcel NEAR("_s } }), QList<Hit> {});
        QCOMPARE(search(*sam, { { u"text"_s, u"parcel \"refund"_s } }), one(u"C3"_s, 1));
        // Notes are found for staff.
        QCOMPARE(search(*alice, { { u"text"_s, u"finance"_s } }), one(u"C1"_s, 4));
        // Events never.
        QCOMPARE(search(*sam, { { u"text"_s, u"desk"_s } }), QList<Hit> {});

        // Filters.
        QCOMPARE(search(*sam, { { u"text"_s, u"refund"_s }, { u"state"_s, u"closed"_s } }),
            (QList<Hit> { { u"C1"_s, 4 }, { u"C1"_s, 3 }, { u"C1"_s, 2 } }));
        QCOMPARE(search(*sam, { { u"text"_s, u"refund"_s }, { u"state"_s, u"queued"_s } }),
            (QList<Hit> { { u"C3"_s, 3 }, { u"C3"_s, 1 } }));
        QCOMPARE(search(*sam, { { u"text"_s, u"refund"_s }, { u"team"_s, u"billing"_s } }),
            (QList<Hit> { { u"C4"_s, 1 }, { u"C2"_s, 2 }, { u"C2"_s, 1 } }));
        QCOMPARE(search(*sam, { { u"text"_s, u"refund"_s }, { u"agent"_s, u"bob"_s } }),
            (QList<Hit> { { u"C4"_s, 1 }, { u"C2"_s, 2 }, { u"C2"_s, 1 } }));
        QCOMPARE(search(*sam, { { u"text"_s, u"refund"_s }, { u"agent"_s, u"nobody"_s } }),
            QList<Hit> {});
        QCOMPARE(search(*sam, { { u"text"_s, u"refund"_s }, { u"customer"_s, u"ARCHER"_s } }),
            (QList<Hit> { { u"C1"_s, 4 }, { u"C1"_s, 3 }, { u"C1"_s, 2 } }));
        QCOMPARE(search(*sam, { { u"text"_s, u"refund"_s }, { u"customer"_s, u"shop.test"_s } }),
            (QList<Hit> { { u"C2"_s, 2 }, { u"C2"_s, 1 } }));
        // Message time, from inclusive, to exclusive: C1's messages are minutes 1-3 of day 10.
        const QString from = formatTime(base + 10 * day + 2000 + 2 * 60000);
        const QString to = formatTime(base + 10 * day + 2000 + 3 * 60000);
        QCOMPARE(search(*sam, { { u"text"_s, u"refund"_s }, { u"from"_s, from }, { u"to"_s, to } }),
            one(u"C1"_s, 3));
        // An agent's scope holds whatever the filters name.
        QCOMPARE(search(*alice, { { u"text"_s, u"refund"_s }, { u"team"_s, u"billing"_s } }),
            one(u"C4"_s, 1));
        QCOMPARE(search(*alice, { { u"text"_s, u"refund"_s }, { u"agent"_s, u"bob"_s } }),
            one(u"C4"_s, 1));
        QCOMPARE(
            search(*alice, { { u"text"_s, u"refund"_s }, { u"team"_s, u"vip"_s } }), QList<Hit> {});
        QCOMPARE(search(*alice, { { u"text"_s, u"invoice"_s } }), QList<Hit> {});
        auto bob = staff(u"bob"_s);
        QVERIFY(bob);
        QCOMPARE(
            search(*bob, refund), (QList<Hit> { { u"C4"_s, 1 }, { u"C2"_s, 2 }, { u"C2"_s, 1 } }));

        // Without text: conversations, newest created first, seq = latest.
        QCOMPARE(
            search(*alice, {}), (QList<Hit> { { u"C4"_s, 2 }, { u"C3"_s, 3 }, { u"C1"_s, 4 } }));
        QCOMPARE(search(*sam, { { u"state"_s, u"assigned"_s } }),
            (QList<Hit> { { u"C5"_s, 1 }, { u"C4"_s, 2 }, { u"C2"_s, 2 } }));
        QCOMPARE(search(*sam,
                     { { u"from"_s, formatTime(base + 2 * day) },
                         { u"to"_s, formatTime(base + 4 * day) } }),
            (QList<Hit> { { u"C3"_s, 3 }, { u"C2"_s, 2 } }));
        const QJsonObject listing = ask(*sam, { { u"team"_s, u"billing"_s } });
        const QJsonObject c4 = listing[u"hits"_s][0].toObject();
        QCOMPARE(c4[u"snippet"_s].toString(), u"thanks"_s);
        QVERIFY(c4[u"highlights"_s].toArray().isEmpty());
        QVERIFY(!c4.contains(u"kind"_s));
        QCOMPARE(c4[u"agent"_s][u"login"_s].toString(), u"bob"_s);

        // One hit in full.
        const QJsonObject answer
            = ask(*sam, { { u"text"_s, u"order"_s }, { u"team"_s, u"sales"_s } });
        QCOMPARE(answer[u"total"_s].toInt(), 1);
        QCOMPARE(answer[u"has_more"_s].toBool(), false);
        const QJsonObject hit = answer[u"hits"_s][0].toObject();
        QCOMPARE(hit[u"conversation"_s].toString(), m_ids[u"C1"_s]);
        QCOMPARE(hit[u"seq"_s].toInt(), 2);
        QCOMPARE(hit[u"kind"_s].toString(), u"text"_s);
        QCOMPARE(hit[u"from"_s][u"role"_s].toString(), u"customer"_s);
        QCOMPARE(hit[u"snippet"_s].toString(), u"I want a refund for order 1234"_s);
        QCOMPARE(hit[u"highlights"_s].toArray(), (QJsonArray { QJsonArray { 20, 5 } }));
        QCOMPARE(hit[u"state"_s].toString(), u"closed"_s);
        QCOMPARE(hit[u"team"_s].toString(), u"sales"_s);
        QCOMPARE(hit[u"customer"_s][u"name"_s].toString(), u"Ann Archer"_s);
        QCOMPARE(hit[u"customer"_s][u"email"_s].toString(), u"ann@example.com"_s);
        QCOMPARE(hit[u"agent"_s][u"login"_s].toString(), u"alice"_s);
        QCOMPARE(hit[u"created"_s].toString(), formatTime(base + day));
        QCOMPARE(hit[u"ts"_s].toString(), formatTime(base + 10 * day + 1000 + 2 * 60000));
        // Highlights point at the words, in UTF-16 units, also after "…" in a long message.
        for (const QString &text : { u"refund"_s, u"cafe"_s, u"refund please"_s }) {
            const QJsonObject found = ask(*sam, { { u"text"_s, text } });
            for (const QJsonValue &each : found[u"hits"_s].toArray()) {
                const QString snippet = each[u"snippet"_s].toString();
                QVERIFY2(snippet.size() <= 200, qPrintable(snippet));
                const QJsonArray marks = each[u"highlights"_s].toArray();
                QVERIFY2(!marks.isEmpty(), qPrintable(snippet));
                for (const QJsonValue &mark : marks) {
                    const QString word = snippet.mid(mark[0].toInt(), mark[1].toInt()).toLower();
                    QVERIFY2(
                        word.startsWith(u"refund"_s) || word == u"café"_s || word == u"please"_s,
                        qPrintable(word));
                }
            }
        }
        const QJsonObject longHit = ask(*sam, { { u"text"_s, u"arrived"_s } });
        const QString cut = longHit[u"hits"_s][0][u"snippet"_s].toString();
        QVERIFY2(
            cut.startsWith(u"…"_s) && cut.endsWith(u"…"_s) && cut.size() <= 200, qPrintable(cut));

        // Paging and totals.
        const QJsonObject first = ask(*sam, { { u"text"_s, u"refund"_s }, { u"limit"_s, 4 } });
        QCOMPARE(first[u"total"_s].toInt(), 9);
        QCOMPARE(first[u"has_more"_s].toBool(), true);
        QCOMPARE(hitsOf(first), samRefund.mid(0, 4));
        const QJsonObject last
            = ask(*sam, { { u"text"_s, u"refund"_s }, { u"limit"_s, 4 }, { u"offset"_s, 8 } });
        QCOMPARE(hitsOf(last), samRefund.mid(8));
        QCOMPARE(last[u"has_more"_s].toBool(), false);
    }

    static QString formatTime(qint64 ms)
    {
        return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(u"yyyy-MM-ddTHH:mm:ss.zzzZ"_s);
    }

private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<TestServer>([](ServerConfig &config) {
            config.routing = protocol::RoutingMode::Manual; // nothing moves while we look
        });
        QVERIFY(m_server->addUser(u"alice"_s, u"agent"_s, { u"sales"_s }, password, u"Alice"_s));
        QVERIFY(m_server->addUser(u"bob"_s, u"agent"_s, { u"billing"_s }, password, u"Bob"_s));
        QVERIFY(m_server->addUser(u"carol"_s, u"agent"_s, { u"vip"_s }, password, u"Carol"_s));
        QVERIFY(m_server->addUser(u"sam"_s, u"supervisor"_s, {}, password, u"Sam"_s));
        QVERIFY(seed());
        QVERIFY(m_server->start());
    }

    void cleanup() { m_server.reset(); }

    void findsExactlyTheSeededHits() { checkSeededQueries(); }

    void sameAfterRestart()
    {
        QVERIFY(m_server->restart());
        checkSeededQueries();
    }

    void indexFollowsDeletedMessages()
    {
        m_server->stop();
        {
            const QString name = u"delete-"_s + QUuid::createUuid().toString();
            {
                QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
                db.setDatabaseName(m_server->databasePath());
                QVERIFY(db.open());
                QSqlQuery query(db);
                QVERIFY(query.exec(
                    u"DELETE FROM messages WHERE conversation_id = '%1'"_s.arg(m_ids[u"C1"_s])));
                QVERIFY(query.exec(
                    u"DELETE FROM messages WHERE conversation_id = '%1' AND seq = 1"_s.arg(
                        m_ids[u"C2"_s])));
                db.close();
            }
            QSqlDatabase::removeDatabase(name);
        }
        QVERIFY(m_server->start());
        auto sam = staff(u"sam"_s);
        QVERIFY(sam);
        QCOMPARE(search(*sam, { { u"text"_s, u"refund"_s } }),
            (QList<Hit> {
                { u"C5"_s, 1 }, { u"C4"_s, 1 }, { u"C3"_s, 3 }, { u"C3"_s, 1 }, { u"C2"_s, 2 } }));
        QCOMPARE(search(*sam, { { u"text"_s, u"invoice"_s } }), QList<Hit> {});
        // New messages are indexed shortly after they are written.
        auto alice = staff(u"alice"_s);
        QVERIFY(alice);
        alice->send({ { u"type"_s, u"accept"_s }, { u"conversation"_s, m_ids[u"C3"_s] } });
        QVERIFY(!alice->take(u"assigned"_s).isEmpty());
        const QJsonObject ack
            = alice->sendText(u"your parcel and refund are both sorted"_s, u"k1"_s, m_ids[u"C3"_s]);
        QCOMPARE(ack[u"type"_s].toString(), u"ack"_s);
        QTRY_COMPARE(search(*alice, { { u"text"_s, u"sorted"_s } }),
            one(u"C3"_s, ack[u"seq"_s].toInteger()));
    }

    // The full-text index follows the commits in batches: every acked message is findable
    // within a second of its ack.
    void messagesBecomeSearchableWithinASecond()
    {
        auto alice = staff(u"alice"_s);
        QVERIFY(alice);
        alice->send({ { u"type"_s, u"accept"_s }, { u"conversation"_s, m_ids[u"C3"_s] } });
        QVERIFY(!alice->take(u"assigned"_s).isEmpty());
        constexpr int burst = 100;
        qint64 lastSeq = 0;
        for (int i = 0; i < burst; ++i) {
            const QJsonObject ack = alice->sendText(
                u"capybara number %1"_s.arg(i), u"cap-%1"_s.arg(i), m_ids[u"C3"_s]);
            QCOMPARE(ack[u"type"_s].toString(), u"ack"_s);
            lastSeq = ack[u"seq"_s].toInteger();
        }
        QElapsedTimer sinceLastAck;
        sinceLastAck.start();
        const auto found = [&] {
            return search(*alice, { { u"text"_s, u"capybara"_s }, { u"limit"_s, burst } });
        };
        QTRY_COMPARE_WITH_TIMEOUT(found().size(), burst, 5000);
        QVERIFY2(sinceLastAck.elapsed() <= 1000,
            qPrintable(u"searchable after %1 ms"_s.arg(sinceLastAck.elapsed())));
        QCOMPARE(found().first(), one(u"C3"_s, lastSeq).first());
    }

    void refusesCustomersAndBadRequests()
    {
        TestClient customer;
        QVERIFY(customer.open(m_server->url()));
        QVERIFY(!customer.helloCustomer().isEmpty());
        customer.send(
            { { u"type"_s, u"search"_s }, { u"request"_s, u"c1"_s }, { u"text"_s, u"refund"_s } });
        const QJsonObject refused = customer.take(u"error"_s);
        QCOMPARE(refused[u"code"_s].toString(), u"forbidden"_s);
        QCOMPARE(refused[u"ref"_s].toString(), u"c1"_s);
        QVERIFY(customer.all(u"search_results"_s).isEmpty());

        auto alice = staff(u"alice"_s);
        QVERIFY(alice);
        const QList<QJsonObject> bad {
            { { u"text"_s, u""_s } },
            { { u"text"_s, u"***"_s } },
            { { u"text"_s, 5 } },
            { { u"state"_s, u"open"_s } },
            { { u"limit"_s, 0 } },
            { { u"limit"_s, 201 } },
            { { u"offset"_s, -1 } },
            { { u"from"_s, u"yesterday"_s } },
            { { u"from"_s, u"2026-12-01T00:00:00Z"_s }, { u"to"_s, u"2026-11-01T00:00:00Z"_s } },
        };
        int n = 0;
        for (QJsonObject request : bad) {
            const QString id = u"bad%1"_s.arg(++n);
            request.insert(u"type"_s, u"search"_s);
            request.insert(u"request"_s, id);
            alice->send(request);
            const QJsonObject error = alice->take(u"error"_s);
            QCOMPARE(error[u"code"_s].toString(), u"bad_request"_s);
            QCOMPARE(error[u"ref"_s].toString(), id);
        }
        QVERIFY(alice->all(u"search_results"_s).isEmpty());
        QVERIFY(alice->isConnected());
    }
};

QTEST_GUILESS_MAIN(SearchTest)
#include "tst_search.moc"
