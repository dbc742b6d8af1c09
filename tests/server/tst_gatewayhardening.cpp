// Findings of an outside review of the gateway (issue 17), each against a real server on an
// ephemeral port: the Origin allow-list and clients without an Origin, text that is not valid
// Unicode, the handshake-failure count of an oversized request head, unmasked client frames
// and policy closes that must reach the client before the connection goes.
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTest>
#include <algorithm>
#include <rawwebsocket.h>
#include <serverprocess.h>
#include <testclient.h>
#include <testserver.h>

using namespace Qt::StringLiterals;
using switchboard::server::ServerConfig;

namespace {

const QByteArray customerHello = R"({"type":"hello","v":1,"role":"customer","token":null})";

QJsonObject parse(const QByteArray &text)
{
    return QJsonDocument::fromJson(text).object();
}

qsizetype countOf(const QList<QByteArray> &texts, const QString &type)
{
    return std::count_if(texts.begin(), texts.end(),
        [&](const QByteArray &text) { return parse(text)[u"type"_s].toString() == type; });
}

// Waits until a text of `type` arrives on a raw client; the message or an empty object.
QJsonObject waitForType(RawWebSocket &client, const QString &type, int timeoutMs = 5000)
{
    QElapsedTimer clock;
    clock.start();
    qsizetype seen = 0;
    while (clock.elapsed() < timeoutMs) {
        const QList<QByteArray> texts = client.readTexts(5);
        for (; seen < texts.size(); ++seen) {
            const QJsonObject message = parse(texts[seen]);
            if (message[u"type"_s].toString() == type)
                return message;
        }
    }
    return {};
}

// A client that keeps sending as clients do (20 more frames every 2 ms) until the server's
// close reaches it: the close code it read, or -1 if the connection went without one.
int closeCodeWhileFlooding(RawWebSocket &client, const QByteArray &frame)
{
    int code = -1;
    QElapsedTimer clock;
    clock.start();
    while (code < 0 && client.isOpen() && clock.elapsed() < 10000) {
        for (int i = 0; i < 20; ++i)
            client.sendText(frame);
        code = client.waitForClose(2);
    }
    if (code < 0)
        code = client.waitForClose(10); // what arrived before the connection went
    return code;
}

} // namespace

