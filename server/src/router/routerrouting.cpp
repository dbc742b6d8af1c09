// Router: routing (status, accept, transfer, close, assignment, grace periods).
#include "metrics/metrics.h"
#include "router.h"
#include "store/storageservice.h"
#include "webhooks/webhookdispatcher.h"
#include "webhooks/webhookevent.h"

#include <QScopeGuard>
#include <switchboard/logging.h>
#include <switchboard/timeformat.h>

using namespace Qt::StringLiterals;

namespace switchboard::server {

using protocol::ErrorCode;
using protocol::Role;

void Router::onStatus(const Inbound &in, const protocol::StatusMessage &status)
{
    const Session &session = *m_sessions.find(in.connection);
    if (!requireStaff(in, session))
        return;
    AgentEntry *agent = m_roster.find(session.subjectId);
    if (!agent)
        return;
    agent->status = status.state;
    sendToStaff(agent->userId, protocol::encodeStatus(status.state));
    updateRoutingGauges();
    publishLocalAgents();
    if (status.state == protocol::AgentStatus::Available)
        assignQueued();
}

void Router::onAccept(const Inbound &in, const protocol::AcceptMessage &accept)
{
    const Session &session = *m_sessions.find(in.connection);
    if (!requireStaff(in, session))
        return;
    ConversationRecord *conversation = m_book.find(accept.conversation);
    if (!conversation) {
        sendError(in.connection, ErrorCode::NotFound, u"no open conversation with that id"_s);
        return;
    }
    if (conversation->state != ConversationState::Queued) {
        sendError(in.connection, ErrorCode::Forbidden, u"this conversation is already assigned"_s);
        return;
    }
    const AgentEntry *agent = m_roster.find(session.subjectId);
    if (session.role == Role::Agent) {
        if (m_policy.assignsAutomatically()) {
            sendError(in.connection, ErrorCode::Forbidden,
                u"routing is automatic on this server; only supervisors accept"_s);
            return;
        }
        if (!agent || !agent->serves(conversation->team)) {
            sendError(
                in.connection, ErrorCode::Forbidden, u"this conversation is for another team"_s);
            return;
        }
        if (!m_policy.hasRoomFor(*agent, m_book)) {
            sendError(in.connection, ErrorCode::Forbidden,
                u"you are at capacity; close a conversation first"_s);
            return;
        }
    }
    assign(conversation->id, session.subjectId,
        u"%1 accepted the conversation"_s.arg(agentName(session.subjectId)));
}

void Router::onTransfer(const Inbound &in, const protocol::TransferMessage &transfer)
{
    const Session &session = *m_sessions.find(in.connection);
    if (!requireStaff(in, session))
        return;
    ConversationRecord *conversation = writableConversation(in, session, transfer.conversation, {});
    if (!conversation)
        return;
    const AgentEntry *current = m_roster.find(conversation->agentId);
    const QString fromAgent = current ? current->login : QString(); // for the audit log
    if (!transfer.toAgent.isEmpty()) {
        const AgentEntry *target = m_roster.findByLogin(transfer.toAgent);
        if (!target || (target->connections == 0 && !onlineElsewhere(target->userId))) {
            sendError(in.connection, ErrorCode::NotFound, u"no agent with that login is online"_s);
            return;
        }
        if (target->userId == conversation->agentId)
            return; // already there
        recordAuditBy(session, u"transfer"_s, conversation->id,
            QJsonObject { { u"to_agent"_s, target->login }, { u"from_agent"_s, fromAgent } });
        assign(conversation->id, target->userId, u"Transferred to %1"_s.arg(target->name));
        return;
    }
    if (!m_roster.isKnownTeam(transfer.toTeam)) {
        sendError(in.connection, ErrorCode::NotFound, u"no team with that name"_s);
        return;
    }
    recordAuditBy(session, u"transfer"_s, conversation->id,
        QJsonObject { { u"to_team"_s, transfer.toTeam }, { u"from_agent"_s, fromAgent } });
    requeue(conversation->id, transfer.toTeam, u"transferred"_s,
        u"Transferred to team %1"_s.arg(transfer.toTeam));
}

void Router::onClose(const Inbound &in, const protocol::CloseMessage &close)
{
    const Session &session = *m_sessions.find(in.connection);
    ConversationRecord *conversation = writableConversation(in, session, close.conversation, {});
    if (!conversation)
        return;
    const QString who
        = session.role == Role::Customer ? u"the customer"_s : agentName(session.subjectId);
    recordAuditBy(
        session, u"close"_s, conversation->id, QJsonObject { { u"team"_s, conversation->team } });
    closeConversation(conversation->id, u"Closed by %1"_s.arg(who));
}

void Router::assignQueued()
{
    if (m_shuttingDown || !m_policy.assignsAutomatically())
        return;
    // Checked first and after each assignment: with every agent full, a new visitor's hello
    // must not walk thousands of waiting conversations.
    if (!m_policy.anyoneHasRoom(m_roster, m_book))
        return;
    const qint64 now = m_clock->nowMs();
    qint64 handoffDueMs = 0; // the earliest conversation left to another node that falls due
    const auto scheduleHandoff = qScopeGuard([this, &handoffDueMs, now] {
        if (handoffDueMs == 0)
            return;
        const int delayMs = int(std::max<qint64>(handoffDueMs - now, 1));
        if (!m_handoffTimer.isActive() || m_handoffTimer.remainingTime() > delayMs)
            m_handoffTimer.start(delayMs);
    });
    for (const ConversationRecord *queued : m_book.queue()) {
        // Another node just changed it (most likely assigned it): decide once its row is read,
        // instead of racing for what is probably gone.
        if (m_cluster && m_delivery.isReading(queued->id))
            continue;
        // In a cluster a queued conversation another node queued (the customer's, which assigns
        // at once when one of its agents has room) is left to it for a while, unless its
        // customer is connected here or that node lists no available agent.
        if (m_cluster) {
            const auto waiting = m_handoff.leftToAnotherNode(queued->id, now);
            if (waiting && !m_sessions.customerOnline(queued->customerId)
                && hasAvailableStaff(waiting->node)) {
                handoffDueMs
                    = handoffDueMs == 0 ? waiting->dueMs : std::min(handoffDueMs, waiting->dueMs);
                continue; // the customer's node assigns it, or it falls due here
            }
        }
        const std::optional<qint64> agentId = m_policy.pick(*queued, m_roster, m_book);
        if (!agentId)
            continue; // nobody for this team now; later ones may have another team
        assign(queued->id, *agentId, u"Assigned to %1"_s.arg(agentName(*agentId)));
        if (!m_policy.anyoneHasRoom(m_roster, m_book))
            return;
    }
}

void Router::assign(const QString &conversationId, qint64 agentId, const QString &eventText)
{
    ConversationRecord *conversation = m_book.find(conversationId);
    if (!conversation)
        return;
    const ConversationRecord before = *conversation;
    const qint64 now = m_clock->nowMs();
    if (before.state == ConversationState::Queued)
        m_metrics->queueWait.observe(double(now - before.queuedSinceMs) / 1000.0);
    // Decide in memory first, so nothing can assign it again while the write is in flight.
    m_book.route(conversationId, ConversationState::Assigned, agentId, before.queuedSinceMs);
    if (AgentEntry *agent = m_roster.find(agentId))
        agent->lastAssignedMs = now;
    updateRoutingGauges();

    commitRouting(
        RoutingChange { conversationId, ConversationState::Assigned, agentId, before.team, now,
            before.state, before.agentId },
        eventText,
        [this, conversationId, agentId, previousAgent = before.agentId](
            const StoredMessage &event) {
            ConversationRecord *assigned = m_book.find(conversationId);
            if (!assigned)
                return;
            assigned->seq = std::max(assigned->seq, event.seq);
            if (previousAgent != 0 && previousAgent != agentId)
                sendToStaff(
                    previousAgent, protocol::encodeUnassigned(conversationId, u"transferred"_s));
            sendToStaff(agentId, protocol::encodeAssigned(viewOf(*assigned, true)));
            sendToCustomer(assigned->customerId,
                protocol::encodeConversationForCustomer(viewOf(*assigned, false)));
            fanOut(event, 0, 0);
            notifyQueueChanged();
        },
        [this, before] {
            // Not stored: put it back as it was and try again shortly.
            m_book.route(before.id, before.state, before.agentId, before.queuedSinceMs);
            updateRoutingGauges();
            QTimer::singleShot(1000, this, &Router::assignQueued);
        });
}

void Router::requeue(const QString &conversationId, const QString &team, const QString &reason,
    const QString &eventText)
{
    ConversationRecord *conversation = m_book.find(conversationId);
    if (!conversation)
        return;
    const ConversationRecord before = *conversation;
    const qint64 now = m_clock->nowMs();
    m_book.route(conversationId, ConversationState::Queued, 0, now);
    conversation->team = team;
    updateRoutingGauges();
    commitRouting(
        RoutingChange {
            conversationId, ConversationState::Queued, 0, team, now, before.state, before.agentId },
        eventText,
        [this, conversationId, reason, previousAgent = before.agentId](const StoredMessage &event) {
            ConversationRecord *queued = m_book.find(conversationId);
            if (!queued)
                return;
            queued->seq = std::max(queued->seq, event.seq);
            if (previousAgent != 0)
                sendToStaff(previousAgent, protocol::encodeUnassigned(conversationId, reason));
            fanOut(event, 0, 0);
            m_queueAnnouncements.forget(conversationId); // announce it afresh
            notifyQueueChanged();
            assignQueued();
        },
        [this, before] {
            if (ConversationRecord *restored = m_book.find(before.id)) {
                restored->team = before.team;
                m_book.route(before.id, before.state, before.agentId, before.queuedSinceMs);
            }
            updateRoutingGauges();
        });
}

void Router::closeConversation(
    const QString &conversationId, const QString &eventText, const QString &reason)
{
    ConversationRecord *conversation = m_book.find(conversationId);
    if (!conversation || conversation->state == ConversationState::Closed)
        return;
    const ConversationRecord before = *conversation;
    const qint64 now = m_clock->nowMs();
    m_book.route(conversationId, ConversationState::Closed, before.agentId, before.queuedSinceMs);
    conversation->closeReason = reason;
    updateRoutingGauges();
    commitRouting(
        RoutingChange { conversationId, ConversationState::Closed, before.agentId, before.team, now,
            before.state, before.agentId, reason },
        eventText,
        [this, conversationId, reason](const StoredMessage &event) {
            ConversationRecord *closed = m_book.find(conversationId);
            if (!closed)
                return;
            if (!reason.isEmpty())
                m_metrics->conversationsAutoClosed[reason].inc();
            closed->seq = std::max(closed->seq, event.seq);
            fanOut(event, 0, 0);
            sendToCustomer(closed->customerId,
                protocol::encodeConversationForCustomer(viewOf(*closed, false)));
            const QByteArray staffUpdate
                = protocol::encodeConversationForStaff(viewOf(*closed, true));
            if (closed->agentId != 0)
                sendToStaff(closed->agentId, staffUpdate);
            sendToEligibleStaff(*closed, staffUpdate);
            m_book.remove(conversationId);
            notifyQueueChanged();
            assignQueued();
        },
        [this, before] {
            m_book.route(before.id, before.state, before.agentId, before.queuedSinceMs);
            if (ConversationRecord *restored = m_book.find(before.id))
                restored->closeReason = before.closeReason;
            updateRoutingGauges();
        });
}

void Router::commitRouting(const RoutingChange &change, const QString &eventText,
    std::function<void(const StoredMessage &)> after, std::function<void()> onFailure)
{
    const NewMessage event = systemEvent(change.conversationId, eventText);
    if (m_cluster)
        m_localRouting.begin(change.conversationId, change.atMs);
    m_storage->writeLocking<StoredMessage>(
        this, change.conversationId,
        [change, event, hooks = m_webhooks](Store &store) -> StoreResult<StoredMessage> {
            auto applied = store.applyRoutingChange(change);
            if (!applied)
                return unexpected(applied.error());
            auto appended = store.appendMessage(event);
            if (!appended)
                return unexpected(appended.error());
            if (change.state == ConversationState::Closed && hooks && hooks->isEnabled()) {
                auto queued = hooks->enqueue(store,
                    WebhookEvent::conversationClosed(change.conversationId, appended->message.seq,
                        change.atMs, change.closeReason),
                    change.atMs);
                if (!queued)
                    return unexpected(queued.error());
            }
            return appended->message;
        },
        [this, after = std::move(after), onFailure = std::move(onFailure), change,
            id = change.conversationId, hooks = m_webhooks](StoreResult<StoredMessage> stored) {
            if (stored && hooks)
                hooks->wake();
            if (m_cluster)
                m_localRouting.end(id, m_clock->nowMs());
            // A read that found this change unsettled is repeated now it is decided.
            const auto rereadIfWanted = qScopeGuard([this, id] {
                if (m_cluster && m_localRouting.takeWantedRefresh(id))
                    refreshConversation(id);
            });
            if (!stored && stored.error().kind == StorageError::Kind::Conflict) {
                // Another node decided first: undo ours, then take theirs from the database.
                qCInfo(lcRouter) << "another node changed" << id << "first; following it";
                m_metrics->clusterRoutingConflicts.inc();
                onFailure();
                refreshConversation(id);
                return;
            }
            if (!stored) {
                qCWarning(lcRouter)
                    << "routing change not stored for" << id << ":" << stored.error().message;
                onFailure();
                return;
            }
            after(*stored);
            publishRoutingChange(change, *stored);
        });
}

void Router::noteCustomerLeft(qint64 customerId)
{
    if (m_sessions.customerOnline(customerId))
        return; // another tab is still open
    m_abandoned.visitorLeft(m_book.openOfCustomer(customerId), m_clock->nowMs());
}

void Router::closeAbandonedConversations(qint64 nowMs)
{
    const QStringList abandoned = m_abandoned.takeExpired(
        nowMs, m_book, [this](qint64 customerId) { return m_sessions.customerOnline(customerId); });
    for (const QString &conversationId : abandoned)
        closeConversation(conversationId, u"The customer left before writing"_s);
}

void Router::checkGracePeriods()
{
    const qint64 now = m_clock->nowMs();
    if (m_cluster && now - m_lastGuardPruneMs > 10 * 1000) {
        m_localRouting.prune(now);
        m_handoff.prune(now);
        m_lastGuardPruneMs = now;
    }
    closeAbandonedConversations(now);
    closeUnattended(now);
    m_admission.prune(now, [this](const QString &id) { return m_book.find(id) != nullptr; });
    const qint64 graceMs = qint64(m_options.graceSeconds) * 1000;
    QList<qint64> expired;
    for (const AgentEntry *agent : m_roster.all()) {
        if (agent->connections == 0 && agent->offlineSinceMs > 0
            && now - agent->offlineSinceMs >= graceMs && !onlineElsewhere(agent->userId)) {
            expired.append(agent->userId);
        }
    }
    for (const qint64 agentId : expired) {
        AgentEntry *agent = m_roster.find(agentId);
        agent->offlineSinceMs = 0;
        const QList<QString> conversations = m_book.assignedTo(agentId);
        if (!conversations.isEmpty()) {
            qCInfo(lcRouter) << "grace period over for" << agent->login << "; requeueing"
                             << conversations.size() << "conversations";
        }
        for (const QString &conversationId : conversations) {
            const ConversationRecord *conversation = m_book.find(conversationId);
            requeue(conversationId, conversation->team, u"agent_offline"_s,
                u"%1 went offline; back in the queue"_s.arg(agent->name));
        }
    }
}

void Router::sendToEligibleStaff(const ConversationRecord &conversation, const QByteArray &frame)
{
    for (const Session *session : m_sessions.staffSessions()) {
        const AgentEntry *agent = m_roster.find(session->subjectId);
        const bool eligible = session->role == Role::Supervisor
            || (agent && agent->serves(conversation.team)
                && conversation.agentId != session->subjectId);
        if (eligible)
            m_outbox->send(session->connection, frame);
    }
}

void Router::notifyQueueChanged()
{
    // Once per burst (QueueAnnouncements); the book accumulates what moved meanwhile.
    if (m_queueAnnouncements.startBurst())
        QTimer::singleShot(0, this, [this] { announceQueueChanges(); });
}

void Router::announceQueueChanges()
{
    m_queueAnnouncements.announce(
        m_book,
        [this](const ConversationRecord &left) {
            sendToEligibleStaff(left, protocol::encodeConversationForStaff(viewOf(left, true)));
        },
        [this](const ConversationRecord &queued, int position) {
            // The position is known here; asking the book again would walk the queue.
            sendToCustomer(queued.customerId,
                protocol::encodeConversationForCustomer(viewOf(queued, false, position)));
            sendToEligibleStaff(
                queued, protocol::encodeConversationForStaff(viewOf(queued, true, position)));
        });
}

void Router::updateRoutingGauges()
{
    m_metrics->conversations[u"queued"].set(m_book.count(ConversationState::Queued));
    m_metrics->conversations[u"assigned"].set(m_book.count(ConversationState::Assigned));
    m_metrics->agents[u"available"].set(m_roster.countOnline(protocol::AgentStatus::Available));
    m_metrics->agents[u"away"].set(m_roster.countOnline(protocol::AgentStatus::Away));
}

} // namespace switchboard::server
