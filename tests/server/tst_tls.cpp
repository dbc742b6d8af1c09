// TLS built in (issue 17): with tls-cert and tls-key the port serves wss:// and https:// only,
// TLS 1.2 or newer; SIGHUP reads the files again without dropping live connections; files
// that cannot be used stop the start with exit 2. Certificates come from a throwaway CA made
// by the test with the openssl command line.
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QSslCertificate>
#include <QSslSocket>
#include <QTest>
#include <csignal>
#include <serverprocess.h>
#include <testca.h>
#include <testclient.h>
#include <testserver.h>

using namespace Qt::StringLiterals;
using switchboard::server::ServerConfig;

namespace {

QUrl secureUrl(quint16 port)
{
    return QUrl(u"wss://localhost:%1/ws"_s.arg(port));
}

double metricValue(quint16 port, const QSslConfiguration &trust, const QByteArray &series)
{
    QByteArray exposition;
    if (httpsGet(port, "/metrics", trust, &exposition) != 200)
        return -1;
    for (const QByteArray &line : exposition.split('\n')) {
        if (line.startsWith(QByteArray(series + ' ')))
            return line.mid(series.size() + 1).toDouble();
    }
    return 0;
}

// The serial of the certificate a fresh handshake is shown.
QByteArray servedSerial(quint16 port, const QSslConfiguration &trust)
{
    QSslSocket socket;
    socket.setSslConfiguration(trust);
    socket.connectToHostEncrypted(u"localhost"_s, port);
    if (!socket.waitForEncrypted(5000))
        return {};
    return socket.peerCertificate().serialNumber();
}

bool copyOver(const QString &from, const QString &to)
{
    QFile::remove(to);
    return QFile::copy(from, to);
}

// Runs the real binary with `arguments` and returns its exit code; `output` gets both streams.
int runServer(const QStringList &arguments, QByteArray *output)
{
    QTemporaryDir data;
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(ServerProcess::binary(),
        QStringList { u"--listen"_s, u"127.0.0.1:0"_s, u"--data"_s, data.path() } + arguments);
    if (!process.waitForFinished(15000)) {
        process.kill();
        process.waitForFinished();
        return -1;
    }
    *output = process.readAll();
    return process.exitCode();
}

} // namespace

class tst_Tls : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void webSocketRoundTripOverWss();
    void policyCloseReachesTheClientOverTls();
    void largeFramesOverWss();
    void httpsServesTheHttpSideAndPlainIsRefused();
    void tls11IsRefused();
    void sighupReloadKeepsLiveConnections();
    void unusableFilesAtStartExitWithTwo_data();
    void unusableFilesAtStartExitWithTwo();
    void embeddedServerRefusesToStartWithAMismatchedKey();

private:
    std::unique_ptr<TestCa> m_ca;
    TestCa::Issued m_first;
};

void tst_Tls::initTestCase()
{
    m_ca = std::make_unique<TestCa>();
    QVERIFY2(m_ca->isValid(), qPrintable(m_ca->error()));
    m_first = m_ca->issue(u"first"_s, 1001);
    QVERIFY2(!m_first.certificatePath.isEmpty(), qPrintable(m_ca->error()));
}

