#pragma once

#include "agentroster.h"
#include "conversationbook.h"

#include <optional>
#include <switchboard/protocol.h>

namespace switchboard::server {

// Picks the agent for a queued conversation. Only connected, available staff who receive
// chats automatically (agents, and supervisors who chose it) of the conversation's team and
// under capacity are candidates.
class AssignmentPolicy final {
public:
    AssignmentPolicy(protocol::RoutingMode mode, int capacity)
        : m_mode(mode)
        , m_capacity(capacity)
    {
    }

    protocol::RoutingMode mode() const { return m_mode; }
    int capacity() const { return m_capacity; }
    bool assignsAutomatically() const { return m_mode != protocol::RoutingMode::Manual; }
    bool hasRoomFor(const AgentEntry &agent, const ConversationBook &book) const;
    // Whether any agent could take a conversation of some team now.
    bool anyoneHasRoom(const AgentRoster &roster, const ConversationBook &book) const;

    std::optional<qint64> pick(const ConversationRecord &conversation, const AgentRoster &roster,
        const ConversationBook &book);

private:
    // Connected, available, receiving chats automatically and under capacity; any team.
    bool isCandidate(const AgentEntry &agent, const ConversationBook &book) const;

    protocol::RoutingMode m_mode;
    int m_capacity;
    qint64 m_lastRoundRobinAgent = 0;
};

} // namespace switchboard::server
