// O5 from docs/reliability.md in a CI-sized form: thousands of connect/disconnect cycles
// and tens of thousands of messages; afterwards resident memory, open descriptors and queue
// sizes are back to their baseline. (The full 200k cycles / 1M messages run is the same test
// with SWITCHBOARD_SOAK_SCALE=40.)
#include <QDir>
#include <QTest>
#include <serverprocess.h>
#include <testclient.h>
#include <testserver.h>

using namespace Qt::StringLiterals;

namespace {

int openDescriptors(qint64 pid)
{
    return int(
        QDir(u"/proc/%1/fd"_s.arg(pid)).entryList(QDir::NoDotAndDotDot | QDir::System).size());
}

double metricValue(const QByteArray &exposition, const QByteArray &series)
{
    for (const QByteArray &line : exposition.split('\n')) {
        if (line.startsWith(QByteArray(series + ' ')))
            return line.mid(series.size() + 1).toDouble();
    }
    return -1;
}

} // namespace

class SoakTest final : public QObject {
    Q_OBJECT

private:
    ServerProcess *m_server = nullptr;

    // `cycles` visitors connect, say hello and leave, 50 at a time.
    bool churn(int cycles)
    {
        for (int done = 0; done < cycles; done += 50) {
            std::vector<std::unique_ptr<TestClient>> batch;
            for (int i = 0; i < 50; ++i) {
                batch.push_back(std::make_unique<TestClient>());
                batch.back()->socket().open(m_server->url());
            }
            QElapsedTimer clock;
            clock.start();
            for (auto &client : batch) {
                while (!client->isConnected() && clock.elapsed() < 10000)
                    QTest::qWait(1);
                client->send({ { u"type"_s, u"hello"_s }, { u"v"_s, 1 },
                    { u"role"_s, u"customer"_s }, { u"token"_s, QJsonValue() } });
            }
            for (auto &client : batch) {
                if (client->take(u"welcome"_s, 10000).isEmpty())
                    return false;
                client->close();
            }
            for (auto &client : batch)
                client->waitClosed(5000);
        }
        return true;
    }

    // `talkers` customers send `each` messages each, waiting for every ack.
    bool talk(int talkers, int each)
    {
        std::vector<std::unique_ptr<TestClient>> clients;
        for (int i = 0; i < talkers; ++i) {
            clients.push_back(std::make_unique<TestClient>());
            if (!clients.back()->open(m_server->url()) || clients.back()->helloCustomer().isEmpty())
                return false;
        }
        for (int n = 0; n < each; n += 100) {
            for (auto &client : clients) {
                for (int k = 0; k < 100; ++k)
                    client->send({ { u"type"_s, u"send"_s },
                        { u"client_id"_s, u"m%1"_s.arg(n + k) }, { u"text"_s, u"soak"_s } });
            }
            for (auto &client : clients) {
                QElapsedTimer clock;
                clock.start();
                while (client->all(u"ack"_s).size() < 100 && clock.elapsed() < 20000)
                    QTest::qWait(2);
                if (client->all(u"ack"_s).size() < 100)
                    return false;
                client->clear();
            }
        }
        for (auto &client : clients) {
            client->send({ { u"type"_s, u"close"_s } }); // done talking: out of the queue
            if (client
                    ->take(u"conversation"_s, 10000,
                        [](const QJsonObject &m) {
                            return m[u"conversation"_s][u"state"_s].toString() == u"closed"_s;
                        })
                    .isEmpty())
                return false;
            client->close();
        }
        return true;
    }

    struct Reading {
        qint64 rss = 0;
        int fds = 0;
        double outbound = 0;
        double queued = 0;
        double connections = 0;
    };

    Reading read()
    {
        QByteArray metrics;
        httpGet(m_server->port(), "/metrics", &metrics);
        return { m_server->residentBytes(), openDescriptors(m_server->pid()),
            metricValue(metrics, "switchboard_outbound_queue_messages"),
            metricValue(metrics, "switchboard_conversations{state=\"queued\"}"),
            metricValue(metrics, "switchboard_websocket_connections{role=\"customer\"}") };
    }

private Q_SLOTS:
    void o5_soakReturnsToBaseline()
    {
        const int scale = std::max(1, qEnvironmentVariableIntValue("SWITCHBOARD_SOAK_SCALE"));
        ServerProcess server({ u"--rate-limit"_s, u"0"_s, u"--grace"_s, u"1"_s });
        m_server = &server;
        QVERIFY(server.start());
        // Warm-up: allocator pools, statement caches, thread stacks reach their working size.
        QVERIFY(churn(500));
        QVERIFY(talk(10, 500));
        QTest::qWait(2500); // the grace period closes the visitors' empty conversations
        const Reading baseline = read();

        QVERIFY(churn(5000 * scale));
        QVERIFY(talk(10, 2500 * scale));
        QTest::qWait(2500);
        const Reading after = read();
        qInfo("O5: %d cycles, %d messages; RSS %lld -> %lld KiB, fds %d -> %d, queued %g -> %g",
            5000 * scale, 25000 * scale, baseline.rss / 1024, after.rss / 1024, baseline.fds,
            after.fds, baseline.queued, after.queued);
#if defined(__SANITIZE_ADDRESS__)
        // AddressSanitizer holds freed memory in quarantine, so RSS says nothing here; in this
        // build LeakSanitizer checks the server at exit instead (its exit code must be 0).
#else
        QVERIFY2(after.rss - baseline.rss < 16 * 1024 * 1024, "resident memory back to baseline");
#endif
        QVERIFY2(after.fds <= baseline.fds + 2, "no descriptor leaked");
        QCOMPARE(after.outbound, 0.0);
        QCOMPARE(after.connections, 0.0);
        QCOMPARE(after.queued, baseline.queued); // abandoned visitors do not pile up
        QVERIFY(server.terminate());
        // Under LeakSanitizer (tools/test.sh's sanitizer stage) a leak makes the exit code 23.
        QCOMPARE(server.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(SoakTest)
#include "tst_soak.moc"