void tst_Tls::webSocketRoundTripOverWss()
{
    TestServer server([this](ServerConfig &config) {
        config.tlsCertificatePath = m_first.certificatePath;
        config.tlsKeyPath = m_first.keyPath;
    });
    QVERIFY(server.start());

    TestClient customer;
    customer.socket().setSslConfiguration(m_ca->clientConfiguration());
    QVERIFY(customer.open(secureUrl(server.port())));
    QCOMPARE(customer.socket().sslConfiguration().peerCertificate().serialNumber(), m_first.serial);
    QCOMPARE(customer.socket().sslConfiguration().sessionProtocol() >= QSsl::TlsV1_2, true);
    const QJsonObject welcome = customer.helloCustomer();
    QVERIFY(!welcome.isEmpty());
    const QString conversation = welcome[u"conversation"_s][u"id"_s].toString();
    const QJsonObject ack = customer.sendText(u"hello over TLS"_s, u"c-1"_s);
    QCOMPARE(ack[u"type"_s].toString(), u"ack"_s);

    // An agent on a second wss:// connection receives it: frames written by the I/O thread
    // itself (the direct path) go through the encryption too.
    QVERIFY(server.addUser(u"ann"_s, u"agent"_s, {}, u"secret-pass"_s));
    TestClient agent;
    agent.socket().setSslConfiguration(m_ca->clientConfiguration());
    QVERIFY(agent.open(secureUrl(server.port())));
    QVERIFY(!agent.helloStaff(u"ann"_s, u"secret-pass"_s).isEmpty());
    QVERIFY(!agent.take(u"assigned"_s, 10000).isEmpty());
    QCOMPARE(agent.sendText(u"hi, how can I help?"_s, u"a-1"_s, conversation)[u"type"_s].toString(),
        u"ack"_s);
    const QJsonObject reply = customer.take(u"message"_s, 5000, [](const QJsonObject &message) {
        return message[u"text"_s].toString() == u"hi, how can I help?"_s;
    });
    QVERIFY(!reply.isEmpty());

    // A client that does not trust the certificate gets no connection.
    TestClient stranger;
    QVERIFY(!stranger.open(secureUrl(server.port()), {}, 3000));
    // Nor does a plain ws:// client on the TLS port.
    TestClient plain;
    QVERIFY(!plain.open(QUrl(u"ws://127.0.0.1:%1/ws"_s.arg(server.port())), {}, 3000));
}

void tst_Tls::policyCloseReachesTheClientOverTls()
{
    TestServer server([this](ServerConfig &config) {
        config.tlsCertificatePath = m_first.certificatePath;
        config.tlsKeyPath = m_first.keyPath;
    });
    QVERIFY(server.start());
    TestClient client;
    client.socket().setSslConfiguration(m_ca->clientConfiguration());
    QVERIFY(client.open(secureUrl(server.port())));
    // Anything before hello: an error, then a policy close the client hears (not a reset).
    client.send(QJsonObject { { u"type"_s, u"ping"_s } });
    QCOMPARE(client.take(u"error"_s)[u"code"_s].toString(), u"unauthenticated"_s);
    QVERIFY(client.waitClosed(8000));
    QCOMPARE(client.closeCode(), 1008);
}

void tst_Tls::largeFramesOverWss()
{
    TestServer server([this](ServerConfig &config) {
        config.tlsCertificatePath = m_first.certificatePath;
        config.tlsKeyPath = m_first.keyPath;
    });
    QVERIFY(server.start());
    TestClient customer;
    customer.socket().setSslConfiguration(m_ca->clientConfiguration());
    QVERIFY(customer.open(secureUrl(server.port())));
    const QJsonObject welcome = customer.helloCustomer();
    QVERIFY(!welcome.isEmpty());
    const QString text(7900, u'x');
    for (int i = 0; i < 10; ++i)
        QCOMPARE(customer.sendText(text, u"big-%1"_s.arg(i))[u"type"_s].toString(), u"ack"_s);
    // A history page of 79 KB: past the direct path's 64 KiB, so QWebSocket frames it, over
    // the same TLS stream.
    customer.send({ { u"type"_s, u"history"_s },
        { u"conversation"_s, welcome[u"conversation"_s][u"id"_s] } });
    const QJsonArray messages = customer.take(u"history"_s, 10000)[u"messages"_s].toArray();
    QCOMPARE(messages.size(), 10);
    QCOMPARE(messages.last()[u"text"_s].toString(), text);
}

void tst_Tls::httpsServesTheHttpSideAndPlainIsRefused()
{
    TestServer server([this](ServerConfig &config) {
        config.tlsCertificatePath = m_first.certificatePath;
        config.tlsKeyPath = m_first.keyPath;
    });
    QVERIFY(server.start());
    const QSslConfiguration trust = m_ca->clientConfiguration();
    QByteArray body;
    QCOMPARE(httpsGet(server.port(), "/healthz", trust, &body), 200);
    QCOMPARE(httpsGet(server.port(), "/readyz", trust), 200);
    QCOMPARE(httpsGet(server.port(), "/widget/embed.js", trust, &body), 200);
    QVERIFY(body.contains("Switchboard"));
    QVERIFY(metricValue(server.port(), trust, "switchboard_build_info{version=\"0.1.0\"}") != -1);
    // Plain HTTP on the TLS port: no answer, and the failed handshake is counted.
    QCOMPARE(httpGet(server.port(), "/healthz"), -1);
    QTRY_COMPARE(metricValue(server.port(), trust,
                     "switchboard_websocket_handshake_failures_total{reason=\"tls\"}"),
        1.0);
}

