#include "attentionnotifier.h"

#include "alertsound.h"
#include "consoletray.h"

#include <QApplication>
#include <QWidget>
#include <client/chatclient.h>

using namespace Qt::StringLiterals;

namespace switchboard::app {

namespace {

constexpr qsizetype previewLength = 120;

QString customerName(const QString &name)
{
    return name.isEmpty() ? AttentionNotifier::tr("A visitor") : name;
}

QString preview(const QString &text)
{
    QString line = text.simplified();
    if (line.size() > previewLength)
        line = line.left(previewLength - 1) + u'…';
    return line;
}

} // namespace

AttentionNotifier::AttentionNotifier(
    ui::ChatClient *client, QWidget *window, ConsoleTray *tray, AlertSound *sound, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_tray(tray)
    , m_sound(sound)
{
    connect(client, &ui::ChatClient::welcomed, this,
        [this](const QList<ui::ConversationInfo> &conversations) {
            // What the server lists on (re)connecting is known, not new.
            for (const ui::ConversationInfo &conversation : conversations)
                m_known.insert(conversation.id);
        });
    connect(
        client, &ui::ChatClient::conversationAssigned, this, &AttentionNotifier::onConversation);
    connect(client, &ui::ChatClient::conversationChanged, this, &AttentionNotifier::onConversation);
    connect(client, &ui::ChatClient::messageReceived, this, &AttentionNotifier::onMessage);
}

bool AttentionNotifier::windowHasFocus() const
{
    return m_window && m_window->isVisible() && !m_window->isMinimized()
        && m_window->isActiveWindow();
}

void AttentionNotifier::onConversation(const ui::ConversationInfo &conversation)
{
    if (conversation.state == protocol::ConversationState::Closed
        || m_known.contains(conversation.id))
        return;
    m_known.insert(conversation.id);
    const QString title = conversation.state == protocol::ConversationState::Queued
        ? tr("New conversation waiting")
        : tr("New conversation for you");
    raise(Reason::NewConversation, title,
        tr("%1 wants to chat.").arg(customerName(conversation.customerName)));
}

void AttentionNotifier::onMessage(const ui::ChatMessage &message)
{
    if (message.fromRole != protocol::Role::Customer || message.kind != protocol::MessageKind::Text)
        return;
    raise(Reason::NewMessage, customerName(message.fromName), preview(message.text));
}

void AttentionNotifier::raise(Reason reason, const QString &title, const QString &body)
{
    if (windowHasFocus())
        return;
    const bool desktop = reason == Reason::NewConversation ? m_options.notifyNewConversation
                                                           : m_options.notifyNewMessage;
    if (!desktop && !m_options.sound && !m_options.taskbarAlert)
        return;
    ++m_alerts;
    if (desktop && m_tray)
        m_tray->notify(title, body);
    if (m_options.sound && m_sound)
        m_sound->play();
    if (m_options.taskbarAlert && m_window)
        QApplication::alert(m_window);
    Q_EMIT alerted(reason, title, body, desktop);
}

} // namespace switchboard::app
