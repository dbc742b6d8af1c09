#include "servermessage.h"

#include "jsonframe.h"
#include "timeformat.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>

namespace switchboard::protocol {

namespace {

QString byName(Role role)
{
    return role == Role::Customer ? u"customer"_qs : u"agent"_qs;
}

QJsonObject conversationCore(const ConversationView &conversation)
{
    QJsonObject object {
        { u"id"_qs, conversation.id },
        { u"seq"_qs, conversation.seq },
        { u"epoch"_qs, conversation.epoch },
        { u"state"_qs, stateName(conversation.state) },
    };
    if (conversation.queuePosition)
        object.insert(u"queue_position"_qs, *conversation.queuePosition);
    if (conversation.state == ConversationState::Closed && !conversation.closedReason.isEmpty())
        object.insert(u"closed_reason"_qs, conversation.closedReason);
    return object;
}

} // namespace

QByteArray toFrame(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject messageObject(const MessageView &message)
{
    return QJsonObject {
        { u"type"_qs, u"message"_qs },
        { u"conversation"_qs, message.conversation },
        { u"seq"_qs, message.seq },
        { u"client_id"_qs, message.clientId },
        { u"kind"_qs, kindName(message.kind) },
        { u"from"_qs,
            QJsonObject {
                { u"role"_qs, roleName(message.fromRole) }, { u"name"_qs, message.fromName } } },
        { u"text"_qs, message.text },
        { u"ts"_qs, formatTimestamp(message.timestampMs) },
        { u"trace_id"_qs, message.traceId },
    };
}

QJsonObject conversationObjectForCustomer(const ConversationView &conversation)
{
    QJsonObject object = conversationCore(conversation);
    if (!object.contains(u"queue_position"_qs))
        object.insert(u"queue_position"_qs, 0);
    if (!conversation.agentName.isEmpty())
        object.insert(u"agent"_qs, QJsonObject { { u"name"_qs, conversation.agentName } });
    return object;
}

QJsonObject conversationObjectForStaff(const ConversationView &conversation)
{
    QJsonObject object = conversationCore(conversation);
    if (conversation.customer) {
        object.insert(u"customer"_qs,
            QJsonObject { { u"name"_qs, conversation.customer->name },
                { u"email"_qs, conversation.customer->email },
                { u"page"_qs, conversation.customer->page },
                { u"online"_qs, conversation.customer->online } });
    }
    if (conversation.unread)
        object.insert(u"unread"_qs, *conversation.unread);
    if (!conversation.team.isEmpty())
        object.insert(u"team"_qs, conversation.team);
    if (!conversation.agentLogin.isEmpty()) {
        object.insert(u"agent"_qs,
            QJsonObject {
                { u"login"_qs, conversation.agentLogin }, { u"name"_qs, conversation.agentName } });
    }
    if (conversation.createdMs > 0)
        object.insert(u"created"_qs, formatTimestamp(conversation.createdMs));
    if (conversation.state == ConversationState::Queued && conversation.waitingSinceMs > 0)
        object.insert(u"waiting_since"_qs, formatTimestamp(conversation.waitingSinceMs));
    return object;
}

static QJsonObject withEndpoints(const QStringList &endpoints, QJsonObject welcome)
{
    if (!endpoints.isEmpty())
        welcome.insert(u"endpoints"_qs, QJsonArray::fromStringList(endpoints));
    return welcome;
}

QByteArray encodeWelcomeCustomer(const QString &token, int heartbeatSeconds, const QString &node,
    const ConversationView &conversation, const QStringList &endpoints,
    const std::optional<ConversationView> &previous)
{
    QJsonObject welcome {
        { u"type"_qs, u"welcome"_qs },
        { u"v"_qs, version },
        { u"role"_qs, u"customer"_qs },
        { u"token"_qs, token },
        { u"heartbeat_s"_qs, heartbeatSeconds },
        { u"node"_qs, node },
        { u"conversation"_qs, conversationObjectForCustomer(conversation) },
    };
    if (previous)
        welcome.insert(u"previous"_qs, conversationObjectForCustomer(*previous));
    return toFrame(withEndpoints(endpoints, welcome));
}

QByteArray encodeWelcomeStaff(const QString &token, int heartbeatSeconds, const QString &node,
    const StaffProfile &profile, const QList<ConversationView> &conversations,
    const QStringList &endpoints, int queueTotal)
{
    QJsonArray list;
    for (const ConversationView &conversation : conversations)
        list.append(conversationObjectForStaff(conversation));
    QJsonObject welcome = withEndpoints(endpoints,
        QJsonObject {
            { u"type"_qs, u"welcome"_qs },
            { u"v"_qs, version },
            { u"role"_qs, roleName(profile.role) },
            { u"token"_qs, token },
            { u"heartbeat_s"_qs, heartbeatSeconds },
            { u"node"_qs, node },
            { u"agent"_qs,
                QJsonObject { { u"login"_qs, profile.login }, { u"name"_qs, profile.name },
                    { u"role"_qs, roleName(profile.role) },
                    { u"teams"_qs, QJsonArray::fromStringList(profile.teams) },
                    { u"receives_chats"_qs, profile.receivesChats } } },
            { u"routing"_qs, routingModeName(profile.routing) },
            { u"conversations"_qs, list },
        });
    // Every queued conversation this member may see, listed or not (welcomeQueueLimit).
    if (queueTotal >= 0)
        welcome.insert(u"queue_total"_qs, queueTotal);
    return toFrame(welcome);
}

QByteArray encodeQueuePage(
    const QString &request, const QList<ConversationView> &conversations, int total, bool more)
{
    QJsonArray list;
    for (const ConversationView &conversation : conversations)
        list.append(conversationObjectForStaff(conversation));
    QJsonObject page {
        { u"type"_qs, u"queue_page"_qs },
        { u"conversations"_qs, list },
        { u"total"_qs, total },
        { u"more"_qs, more },
    };
    if (!request.isEmpty())
        page.insert(u"request"_qs, request);
    return toFrame(page);
}

// The frames below go out for every message: written straight to bytes, keys in
// alphabetical order (the same bytes QJsonDocument writes for the same object).
QByteArray encodeAck(const QString &clientId, const QString &conversation, qint64 seq,
    qint64 timestampMs, bool duplicate)
{
    JsonFrame frame(128 + clientId.size() + conversation.size());
    frame.string("client_id", clientId).string("conversation", conversation);
    if (duplicate)
        frame.boolean("duplicate", true);
    frame.integer("seq", seq).string("ts", formatTimestamp(timestampMs)).string("type", u"ack");
    return frame.take();
}

QByteArray encodeMessage(const MessageView &message)
{
    // Sized for ASCII text: a frame keeps its capacity while it waits in queues.
    JsonFrame frame(256 + message.text.size() + message.fromName.size());
    frame.string("client_id", message.clientId)
        .string("conversation", message.conversation)
        .openObject("from")
        .string("name", message.fromName)
        .string("role", roleName(message.fromRole))
        .closeObject()
        .string("kind", kindName(message.kind))
        .integer("seq", message.seq)
        .string("text", message.text)
        .string("trace_id", message.traceId)
        .string("ts", formatTimestamp(message.timestampMs))
        .string("type", u"message");
    return frame.take();
}

QByteArray encodeReceipt(ReceiptKind kind, const QString &conversation, qint64 seq, Role by)
{
    JsonFrame frame(128 + conversation.size());
    frame.string("by", byName(by))
        .string("conversation", conversation)
        .integer("seq", seq)
        .string("type", receiptName(kind));
    return frame.take();
}

QByteArray encodeTyping(const QString &conversation, bool active, Role by)
{
    JsonFrame frame(128 + conversation.size());
    frame.boolean("active", active)
        .string("by", byName(by))
        .string("conversation", conversation)
        .string("type", u"typing");
    return frame.take();
}

QByteArray encodeSynced(
    const QString &conversation, qint64 seq, const QString &epoch, bool complete, bool recovered)
{
    return toFrame(QJsonObject { { u"type"_qs, u"synced"_qs }, { u"conversation"_qs, conversation },
        { u"seq"_qs, seq }, { u"epoch"_qs, epoch }, { u"complete"_qs, complete },
        { u"recovered"_qs, recovered } });
}

QByteArray encodeHistory(
    const QString &conversation, const QList<MessageView> &messages, bool hasMore)
{
    QJsonArray list;
    for (const MessageView &message : messages)
        list.append(messageObject(message));
    return toFrame(
        QJsonObject { { u"type"_qs, u"history"_qs }, { u"conversation"_qs, conversation },
            { u"messages"_qs, list }, { u"has_more"_qs, hasMore } });
}

QByteArray encodeCustomerConversations(
    const QString &conversation, const QList<PastConversationView> &conversations)
{
    QJsonArray list;
    for (const PastConversationView &past : conversations) {
        QJsonObject object { { u"id"_qs, past.id }, { u"state"_qs, stateName(past.state) },
            { u"created"_qs, formatTimestamp(past.createdMs) }, { u"messages"_qs, past.messages } };
        object.insert(u"closed"_qs,
            past.closedMs > 0 ? QJsonValue(formatTimestamp(past.closedMs)) : QJsonValue());
        if (!past.team.isEmpty())
            object.insert(u"team"_qs, past.team);
        if (!past.agentLogin.isEmpty()) {
            object.insert(u"agent"_qs,
                QJsonObject { { u"login"_qs, past.agentLogin }, { u"name"_qs, past.agentName } });
        }
        if (!past.lastText.isEmpty())
            object.insert(u"last_text"_qs, past.lastText);
        list.append(object);
    }
    return toFrame(QJsonObject { { u"type"_qs, u"customer_conversations"_qs },
        { u"conversation"_qs, conversation }, { u"conversations"_qs, list } });
}

QByteArray encodeAssigned(const ConversationView &conversation)
{
    return toFrame(QJsonObject { { u"type"_qs, u"assigned"_qs },
        { u"conversation"_qs, conversationObjectForStaff(conversation) } });
}

QByteArray encodeUnassigned(const QString &conversation, const QString &reason)
{
    return toFrame(QJsonObject { { u"type"_qs, u"unassigned"_qs },
        { u"conversation"_qs, conversation }, { u"reason"_qs, reason } });
}

QByteArray encodeConversationForCustomer(const ConversationView &conversation)
{
    return toFrame(QJsonObject { { u"type"_qs, u"conversation"_qs },
        { u"conversation"_qs, conversationObjectForCustomer(conversation) } });
}

QByteArray encodeConversationForStaff(const ConversationView &conversation)
{
    return toFrame(QJsonObject { { u"type"_qs, u"conversation"_qs },
        { u"conversation"_qs, conversationObjectForStaff(conversation) } });
}

QByteArray encodeStatus(AgentStatus status)
{
    return toFrame(
        QJsonObject { { u"type"_qs, u"status"_qs }, { u"state"_qs, statusName(status) } });
}

QByteArray encodeRating(const RatingView &rating)
{
    return toFrame(QJsonObject { { u"type"_qs, u"rating"_qs },
        { u"conversation"_qs, rating.conversation }, { u"rating"_qs, rating.rating },
        { u"comment"_qs, rating.comment }, { u"ts"_qs, formatTimestamp(rating.ratedMs) },
        { u"changeable_until"_qs, formatTimestamp(rating.changeableUntilMs) } });
}

QByteArray encodeError(ErrorCode code, const QString &message, const QString &ref)
{
    QJsonObject object { { u"type"_qs, u"error"_qs }, { u"code"_qs, errorCodeName(code) },
        { u"message"_qs, message } };
    if (!ref.isEmpty())
        object.insert(u"ref"_qs, ref);
    return toFrame(object);
}

QByteArray encodeRetryLater(ErrorCode code, const QString &message, qint64 retryAfterMs)
{
    // Whole seconds, rounded up, as HTTP's Retry-After: never "0" while a wait remains.
    const qint64 seconds = std::max<qint64>(1, (retryAfterMs + 999) / 1000);
    return toFrame(QJsonObject { { u"type"_qs, u"error"_qs }, { u"code"_qs, errorCodeName(code) },
        { u"message"_qs, message }, { u"retry_after_s"_qs, seconds } });
}

QByteArray encodePong()
{
    return QByteArrayLiteral("{\"type\":\"pong\"}");
}

QByteArray encodeSearchResults(const SearchResultsView &results)
{
    QJsonArray hits;
    for (const SearchHitView &hit : results.hits) {
        QJsonArray highlights;
        for (const auto &[offset, length] : hit.highlights)
            highlights.append(QJsonArray { offset, length });
        QJsonObject object { { u"conversation"_qs, hit.conversation }, { u"seq"_qs, hit.seq },
            { u"ts"_qs, formatTimestamp(hit.timestampMs) }, { u"snippet"_qs, hit.snippet },
            { u"highlights"_qs, highlights }, { u"state"_qs, stateName(hit.state) },
            { u"team"_qs, hit.team },
            { u"customer"_qs,
                QJsonObject {
                    { u"name"_qs, hit.customerName }, { u"email"_qs, hit.customerEmail } } },
            { u"created"_qs, formatTimestamp(hit.createdMs) } };
        if (hit.kind)
            object.insert(u"kind"_qs, kindName(*hit.kind));
        if (hit.fromRole) {
            object.insert(u"from"_qs,
                QJsonObject {
                    { u"role"_qs, roleName(*hit.fromRole) }, { u"name"_qs, hit.fromName } });
        }
        object.insert(u"agent"_qs,
            hit.agentLogin.isEmpty() ? QJsonValue()
                                     : QJsonValue(QJsonObject { { u"login"_qs, hit.agentLogin },
                                         { u"name"_qs, hit.agentName } }));
        hits.append(object);
    }
    QJsonObject frame { { u"type"_qs, u"search_results"_qs }, { u"total"_qs, results.total },
        { u"has_more"_qs, results.hasMore }, { u"hits"_qs, hits } };
    if (results.totalCapped)
        frame.insert(u"total_capped"_qs, true);
    if (!results.request.isEmpty())
        frame.insert(u"request"_qs, results.request);
    return toFrame(frame);
}

QByteArray encodeAudit(const QString &request, const QList<AuditEntryView> &entries, bool hasMore)
{
    QJsonArray list;
    for (const AuditEntryView &entry : entries) {
        list.append(
            QJsonObject { { u"id"_qs, entry.id }, { u"ts"_qs, formatTimestamp(entry.timestampMs) },
                { u"actor"_qs, entry.actor }, { u"actor_role"_qs, entry.actorRole },
                { u"action"_qs, entry.action }, { u"target"_qs, entry.target },
                { u"detail"_qs, entry.detail }, { u"address"_qs, entry.address } });
    }
    QJsonObject frame { { u"type"_qs, u"audit"_qs }, { u"has_more"_qs, hasMore },
        { u"entries"_qs, list } };
    if (!request.isEmpty())
        frame.insert(u"request"_qs, request);
    return toFrame(frame);
}

namespace {

QJsonObject staffAccountObject(const StaffAccountView &account)
{
    return QJsonObject { { u"login"_qs, account.login }, { u"name"_qs, account.name },
        { u"role"_qs, roleName(account.role) },
        { u"teams"_qs, QJsonArray::fromStringList(account.teams) },
        { u"receives_chats"_qs, account.receivesChats }, { u"online"_qs, account.online },
        { u"created"_qs, formatTimestamp(account.createdMs) } };
}

QJsonObject withRequest(QJsonObject frame, const QString &request)
{
    if (!request.isEmpty())
        frame.insert(u"request"_qs, request);
    return frame;
}

} // namespace

QByteArray encodeStaffList(const QString &request, const QList<StaffAccountView> &accounts)
{
    QJsonArray list;
    for (const StaffAccountView &account : accounts)
        list.append(staffAccountObject(account));
    return toFrame(withRequest(
        QJsonObject { { u"type"_qs, u"staff"_qs }, { u"accounts"_qs, list } }, request));
}

QString staffChangeName(StaffChange change)
{
    switch (change) {
    case StaffChange::Added:
        return u"added"_qs;
    case StaffChange::Updated:
        return u"updated"_qs;
    case StaffChange::Password:
        return u"password"_qs;
    case StaffChange::Removed:
        return u"removed"_qs;
    }
    return {};
}

QByteArray encodeStaffChanged(
    const QString &request, StaffChange change, const StaffAccountView &account)
{
    return toFrame(withRequest(QJsonObject { { u"type"_qs, u"staff_changed"_qs },
                                   { u"change"_qs, staffChangeName(change) },
                                   { u"account"_qs, staffAccountObject(account) } },
        request));
}

} // namespace switchboard::protocol