void tst_Tls::tls11IsRefused()
{
    TestServer server([this](ServerConfig &config) {
        config.tlsCertificatePath = m_first.certificatePath;
        config.tlsKeyPath = m_first.keyPath;
    });
    QVERIFY(server.start());
    // openssl s_client, allowed to speak TLS 1.1 (security level 0): the server refuses it
    // with a protocol_version alert. The same client at TLS 1.2 gets in, so the refusal is the
    // server's.
    const auto handshake = [&](const QString &version) {
        QProcess client;
        client.setProcessChannelMode(QProcess::MergedChannels);
        client.start(u"openssl"_s,
            { u"s_client"_s, u"-connect"_s, u"127.0.0.1:%1"_s.arg(server.port()), version,
                u"-cipher"_s, u"DEFAULT:@SECLEVEL=0"_s, u"-CAfile"_s, m_ca->caPath() });
        client.closeWriteChannel();
        client.waitForFinished(15000);
        return client.readAll();
    };
    const QByteArray refused = handshake(u"-tls1_1"_s);
    QVERIFY2(refused.contains("alert protocol version"), refused.constData());
    const QByteArray accepted = handshake(u"-tls1_2"_s);
    QVERIFY2(accepted.contains("Verify return code: 0 (ok)"), accepted.constData());
    QVERIFY2(accepted.contains("TLSv1.2"), accepted.constData());
}

void tst_Tls::sighupReloadKeepsLiveConnections()
{
    // The server reads fixed paths; the test swaps what is in them, as certbot's hook would.
    const QString certificate = m_ca->directory() + u"/live.pem"_s;
    const QString key = m_ca->directory() + u"/live.key"_s;
    QVERIFY(copyOver(m_first.certificatePath, certificate));
    QVERIFY(copyOver(m_first.keyPath, key));
    const TestCa::Issued renewed = m_ca->issue(u"renewed"_s, 2002);
    QVERIFY2(!renewed.certificatePath.isEmpty(), qPrintable(m_ca->error()));
    const QSslConfiguration trust = m_ca->clientConfiguration();

    ServerProcess server({ u"--tls-cert"_s, certificate, u"--tls-key"_s, key });
    server.setReadyProbe([trust](quint16 port) { return httpsGet(port, "/readyz", trust) == 200; });
    QVERIFY2(server.start(), server.log().constData());

    TestClient live;
    live.socket().setSslConfiguration(trust);
    QVERIFY(live.open(secureUrl(server.port())));
    QVERIFY(!live.helloCustomer().isEmpty());
    QCOMPARE(live.sendText(u"before the renewal"_s, u"r-1"_s)[u"type"_s].toString(), u"ack"_s);
    QCOMPARE(servedSerial(server.port(), trust), m_first.serial);

    QVERIFY(copyOver(renewed.certificatePath, certificate));
    QVERIFY(copyOver(renewed.keyPath, key));
    QCOMPARE(::kill(pid_t(server.pid()), SIGHUP), 0);
    QTRY_COMPARE_WITH_TIMEOUT(
        metricValue(server.port(), trust, "switchboard_tls_reloads_total{result=\"ok\"}"), 1.0,
        5000);
    QCOMPARE(servedSerial(server.port(), trust), renewed.serial);
    // The connection made before the reload is still there and still talks.
    QVERIFY(live.isConnected());
    QCOMPARE(live.sendText(u"after the renewal"_s, u"r-2"_s)[u"type"_s].toString(), u"ack"_s);

    // A broken file at reload: logged, counted, and the renewed certificate stays in use.
    QFile broken(certificate);
    QVERIFY(broken.open(QIODevice::WriteOnly | QIODevice::Truncate));
    broken.write("not a certificate\n");
    broken.close();
    QCOMPARE(::kill(pid_t(server.pid()), SIGHUP), 0);
    QTRY_COMPARE_WITH_TIMEOUT(
        metricValue(server.port(), trust, "switchboard_tls_reloads_total{result=\"error\"}"), 1.0,
        5000);
    QCOMPARE(servedSerial(server.port(), trust), renewed.serial);
    QCOMPARE(live.sendText(u"after a failed reload"_s, u"r-3"_s)[u"type"_s].toString(), u"ack"_s);
    QTRY_VERIFY(server.log().contains("TLS reload failed"));
    QVERIFY(server.log().contains("holds no PEM certificate"));
    QFile keyFile(renewed.keyPath);
    QVERIFY(keyFile.open(QIODevice::ReadOnly));
    const QByteArray keyLine = keyFile.readAll().split('\n').value(1);
    QVERIFY(keyLine.size() > 32 && !server.log().contains(keyLine)); // no key material logged
    QVERIFY(server.isRunning());
}

