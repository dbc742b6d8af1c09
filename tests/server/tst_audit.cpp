// The audit log (docs/protocol.md, "Audit log") end to end: each listed action driven through
// the real protocol (sign-ins, transfers, closes, monitoring, whispers) or the real
// `switchboard-server user` commands, then read back with `audit` by a supervisor. No entry
// may carry message text, passwords, tokens or e-mail addresses.
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTest>
#include <testclient.h>
#include <testserver.h>

using namespace Qt::StringLiterals;

namespace {

const QString alicePassword = u"alice-secret-pw-1"_s;
const QString samPassword = u"sam-secret-pw-1"_s;
const QString wrongPassword = u"not-the-password-9"_s;
const QString secretText = u"my card number is 4111-SECRET"_s;
const QString whisperText = u"whisper-SECRET check the refund"_s;
const QString customerEmail = u"ann.private@example.com"_s;

} // namespace

class AuditTest final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;
    QStringList m_secrets; // nothing of these may appear in any entry

    std::unique_ptr<TestClient> connect()
    {
        auto client = std::make_unique<TestClient>();
        return client->open(m_server->url()) ? std::move(client) : nullptr;
    }

    static QJsonObject ask(TestClient &client, QJsonObject request)
    {
        static int counter = 0;
        const QString id = u"a%1"_s.arg(++counter);
        request.insert(u"type"_s, u"audit"_s);
        request.insert(u"request"_s, id);
        client.send(request);
        return client.take(u"audit"_s, 5000,
            [&id](const QJsonObject &answer) { return answer[u"request"_s].toString() == id; });
    }

    // Waits until the log holds an entry of `action` (writes are asynchronous) and returns
    // the newest one.
    static QJsonObject entry(TestClient &supervisor, const QString &action)
    {
        QJsonObject found;
        const bool ok = QTest::qWaitFor(
            [&] {
                const QJsonArray entries
                    = ask(supervisor, { { u"action"_s, action } })[u"entries"_s].toArray();
                if (!entries.isEmpty())
                    found = entries.first().toObject();
                return !found.isEmpty();
            },
            5000);
        return ok ? found : QJsonObject {};
    }

    static int runCli(const QStringList &arguments, const QByteArray &input = {})
    {
        QProcess process;
        process.start(QString::fromUtf8(SWITCHBOARD_SERVER_BINARY), arguments);
        if (!process.waitForStarted(10000))
            return -1;
        process.write(input);
        process.closeWriteChannel();
        if (!process.waitForFinished(60000))
            return -1;
        return process.exitCode();
    }

