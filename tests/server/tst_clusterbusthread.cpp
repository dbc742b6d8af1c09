// The cluster bus on its own thread (issue 16): while the router's thread is busy for longer
// than the registry TTL, this node's registry entry in a real Redis stays alive, because the
// heartbeat no longer waits for the router. The same block on the old arrangement (the bus on
// the router's thread) lets the entry expire, which shows the scenario bites. Needs
// redis-server.
#include <QHostAddress>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <atomic>
#include <cluster/clusterbusthread.h>
#include <metrics/metrics.h>
#include <redisprocess.h>

using namespace Qt::StringLiterals;
using namespace switchboard::server;

namespace {

constexpr int ttlSeconds = 3; // heartbeats every second
constexpr int blockMs = 7000; // more than twice the TTL

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

} // namespace

class tst_ClusterBusThread final : public QObject {
    Q_OBJECT

private:
    RedisProcess m_redis;
    ClusterHealth m_health;
    metrics::ServerMetrics m_metrics;

    ClusterBusOptions options(const QString &nodeId) const
    {
        ClusterBusOptions made;
        made.redis = *RedisOptions::fromUrl(m_redis.url());
        made.nodeId = nodeId;
        made.ttlSeconds = ttlSeconds;
        return made;
    }

    QByteArray exists(const QString &nodeId)
    {
        return redisCommand(m_redis.port(), "EXISTS switchboard:node:" + nodeId.toUtf8());
    }

    // Blocks `thread` for blockMs and counts the polls during it that found the entry gone.
    int missesWhileBlocked(QThread &thread, QObject &onThread, const QString &nodeId)
    {
        std::atomic<bool> blocked { false };
        QMetaObject::invokeMethod(
            &onThread,
            [&blocked] {
                blocked = true;
                QThread::msleep(blockMs); // a long job on the router's loop
                blocked = false;
            },
            Qt::QueuedConnection);
        if (!QTest::qWaitFor([&] { return blocked.load(); }, 5000))
            return -1;
        Q_UNUSED(thread);
        int misses = 0;
        while (blocked) {
            if (exists(nodeId) != ":1")
                ++misses;
            QTest::qWait(200);
        }
        return misses;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_redis.start(), qPrintable(m_redis.error())); }

    void aBlockedRouterKeepsTheEntryAlive()
    {
        QThread routerThread;
        QObject router;
        router.moveToThread(&routerThread);
        routerThread.start();
        std::atomic<QThread *> nodesHeardOn { nullptr };
        {
            ClusterBusThread bus(options(u"node-threaded"_s), &m_health, &m_metrics);
            bus.setHandlers(&router,
                { {},
                    [&nodesHeardOn](
                        const QList<ClusterNode> &) { nodesHeardOn = QThread::currentThread(); },
                    {} });
            bus.start();
            QTRY_COMPARE_WITH_TIMEOUT(exists(u"node-threaded"_s), QByteArray(":1"), 10000);
            QTRY_COMPARE(nodesHeardOn.load(), &routerThread); // handlers run on the router's

            const int misses = missesWhileBlocked(routerThread, router, u"node-threaded"_s);
            QCOMPARE(misses, 0);
            QVERIFY(m_health.degradedReason().isEmpty());
            bus.leave();
            QCOMPARE(exists(u"node-threaded"_s), QByteArray(":0"));
        }
        routerThread.quit();
        routerThread.wait();
    }

    // The arrangement before: the bus on the router's thread misses its heartbeats.
    void aBusOnTheRouterThreadLetsTheEntryExpire()
    {
        QThread routerThread;
        auto *bus = new ClusterBus(options(u"node-shared"_s), &m_health, &m_metrics);
        bus->moveToThread(&routerThread);
        routerThread.start();
        QMetaObject::invokeMethod(bus, &ClusterBus::start, Qt::QueuedConnection);
        QTRY_COMPARE_WITH_TIMEOUT(exists(u"node-shared"_s), QByteArray(":1"), 10000);
        const int misses = missesWhileBlocked(routerThread, *bus, u"node-shared"_s);
        QVERIFY2(misses > 0, "the entry never expired while the router was blocked");
        QMetaObject::invokeMethod(
            bus, [bus] { delete bus; }, Qt::BlockingQueuedConnection);
        routerThread.quit();
        routerThread.wait();
    }
};

QTEST_GUILESS_MAIN(tst_ClusterBusThread)
#include "tst_clusterbusthread.moc"
