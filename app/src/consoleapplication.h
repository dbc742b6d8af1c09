#pragma once

#include <QList>
#include <QObject>
#include <QUrl>
#include <memory>
#include <optional>

namespace switchboard::ui {
class ChatClient;
class LoginDialog;
class MainWindow;
} // namespace switchboard::ui

namespace switchboard::app {

class AlertSound;
class AttentionNotifier;
class ConsoleSettings;
class ConsoleTray;
class CredentialStore;
class EmbeddedServerController;
class FirstRunWizard;
class SettingsDialog;

// Wires the console together: sign-in dialog, first-run wizard, keychain, embedded server,
// client, window, tray icon and notifications. Closing the window keeps the console (and the
// embedded server) running in the tray when there is one; Quit stops everything cleanly.
class ConsoleApplication final : public QObject {
    Q_OBJECT

public:
    explicit ConsoleApplication(ConsoleSettings *settings, QObject *parent = nullptr);
    ~ConsoleApplication() override;
    Q_DISABLE_COPY_MOVE(ConsoleApplication)

    void start();
    void shutdown();
    // Quit from the tray or the window: stops the client and the embedded server, then the
    // application.
    void quit();

    ui::MainWindow *window() const { return m_window.get(); }
    ConsoleTray *tray() const { return m_tray; }
    AttentionNotifier *notifier() const { return m_notifier; }
    AlertSound *sound() const { return m_sound; }
    EmbeddedServerController *embeddedServer() const { return m_server; }
    FirstRunWizard *firstRunWizard() const { return m_wizard.get(); }
    SettingsDialog *settingsDialog() const { return m_settingsDialog.get(); }
    // Whether closing the window may go to the tray: the desktop decides, unless overridden
    // (the offscreen platform of the tests has no tray).
    void overrideTrayAvailability(bool available) { m_trayAvailable = available; }
    bool isTrayAvailable() const;
    void showSettings();

private:
    void showLogin(const QString &error = {});
    void signIn();
    void showFirstRunWizard(const QString &login, const QString &password);
    void onWizardAccepted();
    void connectTo(QList<QUrl> endpoints, const QString &login, const QString &password);
    void createWindow();
    void showCustomersTheNetworkAddress();
    void onWindowClosing();
    void showWindow();
    void applyNotificationSettings();
    void saveCannedReplies();
    void onWelcomed();
    void onTokenChanged(const QString &token);
    QString credentialKey() const;
    // The server on this computer is to run and its database has no account yet.
    bool isEmbeddedFirstRun();
    QList<QUrl> configuredEndpoints() const;
    void applyServerSettings(); // the settings' options for the server's next start
    // The one certificate the client trusts beyond the system's CAs: the embedded server's
    // own while it serves TLS, else the one the user chose at sign-in.
    void applyClientTrust();
    void onSettingsAccepted();

    ConsoleSettings *m_settings = nullptr;
    CredentialStore *m_credentials = nullptr;
    EmbeddedServerController *m_server = nullptr;
    ui::ChatClient *m_client = nullptr;
    std::unique_ptr<ui::LoginDialog> m_login;
    std::unique_ptr<ui::MainWindow> m_window;
    std::unique_ptr<FirstRunWizard> m_wizard;
    std::unique_ptr<SettingsDialog> m_settingsDialog;
    ConsoleTray *m_tray = nullptr;
    AlertSound *m_sound = nullptr;
    AttentionNotifier *m_notifier = nullptr;
    std::optional<bool> m_trayAvailable;
    QList<QUrl> m_pendingEndpoints; // while the first-run wizard is open
    bool m_triedRemembered = false;
    bool m_toldAboutTray = false;
};

} // namespace switchboard::app
