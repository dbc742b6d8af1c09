// Issue 24's limits on new visitors, on a real server: per address (new visitors a minute,
// open conversations), the address taken from X-Forwarded-For only when the peer is a trusted
// proxy, and the node's cap on open conversations with its QueueFull alert. Every client runs
// on 127.0.0.1; a trusted 127.0.0.1 and its header stand for visitors at other addresses.
#include "rawwebsocket.h"
#include "testclient.h"
#include "testserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchboard;
using namespace switchboard::server;

namespace {

const QString password = u"correct horse battery"_s;

// Connects as a visitor whose proxy says it comes from `forwardedFor` (none when empty).
bool openFrom(TestClient &client, const QUrl &url, const QByteArray &forwardedFor)
{
    QNetworkRequest request(url);
    if (!forwardedFor.isEmpty())
        request.setRawHeader("X-Forwarded-For", forwardedFor);
    QSignalSpy connected(&client.socket(), &QWebSocket::connected);
    client.socket().open(request);
    return connected.wait(5000) || client.isConnected();
}

int storedConversations(const QString &databasePath)
{
    const QString name = u"count-conversations"_s;
    int count = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(databasePath);
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(u"SELECT count(*) FROM conversations"_s) && query.next())
                count = query.value(0).toInt();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return count;
}

// A visitor's hello from `forwardedFor`; the welcome, or empty when refused.
QJsonObject visitorFrom(TestClient &client, const QUrl &url, const QByteArray &forwardedFor)
{
    if (!openFrom(client, url, forwardedFor))
        return {};
    return client.helloCustomer(u"Visitor"_s);
}

} // namespace

