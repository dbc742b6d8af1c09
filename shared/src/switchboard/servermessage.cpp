#include "servermessage.h"

#include "jsonframe.h"
#include "timeformat.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace switchboard::protocol {

namespace {

QString byName(Role role)
{
    return role == Role::Customer ? u"customer"_s : u"agent"_s;
}

QJsonObject conversationCore(const ConversationView &conversation)
{
    QJsonObject object {
        { u"id"_s, conversation.id },
        { u"seq"_s, conversation.seq },
        { u"epoch"_s, conversation.epoch },
        { u"state"_s, stateName(conversation.state) },
    };
    if (conversation.queuePosition)
        object.insert(u"queue_position"_s, *conversation.queuePosition);
    if (conversation.state == ConversationState::Closed && !conversation.closedReason.isEmpty())
        object.insert(u"closed_reason"_s, conversation.closedReason);
    return object;
}

// An attachment message stores its metadata as a JSON object in `text` (what the server wrote
// at upload); the frame carries it as `attachment`, and `text` is the file name, which a client
// that knows no attachments shows as it is.
QJsonObject attachmentOf(const MessageView &message)
{
    return QJsonDocument::fromJson(message.text.toUtf8()).object();
}

} // namespace

QByteArray toFrame(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject messageObject(const MessageView &message)
{
    QJsonObject object {
        { u"type"_s, u"message"_s },
        { u"conversation"_s, message.conversation },
        { u"seq"_s, message.seq },
        { u"client_id"_s, message.clientId },
        { u"kind"_s, kindName(message.kind) },
        { u"from"_s,
            QJsonObject {
                { u"role"_s, roleName(message.fromRole) }, { u"name"_s, message.fromName } } },
        { u"text"_s, message.text },
        { u"ts"_s, formatTimestamp(message.timestampMs) },
        { u"trace_id"_s, message.traceId },
    };
    if (message.kind == MessageKind::Attachment) {
        const QJsonObject attachment = attachmentOf(message);
        object.insert(u"attachment"_s, attachment);
        object.insert(u"text"_s, attachment.value(u"name"_s).toString());
    }
    return object;
}

QJsonObject conversationObjectForCustomer(const ConversationView &conversation)
{
    QJsonObject object = conversationCore(conversation);
    if (!object.contains(u"queue_position"_s))
        object.insert(u"queue_position"_s, 0);
    if (!conversation.agentName.isEmpty())
        object.insert(u"agent"_s, QJsonObject { { u"name"_s, conversation.agentName } });
    return object;
}

QJsonObject conversationObjectForStaff(const ConversationView &conversation)
{
    QJsonObject object = conversationCore(conversation);
    if (conversation.customer) {
        object.insert(u"customer"_s,
            QJsonObject { { u"name"_s, conversation.customer->name },
                { u"email"_s, conversation.customer->email },
                { u"page"_s, conversation.customer->page },
                { u"online"_s, conversation.customer->online } });
    }
    if (conversation.unread)
        object.insert(u"unread"_s, *conversation.unread);
    if (!conversation.team.isEmpty())
        object.insert(u"team"_s, conversation.team);
    if (!conversation.agentLogin.isEmpty()) {
        object.insert(u"agent"_s,
            QJsonObject {
                { u"login"_s, conversation.agentLogin }, { u"name"_s, conversation.agentName } });
    }
    if (conversation.createdMs > 0)
        object.insert(u"created"_s, formatTimestamp(conversation.createdMs));
    if (conversation.state == ConversationState::Queued && conversation.waitingSinceMs > 0)
        object.insert(u"waiting_since"_s, formatTimestamp(conversation.waitingSinceMs));
    return object;
}

static QJsonObject withEndpoints(const QStringList &endpoints, QJsonObject welcome)
{
    if (!endpoints.isEmpty())
        welcome.insert(u"endpoints"_s, QJsonArray::fromStringList(endpoints));
    return welcome;
}

QByteArray encodeWelcomeCustomer(const QString &token, int heartbeatSeconds, const QString &node,
    const ConversationView &conversation, const QStringList &endpoints,
    const std::optional<ConversationView> &previous)
{
    QJsonObject welcome {
        { u"type"_s, u"welcome"_s },
        { u"v"_s, version },
        { u"role"_s, u"customer"_s },
        { u"token"_s, token },
        { u"heartbeat_s"_s, heartbeatSeconds },
        { u"node"_s, node },
        { u"conversation"_s, conversationObjectForCustomer(conversation) },
    };
    if (previous)
        welcome.insert(u"previous"_s, conversationObjectForCustomer(*previous));
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
            { u"type"_s, u"welcome"_s },
            { u"v"_s, version },
            { u"role"_s, roleName(profile.role) },
            { u"token"_s, token },
            { u"heartbeat_s"_s, heartbeatSeconds },
            { u"node"_s, node },
            { u"agent"_s,
                QJsonObject { { u"login"_s, profile.login }, { u"name"_s, profile.name },
                    { u"role"_s, roleName(profile.role) },
                    { u"teams"_s, QJsonArray::fromStringList(profile.teams) },
                    { u"receives_chats"_s, profile.receivesChats } } },
            { u"routing"_s, routingModeName(profile.routing) },
            { u"conversations"_s, list },
        });
    // Every queued conversation this member may see, listed or not (welcomeQueueLimit).
    if (queueTotal >= 0)
        welcome.insert(u"queue_total"_s, queueTotal);
    return toFrame(welcome);
}

