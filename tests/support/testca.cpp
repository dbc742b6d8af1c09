#include "testca.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSslCertificate>
#include <QSslSocket>

using namespace Qt::StringLiterals;

TestCa::TestCa()
{
    const QString caKey = m_dir.filePath(u"ca.key"_s);
    const QString ca = m_dir.filePath(u"ca.pem"_s);
    if (openssl({ u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-keyout"_s,
            caKey, u"-out"_s, ca, u"-days"_s, u"2"_s, u"-subj"_s, u"/CN=Switchboard Test CA"_s })) {
        m_caPath = ca;
        m_caKeyPath = caKey;
    }
}

bool TestCa::openssl(const QStringList &arguments, QByteArray *output)
{
    QProcess process;
    process.start(u"openssl"_s, arguments);
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit
        || process.exitCode() != 0) {
        m_error = u"openssl "_s + arguments.join(u' ') + u": "_s
            + QString::fromLocal8Bit(process.readAllStandardError());
        return false;
    }
    if (output)
        *output = process.readAllStandardOutput();
    return true;
}

TestCa::Issued TestCa::issue(const QString &name, int serial)
{
    const QString key = m_dir.filePath(name + u".key"_s);
    const QString request = m_dir.filePath(name + u".csr"_s);
    const QString leaf = m_dir.filePath(name + u".leaf.pem"_s);
    const QString chain = m_dir.filePath(name + u".pem"_s);
    const QString extensions = m_dir.filePath(name + u".ext"_s);
    QFile ext(extensions);
    if (!ext.open(QIODevice::WriteOnly))
        return {};
    ext.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n"
              "extendedKeyUsage=serverAuth\n");
    ext.close();
    if (!openssl({ u"req"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-keyout"_s, key, u"-out"_s,
            request, u"-subj"_s, u"/CN=localhost"_s })
        || !openssl({ u"x509"_s, u"-req"_s, u"-in"_s, request, u"-CA"_s, m_caPath, u"-CAkey"_s,
            m_caKeyPath, u"-set_serial"_s, QString::number(serial), u"-days"_s, u"2"_s,
            u"-extfile"_s, extensions, u"-out"_s, leaf }))
        return {};
    QFile leafFile(leaf);
    QFile caFile(m_caPath);
    QFile chainFile(chain);
    if (!leafFile.open(QIODevice::ReadOnly) || !caFile.open(QIODevice::ReadOnly)
        || !chainFile.open(QIODevice::WriteOnly))
        return {};
    chainFile.write(leafFile.readAll() + caFile.readAll());
    chainFile.close();
    const QList<QSslCertificate> certificates = QSslCertificate::fromPath(leaf);
    if (certificates.isEmpty())
        return {};
    return Issued { chain, key, certificates.first().serialNumber() };
}

TestCa::Issued TestCa::selfSigned(const QString &name, const QString &host)
{
    const QString key = m_dir.filePath(name + u".key"_s);
    const QString certificate = m_dir.filePath(name + u".pem"_s);
    if (!openssl({ u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-keyout"_s,
            key, u"-out"_s, certificate, u"-days"_s, u"2"_s, u"-subj"_s, u"/CN="_s + host,
            u"-addext"_s, u"subjectAltName=DNS:"_s + host }))
        return {};
    const QList<QSslCertificate> certificates = QSslCertificate::fromPath(certificate);
    if (certificates.isEmpty())
        return {};
    return Issued { certificate, key, certificates.first().serialNumber() };
}

QString TestCa::strayKey(const QString &name)
{
    const QString key = m_dir.filePath(name + u".key"_s);
    return openssl({ u"genpkey"_s, u"-algorithm"_s, u"RSA"_s, u"-out"_s, key }) ? key : QString();
}

QSslConfiguration TestCa::clientConfiguration() const
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.addCaCertificates(m_caPath);
    return configuration;
}

QByteArray TestCa::caSpkiSha256Base64() const
{
    // The leaf's key would also do; Chromium accepts any SPKI in the chain it is shown.
    QProcess pipeline;
    pipeline.start(u"sh"_s,
        { u"-c"_s,
            u"openssl x509 -in \"$1\" -pubkey -noout | openssl pkey -pubin -outform der | "
            u"openssl dgst -sha256 -binary | openssl base64 -A"_s,
            u"sh"_s, m_caPath });
    pipeline.waitForFinished(30000);
    return pipeline.readAllStandardOutput().trimmed();
}

int httpsGet(
    quint16 port, const QByteArray &path, const QSslConfiguration &configuration, QByteArray *body)
{
    QSslSocket socket;
    socket.setSslConfiguration(configuration);
    socket.connectToHostEncrypted(u"localhost"_s, port);
    if (!socket.waitForEncrypted(5000))
        return -1;
    socket.write("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    QByteArray response;
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 5000) {
        if (socket.waitForReadyRead(100))
            response += socket.readAll();
        if (socket.state() == QAbstractSocket::UnconnectedState)
            break;
    }
    response += socket.readAll();
    const qsizetype split = response.indexOf("\r\n\r\n");
    if (split < 0)
        return -1;
    if (body)
        *body = response.mid(split + 4);
    const QList<QByteArray> statusLine = response.left(response.indexOf("\r\n")).split(' ');
    return statusLine.size() >= 2 ? statusLine[1].toInt() : -1;
}
