#pragma once

#include "store/records.h"

#include <QHash>
#include <QList>
#include <QSet>

namespace switchboard::server {

// The open (queued or assigned) conversations of this node, in memory, with the indexes
// routing needs: the queue in waiting order, each agent's load, each customer's conversation.
// Closed conversations live only in the store.
class ConversationBook final {
public:
    void load(const QList<ConversationRecord> &openConversations);
    void insert(const ConversationRecord &conversation);
    void remove(const QString &conversationId);

    ConversationRecord *find(const QString &conversationId);
    const ConversationRecord *find(const QString &conversationId) const;
    ConversationRecord *openOfCustomer(qint64 customerId);
    const ConversationRecord *openOfCustomer(qint64 customerId) const;

    // Moves a conversation between the queue and an agent, keeping the indexes right.
    void route(const QString &conversationId, ConversationState state, qint64 agentId,
        qint64 queuedSinceMs);

    // Longest-waiting first.
    QList<const ConversationRecord *> queue() const;
    int queuePosition(const QString &conversationId) const; // 1-based, 0 when not queued
    QList<QString> assignedTo(qint64 agentId) const;
    int loadOf(qint64 agentId) const;
    int count(ConversationState state) const;
    QList<const ConversationRecord *> all() const;

private:
    QHash<QString, ConversationRecord> m_conversations;
    QHash<qint64, QSet<QString>> m_byAgent;
    QHash<qint64, QString> m_byCustomer;
};

} // namespace switchboard::server