QByteArray encodeQueuePage(
    const QString &request, const QList<ConversationView> &conversations, int total, bool more)
{
    QJsonArray list;
    for (const ConversationView &conversation : conversations)
        list.append(conversationObjectForStaff(conversation));
    QJsonObject page {
        { u"type"_s, u"queue_page"_s },
        { u"conversations"_s, list },
        { u"total"_s, total },
        { u"more"_s, more },
    };
    if (!request.isEmpty())
        page.insert(u"request"_s, request);
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
    JsonFrame frame(256 + message.text.size() * 2 + message.fromName.size());
    QString text = message.text;
    if (message.kind == MessageKind::Attachment) {
        const QJsonObject attachment = attachmentOf(message);
        frame.raw("attachment", QJsonDocument(attachment).toJson(QJsonDocument::Compact));
        text = attachment.value(u"name"_s).toString();
    }
    frame.string("client_id", message.clientId)
        .string("conversation", message.conversation)
        .openObject("from")
        .string("name", message.fromName)
        .string("role", roleName(message.fromRole))
        .closeObject()
        .string("kind", kindName(message.kind))
        .integer("seq", message.seq)
        .string("text", text)
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
    return toFrame(QJsonObject { { u"type"_s, u"synced"_s }, { u"conversation"_s, conversation },
        { u"seq"_s, seq }, { u"epoch"_s, epoch }, { u"complete"_s, complete },
        { u"recovered"_s, recovered } });
}

QByteArray encodeHistory(
    const QString &conversation, const QList<MessageView> &messages, bool hasMore)
{
    QJsonArray list;
    for (const MessageView &message : messages)
        list.append(messageObject(message));
    return toFrame(QJsonObject { { u"type"_s, u"history"_s }, { u"conversation"_s, conversation },
        { u"messages"_s, list }, { u"has_more"_s, hasMore } });
}

QByteArray encodeCustomerConversations(
    const QString &conversation, const QList<PastConversationView> &conversations)
{
    QJsonArray list;
    for (const PastConversationView &past : conversations) {
        QJsonObject object { { u"id"_s, past.id }, { u"state"_s, stateName(past.state) },
            { u"created"_s, formatTimestamp(past.createdMs) }, { u"messages"_s, past.messages } };
        object.insert(u"closed"_s,
            past.closedMs > 0 ? QJsonValue(formatTimestamp(past.closedMs)) : QJsonValue());
        if (!past.team.isEmpty())
            object.insert(u"team"_s, past.team);
        if (!past.agentLogin.isEmpty()) {
            object.insert(u"agent"_s,
                QJsonObject { { u"login"_s, past.agentLogin }, { u"name"_s, past.agentName } });
        }
        if (!past.lastText.isEmpty())
            object.insert(u"last_text"_s, past.lastText);
        list.append(object);
    }
    return toFrame(QJsonObject { { u"type"_s, u"customer_conversations"_s },
        { u"conversation"_s, conversation }, { u"conversations"_s, list } });
}

QByteArray encodeAssigned(const ConversationView &conversation)
{
    return toFrame(QJsonObject { { u"type"_s, u"assigned"_s },
        { u"conversation"_s, conversationObjectForStaff(conversation) } });
}

QByteArray encodeUnassigned(const QString &conversation, const QString &reason)
{
    return toFrame(QJsonObject { { u"type"_s, u"unassigned"_s },
        { u"conversation"_s, conversation }, { u"reason"_s, reason } });
}

QByteArray encodeConversationForCustomer(const ConversationView &conversation)
{
    return toFrame(QJsonObject { { u"type"_s, u"conversation"_s },
        { u"conversation"_s, conversationObjectForCustomer(conversation) } });
}

QByteArray encodeConversationForStaff(const ConversationView &conversation)
{
    return toFrame(QJsonObject { { u"type"_s, u"conversation"_s },
        { u"conversation"_s, conversationObjectForStaff(conversation) } });
}

QByteArray encodeStatus(AgentStatus status)
{
    return toFrame(QJsonObject { { u"type"_s, u"status"_s }, { u"state"_s, statusName(status) } });
}

QByteArray encodeRating(const RatingView &rating)
{
    return toFrame(QJsonObject { { u"type"_s, u"rating"_s },
        { u"conversation"_s, rating.conversation }, { u"rating"_s, rating.rating },
        { u"comment"_s, rating.comment }, { u"ts"_s, formatTimestamp(rating.ratedMs) },
        { u"changeable_until"_s, formatTimestamp(rating.changeableUntilMs) } });
}

QByteArray encodeError(ErrorCode code, const QString &message, const QString &ref)
{
    QJsonObject object { { u"type"_s, u"error"_s }, { u"code"_s, errorCodeName(code) },
        { u"message"_s, message } };
    if (!ref.isEmpty())
        object.insert(u"ref"_s, ref);
    return toFrame(object);
}

