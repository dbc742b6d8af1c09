// Operations scenarios from docs/reliability.md against the real server process:
// D4 (storage cannot write), O3 (SIGTERM under load), and the systemd notify protocol.
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <serverprocess.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <testclient.h>
#include <testserver.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

const QString password = u"agent-password-1"_s;

bool setFileSizeLimit(qint64 pid, const QString &limit)
{
    // prlimit(1) changes a running process's RLIMIT_FSIZE: with a soft limit of 4 KiB every
    // write past the first 4 KiB of any file fails, exactly as on a full disk.
    return QProcess::execute(
               u"prlimit"_s, { u"--pid"_s, QString::number(pid), u"--fsize="_s + limit })
        == 0;
}

// A unix datagram socket standing in for systemd's notify socket.
class NotifySocket final {
public:
    explicit NotifySocket(const QString &path)
        : m_path(path.toUtf8())
    {
        m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
        sockaddr_un address {};
        address.sun_family = AF_UNIX;
        std::memcpy(address.sun_path, m_path.constData(), std::size_t(m_path.size()));
        m_bound = ::bind(m_fd, reinterpret_cast<const sockaddr *>(&address), sizeof(address)) == 0;
    }
    ~NotifySocket() { ::close(m_fd); }
    bool isBound() const { return m_bound; }

    QByteArray received()
    {
        char buffer[1024];
        ssize_t n = 0;
        while ((n = ::recv(m_fd, buffer, sizeof(buffer), 0)) > 0)
            m_received += QByteArray(buffer, int(n)) + '\n';
        return m_received;
    }

private:
    QByteArray m_path;
    int m_fd = -1;
    bool m_bound = false;
    QByteArray m_received;
};

} // namespace

