#include "conversationbook.h"

#include <algorithm>

namespace switchboard::server {

void ConversationBook::load(const QList<ConversationRecord> &openConversations)
{
    m_conversations.clear();
    m_byAgent.clear();
    m_byCustomer.clear();
    for (const ConversationRecord &conversation : openConversations)
        insert(conversation);
}

void ConversationBook::insert(const ConversationRecord &conversation)
{
    m_conversations.insert(conversation.id, conversation);
    m_byCustomer.insert(conversation.customerId, conversation.id);
    if (conversation.state == ConversationState::Assigned && conversation.agentId != 0)
        m_byAgent[conversation.agentId].insert(conversation.id);
}

void ConversationBook::remove(const QString &conversationId)
{
    const auto it = m_conversations.find(conversationId);
    if (it == m_conversations.end())
        return;
    if (it->agentId != 0) {
        auto agent = m_byAgent.find(it->agentId);
        if (agent != m_byAgent.end()) {
            agent->remove(conversationId);
            if (agent->isEmpty())
                m_byAgent.erase(agent);
        }
    }
    if (m_byCustomer.value(it->customerId) == conversationId)
        m_byCustomer.remove(it->customerId);
    m_conversations.erase(it);
}

ConversationRecord *ConversationBook::find(const QString &conversationId)
{
    const auto it = m_conversations.find(conversationId);
    return it == m_conversations.end() ? nullptr : &*it;
}

const ConversationRecord *ConversationBook::find(const QString &conversationId) const
{
    const auto it = m_conversations.find(conversationId);
    return it == m_conversations.end() ? nullptr : &*it;
}

ConversationRecord *ConversationBook::openOfCustomer(qint64 customerId)
{
    const auto it = m_byCustomer.find(customerId);
    return it == m_byCustomer.end() ? nullptr : find(*it);
}

const ConversationRecord *ConversationBook::openOfCustomer(qint64 customerId) const
{
    const auto it = m_byCustomer.find(customerId);
    return it == m_byCustomer.end() ? nullptr : find(*it);
}

void ConversationBook::route(
    const QString &conversationId, ConversationState state, qint64 agentId, qint64 queuedSinceMs)
{
    ConversationRecord *conversation = find(conversationId);
    if (!conversation)
        return;
    if (conversation->agentId != 0) {
        auto agent = m_byAgent.find(conversation->agentId);
        if (agent != m_byAgent.end()) {
            agent->remove(conversationId);
            if (agent->isEmpty())
                m_byAgent.erase(agent);
        }
    }
    conversation->state = state;
    conversation->agentId = state == ConversationState::Queued ? 0 : agentId;
    if (state == ConversationState::Queued)
        conversation->queuedSinceMs = queuedSinceMs;
    if (state == ConversationState::Assigned && agentId != 0)
        m_byAgent[agentId].insert(conversationId);
}

QList<const ConversationRecord *> ConversationBook::queue() const
{
    QList<const ConversationRecord *> queued;
    for (const ConversationRecord &conversation : m_conversations) {
        if (conversation.state == ConversationState::Queued)
            queued.append(&conversation);
    }
    std::sort(queued.begin(), queued.end(), [](const auto *a, const auto *b) {
        return std::tie(a->queuedSinceMs, a->createdMs, a->id)
            < std::tie(b->queuedSinceMs, b->createdMs, b->id);
    });
    return queued;
}

int ConversationBook::queuePosition(const QString &conversationId) const
{
    const ConversationRecord *conversation = find(conversationId);
    if (!conversation || conversation->state != ConversationState::Queued)
        return 0;
    int ahead = 0;
    for (const ConversationRecord &other : m_conversations) {
        if (other.state == ConversationState::Queued
            && std::tie(other.queuedSinceMs, other.createdMs, other.id) < std::tie(
                   conversation->queuedSinceMs, conversation->createdMs, conversation->id)) {
            ++ahead;
        }
    }
    return ahead + 1;
}

QList<QString> ConversationBook::assignedTo(qint64 agentId) const
{
    const QSet<QString> ids = m_byAgent.value(agentId);
    return QList<QString>(ids.begin(), ids.end());
}

int ConversationBook::loadOf(qint64 agentId) const
{
    return int(m_byAgent.value(agentId).size());
}

int ConversationBook::count(ConversationState state) const
{
    return int(std::count_if(m_conversations.begin(), m_conversations.end(),
        [state](const ConversationRecord &c) { return c.state == state; }));
}

QList<const ConversationRecord *> ConversationBook::all() const
{
    QList<const ConversationRecord *> conversations;
    for (const ConversationRecord &conversation : m_conversations)
        conversations.append(&conversation);
    return conversations;
}

} // namespace switchboard::server
