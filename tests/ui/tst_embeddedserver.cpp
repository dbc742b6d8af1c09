// "Run the server on this computer": the first run creates the first supervisor, the server
// library serves on its own threads while this (GUI) thread stays free, and it stops cleanly.
#include <QTemporaryDir>
#include <QTest>
#include <client/chatclient.h>
#include <embeddedservercontroller.h>
#include <testca.h>
#include <testclient.h>

using namespace Qt::StringLiterals;
using switchboard::app::EmbeddedServerController;
using switchboard::ui::ChatClient;

class tst_EmbeddedServer final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void firstRunCreatesASupervisorAndServes();
    void servesWssWithACertificateAndKey();
};

void tst_EmbeddedServer::firstRunCreatesASupervisorAndServes()
{
    QTemporaryDir dir;
    EmbeddedServerController controller;
    controller.setDataDir(dir.filePath(u"data"_s));
    controller.setPort(0);

    auto created = controller.ensureFirstSupervisor(u"owner"_s, u"first password 1"_s, u"Olga"_s);
    QVERIFY2(created.hasValue(), created.hasValue() ? "" : qPrintable(created.error()));
    QCOMPARE(*created, true);
    auto again = controller.ensureFirstSupervisor(u"other"_s, u"another password"_s);
    QVERIFY(again.hasValue());
    QCOMPARE(*again, false); // an account exists: nothing is created

    auto started = controller.start();
    QVERIFY2(started.hasValue(), started.hasValue() ? "" : qPrintable(started.error()));
    QVERIFY(*started > 0);
    QVERIFY(controller.isRunning());

    ChatClient client;
    client.setEndpoints({ controller.url() });
    client.setPasswordCredentials(u"owner"_s, u"first password 1"_s);
    client.connectToServer();
    QTRY_COMPARE(client.state(), ChatClient::State::Online);
    QCOMPARE(client.role(), switchboard::protocol::Role::Supervisor);
    QCOMPARE(client.displayName(), u"Olga"_s);

    controller.stop();
    QVERIFY(!controller.isRunning());
    QTRY_VERIFY(client.state() != ChatClient::State::Online);
    client.disconnectFromServer();
    QCOMPARE(client.state(), ChatClient::State::Offline);

    // The data stays: a second start serves the same accounts.
    QVERIFY(controller.start().hasValue());
    client.setEndpoints({ controller.url() }); // port 0 here: a new one each start
    client.connectToServer();
    QTRY_COMPARE(client.state(), ChatClient::State::Online);
    controller.stop();
}

void tst_EmbeddedServer::servesWssWithACertificateAndKey()
{
    TestCa ca;
    QVERIFY2(ca.isValid(), qPrintable(ca.error()));
    const TestCa::Issued issued = ca.issue(u"shop"_s, 5150);
    QVERIFY2(!issued.certificatePath.isEmpty(), qPrintable(ca.error()));
    QTemporaryDir dir;
    EmbeddedServerController controller;
    controller.setDataDir(dir.filePath(u"data"_s));
    controller.setPort(0);
    QVERIFY(controller.ensureFirstSupervisor(u"owner"_s, u"first password 1"_s).hasValue());
    EmbeddedServerController::Options options;
    options.tlsCertificatePath = issued.certificatePath;
    options.tlsKeyPath = issued.keyPath;
    controller.setOptions(options);
    auto started = controller.start();
    QVERIFY2(started.hasValue(), started.hasValue() ? "" : qPrintable(started.error()));
    QCOMPARE(controller.url().scheme(), u"wss"_s);
    QCOMPARE(controller.certificate().serialNumber(), issued.serial);

    // A browser-like client trusting the shop's CA: wss:// only.
    TestClient visitor;
    visitor.socket().setSslConfiguration(ca.clientConfiguration());
    QVERIFY(visitor.open(controller.url()));
    QVERIFY(!visitor.helloCustomer().isEmpty());
    TestClient plain;
    QVERIFY(!plain.open(QUrl(u"ws://127.0.0.1:%1/ws"_s.arg(*started)), {}, 2000));

    // The console's own client trusts exactly the server's certificate.
    ChatClient client;
    client.setEndpoints({ controller.url() });
    client.setTrustedCertificate(controller.certificate());
    client.setPasswordCredentials(u"owner"_s, u"first password 1"_s);
    client.connectToServer();
    QTRY_COMPARE(client.state(), ChatClient::State::Online);
    client.disconnectFromServer();
    controller.stop();

    // A key that is not the certificate's: the server does not start, and says why.
    options.tlsKeyPath = ca.strayKey(u"stray"_s);
    controller.setOptions(options);
    auto refused = controller.start();
    QVERIFY(!refused.hasValue());
    QVERIFY2(refused.error().contains(u"is not the private key"_s), qPrintable(refused.error()));
}

QTEST_GUILESS_MAIN(tst_EmbeddedServer)
#include "tst_embeddedserver.moc"
