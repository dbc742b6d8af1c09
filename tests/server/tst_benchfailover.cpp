// switchboard-bench against the real switchboard-server with two endpoints: one a relay that
// drops every connection it carries in the middle of the traffic, the other the server itself.
// The dropped connections fail over and resume with their tokens (agents sync, customers send
// their unacked messages again); nothing acked goes undelivered and every message is stored
// once. A refused endpoint is failed over at connect; a single URL still counts errors.
// With --threads 2 the traffic runs on two loops with nothing lost or doubled, and the CPU
// of the measured traffic is reported per thread, the server's and the bench's own.
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <cmath>
#include <serverprocess.h>

using namespace Qt::StringLiterals;

namespace {

const QString agentPassword = u"bench-password"_s;

// A loopback TCP relay to `upstreamPort` that can drop everything it carries at once, as a
// node that dies does: both sides see their connection end.
class DroppingRelay final : public QObject {
public:
    explicit DroppingRelay(quint16 upstreamPort)
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this, upstreamPort] {
            while (QTcpSocket *client = m_server.nextPendingConnection()) {
                client->setParent(this);
                auto *upstream = new QTcpSocket(this);
                m_sockets << client << upstream;
                ++m_carried;
                upstream->connectToHost(QHostAddress::LocalHost, upstreamPort);
                connect(client, &QTcpSocket::readyRead, this, [client, upstream] {
                    if (upstream->state() == QAbstractSocket::ConnectedState)
                        upstream->write(client->readAll());
                });
                connect(upstream, &QTcpSocket::connected, this,
                    [client, upstream] { upstream->write(client->readAll()); });
                connect(upstream, &QTcpSocket::readyRead, this,
                    [client, upstream] { client->write(upstream->readAll()); });
                connect(upstream, &QTcpSocket::disconnected, client, &QTcpSocket::abort);
                connect(client, &QTcpSocket::disconnected, upstream, &QTcpSocket::abort);
            }
        });
    }

    quint16 port() const { return m_server.serverPort(); }
    int carried() const { return m_carried; }
    void dropAll()
    {
        for (QTcpSocket *socket : std::as_const(m_sockets))
            socket->abort();
    }

private:
    QTcpServer m_server;
    QList<QTcpSocket *> m_sockets;
    int m_carried = 0;
};

quint16 refusingPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort(); // closed again on return: connects are refused
}

QString bench()
{
    return QString::fromUtf8(SWITCHBOARD_BENCH_BINARY);
}

QJsonObject reportOf(QProcess &process)
{
    const QList<QByteArray> lines = process.readAllStandardOutput().trimmed().split('\n');
    return QJsonDocument::fromJson(lines.last()).object();
}

QByteArray errorsOf(const QJsonObject &report)
{
    return QJsonDocument(report.value(u"errors"_s).toObject()).toJson(QJsonDocument::Compact);
}

} // namespace

class BenchFailoverTest final : public QObject {
    Q_OBJECT

private:
    // Room for every conversation of every case: earlier cases' stay open.
    ServerProcess m_server { { u"--rate-limit"_s, u"0"_s, u"--agent-capacity"_s, u"1000"_s,
        u"--log-level"_s, u"warning"_s } };

