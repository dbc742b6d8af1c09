// Staff accounts managed over the protocol (docs/protocol.md, "Staff accounts") with real
// WebSocket clients against a real SwitchboardServer: a supervisor adds an agent who then
// signs in, agents are refused, and a removed or re-passworded agent's open connection is
// closed at once.
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <testclient.h>
#include <testserver.h>

using namespace Qt::StringLiterals;

namespace {

const QString samPassword = u"sam-secret-pw-1"_s;
const QString alicePassword = u"alice-secret-pw-1"_s;
const QString carolPassword = u"carol-first-pw-1"_s;
const QString carolNewPassword = u"carol-second-pw-2"_s;

} // namespace

class StaffAccountsTest final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;

    std::unique_ptr<TestClient> connect()
    {
        auto client = std::make_unique<TestClient>();
        return client->open(m_server->url()) ? std::move(client) : nullptr;
    }

    // Sends a staff request and waits for its answer: the reply, or the error naming it.
    static QJsonObject ask(TestClient &client, QJsonObject request)
    {
        static int counter = 0;
        const QString id = u"s%1"_s.arg(++counter);
        request.insert(u"request"_s, id);
        client.send(request);
        QJsonObject answer;
        const bool answered = QTest::qWaitFor(
            [&] {
                for (const QJsonObject &frame : client.inbox()) {
                    if (frame[u"request"_s].toString() == id || frame[u"ref"_s].toString() == id)
                        answer = frame;
                }
                return !answer.isEmpty();
            },
            10000);
        return answered ? answer : QJsonObject {};
    }

