// The console's protocol engine against a real in-process server: sign-in, live traffic,
// failover between endpoints, and a server restart with text typed meanwhile arriving once.
#include <QSignalSpy>
#include <QSslCertificate>
#include <QTest>
#include <algorithm>
#include <client/chatclient.h>
#include <testca.h>
#include <testclient.h>
#include <testserver.h>

using namespace Qt::StringLiterals;
using switchboard::ui::ChatClient;
using switchboard::ui::ChatMessage;
using switchboard::ui::ConversationInfo;

namespace {

const QString agentPassword = u"correct horse 1"_s;

std::unique_ptr<ChatClient> makeClient(const QList<QUrl> &endpoints)
{
    auto client = std::make_unique<ChatClient>();
    client->setEndpoints(endpoints);
    client->setPasswordCredentials(u"alice"_s, agentPassword);
    client->setBackoffPolicy(switchboard::BackoffPolicy(50, 400));
    return client;
}

QStringList texts(const QList<QJsonObject> &messages)
{
    QStringList result;
    for (const QJsonObject &message : messages)
        result.append(message.value(u"text"_s).toString());
    return result;
}

} // namespace

class tst_ChatClient final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void signsInAndTalksToACustomer();
    void wrongPasswordStopsTrying();
    void failsOverToTheNextEndpoint();
    void learnsTheClusterEndpointsFromWelcome();
    void resumesAfterRestartAndSendsOfflineTextOnce();
    void connectsOverWssTrustingOneCertificate();
    void trustsASelfSignedLanServerAtItsAddress();

private:
    std::unique_ptr<TestServer> m_server;
};

void tst_ChatClient::init()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY(m_server->addUser(u"alice"_s, u"agent"_s, { u"sales"_s }, agentPassword, u"Alice"_s));
    QVERIFY(m_server->start());
}

void tst_ChatClient::cleanup()
{
    m_server.reset();
}

void tst_ChatClient::signsInAndTalksToACustomer()
{
    auto client = makeClient({ m_server->url() });
    QSignalSpy welcomed(client.get(), &ChatClient::welcomed);
    QSignalSpy assigned(client.get(), &ChatClient::conversationAssigned);
    QSignalSpy received(client.get(), &ChatClient::messageReceived);
    QSignalSpy acked(client.get(), &ChatClient::messageAcked);
    client->connectToServer();
    QTRY_COMPARE(client->state(), ChatClient::State::Online);
    QCOMPARE(welcomed.size(), 1);
    QCOMPARE(client->login(), u"alice"_s);
    QCOMPARE(client->displayName(), u"Alice"_s);
    QVERIFY(!client->token().isEmpty());

    TestClient customer;
    QVERIFY(customer.open(m_server->url()));
    const QJsonObject welcome = customer.helloCustomer(u"Ann"_s);
    const QString conversation
        = welcome.value(u"conversation"_s).toObject().value(u"id"_s).toString();
    QTRY_COMPARE(assigned.size(), 1);
    const auto info = assigned.first().first().value<ConversationInfo>();
    QCOMPARE(info.id, conversation);
    QCOMPARE(info.customerName, u"Ann"_s);

    QCOMPARE(customer.sendText(u"Where is my parcel?"_s, u"c-1"_s).value(u"type"_s), u"ack"_s);
    QTRY_VERIFY(!received.isEmpty());
    const auto last = received.last().first().value<ChatMessage>();
    QCOMPARE(last.text, u"Where is my parcel?"_s);
    QCOMPARE(last.fromRole, switchboard::protocol::Role::Customer);

    const QString clientId = client->sendMessage(conversation, u"On its way."_s);
    QTRY_COMPARE(acked.size(), 1);
    QCOMPARE(acked.first().at(1).toString(), clientId);
    QCOMPARE(client->outboxSize(), 0);
    const QJsonObject reply = customer.take(u"message"_s, 5000,
        [](const QJsonObject &m) { return m.value(u"text"_s) == u"On its way."_s; });
    QCOMPARE(reply.value(u"client_id"_s).toString(), clientId);
    QCOMPARE(client->lastSeq(conversation), reply.value(u"seq"_s).toInteger());
}

void tst_ChatClient::wrongPasswordStopsTrying()
{
    auto client = makeClient({ m_server->url() });
    client->setPasswordCredentials(u"alice"_s, u"wrong"_s);
    QSignalSpy failed(client.get(), &ChatClient::signInFailed);
    client->connectToServer();
    QTRY_COMPARE(failed.size(), 1);
    QTRY_COMPARE(client->state(), ChatClient::State::Offline);
    QTest::qWait(500);
    QCOMPARE(client->state(), ChatClient::State::Offline);
    QCOMPARE(failed.size(), 1);
}