class OperationsTest final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // D4: storage cannot write during sends.
    void d4_storageFailureIsTypedAndRecoverable()
    {
        ServerProcess server({ u"--rate-limit"_s, u"0"_s });
        QVERIFY(server.start());
        TestClient customer;
        QVERIFY(customer.open(server.url()));
        const QJsonObject welcome = customer.helloCustomer();
        QCOMPARE(customer.sendText(u"before"_s, u"d4-1"_s)[u"type"_s].toString(), u"ack"_s);

        QVERIFY2(setFileSizeLimit(server.pid(), u"4096:unlimited"_s), "prlimit is available");
        for (int i = 2; i <= 4; ++i) {
            const QJsonObject reply = customer.sendText(u"during"_s, u"d4-%1"_s.arg(i));
            QCOMPARE(reply[u"type"_s].toString(), u"error"_s); // no ack
            QCOMPARE(reply[u"code"_s].toString(), u"unavailable"_s);
            QCOMPARE(reply[u"ref"_s].toString(), u"d4-%1"_s.arg(i));
        }
        QVERIFY(server.isRunning());
        QVERIFY(customer.isConnected());
        QByteArray body;
        QCOMPARE(httpGet(server.port(), "/readyz", &body), 503);
        QVERIFY2(body.contains("storage"), body.constData());
        QCOMPARE(httpGet(server.port(), "/healthz"), 200);

        QVERIFY(setFileSizeLimit(server.pid(), u"unlimited:unlimited"_s));
        QTRY_COMPARE_WITH_TIMEOUT(httpGet(server.port(), "/readyz"), 200, 15000);
        for (int i = 2; i <= 4; ++i) {
            const QJsonObject retry = customer.sendText(u"during"_s, u"d4-%1"_s.arg(i));
            QCOMPARE(retry[u"type"_s].toString(), u"ack"_s);
            QCOMPARE(retry[u"seq"_s].toInt(), i);
        }
        customer.send({ { u"type"_s, u"history"_s },
            { u"conversation"_s, welcome[u"conversation"_s][u"id"_s] } });
        QCOMPARE(customer.take(u"history"_s)[u"messages"_s].toArray().size(), 4);
    }

    // O3: SIGTERM under load.
    void o3_sigtermDrainsGracefully()
    {
        ServerProcess server({ u"--rate-limit"_s, u"0"_s });
        QVERIFY(server.start());
        std::vector<std::unique_ptr<TestClient>> customers;
        QStringList tokens;
        QStringList conversations;
        for (int i = 0; i < 10; ++i) {
            auto customer = std::make_unique<TestClient>();
            QVERIFY(customer->open(server.url()));
            const QJsonObject welcome = customer->helloCustomer(u"C%1"_s.arg(i));
            tokens << welcome[u"token"_s].toString();
            conversations << welcome[u"conversation"_s][u"id"_s].toString();
            customers.push_back(std::move(customer));
        }
        // Keep them sending while the signal arrives.
        int sent = 0;
        QTimer load;
        connect(&load, &QTimer::timeout, this, [&] {
            for (auto &customer : customers) {
                if (customer->isConnected()) {
                    customer->send({ { u"type"_s, u"send"_s },
                        { u"client_id"_s, u"o3-%1"_s.arg(sent++) }, { u"text"_s, u"load"_s } });
                }
            }
        });
        load.start(20);
        QTest::qWait(500);

        QElapsedTimer clock;
        clock.start();
        server.requestTermination();
        qint64 notReadyAt = -1;
        qint64 firstGoingAwayAt = -1;
        while (clock.elapsed() < 12000 && server.isRunning()) {
            if (notReadyAt < 0) {
                const int status = httpGet(server.port(), "/readyz");
                if (status == 503)
                    notReadyAt = clock.elapsed();
            }
            for (auto &customer : customers) {
                if (firstGoingAwayAt < 0 && customer->closeCode() == 1001)
                    firstGoingAwayAt = clock.elapsed();
            }
            QTest::qWait(10);
        }
        load.stop();
        const qint64 exitedAt = clock.elapsed();
        qInfo("O3: /readyz 503 after %lld ms, first 1001 after %lld ms, exit after %lld ms",
            notReadyAt, firstGoingAwayAt, exitedAt);
        QVERIFY2(!server.isRunning(), "exits within 10 s");
        QVERIFY(exitedAt <= 10000);
        QCOMPARE(server.process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(server.exitCode(), 0);
        QVERIFY(notReadyAt >= 0);
        QVERIFY(firstGoingAwayAt >= 0);
        QVERIFY2(notReadyAt < firstGoingAwayAt, "/readyz flips before clients are sent away");
        for (auto &customer : customers) {
            QVERIFY(customer->waitClosed());
            QCOMPARE(customer->closeCode(), 1001);
        }

        // Nothing acked is lost: every ack a client saw is in the history after a restart.
        QVERIFY(server.start());
        for (int i = 0; i < 10; ++i) {
            QSet<QString> acked;
            for (const QJsonObject &ack : customers[i]->all(u"ack"_s))
                acked.insert(ack[u"client_id"_s].toString());
            TestClient reader;
            QVERIFY(reader.open(server.url()));
            QVERIFY(!reader.helloCustomer(u"C"_s, tokens[i]).isEmpty());
            reader.send({ { u"type"_s, u"sync"_s }, { u"conversation"_s, conversations[i] },
                { u"after_seq"_s, 0 }, { u"limit"_s, 1000 } });
            QVERIFY(!reader.take(u"synced"_s).isEmpty());
            QSet<QString> stored;
            for (const QJsonObject &m : reader.all(u"message"_s))
                stored.insert(m[u"client_id"_s].toString());
            QVERIFY(!acked.isEmpty());
            QVERIFY2(stored.contains(acked), "every acknowledged message survived the shutdown");
        }
    }

    // Under systemd (Type=notify): READY=1, watchdog pings while the loops answer, STOPPING=1.
    // The portable platform code has no systemd: the server serves and never writes there.
    void systemdNotifyProtocol()
    {
        QTemporaryDir dir;
        const QString socketPath = dir.path() + u"/notify.sock"_s;
        NotifySocket notify(socketPath);
        QVERIFY(notify.isBound());
        ServerProcess server;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"NOTIFY_SOCKET"_s, socketPath);
        environment.insert(u"WATCHDOG_USEC"_s, u"400000"_s); // pings every 200 ms
        server.setEnvironment(environment);
        QVERIFY(server.start());
#ifdef SWITCHBOARD_PORTABLE_PLATFORM
        QTest::qWait(1000); // five watchdog intervals
        QVERIFY(server.terminate());
        QCOMPARE(notify.received(), QByteArray());
        return;
#endif
        QTRY_VERIFY(notify.received().contains("READY=1"));
        QTRY_VERIFY(notify.received().count("WATCHDOG=1") >= 3);
        QVERIFY(server.terminate());
        QVERIFY(notify.received().contains("STOPPING=1"));
    }
};

QTEST_GUILESS_MAIN(OperationsTest)
#include "tst_operations.moc"