QByteArray encodeRetryLater(ErrorCode code, const QString &message, qint64 retryAfterMs)
{
    // Whole seconds, rounded up, as HTTP's Retry-After: never "0" while a wait remains.
    const qint64 seconds = std::max<qint64>(1, (retryAfterMs + 999) / 1000);
    return toFrame(QJsonObject { { u"type"_s, u"error"_s }, { u"code"_s, errorCodeName(code) },
        { u"message"_s, message }, { u"retry_after_s"_s, seconds } });
}

QByteArray encodePong()
{
    return "{\"type\":\"pong\"}"_ba;
}

QByteArray encodeSearchResults(const SearchResultsView &results)
{
    QJsonArray hits;
    for (const SearchHitView &hit : results.hits) {
        QJsonArray highlights;
        for (const auto &[offset, length] : hit.highlights)
            highlights.append(QJsonArray { offset, length });
        QJsonObject object { { u"conversation"_s, hit.conversation }, { u"seq"_s, hit.seq },
            { u"ts"_s, formatTimestamp(hit.timestampMs) }, { u"snippet"_s, hit.snippet },
            { u"highlights"_s, highlights }, { u"state"_s, stateName(hit.state) },
            { u"team"_s, hit.team },
            { u"customer"_s,
                QJsonObject {
                    { u"name"_s, hit.customerName }, { u"email"_s, hit.customerEmail } } },
            { u"created"_s, formatTimestamp(hit.createdMs) } };
        if (hit.kind)
            object.insert(u"kind"_s, kindName(*hit.kind));
        if (hit.fromRole) {
            object.insert(u"from"_s,
                QJsonObject {
                    { u"role"_s, roleName(*hit.fromRole) }, { u"name"_s, hit.fromName } });
        }
        object.insert(u"agent"_s,
            hit.agentLogin.isEmpty() ? QJsonValue()
                                     : QJsonValue(QJsonObject { { u"login"_s, hit.agentLogin },
                                         { u"name"_s, hit.agentName } }));
        hits.append(object);
    }
    QJsonObject frame { { u"type"_s, u"search_results"_s }, { u"total"_s, results.total },
        { u"has_more"_s, results.hasMore }, { u"hits"_s, hits } };
    if (results.totalCapped)
        frame.insert(u"total_capped"_s, true);
    if (!results.request.isEmpty())
        frame.insert(u"request"_s, results.request);
    return toFrame(frame);
}

QByteArray encodeAudit(const QString &request, const QList<AuditEntryView> &entries, bool hasMore)
{
    QJsonArray list;
    for (const AuditEntryView &entry : entries) {
        list.append(
            QJsonObject { { u"id"_s, entry.id }, { u"ts"_s, formatTimestamp(entry.timestampMs) },
                { u"actor"_s, entry.actor }, { u"actor_role"_s, entry.actorRole },
                { u"action"_s, entry.action }, { u"target"_s, entry.target },
                { u"detail"_s, entry.detail }, { u"address"_s, entry.address } });
    }
    QJsonObject frame { { u"type"_s, u"audit"_s }, { u"has_more"_s, hasMore },
        { u"entries"_s, list } };
    if (!request.isEmpty())
        frame.insert(u"request"_s, request);
    return toFrame(frame);
}

namespace {

QJsonObject staffAccountObject(const StaffAccountView &account)
{
    return QJsonObject { { u"login"_s, account.login }, { u"name"_s, account.name },
        { u"role"_s, roleName(account.role) },
        { u"teams"_s, QJsonArray::fromStringList(account.teams) },
        { u"receives_chats"_s, account.receivesChats }, { u"online"_s, account.online },
        { u"created"_s, formatTimestamp(account.createdMs) } };
}

QJsonObject withRequest(QJsonObject frame, const QString &request)
{
    if (!request.isEmpty())
        frame.insert(u"request"_s, request);
    return frame;
}

} // namespace

QByteArray encodeStaffList(const QString &request, const QList<StaffAccountView> &accounts)
{
    QJsonArray list;
    for (const StaffAccountView &account : accounts)
        list.append(staffAccountObject(account));
    return toFrame(
        withRequest(QJsonObject { { u"type"_s, u"staff"_s }, { u"accounts"_s, list } }, request));
}

QString staffChangeName(StaffChange change)
{
    switch (change) {
    case StaffChange::Added:
        return u"added"_s;
    case StaffChange::Updated:
        return u"updated"_s;
    case StaffChange::Password:
        return u"password"_s;
    case StaffChange::Removed:
        return u"removed"_s;
    }
    return {};
}

QByteArray encodeStaffChanged(
    const QString &request, StaffChange change, const StaffAccountView &account)
{
    return toFrame(withRequest(
        QJsonObject { { u"type"_s, u"staff_changed"_s }, { u"change"_s, staffChangeName(change) },
            { u"account"_s, staffAccountObject(account) } },
        request));
}

} // namespace switchboard::protocol
