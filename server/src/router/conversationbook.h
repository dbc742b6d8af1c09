#pragma once

#include "store/records.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QStringList>
#include <optional>
#include <set>
#include <tuple>

namespace switchboard::server {

// The open (queued or assigned) conversations of this node, in memory, with the indexes
// routing needs: the queue in waiting order, each agent's load, each customer's conversation.
// Closed conversations live only in the store.
//
// With thousands of visitors waiting, every hello adds to the queue, so nothing here may cost
// in proportion to the queue on that path: the queue is kept ordered, and the book remembers
// from where positions changed so the router re-announces only those.
class ConversationBook final {
public:
    // What changed in the queue since the last takeQueueChanges(): the queued conversations
    // whose position may have moved (in order, the first at `firstPosition`, 1-based) and the
    // ids that left the queue (assigned, closed or removed; some may be queued again).
    struct QueueChanges {
        int firstPosition = 1;
        QList<const ConversationRecord *> moved;
        QStringList left;
    };

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
    int queuedCount() const { return int(m_queue.size()); }
    const ConversationRecord *oldestQueued() const; // nullptr when nobody waits
    // 1-based, 0 when not queued. Walks from the nearer end, so the newest is cheap.
    int queuePosition(const QString &conversationId) const;
    QueueChanges takeQueueChanges();
    QList<QString> assignedTo(qint64 agentId) const;
    int loadOf(qint64 agentId) const;
    int count(ConversationState state) const;
    QList<const ConversationRecord *> all() const;

private:
    struct QueueKey {
        qint64 queuedSinceMs = 0;
        qint64 createdMs = 0;
        QString id;
        bool operator<(const QueueKey &other) const
        {
            return std::tie(queuedSinceMs, createdMs, id)
                < std::tie(other.queuedSinceMs, other.createdMs, other.id);
        }
    };
    using QueueIndex = std::set<QueueKey>;

    static QueueKey queueKeyOf(const ConversationRecord &conversation);
    void enterQueue(const ConversationRecord &conversation);
    void leaveQueue(const ConversationRecord &conversation);
    void markQueueChangedFrom(const QueueKey &key);
    int positionOf(QueueIndex::const_iterator position) const;
    void detachFromAgent(const ConversationRecord &conversation);

    QHash<QString, ConversationRecord> m_conversations;
    QueueIndex m_queue;
    std::optional<QueueKey> m_queueChangedFrom;
    QStringList m_leftQueue;
    QHash<qint64, QSet<QString>> m_byAgent;
    QHash<qint64, QString> m_byCustomer;
};

} // namespace switchboard::server
