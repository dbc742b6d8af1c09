#pragma once

#include <QDialog>
#include <QUrl>

class QCheckBox;
class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QRadioButton;
class QSpinBox;

namespace switchboard::ui {
class FilePathEdit;
}

namespace switchboard::app {

class ConsoleSettings;

// The console's preferences: each notification and the sound on or off, the tray, and the
// language (the system's, English or Simplified Chinese; it applies at the next start). For a
// supervisor running the server on this computer, also that server's settings.
class SettingsDialog final : public QDialog {
    Q_OBJECT

public:
    explicit SettingsDialog(ConsoleSettings *settings, QWidget *parent = nullptr);
    Q_DISABLE_COPY_MOVE(SettingsDialog)

    QCheckBox *newConversationBox() const { return m_newConversation; }
    QCheckBox *newMessageBox() const { return m_newMessage; }
    QCheckBox *soundBox() const { return m_sound; }
    QCheckBox *taskbarBox() const { return m_taskbar; }
    QCheckBox *closeToTrayBox() const { return m_closeToTray; }
    QComboBox *languageBox() const { return m_language; }

    // The server on this computer: shown to supervisors while it runs, with the addresses
    // other agents' consoles can use when it is on the local network.
    void showServerSection(bool show, const QList<QUrl> &networkUrls = {});
    bool isServerSectionShown() const;
    QRadioButton *thisComputerButton() const { return m_thisComputer; }
    QRadioButton *localNetworkButton() const { return m_localNetwork; }
    QLineEdit *originsEdit() const { return m_origins; }
    QComboBox *routingBox() const { return m_routing; }
    QSpinBox *capacityBox() const { return m_capacity; }
    ui::FilePathEdit *tlsCertificateEdit() const { return m_tlsCertificate; }
    ui::FilePathEdit *tlsKeyEdit() const { return m_tlsKey; }
    // Whether the last accept changed a setting of that server (it needs a restart).
    bool serverSettingsChanged() const { return m_serverChanged; }

    void accept() override; // writes the settings

private:
    ConsoleSettings *m_settings = nullptr;
    QCheckBox *m_newConversation = nullptr;
    QCheckBox *m_newMessage = nullptr;
    QCheckBox *m_sound = nullptr;
    QCheckBox *m_taskbar = nullptr;
    QCheckBox *m_closeToTray = nullptr;
    QComboBox *m_language = nullptr;
    QGroupBox *m_server = nullptr;
    QRadioButton *m_thisComputer = nullptr;
    QRadioButton *m_localNetwork = nullptr;
    QLabel *m_networkAddress = nullptr;
    QLineEdit *m_origins = nullptr;
    QComboBox *m_routing = nullptr;
    QSpinBox *m_capacity = nullptr;
    ui::FilePathEdit *m_tlsCertificate = nullptr;
    ui::FilePathEdit *m_tlsKey = nullptr;
    bool m_serverChanged = false;
};

} // namespace switchboard::app
