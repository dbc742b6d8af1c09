#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;

namespace switchboard::app {

class ConsoleSettings;

// The console's preferences: each notification and the sound on or off, the tray, and the
// language (the system's, English or Simplified Chinese; it applies at the next start).
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

    void accept() override; // writes the settings

private:
    ConsoleSettings *m_settings = nullptr;
    QCheckBox *m_newConversation = nullptr;
    QCheckBox *m_newMessage = nullptr;
    QCheckBox *m_sound = nullptr;
    QCheckBox *m_taskbar = nullptr;
    QCheckBox *m_closeToTray = nullptr;
    QComboBox *m_language = nullptr;
};

} // namespace switchboard::app
