#pragma once

#include <QMetaType>
#include <QString>
#include <switchboard/protocol.h>
#include <switchboard/servermessage.h>

namespace switchboard::ui {

// A conversation as staff see it (welcome, assigned, conversation frames).
struct ConversationInfo {
    QString id;
    qint64 seq = 0;
    QString epoch;
    protocol::ConversationState state = protocol::ConversationState::Queued;
    QString team;
    QString customerName;
    QString customerEmail;
    QString customerPage;
    bool customerOnline = false;
    int unread = 0;
    QString agentLogin;
    QString agentName;
    int queuePosition = 0;
    qint64 createdMs = 0;
    qint64 waitingSinceMs = 0;

    static ConversationInfo fromView(const protocol::ConversationView &view);
};

} // namespace switchboard::ui

Q_DECLARE_METATYPE(switchboard::ui::ConversationInfo)
