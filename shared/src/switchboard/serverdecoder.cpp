#include "serverdecoder.h"

#include "timeformat.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>
#include <cmath>

using namespace Qt::StringLiterals;

namespace switchboard::protocol {

namespace {

// Reads typed fields of one server frame and remembers the first problem, named with the
// frame's type and the field. Absent optional fields read as their default; a field of the
// wrong JSON type is a problem either way.
class FrameReader {
public:
    FrameReader(const QString &where, const QJsonObject &object)
        : m_where(where)
        , m_object(object)
    {
    }

    // A reader of an object inside this one; adopt() takes its first problem over.
    FrameReader nested(const QString &where, const QJsonObject &object) const
    {
        return FrameReader(m_where + u", "_s + where, object);
    }
    void adopt(const FrameReader &nested)
    {
        if (m_error.isEmpty())
            m_error = nested.m_error;
    }

    QString string(QLatin1StringView key, bool required = false)
    {
        const QJsonValue value = field(key, required);
        if (value.isUndefined())
            return {};
        if (!value.isString())
            fail(key, u"must be a string"_s);
        return value.toString();
    }

    qint64 integer(QLatin1StringView key, bool required = false, qint64 fallback = 0)
    {
        const QJsonValue value = field(key, required);
        if (value.isUndefined())
            return fallback;
        const double number = value.toDouble();
        if (!value.isDouble() || std::trunc(number) != number) {
            fail(key, u"must be a whole number"_s);
            return fallback;
        }
        return value.toInteger();
    }

    std::optional<bool> optionalBoolean(QLatin1StringView key)
    {
        const QJsonValue value = field(key, false);
        if (value.isUndefined())
            return std::nullopt;
        if (!value.isBool()) {
            fail(key, u"must be true or false"_s);
            return std::nullopt;
        }
        return value.toBool();
    }

    bool boolean(QLatin1StringView key, bool fallback = false)
    {
        return optionalBoolean(key).value_or(fallback);
    }

    QJsonObject object(QLatin1StringView key, bool required = false)
    {
        const QJsonValue value = field(key, required);
        if (!value.isUndefined() && !value.isObject())
            fail(key, u"must be an object"_s);
        return value.toObject();
    }

    // An array of objects.
    QList<QJsonObject> objects(QLatin1StringView key)
    {
        QList<QJsonObject> list;
        const QJsonValue value = field(key, false);
        if (value.isUndefined())
            return list;
        if (!value.isArray()) {
            fail(key, u"must be an array"_s);
            return list;
        }
        const QJsonArray array = value.toArray();
        list.reserve(array.size());
        for (const QJsonValue &item : array) {
            if (!item.isObject()) {
                fail(key, u"must be an array of objects"_s);
                return {};
            }
            list.append(item.toObject());
        }
        return list;
    }

    QStringList strings(QLatin1StringView key)
    {
        QStringList list;
        const QJsonValue value = field(key, false);
        if (value.isUndefined())
            return list;
        const QJsonArray array = value.toArray();
        for (const QJsonValue &item : array) {
            if (!item.isString()) {
                fail(key, u"must be an array of strings"_s);
                return {};
            }
            list.append(item.toString());
        }
        if (!value.isArray())
            fail(key, u"must be an array of strings"_s);
        return list;
    }

    qint64 timestamp(QLatin1StringView key)
    {
        const QString text = string(key);
        if (text.isEmpty())
            return 0;
        const std::optional<qint64> ms = parseTimestamp(text);
        if (!ms)
            fail(key, u"must be an RFC 3339 time"_s);
        return ms.value_or(0);
    }

    Role by()
    {
        const QString name = string(QLatin1StringView("by"));
        const std::optional<Role> role = roleFromName(name);
        if (ok() && !role)
            fail(QLatin1StringView("by"), u"must be 'customer' or 'agent'"_s);
        return role.value_or(Role::Customer);
    }

    void fail(QLatin1StringView key, const QString &problem)
    {
        if (m_error.isEmpty())
            m_error = u"%1: field '%2' %3"_s.arg(m_where, key, problem);
    }

    bool ok() const { return m_error.isEmpty(); }
    const QString &error() const { return m_error; }

private:
    // The value, or undefined when absent or null (a missing required field is a problem).
    QJsonValue field(QLatin1StringView key, bool required)
    {
        const QJsonValue value = m_object.value(key);
        if (value.isUndefined() || value.isNull()) {
            if (required)
                fail(key, u"is missing"_s);
            return QJsonValue(QJsonValue::Undefined);
        }
        return value;
    }

