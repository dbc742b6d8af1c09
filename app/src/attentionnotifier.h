#pragma once

#include <QObject>
#include <QPointer>
#include <QSet>
#include <client/chatmessage.h>
#include <client/conversationinfo.h>

class QWidget;

namespace switchboard::ui {
class ChatClient;
}

namespace switchboard::app {

class AlertSound;
class ConsoleTray;

// Never miss a customer: when a new conversation or a customer's message arrives while the
// console's window is not the focused one (hidden in the tray, minimised, or behind another
// window), it shows a desktop notification, plays the chime and makes the taskbar entry (or
// dock icon) ask for attention, each as the settings allow.
class AttentionNotifier final : public QObject {
    Q_OBJECT

public:
    struct Options {
        bool notifyNewConversation = true;
        bool notifyNewMessage = true;
        bool sound = true;
        bool taskbarAlert = true;
    };
    enum class Reason { NewConversation, NewMessage };
    Q_ENUM(Reason)

    AttentionNotifier(ui::ChatClient *client, QWidget *window, ConsoleTray *tray, AlertSound *sound,
        QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(AttentionNotifier)

    void setOptions(const Options &options) { m_options = options; }
    Options options() const { return m_options; }
    int alerts() const { return m_alerts; }

Q_SIGNALS:
    // Something asked for the agent's attention; desktop says whether a notification showed.
    void alerted(switchboard::app::AttentionNotifier::Reason reason, const QString &title,
        const QString &body, bool desktop);

private:
    bool windowHasFocus() const;
    void onConversation(const ui::ConversationInfo &conversation);
    void onMessage(const ui::ChatMessage &message);
    void raise(Reason reason, const QString &title, const QString &body);

    QPointer<QWidget> m_window;
    ConsoleTray *m_tray = nullptr;
    AlertSound *m_sound = nullptr;
    Options m_options;
    QSet<QString> m_known; // conversations already announced
    int m_alerts = 0;
};

} // namespace switchboard::app
