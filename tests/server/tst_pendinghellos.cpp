// Issue 24's last gap: connections one address holds upgraded but not yet welcomed are bounded
// (pending-hellos-per-address), and past the bound the upgrade is refused with 429 before any
// WebSocket is built, so a flood of new visitors from one address cannot take the I/O
// threads' time from everyone else. On a real server over real sockets: 127.0.0.1 floods,
// 127.0.0.2 (a client socket bound to it) is another address.
#include "rawwebsocket.h"
#include "testclient.h"
#include "testserver.h"

#include <QElapsedTimer>
#include <QTest>
#include <array>
#include <gateway/clientaddress.h>

using namespace Qt::StringLiterals;
using namespace switchboard;
using namespace switchboard::server;

namespace {

const QString password = u"correct horse battery"_s;
const QByteArray refusedSample
    = "switchboard_websocket_handshake_failures_total{reason=\"pending_hellos\"}";

// Waits for a text frame containing `needle`; true when one came within the timeout.
bool receivesText(RawWebSocket &socket, const QByteArray &needle, int timeoutMs = 5000)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < timeoutMs) {
        for (const QByteArray &text : socket.readTexts(20)) {
            if (text.contains(needle))
                return true;
        }
    }
    return false;
}

bool isRefusedWithRetryAfter(const RawWebSocket &socket)
{
    return socket.responseHead().startsWith("HTTP/1.1 429 Too Many Requests\r\n")
        && socket.responseHead().toLower().contains("\r\nretry-after: ");
}

} // namespace

class tst_PendingHellos final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // Three upgraded connections from 127.0.0.1 that have not said hello fill its bound of
    // three: a fourth upgrade, and an agent from there, get 429 with Retry-After, while
    // 127.0.0.2 signs in and chats. Once one of the three is welcomed a new one gets in, and
    // once the others are gone an agent from 127.0.0.1 signs in again.
    void boundRefusesOneAddressWhileAnotherChats()
    {
        TestServer server([](ServerConfig &config) { config.pendingHellosPerAddress = 3; });
        QVERIFY(server.addUser(u"ada"_s, u"agent"_s, {}, password));
        QVERIFY(server.start());

        std::array<RawWebSocket, 3> pending;
        for (RawWebSocket &socket : pending)
            QVERIFY(socket.handshake(server.port()));
        RawWebSocket refused;
        QVERIFY(!refused.handshake(server.port()));
        QVERIFY2(isRefusedWithRetryAfter(refused), refused.responseHead().constData());
        QCOMPARE(metric(server.port(), refusedSample), 1.0);
        TestClient agentTooEarly;
        QVERIFY(!agentTooEarly.open(server.url()));
        QCOMPARE(metric(server.port(), refusedSample), 2.0);

        // Another address is not held back by the first one's bound.
        RawWebSocket other;
        QVERIFY(other.handshake(server.port(), {}, 5000, QHostAddress(u"127.0.0.2"_s)));
        other.sendText(R"({"type":"hello","v":1,"role":"customer","name":"Other"})");
        QVERIFY(receivesText(other, R"("type":"welcome")"));
        other.sendText(R"({"type":"send","client_id":"o1","text":"still served"})");
        QVERIFY(receivesText(other, R"("type":"ack")"));

        // A welcome gives the address's place back at once.
        pending[0].sendText(R"({"type":"hello","v":1,"role":"customer","name":"First"})");
        QVERIFY(receivesText(pending[0], R"("type":"welcome")"));
        RawWebSocket next;
        QVERIFY2(next.handshake(server.port()), next.responseHead().constData());
        RawWebSocket overAgain;
        QVERIFY(!overAgain.handshake(server.port()));
        QVERIFY(isRefusedWithRetryAfter(overAgain));

        // So does a pending connection that goes away: the address is served again.
        pending[1].socket().abort();
        pending[2].socket().abort();
        next.socket().abort();
        TestClient agent;
        QElapsedTimer clock;
        clock.start();
        while (!agent.open(server.url()) && clock.elapsed() < 5000)
            QTest::qWait(50);
        QVERIFY(agent.isConnected());
        QVERIFY(!agent.helloStaff(u"ada"_s, password).isEmpty());
        // The welcomed visitor was never affected.
        pending[0].sendText(R"({"type":"send","client_id":"f1","text":"first"})");
        QVERIFY(receivesText(pending[0], R"("type":"ack")"));
    }

    // Behind a trusted proxy the bound counts the address X-Forwarded-For names, like the
    // per-address limits on new visitors: the proxy's other clients still get in.
    void boundCountsTheForwardedAddressBehindATrustedProxy()
    {
        TestServer server([](ServerConfig &config) {
            config.pendingHellosPerAddress = 2;
            config.trustedProxies = { QHostAddress::parseSubnet(u"127.0.0.0/8"_s) };
        });
        QVERIFY(server.start());
        const QByteArray flooding = "X-Forwarded-For: 203.0.113.7\r\n";
        std::array<RawWebSocket, 2> pending;
        for (RawWebSocket &socket : pending)
            QVERIFY(socket.handshake(server.port(), flooding));
        RawWebSocket refused;
        QVERIFY(!refused.handshake(server.port(), flooding));
        QVERIFY(isRefusedWithRetryAfter(refused));

        RawWebSocket other;
        QVERIFY(other.handshake(server.port(), "X-Forwarded-For: 198.51.100.9\r\n"));
        other.sendText(R"({"type":"hello","v":1,"role":"customer","name":"Other"})");
        QVERIFY(receivesText(other, R"("type":"welcome")"));
    }

    // The refusal's log line names the address by a keyed hash, never the address itself
    // (personal data), the one name the gateway's and the router's per-address refusals both
    // log, whichever way the address came (IPv4-mapped from a dual-stack socket or plain).
    void logNameIsAHashSharedWithTheRouter()
    {
        const QHostAddress address(u"203.0.113.7"_s);
        const QString name = ClientAddress::logName(address);
        QCOMPARE(name.size(), 8);
        QVERIFY(!name.contains(u"203"_s) && !name.contains(u"113"_s));
        QCOMPARE(ClientAddress::logName(QHostAddress(u"::ffff:203.0.113.7"_s)), name);
        QVERIFY(ClientAddress::logName(QHostAddress(u"203.0.113.8"_s)) != name);
    }

    // 0 turns the bound off.
    void zeroMeansNoBound()
    {
        TestServer server([](ServerConfig &config) { config.pendingHellosPerAddress = 0; });
        QVERIFY(server.start());
        std::array<RawWebSocket, 8> pending;
        for (RawWebSocket &socket : pending)
            QVERIFY(socket.handshake(server.port()));
        QCOMPARE(metric(server.port(), refusedSample), 0.0);
    }
};

QTEST_MAIN(tst_PendingHellos)
#include "tst_pendinghellos.moc"