class GatewayHardeningTest final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // With an allow-list, browsers (which always send Origin) are held to it; a client that
    // sends no Origin at all (the console, scripts, the bench) is let in.
    void allowListChecksOnlyAPresentOrigin()
    {
        TestServer server([](ServerConfig &config) {
            config.allowedOrigins = QStringList { u"https://shop.example.com"_s };
        });
        QVERIFY(server.start());

        RawWebSocket noOrigin;
        QVERIFY2(noOrigin.handshake(server.port()), "a client without Origin is upgraded");
        noOrigin.sendText(customerHello);
        QVERIFY(!waitForType(noOrigin, u"welcome"_s).isEmpty());

        RawWebSocket listed;
        QVERIFY(listed.handshake(server.port(), "Origin: https://shop.example.com\r\n"));

        QTcpSocket foreign;
        foreign.connectToHost(QHostAddress::LocalHost, server.port());
        QVERIFY(foreign.waitForConnected(5000));
        foreign.write("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                      "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                      "Sec-WebSocket-Version: 13\r\nOrigin: https://evil.example.net\r\n\r\n");
        QByteArray answer;
        QTRY_VERIFY_WITH_TIMEOUT((answer += foreign.readAll()).contains("\r\n\r\n"), 5000);
        QVERIFY2(answer.startsWith("HTTP/1.1 403"), answer.constData());

        RawWebSocket emptyOrigin; // present but empty: still checked, and not on the list
        QVERIFY(!emptyOrigin.handshake(server.port(), "Origin: \r\n"));
    }

    // A text with a surrogate escape without its pair is bad_request, never acked or stored:
    // the seqs of the messages around it are consecutive.
    void textThatIsNotUnicodeIsRefused()
    {
        TestServer server;
        QVERIFY(server.start());
        RawWebSocket client;
        QVERIFY(client.handshake(server.port()));
        client.sendText(customerHello);
        QVERIFY(!waitForType(client, u"welcome"_s).isEmpty());

        client.sendText(R"({"type":"send","client_id":"before","text":"fine"})");
        const QJsonObject first = waitForType(client, u"ack"_s);
        QVERIFY(!first.isEmpty());

        client.sendText(R"({"type":"send","client_id":"lone","text":"half a pair \ud800"})");
        const QJsonObject error = waitForType(client, u"error"_s);
        QCOMPARE(error[u"code"_s].toString(), u"bad_request"_s);
        QCOMPARE(error[u"ref"_s].toString(), u"lone"_s);

        client.sendText(R"({"type":"send","client_id":"after","text":"\ud83d\ude00"})");
        QElapsedTimer clock;
        clock.start();
        QJsonObject second;
        while (clock.elapsed() < 5000 && second.isEmpty()) {
            for (const QByteArray &text : client.readTexts(5)) {
                const QJsonObject message = parse(text);
                if (message[u"type"_s].toString() == u"ack"_s
                    && message[u"client_id"_s].toString() == u"after"_s)
                    second = message;
                QVERIFY2(message[u"client_id"_s].toString() != u"lone"_s, "the bad text was acked");
            }
        }
        QVERIFY(!second.isEmpty());
        QCOMPARE(second[u"seq"_s].toInteger(), first[u"seq"_s].toInteger() + 1);
    }

    // A request head over 8 KiB is answered 431 and counted once as a bad_request handshake.
    void oversizedRequestHeadIsCountedOnce()
    {
        TestServer server;
        QVERIFY(server.start());
        const QByteArray series
            = "switchboard_websocket_handshake_failures_total{reason=\"bad_request\"}";
        QVERIFY(metric(server.port(), series) <= 0); // absent (-1) until one is counted

        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, server.port());
        QVERIFY(socket.waitForConnected(5000));
        socket.write(
            "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + QByteArray(9 * 1024, 'a'));
        QByteArray answer;
        QTRY_VERIFY_WITH_TIMEOUT((answer += socket.readAll()).contains("\r\n\r\n"), 5000);
        QVERIFY2(answer.startsWith("HTTP/1.1 431"), answer.constData());
        QCOMPARE(metric(server.port(), series), 1.0);
    }

    // RFC 6455 §5.1: a client frame without a mask closes the connection with 1002, before
    // the frame is acted on; masked frames in any mix keep working.
    void unmaskedClientFrameIsClosedWith1002_data()
    {
        QTest::addColumn<QString>("before"); // what the client sends first, masked
        QTest::addRow("alone") << QString();
        QTest::addRow("after a text in the same write") << u"text"_s;
        QTest::addRow("after a ping in the same write") << u"ping"_s;
        QTest::addRow("after two pings in the same write") << u"ping ping"_s;
        QTest::addRow("after a long text in the same write") << u"long"_s;
        QTest::addRow("after 300 pings in the same write")
            << QString(300, u'p').replace(u"p"_s, u"ping "_s);
    }

    void unmaskedClientFrameIsClosedWith1002()
    {
        QFETCH(QString, before);
        TestServer server;
        QVERIFY(server.start());
        RawWebSocket client;
        QVERIFY(client.handshake(server.port()));
        client.sendText(customerHello);
        QVERIFY(!waitForType(client, u"welcome"_s).isEmpty());

        for (const QString &frame : before.split(u' ', Qt::SkipEmptyParts)) {
            if (frame == u"ping")
                client.sendFrame(0x9, "are you there");
            else if (frame == u"long")
                client.sendText("{\"type\":\"ping\",\"pad\":\"" + QByteArray(20000, 'x') + "\"}");
            else
                client.sendText(R"({"type":"ping"})");
        }
        client.sendFrame(0x1, R"({"type":"ping","unmasked":true})", true, false);
        QCOMPARE(client.waitForClose(), 1002);
        // Only the masked pings were answered.
        QCOMPARE(countOf(client.readTexts(), u"pong"_s),
            qsizetype(before.count(u"text"_s) + before.count(u"long"_s)));
        QTRY_COMPARE_WITH_TIMEOUT(metric(server.port(),
                                      "switchboard_websocket_connections_closed_total{code="
                                      "\"1002\"}"),
            1.0, 7000);

        // Well-behaved clients are untouched: a burst of masked frames of every size.
        RawWebSocket good;
        QVERIFY(good.handshake(server.port()));
        good.sendText(customerHello);
        QVERIFY(!waitForType(good, u"welcome"_s).isEmpty());
        for (int i = 0; i < 30; ++i) {
            good.sendFrame(0x9, QByteArray(i, 'p'));
            good.sendText("{\"type\":\"ping\",\"pad\":\"" + QByteArray(i * 997, 'x') + "\"}");
        }
        QTRY_COMPARE_WITH_TIMEOUT(countOf(good.readTexts(), u"pong"_s), qsizetype(30), 10000);
        QVERIFY(good.isOpen());
    }

    // A policy close keeps its reason: a client 100 frames past the rate limit at once, still
    // sending as clients do, reads its rate_limited errors and the 1008 close frame, never
    // only a reset. Several rounds, as the reset was a race.
    void policyCloseReachesAFloodingClient()
    {
        // The real binary: a server in its own process races the client as in production.
        ServerProcess server({ u"--rate-limit"_s, u"1"_s, u"--rate-burst"_s, u"5"_s });
        QVERIFY(server.start());
        // Large enough that the burst is still arriving when the server closes.
        const QByteArray typing
            = "{\"type\":\"typing\",\"active\":true,\"pad\":\"" + QByteArray(8000, 'x') + "\"}";
        for (int round = 0; round < 10; ++round) {
            RawWebSocket client;
            QVERIFY(client.handshake(server.port()));
            client.sendText(customerHello);
            QVERIFY(!waitForType(client, u"welcome"_s).isEmpty());
            for (int i = 0; i < 100; ++i)
                client.sendText(typing);
            const int code = closeCodeWhileFlooding(client, typing);
            int rateLimited = 0;
            for (const QByteArray &text : client.readTexts())
                rateLimited += parse(text)[u"code"_s].toString() == u"rate_limited"_s ? 1 : 0;
            QVERIFY2(code == 1008, qPrintable(u"round %1: close code %2"_s.arg(round).arg(code)));
            QVERIFY2(rateLimited >= 1, qPrintable(u"round %1: no rate_limited error"_s.arg(round)));
        }
    }

    // The closes QWebSocket starts itself keep their code too: invalid UTF-8 in the middle of
    // a burst gets 1007, and a message over the size limit 1009, never only a reset.
    void webSocketsOwnClosesReachAFloodingClient_data()
    {
        QTest::addColumn<QByteArray>("offending");
        QTest::addColumn<int>("expectedCode");
        QTest::newRow("invalid UTF-8")
            << QByteArray("{\"type\":\"typing\",\"x\":\"\xff\xfe\"}") << 1007;
        QTest::newRow("over the size limit") << QByteArray(70000, ' ') << 1009;
    }
    void webSocketsOwnClosesReachAFloodingClient()
    {
        QFETCH(QByteArray, offending);
        QFETCH(int, expectedCode);
        ServerProcess server({ u"--rate-limit"_s, u"0"_s, u"--max-message-bytes"_s, u"65536"_s });
        QVERIFY(server.start());
        const QByteArray typing
            = "{\"type\":\"typing\",\"active\":true,\"pad\":\"" + QByteArray(8000, 'x') + "\"}";
        for (int round = 0; round < 10; ++round) {
            RawWebSocket client;
            QVERIFY(client.handshake(server.port()));
            client.sendText(customerHello);
            QVERIFY(!waitForType(client, u"welcome"_s).isEmpty());
            for (int i = 0; i < 20; ++i)
                client.sendText(typing);
            client.sendFrame(0x1, offending);
            const int code = closeCodeWhileFlooding(client, typing);
            QVERIFY2(code == expectedCode,
                qPrintable(u"round %1: close code %2"_s.arg(round).arg(code)));
        }
    }
};

QTEST_GUILESS_MAIN(GatewayHardeningTest)
#include "tst_gatewayhardening.moc"
