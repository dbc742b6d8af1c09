// The supervisor `metrics` stream over real sockets: every field PROTOCOL.md names, values
// that follow the node's state, and Switchboard's `staff` extension (docs/protocol.md Part 2)
// that feeds the dashboard's operations table: each staff member's status and open
// conversations, offline ones included.
#include <QJsonArray>
#include <QTest>
#include <testclient.h>
#include <testserver.h>

using namespace Qt::StringLiterals;
using switchboard::server::ServerConfig;

namespace {

const QString password = u"correct horse 1"_s;

QJsonObject staffEntry(const QJsonObject &metrics, const QString &login)
{
    for (const QJsonValue &value : metrics[u"staff"_s].toArray()) {
        if (value[u"login"_s].toString() == login)
            return value.toObject();
    }
    return {};
}

} // namespace

class MetricsStreamTest final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void metricsCarryPartOneFieldsAndTheStaffRoster()
    {
        TestServer server([](ServerConfig &config) { config.agentCapacity = 1; });
        QVERIFY(server.addUser(u"sam"_s, u"supervisor"_s, {}, password, u"Sam"_s));
        QVERIFY(server.addUser(u"alice"_s, u"agent"_s, {}, password, u"Alice"_s));
        QVERIFY(server.addUser(u"bob"_s, u"agent"_s, {}, password, u"Bob"_s));
        QVERIFY(server.addUser(u"carol"_s, u"agent"_s, {}, password, u"Carol"_s));
        QVERIFY(server.start());

        TestClient carol; // signs in, then leaves: offline, inside her grace period
        QVERIFY(carol.open(server.url()));
        QVERIFY(!carol.helloStaff(u"carol"_s, password).isEmpty());
        carol.close();
        QVERIFY(carol.waitClosed());
        TestClient alice;
        QVERIFY(alice.open(server.url()));
        QVERIFY(!alice.helloStaff(u"alice"_s, password).isEmpty());
        TestClient bob;
        QVERIFY(bob.open(server.url()));
        QVERIFY(!bob.helloStaff(u"bob"_s, password).isEmpty());
        bob.send({ { u"type"_s, u"status"_s }, { u"state"_s, u"away"_s } });
        QVERIFY(!bob.take(u"status"_s).isEmpty());
        TestClient ann;
        QVERIFY(ann.open(server.url()));
        QVERIFY(!ann.helloCustomer(u"Ann"_s).isEmpty());
        QVERIFY(!alice.take(u"assigned"_s).isEmpty());
        TestClient ben; // Alice is full and Bob away: Ben waits
        QVERIFY(ben.open(server.url()));
        QVERIFY(!ben.helloCustomer(u"Ben"_s).isEmpty());

        TestClient sam;
        QVERIFY(sam.open(server.url()));
        QVERIFY(!sam.helloStaff(u"sam"_s, password).isEmpty());
        sam.send({ { u"type"_s, u"subscribe"_s }, { u"topic"_s, u"metrics"_s } });
        const QJsonObject metrics = sam.take(u"metrics"_s, 3000);
        QVERIFY2(!metrics.isEmpty(), "a metrics frame within a second or so");

        // Part 1's fields.
        QVERIFY(!metrics[u"ts"_s].toString().isEmpty());
        QCOMPARE(metrics[u"connections"_s][u"customer"_s].toInt(), 2);
        QCOMPARE(metrics[u"connections"_s][u"agent"_s].toInt(), 2);
        QCOMPARE(metrics[u"connections"_s][u"supervisor"_s].toInt(), 1);
        QVERIFY(metrics[u"messages_per_s"_s].isDouble());
        QVERIFY(metrics[u"ack_latency_ms"_s][u"p50"_s].isDouble());
        QVERIFY(metrics[u"ack_latency_ms"_s][u"p99"_s].isDouble());
        QCOMPARE(metrics[u"queue"_s][u"waiting"_s].toInt(), 1);
        QVERIFY(metrics[u"queue"_s][u"longest_wait_s"_s].toDouble() >= 0.0);
        // Staff signed in and available: Alice and Sam (the gauge counts supervisors too).
        QCOMPARE(metrics[u"agents"_s][u"available"_s].toInt(), 2);
        QCOMPARE(metrics[u"agents"_s][u"away"_s].toInt(), 1);

        // The staff extension.
        const QJsonObject a = staffEntry(metrics, u"alice"_s);
        QCOMPARE(a[u"name"_s].toString(), u"Alice"_s);
        QCOMPARE(a[u"role"_s].toString(), u"agent"_s);
        QCOMPARE(a[u"status"_s].toString(), u"available"_s);
        QCOMPARE(a[u"connections"_s].toInt(), 1);
        QCOMPARE(a[u"open"_s].toInt(), 1);
        const QJsonObject b = staffEntry(metrics, u"bob"_s);
        QCOMPARE(b[u"status"_s].toString(), u"away"_s);
        QCOMPARE(b[u"open"_s].toInt(), 0);
        const QJsonObject c = staffEntry(metrics, u"carol"_s);
        QCOMPARE(c[u"status"_s].toString(), u"offline"_s);
        QCOMPARE(c[u"connections"_s].toInt(), 0);
        const QJsonObject s = staffEntry(metrics, u"sam"_s);
        QCOMPARE(s[u"role"_s].toString(), u"supervisor"_s);

        // It follows changes: Bob comes back and takes Ben; Ann leaves Alice's list when closed.
        bob.send({ { u"type"_s, u"status"_s }, { u"state"_s, u"available"_s } });
        QVERIFY(!bob.take(u"assigned"_s).isEmpty());
        QJsonObject later;
        QTRY_VERIFY_WITH_TIMEOUT((later = sam.take(u"metrics"_s, 3000),
                                     staffEntry(later, u"bob"_s)[u"open"_s].toInt() == 1),
            5000);
        QCOMPARE(staffEntry(later, u"bob"_s)[u"status"_s].toString(), u"available"_s);
        QCOMPARE(later[u"queue"_s][u"waiting"_s].toInt(), 0);
    }
};

QTEST_GUILESS_MAIN(MetricsStreamTest)
#include "tst_metricsstream.moc"
