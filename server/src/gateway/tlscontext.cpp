#include "tlscontext.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <switchboard/logging.h>

using namespace Qt::StringLiterals;

namespace switchboard::server {

namespace {

// Certificates and keys are small; anything larger is not one.
constexpr qint64 maxPemBytes = 1024 * 1024;

QString quoted(const QString &text)
{
    return QLatin1Char('"') + text + QLatin1Char('"');
}

Expected<QByteArray, QString> readFile(const QString &key, const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return unexpected(key + u": cannot read "_s + quoted(path) + u": "_s + file.errorString());
    const QByteArray bytes = file.read(maxPemBytes + 1);
    if (file.error() != QFileDevice::NoError)
        return unexpected(key + u": cannot read "_s + quoted(path) + u": "_s + file.errorString());
    if (bytes.size() > maxPemBytes)
        return unexpected(
            key + u": "_s + quoted(path) + u" is larger than 1 MiB: not a PEM file"_s);
    return bytes;
}

// Qt cannot tell whether a key belongs to a certificate before a handshake fails on it;
// OpenSSL (which Qt's TLS uses on Linux) can.
bool keyBelongsToCertificate(const QByteArray &certificatePem, const QByteArray &keyPem)
{
    const auto freeBio = [](BIO *bio) {
        BIO_free(bio);
    };
    std::unique_ptr<BIO, decltype(freeBio)> certificateBio(
        BIO_new_mem_buf(certificatePem.constData(), int(certificatePem.size())), freeBio);
    std::unique_ptr<BIO, decltype(freeBio)> keyBio(
        BIO_new_mem_buf(keyPem.constData(), int(keyPem.size())), freeBio);
    if (!certificateBio || !keyBio)
        return false;
    std::unique_ptr<X509, decltype(&X509_free)> certificate(
        PEM_read_bio_X509(certificateBio.get(), nullptr, nullptr, nullptr), &X509_free);
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
    const bool belongs
        = certificate && key && X509_check_private_key(certificate.get(), key.get()) == 1;
    ERR_clear_error(); // OpenSSL's error queue is per thread; leave nothing for Qt to find
    return belongs;
}

} // namespace

TlsContext::TlsContext(QString certificatePath, QString keyPath, QSslConfiguration configuration)
    : m_certificatePath(std::move(certificatePath))
    , m_keyPath(std::move(keyPath))
    , m_configuration(std::move(configuration))
{
}

Expected<std::shared_ptr<TlsContext>, QString> TlsContext::load(
    const QString &certificatePath, const QString &keyPath)
{
    auto configuration = read(certificatePath, keyPath);
    if (!configuration)
        return unexpected(configuration.error());
    return std::shared_ptr<TlsContext>(
        new TlsContext(certificatePath, keyPath, std::move(*configuration)));
}

Expected<QSslConfiguration, QString> TlsContext::read(
    const QString &certificatePath, const QString &keyPath)
{
    if (certificatePath.isEmpty() || keyPath.isEmpty())
        return unexpected(u"tls-cert and tls-key go together: give both, or neither"_s);
    if (!QSslSocket::supportsSsl())
        return unexpected(u"tls-cert: this build of Qt has no working TLS library (OpenSSL 3)"_s);

    auto certificateBytes = readFile(u"tls-cert"_s, certificatePath);
    if (!certificateBytes)
        return unexpected(certificateBytes.error());
    const QList<QSslCertificate> chain = QSslCertificate::fromData(*certificateBytes, QSsl::Pem);
    if (chain.isEmpty() || chain.first().isNull())
        return unexpected(u"tls-cert: "_s + quoted(certificatePath)
            + u" holds no PEM certificate (-----BEGIN CERTIFICATE-----)"_s);

    auto keyBytes = readFile(u"tls-key"_s, keyPath);
    if (!keyBytes)
        return unexpected(keyBytes.error());
    if (keyBytes->contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")
        || keyBytes->contains("Proc-Type: 4,ENCRYPTED"))
        return unexpected(u"tls-key: "_s + quoted(keyPath)
            + u" is encrypted with a passphrase; the server needs the key unencrypted"_s);
    QSslKey key;
    for (const QSsl::KeyAlgorithm algorithm : { QSsl::Rsa, QSsl::Ec, QSsl::Dsa }) {
        key = QSslKey(*keyBytes, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            break;
    }
    if (key.isNull())
        return unexpected(u"tls-key: "_s + quoted(keyPath)
            + u" holds no PEM private key (RSA or EC, -----BEGIN PRIVATE KEY-----)"_s);
    if (!keyBelongsToCertificate(chain.first().toPem(), *keyBytes))
        return unexpected(u"tls-key: "_s + quoted(keyPath)
            + u" is not the private key of the certificate in "_s + quoted(certificatePath));

    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(chain);
    configuration.setPrivateKey(key);
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone); // clients bring no certificate
    if (chain.first().expiryDate() < QDateTime::currentDateTimeUtc()) {
        qCWarning(lcServer).noquote()
            << "the TLS certificate in" << quoted(certificatePath) << "expired on"
            << chain.first().expiryDate().toString(Qt::ISODate) << "; browsers will refuse it";
    }
    return configuration;
}

QSslConfiguration TlsContext::configuration() const
{
    QMutexLocker locker(&m_lock);
    return m_configuration;
}

Expected<Done, QString> TlsContext::reload()
{
    auto configuration = read(m_certificatePath, m_keyPath);
    if (!configuration)
        return unexpected(configuration.error());
    QMutexLocker locker(&m_lock);
    m_configuration = std::move(*configuration);
    return Done {};
}

QByteArray TlsContext::serialNumber() const
{
    return configuration().localCertificate().serialNumber();
}

QDateTime TlsContext::expiry() const
{
    return configuration().localCertificate().expiryDate();
}

} // namespace switchboard::server
