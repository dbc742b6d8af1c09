// The real switchboard-server on `--db postgresql://…`: accounts made by the `user` command in
// PostgreSQL, a customer and an agent exchanging messages, a SIGKILL and a restart, and the
// customer resuming with nothing acked lost and the seqs going on without a gap. Each run
// uses a schema of its own, dropped afterwards. Needs SWITCHBOARD_TEST_POSTGRES_URL.
#include <QJsonArray>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <serverprocess.h>
#include <store/postgresoptions.h>
#include <testclient.h>
#include <testpostgres.h>
#include <testserver.h>

using namespace Qt::StringLiterals;
using switchboard::server::PostgresOptions;

namespace {

const QString password = u"correct horse battery staple"_s;

} // namespace

class PostgresFlowTest final : public QObject {
    Q_OBJECT

private:
    QString m_url; // with ?schema=
    QString m_schema;
    PostgresOptions m_options;

    bool addUser(const QString &login, const QString &role = u"agent"_s)
    {
        return ServerProcess::addUserToDatabase(m_url, login, role, password);
    }

    bool rawExec(const QString &sql, QVariant *result = nullptr)
    {
        QSqlDatabase db = QSqlDatabase::database(u"flow-raw"_s);
        QSqlQuery query(db);
        if (!query.exec(sql)) {
            qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
            return false;
        }
        if (result)
            *result = query.next() ? query.value(0) : QVariant();
        return true;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const auto postgres = TestPostgres::fromEnvironment();
        if (!postgres)
            QFAIL(qPrintable(postgres.error()));
        const QString &base = postgres->url;
        m_options = postgres->options;
        m_schema = u"sbflow_%1"_s.arg(
            QRandomGenerator::global()->generate64(), 16, 16, QLatin1Char('0'));
        m_url = base + u"?schema="_s + m_schema;
        QSqlDatabase db = TestPostgres::addRawConnection(m_options, u"flow-raw"_s);
        QVERIFY2(db.open(), qPrintable(db.lastError().text()));
    }

