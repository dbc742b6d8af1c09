// Router: the other nodes of a cluster. Events from them are hints; every decision here is
// made from what the database says, read back on the storage reader.
#include "router.h"
#include "store/storageservice.h"

#include <switchboard/logging.h>
#include <switchboard/timeformat.h>

using namespace Qt::StringLiterals;

namespace switchboard::server {

using protocol::Role;

namespace {

// A page of what another node wrote, read back from the database.
constexpr int catchUpPageSize = 500;

struct StoredConversation {
    std::optional<ConversationRecord> conversation;
    MessagePage newer; // after what this node delivered; empty when it follows none
};

} // namespace

void Router::setCluster(ClusterLink *link)
{
    m_cluster = link;
    for (const ConversationRecord *conversation : m_book.all())
        m_delivery.follow(conversation->id, conversation->seq);
}

void Router::publishConversation(const QString &conversationId, qint64 seq, bool routing, Role role,
    const StoredMessage *message)
{
    if (!m_cluster)
        return;
    ClusterEvent event;
    event.kind = ClusterEvent::Kind::Conversation;
    event.conversationId = conversationId;
    event.seq = seq;
    event.routing = routing;
    event.role = role;
    if (message)
        event.message = *message;
    m_cluster->publish(event);
}

void Router::publishRoutingChange(const RoutingChange &change, const StoredMessage &event)
{
    if (!m_cluster)
        return;
    ClusterEvent published;
    published.kind = ClusterEvent::Kind::Conversation;
    published.conversationId = change.conversationId;
    published.seq = event.seq;
    published.routing = true;
    published.role = Role::System;
    published.message = event;
    if (change.state != ConversationState::Closed) {
        published.routed = ClusterEvent::Routing { change.state,
            change.state == ConversationState::Queued ? 0 : change.agentId, change.team,
            change.atMs };
    }
    m_cluster->publish(published);
}

void Router::announceNewConversation(const QString &conversationId)
{
    if (!m_cluster)
        return;
    m_delivery.follow(conversationId, 0);
    publishConversation(conversationId, 0, true, Role::Customer);
}

void Router::publishLocalAgents()
{
    if (!m_cluster)
        return;
    QHash<qint64, protocol::AgentStatus> online;
    for (const AgentEntry *agent : m_roster.all()) {
        if (agent->connections > 0)
            online.insert(agent->userId, agent->status);
    }
    m_cluster->setLocalAgents(online);
}

bool Router::onlineElsewhere(qint64 userId) const
{
    for (const ClusterNode &node : m_nodes) {
        if (node.id != m_options.nodeId && node.agents.contains(userId))
            return true;
    }
    return false;
}

bool Router::hasAvailableStaff(const QString &nodeId) const
{
    for (const ClusterNode &node : m_nodes) {
        if (node.id != nodeId || node.id == m_options.nodeId)
            continue;
        for (const protocol::AgentStatus status : node.agents) {
            if (status == protocol::AgentStatus::Available)
                return true;
        }
    }
    return false;
}

bool Router::hasLocalParties(const ConversationRecord &conversation) const
{
    return m_sessions.customerOnline(conversation.customerId)
        || (conversation.agentId != 0
            && !m_sessions.staffConnections(conversation.agentId).isEmpty())
        || !m_sessions.monitorsOf(conversation.id).isEmpty();
}

QStringList Router::clusterEndpoints() const
{
    // This node first: the client is here already and keeps it as its first choice.
    QStringList endpoints;
    if (!m_options.publicEndpoint.isEmpty())
        endpoints.append(m_options.publicEndpoint);
    for (const ClusterNode &node : m_nodes) {
        if (!node.endpoint.isEmpty() && !endpoints.contains(node.endpoint))
            endpoints.append(node.endpoint);
    }
    return endpoints;
}

void Router::onClusterEvent(const ClusterEvent &event)
{
    ConversationRecord *known = m_book.find(event.conversationId);
    switch (event.kind) {
    case ClusterEvent::Kind::Conversation:
        if (event.routing)
            m_handoff.heard(event.conversationId, event.origin, m_clock->nowMs());
        if (known && !event.routing && !hasLocalParties(*known)) {
            // Nobody here reads it now; whoever connects later syncs from the database.
            known->seq = std::max(known->seq, event.seq);
            if (event.role == Role::Customer && !known->unreadCustomerSeqs.contains(event.seq))
                known->unreadCustomerSeqs.append(event.seq);
            m_delivery.skipThrough(known->id, event.seq);
            return;
        }
        if (known && !event.routing && !m_delivery.isBehind(known->id, event.seq))
            return; // delivered already
        if (known && !event.routing && event.message
            && event.seq == m_delivery.deliveredThrough(known->id) + 1) {
            // Next in line: deliver it as sent, no database read.
            known->seq = std::max(known->seq, event.seq);
            if (event.message->senderRole == Role::Customer
                && !known->unreadCustomerSeqs.contains(event.seq))
                known->unreadCustomerSeqs.append(event.seq);
            fanOut(*event.message, 0, 0);
            return;
        }
        if (known && event.routing && followRoutingFromEvent(*known, event))
            return;
        refreshConversation(event.conversationId);
        return;
    case ClusterEvent::Kind::Receipt:
        if (known && advanceReceipt(*known, event.side, event.receipt, event.seq))
            sendReceipt(*known, event.side, event.receipt, event.seq, known->agentId, 0);
        return;
    case ClusterEvent::Kind::Typing:
        if (known) {
            const QByteArray frame = protocol::encodeTyping(known->id, event.active,
                event.role == Role::Customer ? Role::Customer : Role::Agent);
            if (event.role == Role::Customer)
                sendToStaff(known->agentId, frame);
            else
                sendToCustomer(known->customerId, frame);
        }
        return;
    case ClusterEvent::Kind::Nodes:
        return; // the bus reads the registry itself
    }
}

bool Router::followRoutingFromEvent(const ConversationRecord &known, const ClusterEvent &event)
{
    // Only when the change is the next seq here and nothing later is known (this node's own
    // later change, a read in flight, a change of its own in flight): then the row holds what
    // the event says, and reading it would only repeat it.
    if (!event.routed || !event.message || known.seq >= event.seq
        || event.seq != m_delivery.deliveredThrough(known.id) + 1 || m_delivery.isReading(known.id)
        || !m_localRouting.isSettled(known.id, m_localRouting.generation(known.id)))
        return false;
    ConversationRecord stored = known;
    stored.state = event.routed->state;
    stored.agentId = event.routed->agentId;
    stored.team = event.routed->team;
    if (stored.state == ConversationState::Queued)
        stored.queuedSinceMs = event.routed->queuedSinceMs;
    stored.seq = event.seq;
    reconcile(stored, { *event.message }, true);
    return true;
}

void Router::onClusterNodes(const QList<ClusterNode> &nodes)
{
    QSet<qint64> before;
    for (const AgentEntry *agent : m_roster.all()) {
        if (onlineElsewhere(agent->userId))
            before.insert(agent->userId);
    }
    m_nodes = nodes;
    const qint64 now = m_clock->nowMs();
    for (const AgentEntry *listed : m_roster.all()) {
        AgentEntry *agent = m_roster.find(listed->userId);
        if (agent->connections > 0)
            continue;
        const bool elsewhere = onlineElsewhere(agent->userId);
        if (elsewhere)
            agent->offlineSinceMs = 0; // served by another node: no grace clock here
        else if (before.contains(agent->userId) && agent->offlineSinceMs == 0
            && m_book.loadOf(agent->userId) > 0)
            agent->offlineSinceMs = now; // its node went away: the grace period starts
    }
}

void Router::onClusterResynced()
{
    // Redis was away (or this node just joined): events may have been missed. Compare every
    // open conversation with the database, which has everything.
    m_storage->read<QList<ConversationRecord>>(
        this, [](Store &store) { return store.openConversations(); },
        [this](StoreResult<QList<ConversationRecord>> open) {
            if (!open) {
                qCWarning(lcCluster)
                    << "catching up after Redis came back failed:" << open.error().message
                    << "; trying again";
                QTimer::singleShot(1000, this, &Router::onClusterResynced);
                return;
            }
            QSet<QString> stillOpen;
            for (const ConversationRecord &stored : std::as_const(*open)) {
                stillOpen.insert(stored.id);
                ConversationRecord *known = m_book.find(stored.id);
                const bool moved = !known || known->state != stored.state
                    || known->agentId != stored.agentId || known->team != stored.team;
                if (!moved && !hasLocalParties(*known)) {
                    m_delivery.skipThrough(stored.id, stored.seq);
                    known->seq = std::max(known->seq, stored.seq);
                } else if (moved || m_delivery.isBehind(stored.id, stored.seq)) {
                    refreshConversation(stored.id);
                }
            }
            for (const ConversationRecord *known : m_book.all()) {
                if (!stillOpen.contains(known->id))
                    refreshConversation(known->id); // closed elsewhere meanwhile
            }
            qCInfo(lcCluster) << "caught up with" << open->size() << "open conversations";
        });
}

void Router::refreshConversation(const QString &conversationId)
{
    if (!m_delivery.startReading(conversationId))
        return; // one read at a time; it runs again when this one ends
    // Unknown here: only the row (its history is read by whoever opens it).
    const qint64 after
        = m_book.find(conversationId) ? m_delivery.deliveredThrough(conversationId) : -1;
    const quint64 routingGeneration = m_localRouting.generation(conversationId);
    m_storage->read<StoredConversation>(
        this,
        [conversationId, after](Store &store) -> StoreResult<StoredConversation> {
            StoredConversation result;
            auto conversation = store.findConversation(conversationId);
            if (!conversation)
                return unexpected(conversation.error());
            result.conversation = *conversation;
            if (after >= 0 && result.conversation) {
                auto page = store.messagesAfter(conversationId, after, catchUpPageSize, true);
                if (!page)
                    return unexpected(page.error());
                result.newer = *page;
            }
            return result;
        },
        [this, conversationId, routingGeneration](StoreResult<StoredConversation> stored) {
            bool again = m_delivery.finishReading(conversationId);
            if (!stored) {
                qCWarning(lcCluster)
                    << "cannot read a conversation another node changed:" << stored.error().message
                    << "; trying again";
                QTimer::singleShot(
                    500, this, [this, conversationId] { refreshConversation(conversationId); });
                return;
            }
            const bool settled = m_localRouting.isSettled(conversationId, routingGeneration);
            if (!settled) {
                m_localRouting.wantRefresh(conversationId);
                again = again || m_localRouting.takeWantedRefresh(conversationId);
            }
            if (stored->conversation)
                reconcile(*stored->conversation, stored->newer.messages, settled);
            else
                qCWarning(lcCluster) << "no conversation" << conversationId << "in the database";
            if (again || stored->newer.hasMore)
                refreshConversation(conversationId);
        });
}

void Router::reconcile(
    const ConversationRecord &stored, const QList<StoredMessage> &newer, bool routingSettled)
{
    ConversationRecord *known = m_book.find(stored.id);
    if (!known) {
        if (stored.state == ConversationState::Closed || !routingSettled)
            return;
        m_book.insert(stored);
        m_delivery.follow(stored.id, stored.seq);
        learnAgent(stored.agentId);
        updateRoutingGauges();
        notifyQueueChanged();
        if (stored.state == ConversationState::Assigned)
            sendToStaff(stored.agentId, protocol::encodeAssigned(viewOf(stored, true)));
        assignQueued();
        return;
    }
    const ConversationRecord before = *known;
    const bool moved = routingSettled
        && (before.state != stored.state || before.agentId != stored.agentId
            || before.team != stored.team);
    if (moved) {
        learnAgent(stored.agentId);
        known->team = stored.team;
        m_book.route(stored.id, stored.state, stored.agentId, stored.queuedSinceMs);
        if (stored.state == ConversationState::Queued)
            m_queueAnnouncements.forget(stored.id); // announce it afresh
    }
    for (const StoredMessage &message : newer) {
        known->seq = std::max(known->seq, message.seq);
        if (message.senderRole == Role::Customer
            && !known->unreadCustomerSeqs.contains(message.seq))
            known->unreadCustomerSeqs.append(message.seq);
        fanOut(message, 0, 0);
    }
    if (moved) {
        const ConversationRecord &now = *known;
        if (before.agentId != 0 && before.agentId != now.agentId) {
            const bool transferred = now.state == ConversationState::Assigned
                || onlineElsewhere(before.agentId)
                || !m_sessions.staffConnections(before.agentId).isEmpty();
            sendToStaff(before.agentId,
                protocol::encodeUnassigned(
                    now.id, transferred ? u"transferred"_s : u"agent_offline"_s));
        }
        if (now.state == ConversationState::Assigned && now.agentId != before.agentId)
            sendToStaff(now.agentId, protocol::encodeAssigned(viewOf(now, true)));
        if (now.state != before.state)
            sendToCustomer(
                now.customerId, protocol::encodeConversationForCustomer(viewOf(now, false)));
        if (now.state == ConversationState::Closed) {
            const QByteArray staffUpdate = protocol::encodeConversationForStaff(viewOf(now, true));
            if (now.agentId != 0)
                sendToStaff(now.agentId, staffUpdate);
            sendToEligibleStaff(now, staffUpdate);
            m_abandoned.forget(now.id);
            m_delivery.forget(now.id);
            m_book.remove(now.id);
        }
        updateRoutingGauges();
    }
    notifyQueueChanged();
    if (moved)
        assignQueued();
}

void Router::learnAgent(qint64 agentId)
{
    if (agentId == 0 || m_roster.find(agentId))
        return;
    // Created on another node after this one started: read its name and teams.
    m_storage->read<std::optional<UserRecord>>(
        this, [agentId](Store &store) { return store.findUserById(agentId); },
        [this](StoreResult<std::optional<UserRecord>> user) {
            if (user && *user)
                m_roster.upsert(**user);
        });
}

} // namespace switchboard::server