void tst_Tls::unusableFilesAtStartExitWithTwo_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("message");

    const QString missing = m_ca->directory() + u"/missing.pem"_s;
    const QString stray = m_ca->strayKey(u"stray"_s);
    QVERIFY(!stray.isEmpty());
    QFile unreadable(m_ca->directory() + u"/unreadable.key"_s);
    QVERIFY(unreadable.open(QIODevice::WriteOnly));
    unreadable.write("x");
    unreadable.close();
    unreadable.setPermissions(QFileDevice::Permissions());

    QTest::newRow("missing certificate")
        << QStringList { u"--tls-cert"_s, missing, u"--tls-key"_s, m_first.keyPath }
        << QByteArray("switchboard-server: tls-cert: cannot read \"" + missing.toUtf8()
               + "\": No such file or directory");
    QTest::newRow("key of another certificate")
        << QStringList { u"--tls-cert"_s, m_first.certificatePath, u"--tls-key"_s, stray }
        << QByteArray("switchboard-server: tls-key: \"" + stray.toUtf8()
               + "\" is not the private key of the certificate in \""
               + m_first.certificatePath.toUtf8() + "\"");
    QTest::newRow("key where the certificate goes")
        << QStringList { u"--tls-cert"_s, m_first.keyPath, u"--tls-key"_s, m_first.keyPath }
        << QByteArray("switchboard-server: tls-cert: \"" + m_first.keyPath.toUtf8()
               + "\" holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    if (::geteuid() != 0) { // root reads any file
        QTest::newRow("unreadable key")
            << QStringList { u"--tls-cert"_s, m_first.certificatePath, u"--tls-key"_s,
                   unreadable.fileName() }
            << QByteArray("switchboard-server: tls-key: cannot read \""
                   + unreadable.fileName().toUtf8() + "\": Permission denied");
    }
    QTest::newRow("certificate without key")
        << QStringList { u"--tls-cert"_s, m_first.certificatePath }
        << QByteArray("switchboard-server: tls-cert is set but tls-key is not: give both, or "
                      "neither");
}

void tst_Tls::unusableFilesAtStartExitWithTwo()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, message);
    QByteArray output;
    QCOMPARE(runServer(arguments, &output), 2);
    const QList<QByteArray> lines = output.trimmed().split('\n');
    QVERIFY2(lines.last() == message, output.constData());
    QVERIFY2(!output.contains("serving on port"), output.constData());
}

void tst_Tls::embeddedServerRefusesToStartWithAMismatchedKey()
{
    // The console's embedded server goes through SwitchboardServer::start() alone.
    const QString stray = m_ca->strayKey(u"stray-embedded"_s);
    TestServer server([this, stray](ServerConfig &config) {
        config.tlsCertificatePath = m_first.certificatePath;
        config.tlsKeyPath = stray;
    });
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"is not the private key"_s));
    QVERIFY(!server.start());
}

QTEST_MAIN(tst_Tls)
#include "tst_tls.moc"
