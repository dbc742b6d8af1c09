#include "conversationbook.h"

#include <algorithm>
#include <utility>

namespace switchboard::server {

void ConversationBook::load(const QList<ConversationRecord> &openConversations)
{
    m_conversations.clear();
    m_byAgent.clear();
    m_byCustomer.clear();
    m_queue.clear();
    m_queueChangedFrom.reset();
    m_leftQueue.clear();
    for (const ConversationRecord &conversation : openConversations)
        insert(conversation);
}

void ConversationBook::insert(const ConversationRecord &conversation)
{
    if (const ConversationRecord *existing = find(conversation.id)) {
        leaveQueue(*existing);
        detachFromAgent(*existing);
    }
    m_conversations.insert(conversation.id, conversation);
    m_byCustomer.insert(conversation.customerId, conversation.id);
    if (conversation.state == ConversationState::Assigned && conversation.agentId != 0)
        m_byAgent[conversation.agentId].insert(conversation.id);
    enterQueue(conversation);
}

void ConversationBook::remove(const QString &conversationId)
{
    const auto it = m_conversations.find(conversationId);
    if (it == m_conversations.end())
        return;
    leaveQueue(*it);
    detachFromAgent(*it);
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
    leaveQueue(*conversation);
    detachFromAgent(*conversation);
    conversation->state = state;
    conversation->agentId = state == ConversationState::Queued ? 0 : agentId;
    if (state == ConversationState::Queued)
        conversation->queuedSinceMs = queuedSinceMs;
    if (state == ConversationState::Assigned && agentId != 0)
        m_byAgent[agentId].insert(conversationId);
    enterQueue(*conversation);
}

QList<const ConversationRecord *> ConversationBook::queue() const
{
    QList<const ConversationRecord *> queued;
    queued.reserve(qsizetype(m_queue.size()));
    for (const QueueKey &key : m_queue)
        queued.append(find(key.id));
    return queued;
}

const ConversationRecord *ConversationBook::oldestQueued() const
{
    return m_queue.empty() ? nullptr : find(m_queue.begin()->id);
}

int ConversationBook::queuePosition(const QString &conversationId) const
{
    const ConversationRecord *conversation = find(conversationId);
    if (!conversation || conversation->state != ConversationState::Queued)
        return 0;
    const auto position = m_queue.find(queueKeyOf(*conversation));
    return position == m_queue.end() ? 0 : positionOf(position);
}

ConversationBook::QueueChanges ConversationBook::takeQueueChanges()
{
    QueueChanges changes;
    changes.left = std::exchange(m_leftQueue, {});
    if (!m_queueChangedFrom)
        return changes;
    auto position = m_queue.lower_bound(*m_queueChangedFrom);
    m_queueChangedFrom.reset();
    changes.firstPosition = positionOf(position);
    for (; position != m_queue.end(); ++position)
        changes.moved.append(find(position->id));
    return changes;
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
    // The book holds open conversations only: those not queued are assigned.
    switch (state) {
    case ConversationState::Queued:
        return queuedCount();
    case ConversationState::Assigned:
        return int(m_conversations.size()) - queuedCount();
    case ConversationState::Closed:
        break;
    }
    return 0;
}

QList<const ConversationRecord *> ConversationBook::all() const
{
    QList<const ConversationRecord *> conversations;
    for (const ConversationRecord &conversation : m_conversations)
        conversations.append(&conversation);
    return conversations;
}

ConversationBook::QueueKey ConversationBook::queueKeyOf(const ConversationRecord &conversation)
{
    return { conversation.queuedSinceMs, conversation.createdMs, conversation.id };
}

void ConversationBook::enterQueue(const ConversationRecord &conversation)
{
    if (conversation.state != ConversationState::Queued)
        return;
    const QueueKey key = queueKeyOf(conversation);
    m_queue.insert(key);
    markQueueChangedFrom(key);
}

void ConversationBook::leaveQueue(const ConversationRecord &conversation)
{
    if (conversation.state != ConversationState::Queued)
        return;
    const QueueKey key = queueKeyOf(conversation);
    if (m_queue.erase(key) == 0)
        return;
    markQueueChangedFrom(key); // everyone behind it moves up
    m_leftQueue.append(conversation.id);
}

void ConversationBook::markQueueChangedFrom(const QueueKey &key)
{
    if (!m_queueChangedFrom || key < *m_queueChangedFrom)
        m_queueChangedFrom = key;
}

int ConversationBook::positionOf(QueueIndex::const_iterator position) const
{
    // Step in from both ends at once: a newcomer at the back is found in one step.
    auto fromFront = m_queue.begin();
    auto fromBack = m_queue.end();
    int frontPosition = 1;
    int backPosition = int(m_queue.size()) + 1;
    while (true) {
        if (fromBack == position)
            return backPosition;
        if (fromFront == position)
            return frontPosition;
        ++fromFront;
        ++frontPosition;
        --fromBack;
        --backPosition;
    }
}

void ConversationBook::detachFromAgent(const ConversationRecord &conversation)
{
    if (conversation.agentId == 0)
        return;
    auto agent = m_byAgent.find(conversation.agentId);
    if (agent == m_byAgent.end())
        return;
    agent->remove(conversation.id);
    if (agent->isEmpty())
        m_byAgent.erase(agent);
}

} // namespace switchboard::server
