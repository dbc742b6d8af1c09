#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <switchboard/protocol.h>

namespace switchboard::ui {

// One of a customer's other conversations, as a `customer_conversations` answer lists it.
struct PastConversation {
    QString id;
    protocol::ConversationState state = protocol::ConversationState::Closed;
    QString team;
    qint64 createdMs = 0;
    qint64 closedMs = 0; // 0: still open
    QString agentLogin;
    QString agentName;
    int messages = 0;
    QString lastText;

    static PastConversation fromJson(const QJsonObject &object);
};

} // namespace switchboard::ui

Q_DECLARE_METATYPE(switchboard::ui::PastConversation)