private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<TestServer>();
        QVERIFY(m_server->addUser(u"sam"_s, u"supervisor"_s, {}, samPassword, u"Sam"_s));
        QVERIFY(
            m_server->addUser(u"alice"_s, u"agent"_s, { u"sales"_s }, alicePassword, u"Alice"_s));
        QVERIFY(m_server->start());
    }

    void cleanup() { m_server.reset(); }

    void supervisorAddsAnAgentWhoSignsIn()
    {
        auto sam = connect();
        QVERIFY(sam);
        QVERIFY(!sam->helloStaff(u"sam"_s, samPassword).isEmpty());

        const QJsonObject added = ask(*sam,
            { { u"type"_s, u"staff_add"_s }, { u"login"_s, u"carol"_s }, { u"name"_s, u"Carol"_s },
                { u"role"_s, u"agent"_s }, { u"teams"_s, QJsonArray { u"sales"_s } },
                { u"password"_s, carolPassword } });
        QCOMPARE(added[u"type"_s].toString(), u"staff_changed"_s);
        QCOMPARE(added[u"change"_s].toString(), u"added"_s);
        QCOMPARE(added[u"account"_s][u"login"_s].toString(), u"carol"_s);

        auto carol = connect();
        QVERIFY(carol);
        const QJsonObject welcome = carol->helloStaff(u"carol"_s, carolPassword);
        QCOMPARE(welcome[u"agent"_s][u"name"_s].toString(), u"Carol"_s);
        QCOMPARE(welcome[u"agent"_s][u"teams"_s].toArray(), QJsonArray { u"sales"_s });

        const QJsonObject listed = ask(*sam, { { u"type"_s, u"staff_list"_s } });
        QCOMPARE(listed[u"type"_s].toString(), u"staff"_s);
        QStringList online;
        for (const QJsonValue &account : listed[u"accounts"_s].toArray()) {
            if (account[u"online"_s].toBool())
                online.append(account[u"login"_s].toString());
        }
        QCOMPARE(online, QStringList({ u"carol"_s, u"sam"_s }));

        // The audit log names who did it; no password anywhere in it.
        const QJsonObject audit
            = ask(*sam, { { u"type"_s, u"audit"_s }, { u"action"_s, u"user_create"_s } });
        const QJsonArray entries = audit[u"entries"_s].toArray();
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries.first()[u"actor"_s].toString(), u"sam"_s);
        QCOMPARE(entries.first()[u"target"_s].toString(), u"carol"_s);
        QVERIFY(!QJsonDocument(audit).toJson().contains(carolPassword.toUtf8()));
    }

    void agentsAreForbidden()
    {
        auto alice = connect();
        QVERIFY(alice);
        QVERIFY(!alice->helloStaff(u"alice"_s, alicePassword).isEmpty());
        const QJsonObject refused = ask(*alice,
            { { u"type"_s, u"staff_add"_s }, { u"login"_s, u"mallory"_s },
                { u"role"_s, u"supervisor"_s }, { u"password"_s, u"mallory-pw-123"_s } });
        QCOMPARE(refused[u"type"_s].toString(), u"error"_s);
        QCOMPARE(refused[u"code"_s].toString(), u"forbidden"_s);
        QCOMPARE(
            ask(*alice, { { u"type"_s, u"staff_list"_s } })[u"code"_s].toString(), u"forbidden"_s);
        QVERIFY(alice->isConnected());
        auto mallory = connect();
        QVERIFY(mallory);
        QVERIFY(mallory->helloStaff(u"mallory"_s, u"mallory-pw-123"_s).isEmpty());
    }

    void badInputIsAClearErrorAndTheConnectionStays()
    {
        auto sam = connect();
        QVERIFY(sam);
        QVERIFY(!sam->helloStaff(u"sam"_s, samPassword).isEmpty());
        const auto code = [&](const QJsonObject &request) {
            return ask(*sam, request)[u"code"_s].toString();
        };
        QCOMPARE(code({ { u"type"_s, u"staff_add"_s }, { u"login"_s, u""_s },
                     { u"role"_s, u"agent"_s }, { u"password"_s, carolPassword } }),
            u"bad_request"_s);
        QCOMPARE(code({ { u"type"_s, u"staff_add"_s }, { u"login"_s, u"carol"_s },
                     { u"role"_s, u"agent"_s }, { u"password"_s, u"short"_s } }),
            u"bad_request"_s);
        QCOMPARE(code({ { u"type"_s, u"staff_add"_s }, { u"login"_s, u"alice"_s },
                     { u"role"_s, u"agent"_s }, { u"password"_s, carolPassword } }),
            u"conflict"_s);
        QCOMPARE(
            code({ { u"type"_s, u"staff_remove"_s }, { u"login"_s, u"sam"_s } }), u"conflict"_s);
        QVERIFY(sam->isConnected());
    }

    void removedAgentsConnectionIsClosed()
    {
        auto sam = connect();
        auto alice = connect();
        QVERIFY(sam && alice);
        QVERIFY(!sam->helloStaff(u"sam"_s, samPassword).isEmpty());
        const QString token = alice->helloStaff(u"alice"_s, alicePassword)[u"token"_s].toString();
        QVERIFY(!token.isEmpty());

        const QJsonObject removed
            = ask(*sam, { { u"type"_s, u"staff_remove"_s }, { u"login"_s, u"alice"_s } });
        QCOMPARE(removed[u"change"_s].toString(), u"removed"_s);
        QVERIFY(alice->waitClosed(5000));
        QCOMPARE(alice->closeCode(), 1008);
        QCOMPARE(alice->all(u"error"_s).constLast()[u"code"_s].toString(), u"unauthenticated"_s);

        auto again = connect();
        QVERIFY(again);
        QVERIFY(again->helloToken(u"agent"_s, token).isEmpty());
        QVERIFY(sam->isConnected());
    }

    void passwordResetClosesTheAgentsConnection()
    {
        auto sam = connect();
        auto alice = connect();
        QVERIFY(sam && alice);
        QVERIFY(!sam->helloStaff(u"sam"_s, samPassword).isEmpty());
        QVERIFY(!alice->helloStaff(u"alice"_s, alicePassword).isEmpty());

        const QJsonObject changed = ask(*sam,
            { { u"type"_s, u"staff_password"_s }, { u"login"_s, u"alice"_s },
                { u"password"_s, carolNewPassword } });
        QCOMPARE(changed[u"change"_s].toString(), u"password"_s);
        QVERIFY(alice->waitClosed(5000));
        QCOMPARE(alice->closeCode(), 1008);

        auto old = connect();
        QVERIFY(old);
        QVERIFY(old->helloStaff(u"alice"_s, alicePassword).isEmpty());
        auto fresh = connect();
        QVERIFY(fresh);
        QVERIFY(!fresh->helloStaff(u"alice"_s, carolNewPassword).isEmpty());
    }
};

QTEST_GUILESS_MAIN(StaffAccountsTest)
#include "tst_staffaccounts.moc"