class tst_VisitorLimits final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // Three new visitors a minute from 203.0.113.7 (through a trusted proxy): the fourth is
    // refused with a retry time and nothing stored, while 198.51.100.9 still chats.
    void newVisitorsPerMinuteFromATrustedProxy()
    {
        TestServer server([](ServerConfig &config) {
            config.newVisitorsPerMinute = 3;
            config.trustedProxies = { QHostAddress::parseSubnet(u"127.0.0.0/8"_s) };
        });
        QVERIFY(server.start());
        std::vector<std::unique_ptr<TestClient>> visitors;
        for (int i = 0; i < 3; ++i) {
            visitors.push_back(std::make_unique<TestClient>());
            QVERIFY(!visitorFrom(*visitors.back(), server.url(), "203.0.113.7").isEmpty());
        }
        QCOMPARE(storedConversations(server.databasePath()), 3);

        TestClient refused;
        QVERIFY(openFrom(refused, server.url(), "203.0.113.7"));
        refused.send({ { u"type"_s, u"hello"_s }, { u"v"_s, 1 }, { u"role"_s, u"customer"_s },
            { u"name"_s, u"Visitor"_s } });
        const QJsonObject error = refused.take(u"error"_s);
        QCOMPARE(error[u"code"_s].toString(), u"rate_limited"_s);
        const int retry = error[u"retry_after_s"_s].toInt();
        QVERIFY2(retry >= 1 && retry <= 60, qPrintable(QString::number(retry)));
        QVERIFY(refused.all(u"welcome"_s).isEmpty());
        QVERIFY(refused.waitClosed());
        QCOMPARE(refused.closeCode(), 1008);
        QCOMPARE(storedConversations(server.databasePath()), 3); // nothing stored
        QCOMPARE(metric(server.port(), "switchboard_visitors_refused_total{reason=\"rate\"}"), 1.0);

        // Another address, and the proxy's own hop list: the client is the rightmost hop that
        // is not a trusted proxy.
        TestClient other;
        QVERIFY(
            !visitorFrom(other, server.url(), "203.0.113.7, 198.51.100.9, 127.0.0.5").isEmpty());
        QCOMPARE(other.sendText(u"hello"_s, u"o1"_s).value(u"type"_s).toString(), u"ack"_s);
        // The visitors admitted before still chat.
        QCOMPARE(visitors.front()->sendText(u"still here"_s, u"v1"_s).value(u"type"_s).toString(),
            u"ack"_s);
    }

    // Without trusted proxies the header is ignored: every visitor is 127.0.0.1, whatever it
    // claims.
    void forwardedForIsIgnoredFromAnUntrustedPeer()
    {
        TestServer server([](ServerConfig &config) { config.newVisitorsPerMinute = 2; });
        QVERIFY(server.start());
        TestClient first;
        QVERIFY(!visitorFrom(first, server.url(), "192.0.2.1").isEmpty());
        TestClient second;
        QVERIFY(!visitorFrom(second, server.url(), "192.0.2.2").isEmpty());
        TestClient third;
        QVERIFY(openFrom(third, server.url(), "192.0.2.3"));
        third.send({ { u"type"_s, u"hello"_s }, { u"v"_s, 1 }, { u"role"_s, u"customer"_s } });
        QCOMPARE(third.take(u"error"_s)[u"code"_s].toString(), u"rate_limited"_s);
        QCOMPARE(storedConversations(server.databasePath()), 2);
    }

    // Two open conversations from one address: the third visitor waits until one closes.
    void openConversationsPerAddress()
    {
        TestServer server([](ServerConfig &config) {
            config.newVisitorsPerMinute = 0;
            config.openConversationsPerAddress = 2;
            config.trustedProxies = { QHostAddress::parseSubnet(u"127.0.0.1/32"_s) };
        });
        QVERIFY(server.start());
        TestClient first;
        const QString firstId
            = visitorFrom(first, server.url(), "2001:db8::7")[u"conversation"_s][u"id"_s]
                  .toString();
        QVERIFY(!firstId.isEmpty());
        TestClient second;
        QVERIFY(!visitorFrom(second, server.url(), "[2001:db8::7]:51000").isEmpty());
        TestClient third;
        QVERIFY(openFrom(third, server.url(), "2001:db8::7"));
        third.send({ { u"type"_s, u"hello"_s }, { u"v"_s, 1 }, { u"role"_s, u"customer"_s } });
        const QJsonObject error = third.take(u"error"_s);
        QCOMPARE(error[u"code"_s].toString(), u"rate_limited"_s);
        QVERIFY(error[u"retry_after_s"_s].toInt() >= 1);
        QCOMPARE(metric(server.port(), "switchboard_visitors_refused_total{reason=\"open\"}"), 1.0);
        // Another address is not held back.
        TestClient elsewhere;
        QVERIFY(!visitorFrom(elsewhere, server.url(), "2001:db8::8").isEmpty());

        // The first visitor closes its chat: there is room again.
        first.send({ { u"type"_s, u"close"_s }, { u"conversation"_s, firstId } });
        QVERIFY(!first
                     .take(u"conversation"_s, 5000,
                         [](const QJsonObject &frame) {
                             return frame[u"conversation"_s][u"state"_s].toString() == u"closed"_s;
                         })
                     .isEmpty());
        TestClient fourth;
        QVERIFY(!visitorFrom(fourth, server.url(), "2001:db8::7").isEmpty());
    }

    // A node full of open conversations refuses new visitors with overloaded and raises
    // QueueFull; staff and the visitors already there carry on.
    void nodeCapWithItsAlert()
    {
        TestServer server([](ServerConfig &config) {
            config.maxOpenConversations = 2;
            config.trustedProxies = { QHostAddress::parseSubnet(u"127.0.0.1/32"_s) };
        });
        QVERIFY(server.addUser(u"sup"_s, u"supervisor"_s, {}, password));
        QVERIFY(server.addUser(u"alice"_s, u"agent"_s, {}, password));
        QVERIFY(server.start());
        QCOMPARE(metric(server.port(), "switchboard_open_conversations_limit"), 2.0);
        TestClient supervisor;
        QVERIFY(supervisor.open(server.url()));
        QVERIFY(!supervisor.helloStaff(u"sup"_s, password, u"supervisor"_s).isEmpty());
        supervisor.send({ { u"type"_s, u"subscribe"_s }, { u"topic"_s, u"alerts"_s } });

        TestClient ann;
        const QJsonObject annWelcome = visitorFrom(ann, server.url(), "192.0.2.10");
        QVERIFY(!annWelcome.isEmpty());
        TestClient bo;
        const QJsonObject boWelcome = visitorFrom(bo, server.url(), "192.0.2.11");
        QVERIFY(!boWelcome.isEmpty());

        // A raw client, which reports the close code as sent: Qt 6.4's QWebSocket takes 1013
        // (registered after RFC 6455) for a protocol error.
        RawWebSocket cy;
        QVERIFY(cy.handshake(server.port(), "X-Forwarded-For: 192.0.2.12\r\n"));
        cy.sendText(R"({"type":"hello","v":1,"role":"customer"})");
        QTRY_VERIFY_WITH_TIMEOUT(!cy.readTexts().isEmpty(), 5000);
        const QJsonObject error = QJsonDocument::fromJson(cy.readTexts().first()).object();
        QCOMPARE(error[u"code"_s].toString(), u"overloaded"_s);
        QVERIFY(error[u"retry_after_s"_s].toInt() >= 1);
        QCOMPARE(cy.waitForClose(), 1013);
        QCOMPARE(storedConversations(server.databasePath()), 2);
        QCOMPARE(
            metric(server.port(), "switchboard_visitors_refused_total{reason=\"capacity\"}"), 1.0);

        const QJsonObject fired = supervisor.take(u"alert"_s, 10000, [](const QJsonObject &m) {
            return m[u"rule"_s].toString() == u"QueueFull"_s
                && m[u"state"_s].toString() == u"firing"_s;
        });
        QVERIFY2(!fired.isEmpty(), "QueueFull did not fire");
        QCOMPARE(fired[u"severity"_s].toString(), u"critical"_s);
        QVERIFY(fired[u"summary"_s].toString().contains(u"2 open conversations"_s));

        // Staff sign in and work; a visitor already there writes and comes back with its token.
        TestClient alice;
        QVERIFY(alice.open(server.url()));
        QVERIFY(!alice.helloStaff(u"alice"_s, password).isEmpty());
        QCOMPARE(ann.sendText(u"hello"_s, u"a1"_s).value(u"type"_s).toString(), u"ack"_s);
        ann.close();
        TestClient annAgain;
        QVERIFY(annAgain.open(server.url()));
        const QJsonObject resumed
            = annAgain.helloCustomer(u"Ann"_s, annWelcome[u"token"_s].toString());
        QCOMPARE(resumed[u"conversation"_s][u"id"_s], annWelcome[u"conversation"_s][u"id"_s]);

        // A conversation closes: the alert resolves and a new visitor gets in.
        bo.send({ { u"type"_s, u"close"_s },
            { u"conversation"_s, boWelcome[u"conversation"_s][u"id"_s] } });
        const QJsonObject boClosed = bo.take(u"conversation"_s, 5000, [](const QJsonObject &f) {
            return f[u"conversation"_s][u"state"_s].toString() == u"closed"_s;
        });
        QVERIFY(!boClosed.isEmpty());
        QVERIFY(!supervisor
                     .take(u"alert"_s, 10000,
                         [](const QJsonObject &m) {
                             return m[u"rule"_s].toString() == u"QueueFull"_s
                                 && m[u"state"_s].toString() == u"resolved"_s;
                         })
                     .isEmpty());
        TestClient dee;
        QVERIFY(!visitorFrom(dee, server.url(), "192.0.2.13").isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_VisitorLimits)
#include "tst_visitorlimits.moc"
