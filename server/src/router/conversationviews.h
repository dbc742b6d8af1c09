#pragma once

#include "agentroster.h"
#include "conversationbook.h"
#include "sessionregistry.h"

#include <optional>
#include <switchboard/servermessage.h>

namespace switchboard::server {

// How a conversation looks to its customer and to staff, from what the router knows: its
// queue position (book), its agent's name and login (roster), whether its customer is
// connected (sessions). It owns no state and only reads the three. Lives on the router's thread.
class ConversationViews final {
public:
    ConversationViews(
        const ConversationBook &book, const AgentRoster &roster, const SessionRegistry &sessions);
    Q_DISABLE_COPY_MOVE(ConversationViews)

    // `queuePosition`: pass it when already known (walking the queue), to skip a queue scan.
    protocol::ConversationView viewOf(const ConversationRecord &conversation, bool forStaff,
        std::optional<int> queuePosition = std::nullopt) const;
    // Empty for an agent this node does not know.
    QString agentName(qint64 agentId) const;

private:
    const ConversationBook &m_book;
    const AgentRoster &m_roster;
    const SessionRegistry &m_sessions;
};

} // namespace switchboard::server
