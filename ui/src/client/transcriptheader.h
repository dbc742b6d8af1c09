#pragma once

#include <QString>
#include <switchboard/protocol.h>

namespace switchboard::ui {

// What a transcript export says about its conversation, from whatever the console knows of it
// (the conversation list, a search hit, a customer's earlier conversation).
struct TranscriptHeader {
    QString id;
    QString customerName;
    QString customerEmail;
    QString team;
    QString agentLogin;
    QString agentName;
    protocol::ConversationState state = protocol::ConversationState::Closed;
    qint64 createdMs = 0;
};

} // namespace switchboard::ui
