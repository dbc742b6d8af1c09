#include "assignmentpolicy.h"

namespace switchboard::server {

bool AssignmentPolicy::hasRoomFor(const AgentEntry &agent, const ConversationBook &book) const
{
    return book.loadOf(agent.userId) < m_capacity;
}

std::optional<qint64> AssignmentPolicy::pick(
    const ConversationRecord &conversation, const AgentRoster &roster, const ConversationBook &book)
{
    if (!assignsAutomatically())
        return std::nullopt;
    QList<const AgentEntry *> candidates;
    for (const AgentEntry *agent : roster.all()) {
        if (agent->role == protocol::Role::Agent && agent->connections > 0
            && agent->status == protocol::AgentStatus::Available && agent->serves(conversation.team)
            && hasRoomFor(*agent, book)) {
            candidates.append(agent);
        }
    }
    if (candidates.isEmpty())
        return std::nullopt;

    if (m_mode == protocol::RoutingMode::RoundRobin) {
        // The first candidate after the one picked last time, wrapping around the ring.
        const AgentEntry *next = candidates.first();
        for (const AgentEntry *agent : candidates) {
            if (agent->userId > m_lastRoundRobinAgent) {
                next = agent;
                break;
            }
        }
        m_lastRoundRobinAgent = next->userId;
        return next->userId;
    }

    const AgentEntry *best = nullptr;
    int bestLoad = 0;
    for (const AgentEntry *agent : candidates) {
        const int load = book.loadOf(agent->userId);
        if (!best || load < bestLoad
            || (load == bestLoad && agent->lastAssignedMs < best->lastAssignedMs)) {
            best = agent;
            bestLoad = load;
        }
    }
    return best->userId;
}

} // namespace switchboard::server
