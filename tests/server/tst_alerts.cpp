// The alert engine end to end: rules fire and resolve, supervisors receive them on the
// `alerts` stream, /metrics counts them; and a surge past the connection cap (S7).
#include <QTcpSocket>
#include <QTest>
#include <testclient.h>
#include <testserver.h>

using namespace Qt::StringLiterals;
using switchboard::server::ServerConfig;

namespace {
const QString password = u"supervisor-password"_s;

bool isAlert(const QJsonObject &m, const QString &rule, const QString &state)
{
    return m[u"rule"_s].toString() == rule && m[u"state"_s].toString() == state;
}
} // namespace

class AlertsTest final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void connectionsNearCapFiresAndResolves()
    {
        TestServer server([](ServerConfig &config) { config.maxConnections = 5; });
        QVERIFY(server.addUser(u"sam"_s, u"supervisor"_s, {}, password));
        QVERIFY(server.start());
        TestClient sam;
        QVERIFY(sam.open(server.url()));
        QVERIFY(!sam.helloStaff(u"sam"_s, password, u"supervisor"_s).isEmpty());
        sam.send({ { u"type"_s, u"subscribe"_s }, { u"topic"_s, u"alerts"_s } });

        std::vector<std::unique_ptr<TestClient>> crowd;
        for (int i = 0; i < 3; ++i) { // 1 + 3 = 4 of 5: 80%
            crowd.push_back(std::make_unique<TestClient>());
            QVERIFY(crowd.back()->open(server.url()));
        }
        const QJsonObject fired = sam.take(u"alert"_s, 5000,
            [](const auto &m) { return isAlert(m, u"ConnectionsNearCap"_s, u"firing"_s); });
        QVERIFY2(!fired.isEmpty(), "the alert fires");
        QCOMPARE(fired[u"severity"_s].toString(), u"warning"_s);
        QVERIFY(fired[u"summary"_s].toString().contains(u"4 of 5"_s));
        QVERIFY(fired[u"id"_s].toString().startsWith(u"ConnectionsNearCap@"_s));
        QByteArray metrics;
        QTRY_VERIFY((httpGet(server.port(), "/metrics", &metrics),
            metrics.contains("switchboard_alerts_firing{severity=\"warning\"} 1")));

        // S7: a surge past the cap is refused with 503 and Retry-After; the others stay.
        crowd.push_back(std::make_unique<TestClient>());
        QVERIFY(crowd.back()->open(server.url())); // the fifth
        QTcpSocket surplus;
        surplus.connectToHost(QHostAddress::LocalHost, server.port());
        QVERIFY(surplus.waitForConnected());
        surplus.write(
            "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        QTRY_VERIFY(surplus.bytesAvailable() > 0 || surplus.waitForReadyRead(100));
        const QByteArray refusal = surplus.readAll();
        QVERIFY2(refusal.startsWith("HTTP/1.1 503"), refusal.constData());
        QVERIFY(refusal.contains("Retry-After:"));
        sam.send({ { u"type"_s, u"ping"_s } });
        QVERIFY2(!sam.take(u"pong"_s).isEmpty(), "existing clients are unaffected");

        // A newcomer who subscribes now is told what fires.
        crowd.pop_back();
        QTest::qWait(200);
        crowd.clear();
        const QJsonObject resolved = sam.take(u"alert"_s, 5000,
            [](const auto &m) { return isAlert(m, u"ConnectionsNearCap"_s, u"resolved"_s); });
        QVERIFY2(!resolved.isEmpty(), "the alert resolves when connections drop");
        QTRY_VERIFY((httpGet(server.port(), "/metrics", &metrics),
            metrics.contains("switchboard_alerts_firing{severity=\"warning\"} 0")));
    }

    void queueWaitFiresAndSubscribersGetCurrentAlerts()
    {
        TestServer server([](ServerConfig &config) { config.alertQueueWaitSeconds = 1; });
        QVERIFY(server.addUser(u"sam"_s, u"supervisor"_s, {}, password));
        QVERIFY(server.addUser(u"alice"_s, u"agent"_s, {}, password));
        QVERIFY(server.start());
        TestClient customer;
        QVERIFY(customer.open(server.url()));
        QVERIFY(!customer.helloCustomer().isEmpty());
        QTest::qWait(2500); // nobody serves it
        TestClient sam;
        QVERIFY(sam.open(server.url()));
        QVERIFY(!sam.helloStaff(u"sam"_s, password, u"supervisor"_s).isEmpty());
        sam.send({ { u"type"_s, u"subscribe"_s }, { u"topic"_s, u"alerts"_s } });
        const QJsonObject current = sam.take(u"alert"_s, 3000,
            [](const auto &m) { return isAlert(m, u"QueueWaitHigh"_s, u"firing"_s); });
        QVERIFY2(!current.isEmpty(), "a new subscriber receives the alerts firing now");
        // An agent takes the conversation: the queue empties and the alert resolves.
        TestClient alice;
        QVERIFY(alice.open(server.url()));
        QVERIFY(!alice.helloStaff(u"alice"_s, password).isEmpty());
        QVERIFY(!sam.take(u"alert"_s, 5000,
                        [](const auto &m) { return isAlert(m, u"QueueWaitHigh"_s, u"resolved"_s); })
                     .isEmpty());
    }
};

QTEST_GUILESS_MAIN(AlertsTest)
#include "tst_alerts.moc"
