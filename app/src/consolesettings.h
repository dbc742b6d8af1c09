#pragma once

#include "settingvalue.h"

#include <QSettings>
#include <QStringList>
#include <memory>

namespace switchboard::app {

// Everything the console remembers between runs. Never a password or token: those go to the
// OS keychain through CredentialStore, or nowhere.
class ConsoleSettings final {
public:
    ConsoleSettings(); // the platform's place for this application's settings
    explicit ConsoleSettings(const QString &iniPath); // tests
    Q_DISABLE_COPY_MOVE(ConsoleSettings)

    QSettings &store() { return *m_settings; }
    void sync() { m_settings->sync(); }

    SettingValue<QStringList> endpoints;
    SettingValue<QString> login;
    SettingValue<bool> rememberMe;
    // One certificate trusted beyond the system's CAs (a LAN server's self-signed one): a path.
    SettingValue<QString> trustedCertificate;
    SettingValue<bool> runEmbeddedServer;
    SettingValue<int> embeddedPort;
    // The server on this computer (supervisors change these in Settings; a change restarts it).
    SettingValue<bool> embeddedOnNetwork; // listen on the local network, not this computer only
    SettingValue<QStringList> embeddedAllowedOrigins; // empty: any page may embed the widget
    SettingValue<QString> embeddedRouting; // least_loaded, round_robin or manual
    SettingValue<int> embeddedCapacity; // conversations per agent at once
    // PEM paths: with both the server serves wss:// and https:// only (the key stays in its
    // file; only the path is kept here).
    SettingValue<QString> embeddedTlsCertificate;
    SettingValue<QString> embeddedTlsKey;
    SettingValue<QString> language; // empty: the system locale
    SettingValue<QStringList> cannedReplies; // "shortcut<TAB>text" each
    SettingValue<bool> notifyNewConversation; // desktop notification
    SettingValue<bool> notifyNewMessage; // desktop notification
    SettingValue<bool> playSound;
    SettingValue<bool> alertTaskbar; // taskbar entry or dock icon asks for attention
    SettingValue<bool> closeToTray; // closing the window keeps the console in the tray

private:
    explicit ConsoleSettings(std::unique_ptr<QSettings> settings);
    std::unique_ptr<QSettings> m_settings;
};

} // namespace switchboard::app