void tst_ChatClient::failsOverToTheNextEndpoint()
{
    const QUrl dead(u"ws://127.0.0.1:%1/ws"_s.arg(freeTcpPort()));
    auto client = makeClient({ dead, m_server->url() });
    client->connectToServer();
    QTRY_COMPARE(client->state(), ChatClient::State::Online);
    QCOMPARE(client->currentEndpoint(), m_server->url());
}

void tst_ChatClient::learnsTheClusterEndpointsFromWelcome()
{
    // A node that advertises itself under its public name: welcome lists it, and the
    // client keeps it after the endpoint it was given, once, for failover.
    const QString advertised = u"ws://chat2.example.com:8080/ws"_s;
    TestServer node(
        [&](switchboard::server::ServerConfig &config) { config.publicEndpoint = advertised; });
    QVERIFY(node.addUser(u"alice"_s, u"agent"_s, { u"sales"_s }, agentPassword, u"Alice"_s));
    QVERIFY(node.start());
    auto client = makeClient({ node.url() });
    client->connectToServer();
    QTRY_COMPARE(client->state(), ChatClient::State::Online);
    QCOMPARE(client->endpoints(), QList<QUrl>({ node.url(), QUrl(advertised) }));
    client->disconnectFromServer();
    client->connectToServer();
    QTRY_COMPARE(client->state(), ChatClient::State::Online);
    QCOMPARE(client->endpoints().size(), 2); // learnt once, not again on every welcome
}

void tst_ChatClient::resumesAfterRestartAndSendsOfflineTextOnce()
{
    auto client = makeClient({ m_server->url() });
    QSignalSpy assigned(client.get(), &ChatClient::conversationAssigned);
    QSignalSpy received(client.get(), &ChatClient::messageReceived);
    QSignalSpy synced(client.get(), &ChatClient::synced);
    QSignalSpy states(client.get(), &ChatClient::stateChanged);
    client->connectToServer();
    QTRY_COMPARE(client->state(), ChatClient::State::Online);

    auto customer = std::make_unique<TestClient>();
    QVERIFY(customer->open(m_server->url()));
    const QJsonObject welcome = customer->helloCustomer(u"Ann"_s);
    const QString customerToken = welcome.value(u"token"_s).toString();
    const QString conversation
        = welcome.value(u"conversation"_s).toObject().value(u"id"_s).toString();
    QTRY_COMPARE(assigned.size(), 1);
    QCOMPARE(customer->sendText(u"hello"_s, u"c-1"_s).value(u"type"_s), u"ack"_s);
    QTRY_VERIFY(std::any_of(received.cbegin(), received.cend(), [](const QList<QVariant> &args) {
        return args.first().value<ChatMessage>().text == u"hello"_s;
    }));

    // One send races the shutdown; three more are typed while the server is away.
    client->sendMessage(conversation, u"racing the restart"_s);
    m_server->stop();
    QTRY_VERIFY(client->state() != ChatClient::State::Online);
    QVERIFY(customer->waitClosed());
    client->sendMessage(conversation, u"offline one"_s);
    client->sendMessage(conversation, u"offline two"_s);
    client->sendMessage(conversation, u"offline three"_s, switchboard::protocol::MessageKind::Note);
    QCOMPARE(client->outboxSize(), 4);
    QTest::qWait(300); // a few reconnect attempts against the closed port
    QVERIFY(client->state() == ChatClient::State::Connecting);

    QVERIFY(m_server->restart());
    QTRY_COMPARE_WITH_TIMEOUT(client->state(), ChatClient::State::Online, 10000);
    QTRY_COMPARE(client->outboxSize(), 0);
    QTRY_VERIFY(std::any_of(synced.cbegin(), synced.cend(),
        [&](const QList<QVariant> &args) { return args.first().toString() == conversation; }));
    QVERIFY(states.size() >= 3); // connecting, online, connecting ..., online

    // The customer comes back and reads the whole history: each text exactly once.
    customer = std::make_unique<TestClient>();
    QVERIFY(customer->open(m_server->url()));
    QCOMPARE(customer->helloCustomer(u"Ann"_s, customerToken)
                 .value(u"conversation"_s)
                 .toObject()
                 .value(u"id"_s)
                 .toString(),
        conversation);
    customer->send(QJsonObject {
        { u"type"_s, u"sync"_s }, { u"conversation"_s, conversation }, { u"after_seq"_s, 0 } });
    QVERIFY(!customer->take(u"synced"_s).isEmpty());
    const QStringList seen = texts(customer->all(u"message"_s));
    QCOMPARE(seen.count(u"hello"_s), 1);
    QCOMPARE(seen.count(u"racing the restart"_s), 1);
    QCOMPARE(seen.count(u"offline one"_s), 1);
    QCOMPARE(seen.count(u"offline two"_s), 1);
    QCOMPARE(seen.count(u"offline three"_s), 0); // a note: never shown to customers
    QVERIFY(seen.indexOf(u"offline one"_s) < seen.indexOf(u"offline two"_s));

    // Sent again with the same client_ids: the server answers duplicates, stores nothing new.
    const qint64 before = client->lastSeq(conversation);
    QCOMPARE(customer->sendText(u"back again"_s, u"c-2"_s).value(u"type"_s), u"ack"_s);
    QTRY_COMPARE(client->lastSeq(conversation), before + 1);
}

