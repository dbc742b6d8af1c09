#pragma once

#include <QByteArray>
#include <QSslConfiguration>
#include <QString>
#include <QTemporaryDir>

// A throwaway certificate authority made with the openssl command line for one test, and
// server certificates it issues for localhost and 127.0.0.1. Nothing is trusted beyond the
// configurations the test builds with clientConfiguration().
class TestCa final {
public:
    struct Issued {
        QString certificatePath; // the server certificate, then the CA (a chain, as shops have)
        QString keyPath;
        QByteArray serial; // as QSslCertificate::serialNumber() spells it, e.g. "03:e9"
    };

    TestCa(); // makes the CA; check isValid()
    bool isValid() const { return !m_caPath.isEmpty(); }
    QString error() const { return m_error; }
    QString caPath() const { return m_caPath; }
    QString directory() const { return m_dir.path(); }

    // A certificate for localhost with this serial (in [1, 2^31)); empty paths on failure.
    Issued issue(const QString &name, int serial);
    // A self-signed certificate for `host` alone, as a LAN server might make for itself.
    Issued selfSigned(const QString &name, const QString &host);
    // A key of its own that belongs to no certificate here.
    QString strayKey(const QString &name);

    // Trusts the CA (and only it beyond the system's list).
    QSslConfiguration clientConfiguration() const;
    QByteArray caSpkiSha256Base64() const; // for Chromium's --ignore-certificate-errors-spki-list

private:
    bool openssl(const QStringList &arguments, QByteArray *output = nullptr);

    QTemporaryDir m_dir;
    QString m_caPath;
    QString m_caKeyPath;
    QString m_error;
};

// GET over TLS trusting `configuration`; the status code, or -1 when no response came (a
// refused handshake included).
int httpsGet(quint16 port, const QByteArray &path, const QSslConfiguration &configuration,
    QByteArray *body = nullptr);
