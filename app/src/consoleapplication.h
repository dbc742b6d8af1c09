#pragma once

#include <QObject>
#include <memory>

namespace switchboard::ui {
class ChatClient;
class LoginDialog;
class MainWindow;
} // namespace switchboard::ui

namespace switchboard::app {

class ConsoleSettings;
class CredentialStore;
class EmbeddedServerController;

// Wires the console together: sign-in dialog, keychain, embedded server, client and window.
class ConsoleApplication final : public QObject {
    Q_OBJECT

public:
    explicit ConsoleApplication(ConsoleSettings *settings, QObject *parent = nullptr);
    ~ConsoleApplication() override;
    Q_DISABLE_COPY_MOVE(ConsoleApplication)

    void start();
    void shutdown();

private:
    void showLogin(const QString &error = {});
    void signIn();
    void onWelcomed();
    void onTokenChanged(const QString &token);
    QString credentialKey() const;

    ConsoleSettings *m_settings = nullptr;
    CredentialStore *m_credentials = nullptr;
    EmbeddedServerController *m_server = nullptr;
    ui::ChatClient *m_client = nullptr;
    std::unique_ptr<ui::LoginDialog> m_login;
    std::unique_ptr<ui::MainWindow> m_window;
    bool m_triedRemembered = false;
};

} // namespace switchboard::app