    void cleanupTestCase()
    {
        if (!m_schema.isEmpty())
            rawExec(u"DROP SCHEMA IF EXISTS \"%1\" CASCADE"_s.arg(m_schema));
        {
            QSqlDatabase db = QSqlDatabase::database(u"flow-raw"_s, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(u"flow-raw"_s);
    }

    void roundTripRestartAndResume()
    {
        QVERIFY(addUser(u"alice"_s));
        ServerProcess server({ u"--db"_s, m_url, u"--rate-limit"_s, u"0"_s });
        QVERIFY2(server.start(), server.log().constData());

        TestClient agent;
        QVERIFY(agent.open(server.url()));
        QVERIFY(!agent.helloStaff(u"alice"_s, password).isEmpty());
        TestClient customer;
        QVERIFY(customer.open(server.url()));
        const QJsonObject welcome = customer.helloCustomer(u"Ann"_s);
        const QString token = welcome[u"token"_s].toString();
        const QString id = welcome[u"conversation"_s][u"id"_s].toString();
        QVERIFY(!id.isEmpty());
        QCOMPARE(agent.take(u"assigned"_s)[u"conversation"_s][u"id"_s].toString(), id);

        // Both ways, acked after commit, delivered live.
        QList<int> seqs;
        for (int i = 0; i < 20; ++i) {
            const QJsonObject ack = customer.sendText(u"question %1"_s.arg(i), u"c-%1"_s.arg(i));
            QCOMPARE(ack[u"type"_s].toString(), u"ack"_s);
            seqs.append(ack[u"seq"_s].toInt());
            const QJsonObject delivered = agent.take(u"message"_s, 5000,
                [&](const QJsonObject &m) { return m[u"client_id"_s] == u"c-%1"_s.arg(i); });
            QCOMPARE(delivered[u"seq"_s].toInt(), seqs.last());
        }
        const QJsonObject reply = agent.sendText(u"an answer"_s, u"a-1"_s, id);
        QCOMPARE(reply[u"type"_s].toString(), u"ack"_s);
        QCOMPARE(
            customer
                .take(u"message"_s, 5000,
                    [](const QJsonObject &m) { return m[u"client_id"_s] == u"a-1"_s; })[u"seq"_s]
                .toInt(),
            reply[u"seq"_s].toInt());
        for (int i = 1; i < seqs.size(); ++i)
            QCOMPARE(seqs[i], seqs[i - 1] + 1);

        // A crash, then a restart on the same database.
        server.kill9();
        customer.waitClosed();
        QVERIFY2(server.start(), server.log().constData());
        TestClient resumed;
        QVERIFY(resumed.open(server.url()));
        const QJsonObject again = resumed.helloCustomer(u"Ann"_s, token);
        QCOMPARE(again[u"conversation"_s][u"id"_s].toString(), id);
        resumed.send({ { u"type"_s, u"sync"_s }, { u"conversation"_s, id }, { u"after_seq"_s, 0 },
            { u"limit"_s, 1000 } });
        const QJsonObject synced = resumed.take(u"synced"_s, 10000);
        QCOMPARE(synced[u"complete"_s].toBool(), true);
        const QList<QJsonObject> history = resumed.all(u"message"_s);
        QStringList clientIds;
        for (int i = 0; i < history.size(); ++i) {
            QCOMPARE(history[i][u"seq"_s].toInt(), i + 1); // no gap, no duplicate
            clientIds.append(history[i][u"client_id"_s].toString());
        }
        for (int i = 0; i < 20; ++i)
            QVERIFY2(clientIds.count(u"c-%1"_s.arg(i)) == 1, qPrintable(u"c-%1"_s.arg(i)));
        QCOMPARE(clientIds.count(u"a-1"_s), 1);

        // A retry of an acked message is answered with its seq; a new one continues the seqs.
        const QJsonObject retried = resumed.sendText(u"question 3"_s, u"c-3"_s);
        QCOMPARE(retried[u"seq"_s].toInt(), seqs[3]);
        QCOMPARE(retried[u"duplicate"_s].toBool(), true);
        const QJsonObject next = resumed.sendText(u"after the restart"_s, u"c-new"_s);
        QCOMPARE(next[u"seq"_s].toInt(), synced[u"seq"_s].toInt() + 1);

        // The rows are in PostgreSQL, and the password never reached the log.
        QVariant stored;
        QVERIFY(rawExec(u"SELECT count(*) FROM \"%1\".messages WHERE conversation_id = '%2'"_s.arg(
                            m_schema, id),
            &stored));
        QCOMPARE(stored.toInt(), next[u"seq"_s].toInt());
        QVERIFY(server.terminate());
        QVERIFY(server.log().contains("postgresql://"));
        if (!m_options.password.isEmpty())
            QVERIFY(!server.log().contains(m_options.password.toUtf8()));
    }

    // Export, reports and the export command read PostgreSQL too (they answered `unavailable`
    // on a PostgreSQL node before): the conversation the first case stored is in them.
    void historyWorksOnPostgres()
    {
        QVERIFY(addUser(u"sup"_s, u"supervisor"_s));
        ServerProcess server({ u"--db"_s, m_url, u"--rate-limit"_s, u"0"_s });
        QVERIFY2(server.start(), server.log().constData());
        TestClient supervisor;
        QVERIFY(supervisor.open(server.url()));
        QVERIFY(!supervisor.helloStaff(u"sup"_s, password, u"supervisor"_s).isEmpty());

        supervisor.send({ { u"type"_s, u"reports"_s }, { u"request"_s, u"r1"_s } });
        const QJsonObject report = supervisor.take(u"reports"_s, 10000);
        QCOMPARE(report[u"summary"_s][u"conversations"_s].toInt(), 1);
        QCOMPARE(report[u"by_agent"_s].toArray().first()[u"login"_s].toString(), u"alice"_s);

        supervisor.send(
            { { u"type"_s, u"export"_s }, { u"request"_s, u"e1"_s }, { u"format"_s, u"jsonl"_s } });
        const QJsonObject chunk = supervisor.take(u"export_chunk"_s, 10000);
        QCOMPARE(chunk[u"done"_s].toBool(), true);
        QCOMPARE(chunk[u"rows"_s].toInt(), chunk[u"total"_s].toInt());
        QVERIFY(chunk[u"rows"_s].toInt() >= 22); // 21 texts acked and the retry's original
        QVERIFY(server.terminate());

        QProcess cli;
        cli.start(ServerProcess::binary(),
            { u"export"_s, u"--db"_s, m_url, u"--format"_s, u"csv"_s, u"--from"_s, u"2000-01-01"_s,
                u"--to"_s, u"2100-01-01"_s });
        QVERIFY(cli.waitForFinished(30000));
        QCOMPARE(cli.exitCode(), 0);
        const QByteArray csv = cli.readAllStandardOutput();
        QCOMPARE(csv.count("\r\n"), 2); // the header and the one conversation
        QVERIFY(csv.contains("alice"));
    }

    // A bad URL is refused in one line, exit code 2, without echoing the password.
    void badUrlIsRefused()
    {
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(ServerProcess::binary(),
            { u"--db"_s, u"postgresql://sb:hunter2-secret@h:77777/chat"_s });
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitCode(), 2);
        const QByteArray output = process.readAll().trimmed();
        QVERIFY2(output.contains("port"), output.constData());
        QVERIFY(!output.contains("hunter2-secret"));
        QCOMPARE(output.count('\n'), 0);
    }
};

QTEST_GUILESS_MAIN(PostgresFlowTest)
#include "tst_postgresflow.moc"