    QStringList common(const QStringList &urls) const
    {
        return { u"--url"_s, urls.join(u','), u"--no-progress"_s, u"--sources"_s, u"0"_s,
            u"--agent-password"_s, agentPassword };
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_server.addUser(u"bench-agent-0"_s, u"agent"_s, {}, agentPassword));
        QVERIFY(m_server.addUser(u"bench-agent-1"_s, u"agent"_s, {}, agentPassword));
        QVERIFY2(m_server.start(), m_server.log().constData());
    }

    void droppedConnectionsResumeOnTheOtherEndpoint()
    {
        DroppingRelay relay(m_server.port());
        QProcess process;
        // Connection i of each role goes to endpoint i mod 2: agent 0, active customers 0 and
        // 2 and the even idle ones (1 + 2 + 10 = 13 of 26) through the relay.
        process.start(bench(),
            common({ u"ws://127.0.0.1:%1/ws"_s.arg(relay.port()), m_server.url().toString() })
                + QStringList { u"--idle"_s, u"20"_s, u"--agents"_s, u"2"_s, u"--active"_s, u"4"_s,
                    u"--window"_s, u"3"_s, u"--warmup"_s, u"0.5"_s, u"--seconds"_s, u"4"_s });
        QVERIFY(process.waitForStarted());
        QTRY_COMPARE_WITH_TIMEOUT(relay.carried(), 13, 30000);
        QTest::qWait(1500); // into the traffic: connected, settled, sending
        const qint64 droppedAtMs = QDateTime::currentMSecsSinceEpoch();
        relay.dropAll();
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 0);
        const QJsonObject report = reportOf(process);

        QCOMPARE(report.value(u"failover"_s).toBool(), true);
        QCOMPARE(report.value(u"failovers"_s).toInteger(), 13);
        QCOMPARE(report.value(u"resumed"_s).toInteger(), 13);
        QCOMPARE(report.value(u"failover_reasons"_s).toObject(),
            QJsonObject({ { u"closed_1006"_s, 13 } }));
        const QJsonArray endpoints = report.value(u"endpoints"_s).toArray();
        QCOMPARE(endpoints.size(), 2);
        QCOMPARE(endpoints[0][u"welcomes"_s].toInteger(), 13);
        QCOMPARE(endpoints[0][u"failovers"_s].toInteger(), 13);
        QCOMPARE(endpoints[0][u"held"_s].toInteger(), 0);
        QCOMPARE(endpoints[1][u"welcomes"_s].toInteger(), 26);
        QCOMPARE(endpoints[1][u"held"_s].toInteger(), 26);
        QCOMPARE(report.value(u"connections_held"_s).toInteger(), 26);
        // Nothing acked went unseen by an agent, nothing was left unanswered, nobody was
        // refused its token.
        QCOMPARE(report.value(u"undelivered"_s).toInteger(), 0);
        QVERIFY2(report.value(u"errors"_s).toObject().isEmpty(), errorsOf(report).constData());
        QVERIFY(report.value(u"delivered_per_s"_s).toDouble() > 0);

        // Every message sent was stored exactly once though the unacked ones were sent twice,
        // and the customers that failed over went on writing on the other endpoint.
        const qint64 sent = report.value(u"sent"_s).toInteger();
        QVERIFY(sent > 0);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"bench-read"_s);
            db.setDatabaseName(m_server.databasePath());
            QVERIFY(db.open());
            QSqlQuery query(db);
            QVERIFY(query.exec(u"SELECT COUNT(*), COUNT(DISTINCT client_id) FROM messages "
                               "WHERE sender_role = 'customer' AND client_id LIKE 'a%'"_s));
            QVERIFY(query.next());
            QCOMPARE(query.value(0).toLongLong(), sent);
            QCOMPARE(query.value(1).toLongLong(), sent);
            QVERIFY(query.exec(u"SELECT COUNT(*) FROM messages WHERE client_id LIKE 'a0-%%' "
                               "AND ts_ms > %1"_s.arg(droppedAtMs + 500)));
            QVERIFY(query.next());
            QVERIFY2(
                query.value(0).toLongLong() > 0, "customer 0 wrote nothing after failing over");
        }
        QSqlDatabase::removeDatabase(u"bench-read"_s);
    }

    void refusedEndpointIsFailedOverAtConnect()
    {
        QProcess process;
        // Agent 0, active customer 0 and idle customers 0, 2, 4, 6, 8 start on the refusing one.
        process.start(bench(),
            common({ u"ws://127.0.0.1:%1/ws"_s.arg(refusingPort()), m_server.url().toString() })
                + QStringList { u"--idle"_s, u"10"_s, u"--agents"_s, u"1"_s, u"--active"_s, u"2"_s,
                    u"--seconds"_s, u"1"_s });
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 0);
        const QJsonObject report = reportOf(process);
        QCOMPARE(
            report.value(u"failover_reasons"_s).toObject(), QJsonObject({ { u"connect"_s, 7 } }));
        QCOMPARE(report.value(u"resumed"_s).toInteger(), 0);
        const QJsonArray endpoints = report.value(u"endpoints"_s).toArray();
        QCOMPARE(endpoints[0][u"welcomes"_s].toInteger(), 0);
        QCOMPARE(endpoints[1][u"welcomes"_s].toInteger(), 13);
        QCOMPARE(report.value(u"connections_held"_s).toInteger(), 13);
        QVERIFY2(report.value(u"errors"_s).toObject().isEmpty(), errorsOf(report).constData());
    }

    void threadsShareTheTrafficAndCpuIsReadPerThread()
    {
        const qint64 startedMs = QDateTime::currentMSecsSinceEpoch();
        QProcess process;
        process.start(bench(),
            common({ m_server.url().toString() })
                + QStringList { u"--threads"_s, u"2"_s, u"--server-pid"_s,
                    QString::number(m_server.pid()), u"--idle"_s, u"10"_s, u"--agents"_s, u"2"_s,
                    u"--active"_s, u"4"_s, u"--window"_s, u"3"_s, u"--warmup"_s, u"0.5"_s,
                    u"--seconds"_s, u"3"_s });
        QVERIFY(process.waitForStarted());
        const qint64 benchPid = process.processId();
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 0);
        const QJsonObject report = reportOf(process);
        QCOMPARE(report.value(u"threads"_s).toInt(), 2);
        QCOMPARE(report.value(u"connections_held"_s).toInteger(), 16);
        QCOMPARE(report.value(u"undelivered"_s).toInteger(), 0);
        QVERIFY2(report.value(u"errors"_s).toObject().isEmpty(), errorsOf(report).constData());
        QVERIFY(report.value(u"acked_per_s"_s).toDouble() > 0);

        // The measured window only: the 3 s of traffic after the warm-up (give or take a poll),
        // with what was acked in it (the rate is that count over the seconds).
        const QJsonObject cpu = report.value(u"cpu"_s).toObject();
        QVERIFY2(
            cpu.value(u"window_s"_s).toDouble() > 2.9 && cpu.value(u"window_s"_s).toDouble() < 3.5,
            QJsonDocument(cpu).toJson(QJsonDocument::Compact).constData());
        QVERIFY(std::abs(double(cpu.value(u"acked"_s).toInteger()) / 3.0
                    - report.value(u"acked_per_s"_s).toDouble())
            <= 0.5);

        // The server's threads by name: the storage writer and the router did the work.
        const QJsonArray servers = cpu.value(u"servers"_s).toArray();
        QCOMPARE(servers.size(), 1);
        const QJsonObject server = servers[0].toObject();
        QCOMPARE(server.value(u"pid"_s).toInteger(), m_server.pid());
        const QJsonObject threads = server.value(u"threads"_s).toObject();
        QVERIFY2(threads.value(u"switchboard-wri"_s).toDouble() > 0,
            QJsonDocument(server).toJson(QJsonDocument::Compact).constData());
        QVERIFY(threads.value(u"switchboard-rou"_s).toDouble() > 0);
        double summed = 0;
        for (const QJsonValue seconds : threads)
            summed += seconds.toDouble();
        QVERIFY(summed > 0);
        QVERIFY(summed <= server.value(u"total_s"_s).toDouble() + 0.01 * threads.size());

        // The bench's own process: the main loop and the second one, each named.
        const QJsonObject own = cpu.value(u"bench"_s).toObject();
        QCOMPARE(own.value(u"pid"_s).toInteger(), benchPid);
        QCOMPARE(own.value(u"thread_counts"_s).toObject().value(u"bench-loop-1"_s).toInt(), 1);
        QVERIFY(own.value(u"total_s"_s).toDouble() > 0);

        // Both loops sent: every message stored once, from customers of either loop.
        const qint64 sent = report.value(u"sent"_s).toInteger();
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"bench-threads"_s);
        db.setDatabaseName(m_server.databasePath());
        QVERIFY(db.open());
        {
            QSqlQuery query(db);
            QVERIFY(query.exec(u"SELECT COUNT(*), COUNT(DISTINCT client_id), COUNT(DISTINCT "
                               "substr(client_id, 1, instr(client_id, '-'))) FROM messages "
                               "WHERE sender_role = 'customer' AND client_id LIKE 'a%%' "
                               "AND ts_ms >= %1"_s.arg(startedMs)));
            QVERIFY(query.next());
            QCOMPARE(query.value(0).toLongLong(), sent);
            QCOMPARE(query.value(1).toLongLong(), sent);
            // a0- and a2- went out on loop 0, a1- and a3- on loop 1.
            QCOMPARE(query.value(2).toInt(), 4);
        }
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(u"bench-threads"_s);
    }

    void singleUrlCountsErrorsWithoutFailover()
    {
        QProcess process;
        process.start(bench(),
            common({ u"ws://127.0.0.1:%1/ws"_s.arg(refusingPort()) })
                + QStringList { u"--idle"_s, u"3"_s, u"--seconds"_s, u"0.2"_s });
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 0);
        const QJsonObject report = reportOf(process);
        QCOMPARE(report.value(u"failover"_s).toBool(), false);
        QVERIFY(!report.contains(u"failovers"_s));
        QCOMPARE(report.value(u"errors"_s).toObject(), QJsonObject({ { u"connect"_s, 3 } }));
        QCOMPARE(report.value(u"connections_held"_s).toInteger(), 0);
    }
};

QTEST_GUILESS_MAIN(BenchFailoverTest)
#include "tst_benchfailover.moc"
