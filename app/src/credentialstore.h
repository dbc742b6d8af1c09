#pragma once

#include <QObject>
#include <QString>

namespace switchboard::app {

// Secrets in the OS keychain through QtKeychain, asynchronously. EntryNotFound means "no
// credential"; every other failure is reported with a message a person can act on. There is
// no plaintext fallback: when no keychain works, nothing is stored.
class CredentialStore final : public QObject {
    Q_OBJECT

public:
    explicit CredentialStore(QObject *parent = nullptr);
    CredentialStore(const QString &service, QObject *parent);
    Q_DISABLE_COPY_MOVE(CredentialStore)

    // Finds out whether a keychain answers (a read of a key that need not exist).
    void probe();
    bool isProbed() const { return m_probed; }
    bool isAvailable() const { return m_available; }
    QString unavailableReason() const { return m_reason; }

    void write(const QString &key, const QString &secret);
    void read(const QString &key);
    void remove(const QString &key);

Q_SIGNALS:
    void availabilityChecked(bool available, const QString &reason);
    void written(const QString &key);
    void readFinished(const QString &key, const QString &secret, bool found);
    void removed(const QString &key);
    void failed(const QString &key, const QString &message);

private:
    QString m_service;
    bool m_probed = false;
    bool m_available = false;
    QString m_reason;
};

} // namespace switchboard::app
