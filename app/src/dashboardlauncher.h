#pragma once

#include <QList>
#include <QObject>
#include <QUrl>
#include <memory>
#include <switchboard/expected.h>

namespace switchboard::ui {
class ChatClient;
class DashboardWidget;
class LoginDialog;
} // namespace switchboard::ui

namespace switchboard::app {

class ConsoleSettings;
class CredentialStore;

// Opens the supervisor dashboard on its own (`switchboard --dashboard ws://HOST:PORT/ws`): it
// signs in with the token remembered in the keychain for the last login, or asks with the
// sign-in dialog. (From the console, MainWindow opens it with DashboardWidget::createFor.)
class DashboardLauncher final : public QObject {
    Q_OBJECT

public:
    explicit DashboardLauncher(ConsoleSettings *settings, QObject *parent = nullptr);
    ~DashboardLauncher() override;
    Q_DISABLE_COPY_MOVE(DashboardLauncher)

    // `ws://` or `wss://` with a host; a one-line error otherwise.
    static Expected<QUrl, QString> parseEndpoint(const QString &text);

    // Standalone: tries the remembered credential, else the sign-in dialog.
    void startStandalone(const QUrl &endpoint);

    ui::DashboardWidget *dashboard() const { return m_dashboard.get(); }
    ui::ChatClient *client() const;
    ui::LoginDialog *loginDialog() const { return m_login.get(); }

Q_SIGNALS:
    // The dashboard window was closed, or sign-in was cancelled.
    void finished();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    ui::DashboardWidget *createDashboard(const QList<QUrl> &endpoints);
    void showLogin(const QString &error);
    void signInFromDialog();
    void onWelcomed();

    ConsoleSettings *m_settings = nullptr;
    CredentialStore *m_credentials = nullptr;
    std::unique_ptr<ui::DashboardWidget> m_dashboard;
    std::unique_ptr<ui::LoginDialog> m_login;
    QList<QUrl> m_endpoints;
};

} // namespace switchboard::app
