#pragma once

#include <QDateTime>
#include <QMutex>
#include <QSslConfiguration>
#include <QString>
#include <memory>
#include <switchboard/expected.h>

namespace switchboard::server {

// The certificate and private key the listening port serves (tls-cert, tls-key), shared by
// the I/O threads, each of which takes a copy for every connection it accepts. reload() reads
// both files again (SIGHUP): handshakes that start afterwards use the new pair, connections
// already encrypted keep theirs, and a pair that cannot be used leaves the old one in place.
class TlsContext final {
public:
    // Reads and checks both files. The error is one line that names the file and what is
    // wrong with it; it never holds key material.
    static Expected<std::shared_ptr<TlsContext>, QString> load(
        const QString &certificatePath, const QString &keyPath);

    QSslConfiguration configuration() const; // from any thread
    Expected<Done, QString> reload();

    QString certificatePath() const { return m_certificatePath; }
    QString keyPath() const { return m_keyPath; }
    // Of the certificate in use (the first of the chain): for logs and tests.
    QByteArray serialNumber() const;
    QDateTime expiry() const;

private:
    TlsContext(QString certificatePath, QString keyPath, QSslConfiguration configuration);
    static Expected<QSslConfiguration, QString> read(
        const QString &certificatePath, const QString &keyPath);

    const QString m_certificatePath;
    const QString m_keyPath;
    mutable QMutex m_lock;
    QSslConfiguration m_configuration; // guarded by m_lock
};

} // namespace switchboard::server