    QString m_where;
    QJsonObject m_object;
    QString m_error;
};

constexpr bool required = true;

MessageView messageView(FrameReader &reader)
{
    MessageView message;
    message.conversation = reader.string(QLatin1StringView("conversation"), required);
    message.seq = reader.integer(QLatin1StringView("seq"), required);
    message.clientId = reader.string(QLatin1StringView("client_id"));
    message.kind
        = kindFromName(reader.string(QLatin1StringView("kind"))).value_or(MessageKind::Text);
    FrameReader from = reader.nested(u"from"_s, reader.object(QLatin1StringView("from")));
    message.fromRole = roleFromName(from.string(QLatin1StringView("role"))).value_or(Role::System);
    message.fromName = from.string(QLatin1StringView("name"));
    reader.adopt(from);
    message.text = reader.string(QLatin1StringView("text"));
    // As the server stores it: the attachment's metadata as a JSON object (servermessage.h).
    if (message.kind == MessageKind::Attachment) {
        message.text
            = QString::fromUtf8(QJsonDocument(reader.object(QLatin1StringView("attachment")))
                                    .toJson(QJsonDocument::Compact));
    }
    message.timestampMs = reader.timestamp(QLatin1StringView("ts"));
    message.traceId = reader.string(QLatin1StringView("trace_id"));
    return message;
}

ConversationView conversationView(FrameReader &reader, const QJsonObject &object)
{
    ConversationView conversation;
    conversation.id = reader.string(QLatin1StringView("id"), required);
    conversation.seq = reader.integer(QLatin1StringView("seq"));
    conversation.epoch = reader.string(QLatin1StringView("epoch"));
    conversation.state = stateFromName(reader.string(QLatin1StringView("state")))
                             .value_or(ConversationState::Queued);
    conversation.team = reader.string(QLatin1StringView("team"));
    if (object.contains(QLatin1StringView("queue_position")))
        conversation.queuePosition = int(reader.integer(QLatin1StringView("queue_position")));
    if (object.contains(QLatin1StringView("unread")))
        conversation.unread = int(reader.integer(QLatin1StringView("unread")));
    if (object.contains(QLatin1StringView("customer"))) {
        FrameReader customer
            = reader.nested(u"customer"_s, reader.object(QLatin1StringView("customer")));
        CustomerView view;
        view.name = customer.string(QLatin1StringView("name"));
        view.email = customer.string(QLatin1StringView("email"));
        view.page = customer.string(QLatin1StringView("page"));
        view.online = customer.boolean(QLatin1StringView("online"));
        reader.adopt(customer);
        conversation.customer = view;
    }
    FrameReader agent = reader.nested(u"agent"_s, reader.object(QLatin1StringView("agent")));
    conversation.agentLogin = agent.string(QLatin1StringView("login"));
    conversation.agentName = agent.string(QLatin1StringView("name"));
    reader.adopt(agent);
    conversation.createdMs = reader.timestamp(QLatin1StringView("created"));
    conversation.waitingSinceMs = reader.timestamp(QLatin1StringView("waiting_since"));
    return conversation;
}

// The conversation object under `key`.
ConversationView conversationAt(FrameReader &reader, QLatin1StringView key)
{
    const QJsonObject object = reader.object(key, required);
    FrameReader nested = reader.nested(QString(key), object);
    const ConversationView conversation = conversationView(nested, object);
    reader.adopt(nested);
    return conversation;
}

QList<ConversationView> conversationsAt(FrameReader &reader, QLatin1StringView key)
{
    QList<ConversationView> conversations;
    const QList<QJsonObject> objects = reader.objects(key);
    conversations.reserve(objects.size());
    for (qsizetype i = 0; i < objects.size(); ++i) {
        FrameReader nested = reader.nested(u"%1[%2]"_s.arg(key).arg(i), objects.at(i));
        conversations.append(conversationView(nested, objects.at(i)));
        reader.adopt(nested);
    }
    return conversations;
}

WelcomeFrame welcome(const QJsonObject &object, FrameReader &reader)
{
    WelcomeFrame frame;
    const QString role = reader.string(QLatin1StringView("role"), required);
    if (reader.ok() && !roleFromName(role))
        reader.fail(QLatin1StringView("role"), u"is not a role"_s);
    frame.role = roleFromName(role).value_or(Role::Customer);
    frame.token = reader.string(QLatin1StringView("token"), required);
    if (object.contains(QLatin1StringView("heartbeat_s")))
        frame.heartbeatSeconds = int(reader.integer(QLatin1StringView("heartbeat_s")));
    frame.node = reader.string(QLatin1StringView("node"));
    frame.endpoints = reader.strings(QLatin1StringView("endpoints"));
    if (frame.role == Role::Customer) {
        frame.conversation = conversationAt(reader, QLatin1StringView("conversation"));
        return frame;
    }
    FrameReader agentReader = reader.nested(u"agent"_s, reader.object(QLatin1StringView("agent")));
    frame.login = agentReader.string(QLatin1StringView("login"));
    frame.name = agentReader.string(QLatin1StringView("name"));
    frame.receivesChats = agentReader.optionalBoolean(QLatin1StringView("receives_chats"));
    reader.adopt(agentReader);
    const QString routing = reader.string(QLatin1StringView("routing"));
    if (!routing.isEmpty())
        frame.routing = routingModeFromName(routing); // a newer mode: unknown, not an error
    frame.conversations = conversationsAt(reader, QLatin1StringView("conversations"));
    if (object.contains(QLatin1StringView("queue_total")))
        frame.queueTotal = int(reader.integer(QLatin1StringView("queue_total")));
    return frame;
}

Expected<ServerMessage, QString> decode(
    const QString &type, const QJsonObject &object, FrameReader &reader)
{
    const auto conversation = [&reader] {
        return reader.string(QLatin1StringView("conversation"), required);
    };
    if (type == u"welcome")
        return ServerMessage(welcome(object, reader));
    if (type == u"ack") {
        AckFrame ack;
        ack.clientId = reader.string(QLatin1StringView("client_id"), required);
        ack.conversation = conversation();
        ack.seq = reader.integer(QLatin1StringView("seq"), required);
        ack.timestampMs = reader.timestamp(QLatin1StringView("ts"));
        ack.duplicate = reader.boolean(QLatin1StringView("duplicate"));
        return ServerMessage(ack);
    }
    if (type == u"message")
        return ServerMessage(MessageFrame { messageView(reader) });
    if (type == u"error") {
        ErrorFrame error;
        error.code = reader.string(QLatin1StringView("code"), required);
        error.message = reader.string(QLatin1StringView("message"));
        error.ref = reader.string(QLatin1StringView("ref"));
        return ServerMessage(error);
    }
    if (type == u"synced") {
        SyncedFrame synced;
        synced.conversation = conversation();
        synced.seq = reader.integer(QLatin1StringView("seq"), required);
        synced.epoch = reader.string(QLatin1StringView("epoch"));
        synced.complete = reader.boolean(QLatin1StringView("complete"), true);
        synced.recovered = reader.boolean(QLatin1StringView("recovered"), true);
        return ServerMessage(synced);
    }
    if (type == u"history") {
        HistoryFrame history;
        history.conversation = conversation();
        const QList<QJsonObject> messages = reader.objects(QLatin1StringView("messages"));
        history.messages.reserve(messages.size());
        for (qsizetype i = 0; i < messages.size(); ++i) {
            FrameReader nested = reader.nested(u"messages[%1]"_s.arg(i), messages.at(i));
            history.messages.append(messageView(nested));
            reader.adopt(nested);
        }
        history.hasMore = reader.boolean(QLatin1StringView("has_more"));
        return ServerMessage(history);
    }
    if (type == u"customer_conversations") {
        CustomerConversationsFrame list;
        list.conversation = conversation();
        list.conversations = reader.objects(QLatin1StringView("conversations"));
        return ServerMessage(list);
    }
    if (type == u"assigned")
        return ServerMessage(
            AssignedFrame { conversationAt(reader, QLatin1StringView("conversation")) });
    if (type == u"conversation")
        return ServerMessage(
            ConversationFrame { conversationAt(reader, QLatin1StringView("conversation")) });
    if (type == u"queue_page") {
        QueuePageFrame page;
        page.request = reader.string(QLatin1StringView("request"));
        page.conversations = conversationsAt(reader, QLatin1StringView("conversations"));
        page.total = int(reader.integer(QLatin1StringView("total")));
        page.more = reader.boolean(QLatin1StringView("more"));
        return ServerMessage(page);
    }
    if (type == u"unassigned") {
        UnassignedFrame unassigned;
        unassigned.conversation = conversation();
        unassigned.reason = reader.string(QLatin1StringView("reason"));
        return ServerMessage(unassigned);
    }
    if (type == u"delivered" || type == u"read") {
        ReceiptFrame receipt;
        receipt.kind = type == u"read" ? ReceiptKind::Read : ReceiptKind::Delivered;
        receipt.conversation = conversation();
        receipt.seq = reader.integer(QLatin1StringView("seq"), required);
        receipt.by = reader.by();
        return ServerMessage(receipt);
    }
    if (type == u"typing") {
        TypingFrame typing;
        typing.conversation = reader.string(QLatin1StringView("conversation"));
        typing.active = reader.boolean(QLatin1StringView("active"));
        typing.by = reader.by();
        return ServerMessage(typing);
    }
    if (type == u"status") {
        const QString state = reader.string(QLatin1StringView("state"), required);
        if (reader.ok() && state != statusName(AgentStatus::Away)
            && state != statusName(AgentStatus::Available))
            reader.fail(QLatin1StringView("state"), u"must be 'available' or 'away'"_s);
        return ServerMessage(StatusFrame {
            state == statusName(AgentStatus::Away) ? AgentStatus::Away : AgentStatus::Available });
    }
    if (type == u"pong")
        return ServerMessage(PongFrame {});
    if (type == u"rating") {
        RatingFrame rated;
        rated.rating.conversation = conversation();
        rated.rating.rating = int(reader.integer(QLatin1StringView("rating"), required));
        rated.rating.comment = reader.string(QLatin1StringView("comment"));
        rated.rating.ratedMs = reader.timestamp(QLatin1StringView("ts"));
        rated.rating.changeableUntilMs = reader.timestamp(QLatin1StringView("changeable_until"));
        return ServerMessage(rated);
    }
    if (type == u"search_results") {
        SearchResultsFrame results;
        results.request = reader.string(QLatin1StringView("request"));
        results.hits = reader.objects(QLatin1StringView("hits"));
        results.total = reader.integer(QLatin1StringView("total"));
        results.totalCapped = reader.boolean(QLatin1StringView("total_capped"));
        results.hasMore = reader.boolean(QLatin1StringView("has_more"));
        return ServerMessage(results);
    }
    if (type == u"export_chunk")
        return ServerMessage(ExportChunkFrame { object });
    if (type == u"reports")
        return ServerMessage(ReportsFrame { object });
    if (type == u"audit") {
        AuditFrame audit;
        audit.request = reader.string(QLatin1StringView("request"));
        audit.entries = reader.objects(QLatin1StringView("entries"));
        audit.hasMore = reader.boolean(QLatin1StringView("has_more"));
        return ServerMessage(audit);
    }
    if (type == u"staff") {
        StaffListFrame list;
        list.request = reader.string(QLatin1StringView("request"));
        list.accounts = reader.objects(QLatin1StringView("accounts"));
        return ServerMessage(list);
    }
    if (type == u"staff_changed") {
        StaffChangedFrame changed;
        changed.request = reader.string(QLatin1StringView("request"));
        changed.change = reader.string(QLatin1StringView("change"), required);
        changed.account = reader.object(QLatin1StringView("account"), required);
        return ServerMessage(changed);
    }
    if (type == u"metrics" || type == u"alert")
        return ServerMessage(SupervisorFrame { type, object });
    return ServerMessage(UnknownFrame { type });
}

} // namespace

Expected<ServerMessage, QString> decodeServerMessage(const QByteArray &utf8)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(utf8, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return unexpected(u"not valid JSON at offset %1: %2"_s.arg(parseError.offset)
                              .arg(parseError.errorString()));
    }
    if (!document.isObject())
        return unexpected(u"a frame must be one JSON object"_s);
    const QJsonObject object = document.object();
    const QJsonValue type = object.value(QLatin1StringView("type"));
    if (!type.isString() || type.toString().isEmpty())
        return unexpected(u"a frame without a string field 'type'"_s);
    FrameReader reader(u"'%1' frame"_s.arg(type.toString().left(32)), object);
    Expected<ServerMessage, QString> message = decode(type.toString(), object, reader);
    if (!reader.ok())
        return unexpected(reader.error());
    return message;
}

} // namespace switchboard::protocol
