#pragma once

#include <QDialog>
#include <QList>
#include <QUrl>

class QCheckBox;
class QLabel;
class QLineEdit;

namespace switchboard::ui {

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
    // When the keychain cannot be used, "remember me" is off and says why.
    void setRememberAvailable(bool available, const QString &reason = {});
    bool isRememberAvailable() const;
    QString rememberUnavailableReason() const;
    void showError(const QString &message);

    void accept() override;

private:
    QLineEdit *m_endpoints = nullptr;
    QLineEdit *m_login = nullptr;
    QLineEdit *m_password = nullptr;
    QCheckBox *m_remember = nullptr;
    QLabel *m_rememberReason = nullptr;
    QCheckBox *m_embedded = nullptr;
    QLabel *m_error = nullptr;
};

} // namespace switchboard::ui