void tst_ChatClient::connectsOverWssTrustingOneCertificate()
{
    TestCa ca;
    QVERIFY2(ca.isValid(), qPrintable(ca.error()));
    const TestCa::Issued issued = ca.issue(u"server"_s, 4242);
    QVERIFY2(!issued.certificatePath.isEmpty(), qPrintable(ca.error()));
    TestServer server([&](switchboard::server::ServerConfig &config) {
        config.tlsCertificatePath = issued.certificatePath;
        config.tlsKeyPath = issued.keyPath;
    });
    QVERIFY(server.addUser(u"alice"_s, u"agent"_s, { u"sales"_s }, agentPassword, u"Alice"_s));
    QVERIFY(server.start());
    const QUrl secure(u"wss://localhost:%1/ws"_s.arg(server.port()));

    // The test CA is in no system list: without trusting it the client never gets in.
    auto untrusting = makeClient({ secure });
    untrusting->connectToServer();
    QTest::qWait(1500);
    QVERIFY(untrusting->state() != ChatClient::State::Online);
    untrusting->disconnectFromServer();

    // Trusting the one certificate the user chose (here the shop's own CA).
    auto client = makeClient({ secure });
    client->setTrustedCertificate(QSslCertificate::fromPath(ca.caPath()).value(0));
    QSignalSpy received(client.get(), &ChatClient::messageReceived);
    client->connectToServer();
    QTRY_COMPARE(client->state(), ChatClient::State::Online);

    TestClient customer;
    customer.socket().setSslConfiguration(ca.clientConfiguration());
    QVERIFY(customer.open(secure));
    const QString conversation = customer.helloCustomer()[u"conversation"_s][u"id"_s].toString();
    QVERIFY(!conversation.isEmpty());
    QCOMPARE(customer.sendText(u"over wss"_s, u"w-1"_s)[u"type"_s].toString(), u"ack"_s);
    QTRY_VERIFY(std::any_of(received.cbegin(), received.cend(), [](const QList<QVariant> &args) {
        return args.at(0).value<ChatMessage>().text == u"over wss"_s;
    }));
    client->sendMessage(conversation, u"answer over wss"_s);
    QVERIFY(!customer
                 .take(u"message"_s, 5000,
                     [](const QJsonObject &message) {
                         return message[u"text"_s].toString() == u"answer over wss"_s;
                     })
                 .isEmpty());
    client->disconnectFromServer();
}

void tst_ChatClient::trustsASelfSignedLanServerAtItsAddress()
{
    // A LAN server's self-signed certificate names its host, but agents type its address.
    TestCa ca;
    const TestCa::Issued lan = ca.selfSigned(u"lan"_s, u"shop-server.lan"_s);
    const TestCa::Issued other = ca.selfSigned(u"other"_s, u"shop-server.lan"_s);
    QVERIFY2(
        !lan.certificatePath.isEmpty() && !other.certificatePath.isEmpty(), qPrintable(ca.error()));
    TestServer server([&](switchboard::server::ServerConfig &config) {
        config.tlsCertificatePath = lan.certificatePath;
        config.tlsKeyPath = lan.keyPath;
    });
    QVERIFY(server.addUser(u"alice"_s, u"agent"_s, { u"sales"_s }, agentPassword, u"Alice"_s));
    QVERIFY(server.start());
    const QUrl address(u"wss://127.0.0.1:%1/ws"_s.arg(server.port()));

    // Trusting another certificate (same name, other key) is no trust at all: nothing is
    // ignored wholesale.
    auto wrong = makeClient({ address });
    wrong->setTrustedCertificate(QSslCertificate::fromPath(other.certificatePath).value(0));
    wrong->connectToServer();
    QTest::qWait(1500);
    QVERIFY(wrong->state() != ChatClient::State::Online);
    wrong->disconnectFromServer();

    auto client = makeClient({ address });
    client->setTrustedCertificate(QSslCertificate::fromPath(lan.certificatePath).value(0));
    client->connectToServer();
    QTRY_COMPARE(client->state(), ChatClient::State::Online);
    client->disconnectFromServer();
}

QTEST_GUILESS_MAIN(tst_ChatClient)
#include "tst_chatclient.moc"
