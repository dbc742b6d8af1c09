// Router: conversation traffic (send, receipts, typing, sync, history, customer_conversations,
// monitor).
#include "alerts/alertengine.h"
#include "metrics/metrics.h"
#include "metrics/steadyclock.h"
#include "router.h"
#include "store/storageservice.h"
#include "webhooks/webhookdispatcher.h"
#include "webhooks/webhookevent.h"

#include <QJsonObject>
#include <QScopeGuard>
#include <switchboard/ids.h>
#include <switchboard/logging.h>
#include <switchboard/timeformat.h>

using namespace Qt::StringLiterals;

namespace switchboard::server {

using protocol::ErrorCode;
using protocol::MessageKind;
using protocol::Role;

namespace {

QString senderKey(const Session &session)
{
    return (session.role == Role::Customer ? u"c:"_s : u"u:"_s)
        + QString::number(session.subjectId);
}

struct ConversationPage {
    std::optional<ConversationRecord> conversation;
    MessagePage page;
};

struct CustomerConversations {
    std::optional<ConversationRecord> conversation; // the one the request names
    QList<ConversationSummary> others;
};

} // namespace

ConversationRecord *Router::writableConversation(
    const Inbound &in, const Session &session, const QString &conversationId, const QString &ref)
{
    if (session.role == Role::Customer) {
        ConversationRecord *own = m_book.openOfCustomer(session.subjectId);
        if (own && own->state == ConversationState::Closed)
            own = nullptr;
        if (own && (conversationId.isEmpty() || conversationId == own->id))
            return own;
        if (!own && conversationId.isEmpty()) {
            sendError(in.connection, ErrorCode::Forbidden,
                u"your conversation is closed; say hello again to start a new one"_s, ref);
        } else {
            sendError(in.connection, ErrorCode::Forbidden,
                u"customers may only use their own open conversation"_s, ref);
        }
        return nullptr;
    }
    if (conversationId.isEmpty()) {
        sendError(in.connection, ErrorCode::BadRequest, u"missing field 'conversation'"_s, ref);
        return nullptr;
    }
    ConversationRecord *conversation = m_book.find(conversationId);
    if (!conversation || conversation->state == ConversationState::Closed) {
        sendError(in.connection, ErrorCode::NotFound, u"no open conversation with that id"_s, ref);
        return nullptr;
    }
    if (session.role == Role::Agent && conversation->agentId != session.subjectId) {
        sendError(in.connection, ErrorCode::Forbidden,
            u"this conversation is not assigned to you"_s, ref);
        return nullptr;
    }
    return conversation;
}

bool Router::mayRead(const Session &session, const ConversationRecord &conversation) const
{
    switch (session.role) {
    case Role::Customer:
        return conversation.customerId == session.subjectId;
    case Role::Supervisor:
        return true;
    case Role::Agent: {
        if (agentMayReadNow(session.subjectId, conversation))
            return true;
        // The visitor's earlier (or later) conversations, while the agent may read its open
        // one: never a conversation of a visitor the agent has nothing to do with now.
        const ConversationRecord *current = m_book.openOfCustomer(conversation.customerId);
        return current && current->id != conversation.id
            && current->state != ConversationState::Closed
            && agentMayReadNow(session.subjectId, *current);
    }
    case Role::System:
        break;
    }
    return false;
}

bool Router::agentMayReadNow(qint64 agentId, const ConversationRecord &conversation) const
{
    if (conversation.agentId == agentId)
        return true;
    const AgentEntry *agent = m_roster.find(agentId);
    return conversation.state == ConversationState::Queued && agent
        && agent->serves(conversation.team);
}

void Router::onSend(const Inbound &in, const protocol::SendMessage &send)
{
    const Session &session = *m_sessions.find(in.connection);
    ConversationRecord *conversation
        = writableConversation(in, session, send.conversation, send.clientId);
    if (!conversation)
        return;
    if (send.kind == MessageKind::Note && session.role == Role::Customer) {
        sendError(
            in.connection, ErrorCode::Forbidden, u"customers cannot write notes"_s, send.clientId);
        return;
    }
    if (session.role == Role::Supervisor && send.kind == MessageKind::Text
        && conversation->agentId != session.subjectId) {
        sendError(in.connection, ErrorCode::Forbidden,
            u"supervisors whisper with kind 'note', or accept the conversation to reply"_s,
            send.clientId);
        return;
    }

    NewMessage message;
    message.conversationId = conversation->id;
    message.senderKey = senderKey(session);
    message.senderRole = session.role;
    message.senderName = session.role == Role::Customer ? conversation->customer.name
                                                        : agentName(session.subjectId);
    message.clientId = send.clientId;
    message.kind = send.kind;
    message.text = send.text;
    message.timestampMs = m_clock->nowMs();
    message.traceId = ids::newTraceId();

    // A supervisor's note is a whisper: audited in the same commit as the note itself.
    std::optional<AuditEntry> whisper;
    if (session.role == Role::Supervisor && send.kind == MessageKind::Note)
        whisper = auditEntryBy(session, u"whisper"_s, conversation->id);

    const ConnectionId sender = in.connection;
    const qint64 receivedNs = in.receivedNs;
    m_storage->writeLocking<AppendResult>(
        this, message.conversationId,
        [message, whisper, hooks = m_webhooks](Store &store) -> StoreResult<AppendResult> {
            auto appended = store.appendMessage(message);
            if (appended && !appended->duplicate && whisper) {
                AuditEntry entry = *whisper;
                entry.detail.insert(u"seq"_s, appended->message.seq);
                if (auto audited = store.appendAudit(entry); !audited)
                    return unexpected(audited.error());
            }
            if (appended && !appended->duplicate && hooks && hooks->isEnabled()) {
                // Committed with the message: a crash cannot keep one without the other.
                auto queued = hooks->enqueue(
                    store, WebhookEvent::messageCreated(appended->message), message.timestampMs);
                if (!queued)
                    return unexpected(queued.error());
            }
            return appended;
        },
        [this, sender, receivedNs, clientId = send.clientId, traceId = message.traceId](
            StoreResult<AppendResult> result) {
            logging::TraceScope trace(traceId);
            if (!result) {
                qCWarning(lcRouter) << "message not stored:" << result.error().message;
                m_metrics
                    ->dbErrors[result.error().kind == StorageError::Kind::Unavailable
                            ? u"unavailable"
                            : u"other"]
                    .inc();
                sendError(sender,
                    result.error().kind == StorageError::Kind::Unavailable ? ErrorCode::Unavailable
                                                                           : ErrorCode::Internal,
                    u"not stored; retry with the same client_id"_s, clientId);
                return;
            }
            const StoredMessage &stored = result->message;
            if (m_sessions.find(sender)) {
                m_outbox->send(sender,
                    protocol::encodeAck(stored.clientId, stored.conversationId, stored.seq,
                        stored.timestampMs, result->duplicate));
            }
            if (receivedNs > 0)
                m_metrics->ackDuration.observe(double(metrics::steadyNowNs() - receivedNs) / 1e9);
            if (result->duplicate) {
                m_metrics->messageDuplicates.inc();
                return;
            }
            m_metrics->messagesStored.inc();
            if (ConversationRecord *open = m_book.find(stored.conversationId)) {
                open->seq = std::max(open->seq, stored.seq);
                if (stored.senderRole == Role::Customer)
                    open->unreadCustomerSeqs.append(stored.seq);
            }
            fanOut(stored, sender, receivedNs);
            publishConversation(
                stored.conversationId, stored.seq, false, stored.senderRole, &stored);
        });
}

void Router::fanOut(const StoredMessage &message, ConnectionId except, qint64 originNs)
{
    const ConversationRecord *conversation = m_book.find(message.conversationId);
    if (!conversation)
        return; // closed meanwhile; readers catch up with sync
    // In a cluster a message may reach this node twice (its own commit and a catch-up read),
    // and a seq above the mark means another node wrote the ones in between.
    bool othersWroteBefore = false;
    if (m_cluster) {
        othersWroteBefore = message.seq > m_delivery.deliveredThrough(message.conversationId) + 1;
        if (!m_delivery.claim(message.conversationId, message.seq))
            return;
    }
    const QByteArray frame = protocol::encodeMessage(viewOf(message));
    if (message.kind != MessageKind::Note)
        sendToCustomer(conversation->customerId, frame, except, originNs);
    if (conversation->agentId != 0)
        sendToStaff(conversation->agentId, frame, except, originNs);
    const QList<ConnectionId> agentConnections = m_sessions.staffConnections(conversation->agentId);
    for (const ConnectionId monitor : m_sessions.monitorsOf(message.conversationId)) {
        if (monitor != except && !agentConnections.contains(monitor))
            m_outbox->send(monitor, frame, originNs);
    }
    if (othersWroteBefore)
        refreshConversation(message.conversationId); // even when Redis missed telling us
}

void Router::onReceipt(const Inbound &in, const protocol::ReceiptMessage &receipt)
{
    const Session &session = *m_sessions.find(in.connection);
    ConversationRecord *conversation = writableConversation(in, session, receipt.conversation, {});
    if (!conversation)
        return;
    const qint64 seq = std::min(receipt.seq, conversation->seq);
    const bool byCustomer = session.role == Role::Customer;
    const ReceiptSide side = byCustomer ? ReceiptSide::Customer : ReceiptSide::Agent;
    if (!advanceReceipt(*conversation, side, receipt.kind, seq))
        return; // cumulative: nothing new
    if (m_receipts)
        m_receipts->record(conversation->id, side, receipt.kind, seq);
    sendReceipt(*conversation, side, receipt.kind, seq, session.subjectId, in.connection);
    if (m_cluster) {
        ClusterEvent event;
        event.kind = ClusterEvent::Kind::Receipt;
        event.conversationId = conversation->id;
        event.seq = seq;
        event.side = side;
        event.receipt = receipt.kind;
        m_cluster->publish(event);
    }
}

bool Router::advanceReceipt(
    ConversationRecord &conversation, ReceiptSide side, protocol::ReceiptKind kind, qint64 seq)
{
    const bool byCustomer = side == ReceiptSide::Customer;
    const bool read = kind == protocol::ReceiptKind::Read;
    qint64 &mark = byCustomer
        ? (read ? conversation.customerReadSeq : conversation.customerDeliveredSeq)
        : (read ? conversation.agentReadSeq : conversation.agentDeliveredSeq);
    if (seq <= mark)
        return false;
    mark = seq;
    if (!byCustomer && read) {
        auto &unread = conversation.unreadCustomerSeqs;
        unread.erase(
            std::remove_if(unread.begin(), unread.end(), [seq](qint64 s) { return s <= seq; }),
            unread.end());
    }
    return true;
}

void Router::sendReceipt(const ConversationRecord &conversation, ReceiptSide side,
    protocol::ReceiptKind kind, qint64 seq, qint64 staffId, ConnectionId except)
{
    const bool byCustomer = side == ReceiptSide::Customer;
    const QByteArray frame = protocol::encodeReceipt(
        kind, conversation.id, seq, byCustomer ? Role::Customer : Role::Agent);
    if (byCustomer) {
        sendToStaff(conversation.agentId, frame);
    } else {
        sendToCustomer(conversation.customerId, frame);
        sendToStaff(staffId, frame, except); // the agent's other devices
    }
}

void Router::onTyping(const Inbound &in, const protocol::TypingMessage &typing)
{
    Session &session = *m_sessions.find(in.connection);
    ConversationRecord *conversation = writableConversation(in, session, typing.conversation, {});
    if (!conversation)
        return;
    // "Still typing" at most once a second per connection; "stopped" always goes through.
    const qint64 now = m_clock->nowMs();
    if (typing.active && now - session.lastTypingForwardMs < 1000)
        return;
    session.lastTypingForwardMs = typing.active ? now : 0;
    const bool byCustomer = session.role == Role::Customer;
    const QByteArray frame = protocol::encodeTyping(
        conversation->id, typing.active, byCustomer ? Role::Customer : Role::Agent);
    if (byCustomer)
        sendToStaff(conversation->agentId, frame);
    else
        sendToCustomer(conversation->customerId, frame);
    if (m_cluster) {
        ClusterEvent event;
        event.kind = ClusterEvent::Kind::Typing;
        event.conversationId = conversation->id;
        event.active = typing.active;
        event.role = byCustomer ? Role::Customer : Role::Agent;
        m_cluster->publish(event);
    }
}

void Router::readPage(ConnectionId connection, const QString &conversationId,
    std::function<StoreResult<MessagePage>(Store &, bool includeNotes)> readMessages,
    std::function<void(StoreResult<MessagePage>)> onPage)
{
    Session *asker = m_sessions.find(connection);
    if (asker->readsInFlight >= maxReadsInFlight) {
        asker->waitingReads.push_back([this, connection, conversationId, readMessages, onPage] {
            readPage(connection, conversationId, readMessages, onPage);
        });
        return;
    }
    ++asker->readsInFlight;
    const bool staff = protocol::isStaff(asker->role);
    m_storage->read<ConversationPage>(
        this,
        [conversationId, staff, readMessages](Store &store) -> StoreResult<ConversationPage> {
            ConversationPage result;
            auto conversation = store.findConversation(conversationId);
            if (!conversation)
                return unexpected(conversation.error());
            result.conversation = *conversation;
            if (!result.conversation)
                return result;
            auto page = readMessages(store, staff);
            if (!page)
                return unexpected(page.error());
            result.page = std::move(*page);
            return result;
        },
        [this, connection, conversationId, onPage](StoreResult<ConversationPage> result) {
            Session *session = m_sessions.find(connection);
            if (!session)
                return;
            --session->readsInFlight;
            // The next waiting read starts once this answer is out.
            const auto startNext = qScopeGuard([this, connection] {
                Session *stillOpen = m_sessions.find(connection);
                if (!stillOpen || stillOpen->waitingReads.empty())
                    return;
                auto next = std::move(stillOpen->waitingReads.front());
                stillOpen->waitingReads.pop_front();
                next();
            });
            if (!result) {
                onPage(unexpected(result.error()));
                return;
            }
            if (!result->conversation) {
                sendError(connection, ErrorCode::NotFound, u"no conversation with that id"_s);
                return;
            }
            // The open conversation in memory is newer than the stored one while writes fly.
            const ConversationRecord *open = m_book.find(conversationId);
            if (!mayRead(*session, open ? *open : *result->conversation)) {
                sendError(
                    connection, ErrorCode::Forbidden, u"you may not read this conversation"_s);
                return;
            }
            onPage(std::move(result->page));
        });
}

void Router::onSync(const Inbound &in, const protocol::SyncMessage &sync)
{
    const ConnectionId connection = in.connection;
    readPage(
        connection, sync.conversation,
        [sync](Store &store, bool includeNotes) {
            return store.messagesAfter(sync.conversation, sync.afterSeq, sync.limit, includeNotes);
        },
        [this, connection, sync](StoreResult<MessagePage> page) {
            if (!page) {
                m_metrics->syncRequests[u"error"].inc();
                sendError(connection, ErrorCode::Unavailable,
                    u"history cannot be read right now; try again"_s);
                return;
            }
            if (sync.epoch && *sync.epoch != page->epoch) {
                m_metrics->syncRequests[u"epoch_mismatch"].inc();
                m_outbox->send(connection,
                    protocol::encodeSynced(
                        sync.conversation, page->latestSeq, page->epoch, true, false));
                return;
            }
            if (sync.afterSeq > page->latestSeq) {
                rotateRestoredEpoch(connection, sync, *page);
                return;
            }
            m_metrics->syncRequests[u"recovered"].inc();
            for (const StoredMessage &message : page->messages)
                m_outbox->send(connection, protocol::encodeMessage(viewOf(message)));
            m_outbox->send(connection,
                protocol::encodeSynced(
                    sync.conversation, page->latestSeq, page->epoch, !page->hasMore, true));
        });
}

void Router::onHistory(const Inbound &in, const protocol::HistoryMessage &history)
{
    const ConnectionId connection = in.connection;
    readPage(
        connection, history.conversation,
        [history](Store &store, bool includeNotes) {
            return store.messagesBefore(
                history.conversation, history.beforeSeq.value_or(0), history.limit, includeNotes);
        },
        [this, connection, history](StoreResult<MessagePage> page) {
            if (!page) {
                sendError(connection, ErrorCode::Unavailable,
                    u"history cannot be read right now; try again"_s);
                return;
            }
            QList<protocol::MessageView> messages;
            for (const StoredMessage &message : page->messages)
                messages.append(viewOf(message));
            m_outbox->send(
                connection, protocol::encodeHistory(history.conversation, messages, page->hasMore));
        });
}

void Router::onCustomerConversations(
    const Inbound &in, const protocol::CustomerConversationsMessage &request)
{
    const ConnectionId connection = in.connection;
    if (!requireStaff(in, *m_sessions.find(connection)))
        return;
    m_storage->read<CustomerConversations>(
        this,
        [request](Store &store) -> StoreResult<CustomerConversations> {
            CustomerConversations result;
            auto conversation = store.findConversation(request.conversation);
            if (!conversation)
                return unexpected(conversation.error());
            result.conversation = *conversation;
            if (!result.conversation)
                return result;
            auto others = store.conversationsOfCustomer(
                result.conversation->customerId, request.conversation, request.limit);
            if (!others)
                return unexpected(others.error());
            result.others = std::move(*others);
            return result;
        },
        [this, connection, request](StoreResult<CustomerConversations> result) {
            const Session *session = m_sessions.find(connection);
            if (!session)
                return;
            if (!result) {
                sendError(connection, ErrorCode::Unavailable,
                    u"conversations cannot be read right now; try again"_s);
                return;
            }
            if (!result->conversation) {
                sendError(connection, ErrorCode::NotFound, u"no conversation with that id"_s);
                return;
            }
            const ConversationRecord *open = m_book.find(request.conversation);
            if (!mayRead(*session, open ? *open : *result->conversation)) {
                sendError(
                    connection, ErrorCode::Forbidden, u"you may not read this conversation"_s);
                return;
            }
            QList<protocol::PastConversationView> views;
            views.reserve(result->others.size());
            for (const ConversationSummary &summary : std::as_const(result->others)) {
                // The open one in memory is newer than the stored row while writes fly.
                const ConversationRecord *live = m_book.find(summary.id);
                protocol::PastConversationView view;
                view.id = summary.id;
                view.state = live ? live->state : summary.state;
                view.team = summary.team;
                view.createdMs = summary.createdMs;
                view.closedMs
                    = live && live->state != ConversationState::Closed ? 0 : summary.closedMs;
                view.agentLogin = summary.agentLogin;
                view.agentName = summary.agentName;
                view.messages = summary.messageCount;
                view.lastText = summary.lastText.left(protocol::maxPastPreviewLength);
                views.append(std::move(view));
            }
            m_outbox->send(
                connection, protocol::encodeCustomerConversations(request.conversation, views));
        });
}

void Router::onMonitor(const Inbound &in, const protocol::MonitorMessage &monitor)
{
    const Session &session = *m_sessions.find(in.connection);
    if (session.role != Role::Supervisor) {
        sendError(in.connection, ErrorCode::Forbidden, u"only supervisors may monitor"_s);
        return;
    }
    if (!m_book.find(monitor.conversation)) {
        sendError(in.connection, ErrorCode::NotFound, u"no open conversation with that id"_s);
        return;
    }
    if (!session.monitoring.contains(monitor.conversation))
        recordAuditBy(session, u"monitor"_s, monitor.conversation);
    m_sessions.startMonitoring(in.connection, monitor.conversation);
}

void Router::onSubscribe(const Inbound &in, const protocol::SubscribeMessage &subscribe)
{
    const Session &session = *m_sessions.find(in.connection);
    if (session.role != Role::Supervisor) {
        sendError(in.connection, ErrorCode::Forbidden, u"only supervisors may subscribe"_s);
        return;
    }
    if (subscribe.topic == u"metrics") {
        m_feeds.subscribeMetrics(in.connection);
        return;
    }
    // Alerts: what fires now, then every change.
    m_feeds.subscribeAlerts(in.connection, m_alerts ? m_alerts->firing() : QList<Alert>());
}

void Router::setAlertEngine(AlertEngine *engine)
{
    m_alerts = engine;
    connect(engine, &AlertEngine::alertChanged, this,
        [this](const Alert &alert) { m_feeds.relayAlert(alert); });
}

double Router::longestQueueWaitSeconds() const
{
    const ConversationRecord *oldest = m_book.oldestQueued();
    return oldest ? double(m_clock->nowMs() - oldest->queuedSinceMs) / 1000.0 : 0.0;
}

void Router::publishMetrics()
{
    const double longestWait = longestQueueWaitSeconds();
    m_feeds.publishMetrics(m_book.queuedCount(), longestWait, [this] {
        // The roster for the dashboard: each staff member's status and open conversations.
        QJsonArray staff;
        for (const AgentEntry *entry : m_roster.all()) {
            staff.append(QJsonObject { { u"login"_s, entry->login }, { u"name"_s, entry->name },
                { u"role"_s, protocol::roleName(entry->role) },
                { u"status"_s,
                    entry->connections > 0 ? protocol::statusName(entry->status) : u"offline"_s },
                { u"connections"_s, entry->connections },
                { u"open"_s, m_book.loadOf(entry->userId) } });
        }
        return staff;
    });
}

bool Router::requireStaff(const Inbound &in, const Session &session)
{
    if (protocol::isStaff(session.role))
        return true;
    sendError(in.connection, ErrorCode::Forbidden, u"only agents and supervisors may do that"_s);
    return false;
}

} // namespace switchboard::server
