#include "conversationviews.h"

namespace switchboard::server {

ConversationViews::ConversationViews(
    const ConversationBook &book, const AgentRoster &roster, const SessionRegistry &sessions)
    : m_book(book)
    , m_roster(roster)
    , m_sessions(sessions)
{
}

QString ConversationViews::agentName(qint64 agentId) const
{
    const AgentEntry *agent = m_roster.find(agentId);
    return agent ? agent->name : QString();
}

protocol::ConversationView ConversationViews::viewOf(
    const ConversationRecord &conversation, bool forStaff, std::optional<int> queuePosition) const
{
    protocol::ConversationView view;
    view.id = conversation.id;
    view.seq = conversation.seq;
    view.epoch = conversation.epoch;
    view.state = conversation.state;
    if (conversation.state == ConversationState::Queued)
        view.queuePosition = queuePosition ? *queuePosition : m_book.queuePosition(conversation.id);
    else if (!forStaff)
        view.queuePosition = 0;
    if (conversation.state == ConversationState::Closed)
        view.closedReason = conversation.closeReason;
    if (conversation.agentId != 0 && conversation.state == ConversationState::Assigned) {
        view.agentName = agentName(conversation.agentId);
        if (forStaff) {
            const AgentEntry *agent = m_roster.find(conversation.agentId);
            view.agentLogin = agent ? agent->login : QString();
        }
    }
    if (forStaff) {
        view.team = conversation.team;
        view.customer
            = protocol::CustomerView { conversation.customer.name, conversation.customer.email,
                  conversation.customer.page, m_sessions.customerOnline(conversation.customerId) };
        view.unread = int(conversation.unreadCustomerSeqs.size());
        view.createdMs = conversation.createdMs;
        view.waitingSinceMs = conversation.queuedSinceMs;
    }
    return view;
}

} // namespace switchboard::server