private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<TestServer>([](switchboard::server::ServerConfig &config) {
            config.routing = switchboard::protocol::RoutingMode::Manual;
        });
        QVERIFY(
            m_server->addUser(u"alice"_s, u"agent"_s, { u"sales"_s }, alicePassword, u"Alice"_s));
        QVERIFY(m_server->addUser(u"sam"_s, u"supervisor"_s, {}, samPassword, u"Sam"_s));
        QVERIFY(m_server->start());
        m_secrets
            = { alicePassword, samPassword, wrongPassword, secretText, whisperText, customerEmail };
    }

    void cleanup() { m_server.reset(); }

    void recordsEachAction()
    {
        const qint64 started = QDateTime::currentMSecsSinceEpoch();
        auto sam = connect();
        QVERIFY(sam);
        const QJsonObject samWelcome = sam->helloStaff(u"sam"_s, samPassword);
        QVERIFY(!samWelcome.isEmpty());
        m_secrets.append(samWelcome[u"token"_s].toString());

        // login (password), then a token sign-in.
        QJsonObject login = entry(*sam, u"login"_s);
        QCOMPARE(login[u"actor"_s].toString(), u"sam"_s);
        QCOMPARE(login[u"actor_role"_s].toString(), u"supervisor"_s);
        QCOMPARE(login[u"target"_s].toString(), u"sam"_s);
        QCOMPARE(login[u"address"_s].toString(), u"127.0.0.1"_s);
        QCOMPARE(login[u"detail"_s][u"method"_s].toString(), u"password"_s);
        const qint64 ts = QDateTime::fromString(login[u"ts"_s].toString(), Qt::ISODateWithMs)
                              .toMSecsSinceEpoch();
        QVERIFY(ts >= started - 1000 && ts <= QDateTime::currentMSecsSinceEpoch());
        QVERIFY(login[u"id"_s].toInteger() > 0);

        // login_failed: a known login with a wrong password names it; an unknown one does not.
        {
            auto wrong = connect();
            QVERIFY(wrong);
            QVERIFY(wrong->helloStaff(u"alice"_s, wrongPassword).isEmpty());
            auto unknown = connect();
            QVERIFY(unknown);
            QVERIFY(unknown->helloStaff(wrongPassword, wrongPassword).isEmpty());
        }
        QVERIFY(QTest::qWaitFor(
            [&] {
                return ask(*sam, { { u"action"_s, u"login_failed"_s } })[u"entries"_s]
                           .toArray()
                           .size()
                    == 2;
            },
            5000));
        const QJsonArray failures
            = ask(*sam, { { u"action"_s, u"login_failed"_s } })[u"entries"_s].toArray();
        QCOMPARE(failures[0][u"actor"_s].toString(), QString()); // newest: the unknown login
        QCOMPARE(failures[0][u"detail"_s][u"reason"_s].toString(), u"unknown_login"_s);
        QCOMPARE(failures[1][u"actor"_s].toString(), u"alice"_s);
        QCOMPARE(failures[1][u"actor_role"_s].toString(), u"agent"_s);
        QCOMPARE(failures[1][u"detail"_s][u"reason"_s].toString(), u"wrong_password"_s);
        QCOMPARE(failures[1][u"address"_s].toString(), u"127.0.0.1"_s);
        // The actor filter "" finds the unknown one only.
        QCOMPARE(ask(*sam, { { u"actor"_s, u""_s } })[u"entries"_s].toArray().size(), 1);

        // A customer, alice accepts, writes, transfers to a team; sam monitors and whispers.
        auto customer = connect();
        QVERIFY(customer);
        customer->send({ { u"type"_s, u"hello"_s }, { u"v"_s, 1 }, { u"role"_s, u"customer"_s },
            { u"name"_s, u"Ann"_s }, { u"email"_s, customerEmail }, { u"team"_s, u"sales"_s } });
        const QJsonObject customerWelcome = customer->take(u"welcome"_s);
        const QString id = customerWelcome[u"conversation"_s][u"id"_s].toString();
        QVERIFY(!id.isEmpty());
        m_secrets.append(customerWelcome[u"token"_s].toString());
        QCOMPARE(customer->sendText(secretText, u"c1"_s)[u"type"_s].toString(), u"ack"_s);

        auto alice = connect();
        QVERIFY(alice);
        const QJsonObject aliceWelcome = alice->helloStaff(u"alice"_s, alicePassword);
        QVERIFY(!aliceWelcome.isEmpty());
        m_secrets.append(aliceWelcome[u"token"_s].toString());
        alice->send({ { u"type"_s, u"accept"_s }, { u"conversation"_s, id } });
        QVERIFY(!alice->take(u"assigned"_s).isEmpty());
        QCOMPARE(alice->sendText(secretText, u"a1"_s, id)[u"type"_s].toString(), u"ack"_s);

        sam->send({ { u"type"_s, u"monitor"_s }, { u"conversation"_s, id } });
        QJsonObject monitor = entry(*sam, u"monitor"_s);
        QCOMPARE(monitor[u"actor"_s].toString(), u"sam"_s);
        QCOMPARE(monitor[u"target"_s].toString(), id);
        const QJsonObject whisperAck = sam->sendText(whisperText, u"w1"_s, id, u"note"_s);
        QCOMPARE(whisperAck[u"type"_s].toString(), u"ack"_s);
        QJsonObject whisper = entry(*sam, u"whisper"_s);
        QCOMPARE(whisper[u"actor"_s].toString(), u"sam"_s);
        QCOMPARE(whisper[u"actor_role"_s].toString(), u"supervisor"_s);
        QCOMPARE(whisper[u"target"_s].toString(), id);
        QCOMPARE(whisper[u"detail"_s][u"seq"_s].toInteger(), whisperAck[u"seq"_s].toInteger());
        // A retried whisper (same client_id) is one note and one entry.
        QVERIFY(sam->sendText(whisperText, u"w1"_s, id, u"note"_s)[u"duplicate"_s].toBool());

        alice->send({ { u"type"_s, u"transfer"_s }, { u"conversation"_s, id },
            { u"to_team"_s, u"sales"_s } });
        QJsonObject transfer = entry(*sam, u"transfer"_s);
        QCOMPARE(transfer[u"actor"_s].toString(), u"alice"_s);
        QCOMPARE(transfer[u"actor_role"_s].toString(), u"agent"_s);
        QCOMPARE(transfer[u"target"_s].toString(), id);
        QCOMPARE(transfer[u"detail"_s][u"to_team"_s].toString(), u"sales"_s);
        QCOMPARE(transfer[u"detail"_s][u"from_agent"_s].toString(), u"alice"_s);
        QCOMPARE(transfer[u"address"_s].toString(), u"127.0.0.1"_s);

        // close by staff (sam accepts and closes), then a customer's own close.
        sam->send({ { u"type"_s, u"accept"_s }, { u"conversation"_s, id } });
        QVERIFY(!sam->take(u"assigned"_s).isEmpty());
        sam->send({ { u"type"_s, u"close"_s }, { u"conversation"_s, id } });
        QJsonObject close = entry(*sam, u"close"_s);
        QCOMPARE(close[u"actor"_s].toString(), u"sam"_s);
        QCOMPARE(close[u"target"_s].toString(), id);
        auto second = connect();
        QVERIFY(second);
        const QString other = second->helloCustomer(u"Bo"_s)[u"conversation"_s][u"id"_s].toString();
        second->send({ { u"type"_s, u"close"_s } });
        QVERIFY(QTest::qWaitFor(
            [&] {
                const QJsonArray closes
                    = ask(*sam, { { u"action"_s, u"close"_s } })[u"entries"_s].toArray();
                return closes.size() == 2 && closes[0][u"target"_s].toString() == other;
            },
            5000));
        close = ask(*sam, { { u"action"_s, u"close"_s } })[u"entries"_s][0].toObject();
        QCOMPARE(close[u"actor"_s].toString(), u"customer"_s);
        QCOMPARE(close[u"actor_role"_s].toString(), u"customer"_s);

        // logout: alice's last connection closes.
        alice->close();
        QJsonObject logout = entry(*sam, u"logout"_s);
        QCOMPARE(logout[u"actor"_s].toString(), u"alice"_s);
        QCOMPARE(logout[u"target"_s].toString(), u"alice"_s);

        // Account changes from the command line, while the server runs.
        const QStringList data { u"--data"_s, m_server->dataDir() };
        QCOMPARE(runCli(QStringList { u"user"_s, u"add"_s, u"zed"_s, u"--role"_s, u"agent"_s,
                            u"--team"_s, u"sales"_s, u"--password-stdin"_s }
                         + data,
                     "zed-secret-pw-1\n"),
            0);
        QCOMPARE(
            runCli(QStringList { u"user"_s, u"passwd"_s, u"zed"_s, u"--password-stdin"_s } + data,
                "zed-secret-pw-2\n"),
            0);
        QCOMPARE(runCli(QStringList { u"user"_s, u"remove"_s, u"zed"_s } + data), 0);
        m_secrets << u"zed-secret-pw-1"_s << u"zed-secret-pw-2"_s;
        for (const QString &action : { u"user_create"_s, u"user_passwd"_s, u"user_remove"_s }) {
            const QJsonObject change = entry(*sam, action);
            QCOMPARE(change[u"actor"_s].toString(), u"cli"_s);
            QCOMPARE(change[u"target"_s].toString(), u"zed"_s);
            QCOMPARE(change[u"address"_s].toString(), QString());
        }
        QCOMPARE(entry(*sam, u"user_create"_s)[u"detail"_s][u"role"_s].toString(), u"agent"_s);

        // Nothing secret anywhere in the log.
        const QJsonObject everything = ask(*sam, { { u"limit"_s, 500 } });
        const QString dump = QString::fromUtf8(QJsonDocument(everything).toJson());
        for (const QString &secret : std::as_const(m_secrets))
            QVERIFY2(!dump.contains(secret), qPrintable(u"the log holds "_s + secret));
        QVERIFY(!dump.contains(u"@"_s));
    }

    void filtersAndPaging()
    {
        auto sam = connect();
        QVERIFY(sam);
        QVERIFY(!sam->helloStaff(u"sam"_s, samPassword).isEmpty());
        // Five sign-ins by alice, one failure.
        for (int i = 0; i < 5; ++i) {
            auto alice = connect();
            QVERIFY(alice);
            QVERIFY(!alice->helloStaff(u"alice"_s, alicePassword).isEmpty());
        }
        auto wrong = connect();
        QVERIFY(wrong);
        QVERIFY(wrong->helloStaff(u"alice"_s, wrongPassword).isEmpty());
        QVERIFY(QTest::qWaitFor(
            [&] {
                return ask(*sam,
                           { { u"actor"_s, u"alice"_s },
                               { u"action"_s, u"login"_s } })[u"entries"_s]
                           .toArray()
                           .size()
                    == 5;
            },
            5000));
        QVERIFY(QTest::qWaitFor(
            [&] {
                return ask(*sam,
                           { { u"actor"_s, u"alice"_s },
                               { u"action"_s, u"login_failed"_s } })[u"entries"_s]
                           .toArray()
                           .size()
                    == 1;
            },
            5000));
        const QJsonObject all = ask(*sam, { { u"action"_s, u"login"_s } });
        const QJsonArray logins = all[u"entries"_s].toArray();
        QCOMPARE(logins.size(), 6); // sam and five of alice
        QCOMPARE(all[u"has_more"_s].toBool(), false);
        for (qsizetype i = 1; i < logins.size(); ++i)
            QVERIFY(logins[i - 1][u"id"_s].toInteger() > logins[i][u"id"_s].toInteger());

        // Pages of two walk the same entries without overlap.
        QList<qint64> paged;
        for (int offset = 0; offset < 6; offset += 2) {
            const QJsonObject page = ask(
                *sam, { { u"action"_s, u"login"_s }, { u"limit"_s, 2 }, { u"offset"_s, offset } });
            QCOMPARE(page[u"has_more"_s].toBool(), offset < 4);
            for (const QJsonValue &e : page[u"entries"_s].toArray())
                paged.append(e[u"id"_s].toInteger());
        }
        QList<qint64> ids;
        for (const QJsonValue &e : logins)
            ids.append(e[u"id"_s].toInteger());
        QCOMPARE(paged, ids);

        // A time range: from the third newest login (inclusive) up to now.
        const QString from = logins[2][u"ts"_s].toString();
        const QJsonArray recent
            = ask(*sam, { { u"action"_s, u"login"_s }, { u"from"_s, from } })[u"entries"_s]
                  .toArray();
        QVERIFY(recent.size() >= 3);
        for (const QJsonValue &e : recent)
            QVERIFY(e[u"ts"_s].toString() >= from);
        const QJsonArray none
            = ask(*sam, { { u"to"_s, u"2020-01-01T00:00:00Z"_s } })[u"entries"_s].toArray();
        QVERIFY(none.isEmpty());
    }

    void onlySupervisorsRead()
    {
        auto alice = connect();
        QVERIFY(alice);
        QVERIFY(!alice->helloStaff(u"alice"_s, alicePassword).isEmpty());
        alice->send({ { u"type"_s, u"audit"_s }, { u"request"_s, u"x1"_s } });
        const QJsonObject refused = alice->take(u"error"_s);
        QCOMPARE(refused[u"code"_s].toString(), u"forbidden"_s);
        QCOMPARE(refused[u"ref"_s].toString(), u"x1"_s);
        QVERIFY(alice->all(u"audit"_s).isEmpty());

        auto customer = connect();
        QVERIFY(customer);
        QVERIFY(!customer->helloCustomer().isEmpty());
        customer->send({ { u"type"_s, u"audit"_s } });
        QCOMPARE(customer->take(u"error"_s)[u"code"_s].toString(), u"forbidden"_s);

        auto sam = connect();
        QVERIFY(sam);
        QVERIFY(!sam->helloStaff(u"sam"_s, samPassword).isEmpty());
        sam->send(
            { { u"type"_s, u"audit"_s }, { u"request"_s, u"x2"_s }, { u"action"_s, u"launch"_s } });
        const QJsonObject bad = sam->take(u"error"_s);
        QCOMPARE(bad[u"code"_s].toString(), u"bad_request"_s);
        QCOMPARE(bad[u"ref"_s].toString(), u"x2"_s);
    }
};

QTEST_GUILESS_MAIN(AuditTest)
#include "tst_audit.moc"
