#include "assignmentpolicy.h"

#include <algorithm>

namespace switchboard::server {

bool AssignmentPolicy::hasRoomFor(const AgentEntry &agent, const ConversationBook &book) const
{
    return book.loadOf(agent.userId) < m_capacity;
}

bool AssignmentPolicy::anyoneHasRoom(const AgentRoster &roster, const ConversationBook &book) const
{
    const QList<const AgentEntry *> agents = roster.all();
    return std::any_of(agents.begin(), agents.end(),
        [&](const AgentEntry *agent) { return isCandidate(*agent, book); });
}

bool AssignmentPolicy::isCandidate(const AgentEntry &agent, const ConversationBook &book) const
{
    return agent.receivesChats && agent.connections > 0
        && agent.status == protocol::AgentStatus::Available && hasRoomFor(agent, book);
}

std::optional<qint64> AssignmentPolicy::pick(
    const ConversationRecord &conversation, const AgentRoster &roster, const ConversationBook &book)
{
    if (!assignsAutomatically())
        return std::nullopt;
    QList<const AgentEntry *> candidates;
    for (const AgentEntry *agent : roster.all()) {
        if (isCandidate(*agent, book) && agent->serves(conversation.team)) {
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
