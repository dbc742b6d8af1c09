#pragma once

#include <QDialog>
#include <QList>
#include <QUrl>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace switchboard::ui {

class FilePathEdit;

// Sign-in: server addresses (tried in turn), login, password, "remember me" (OS keychain) and
// "run the server on this computer".
class LoginDialog final : public QDialog {
    Q_OBJECT

public:
    explicit LoginDialog(QWidget *parent = nullptr);
    Q_DISABLE_COPY_MOVE(LoginDialog)

    void setEndpoints(const QStringList &endpoints);
    QStringList endpointTexts() const;
    QList<QUrl> endpoints() const;
    void setLogin(const QString &login);
    QString login() const;
    void setPassword(const QString &password);
    QString password() const;
    void setRememberMe(bool remember);
    bool rememberMe() const;
    void setRunEmbeddedServer(bool run);
    bool runEmbeddedServer() const;
    // A certificate to trust beyond the system's CAs (a LAN server's self-signed one), chosen
    // by the user; empty for none.
    void setTrustedCertificatePath(const QString &path);
    QString trustedCertificatePath() const;
    FilePathEdit *trustedCertificateEdit() const { return m_trustedCertificate; }
    // The server on this computer has no account yet: with it ticked, no login is asked for,
    // and the button goes on to the first-run wizard, which creates the first supervisor.
    void setEmbeddedFirstRun(bool firstRun);
    bool isEmbeddedFirstRun() const { return m_embeddedFirstRun; }
    // When the keychain cannot be used, "remember me" is off and says why.
    void setRememberAvailable(bool available, const QString &reason = {});
    bool isRememberAvailable() const;
    QString rememberUnavailableReason() const;
    void showError(const QString &message);

    void accept() override;

private:
    void updateForFirstRun();

    QLineEdit *m_endpoints = nullptr;
    QLineEdit *m_login = nullptr;
    QLineEdit *m_password = nullptr;
    FilePathEdit *m_trustedCertificate = nullptr;
    QCheckBox *m_remember = nullptr;
    QLabel *m_rememberReason = nullptr;
    QCheckBox *m_embedded = nullptr;
    QLabel *m_error = nullptr;
    QLabel *m_firstRunNote = nullptr;
    QPushButton *m_signIn = nullptr;
    bool m_embeddedFirstRun = false;
};

} // namespace switchboard::ui
