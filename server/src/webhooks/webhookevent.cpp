#include "webhookevent.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <switchboard/timeformat.h>

using namespace Qt::StringLiterals;

namespace switchboard::server {

WebhookEvent WebhookEvent::conversationCreated(const ConversationRecord &conversation)
{
    WebhookEvent event;
    event.type = Type::ConversationCreated;
    event.conversationId = conversation.id;
    event.seq = conversation.seq;
    event.timeMs = conversation.createdMs;
    event.team = conversation.team;
    return event;
}

WebhookEvent WebhookEvent::messageCreated(const StoredMessage &message)
{
    WebhookEvent event;
    event.type = Type::MessageCreated;
    event.conversationId = message.conversationId;
    event.seq = message.seq;
    event.timeMs = message.timestampMs;
    event.kind = message.kind;
    event.fromRole = message.senderRole;
    event.fromName = message.senderName;
    event.text = message.text;
    event.traceId = message.traceId;
    return event;
}

WebhookEvent WebhookEvent::conversationClosed(
    const QString &conversationId, qint64 latestSeq, qint64 timeMs, const QString &reason)
{
    WebhookEvent event;
    event.type = Type::ConversationClosed;
    event.conversationId = conversationId;
    event.seq = latestSeq;
    event.timeMs = timeMs;
    event.reason = reason;
    return event;
}

WebhookEvent WebhookEvent::conversationRated(
    const RatingOutcome &outcome, const QString &agentLogin)
{
    WebhookEvent event;
    event.type = Type::ConversationRated;
    event.conversationId = outcome.rating.conversationId;
    event.seq = outcome.latestSeq;
    event.timeMs = outcome.rating.ratedMs;
    event.team = outcome.rating.team;
    event.rating = outcome.rating.rating;
    event.comment = outcome.rating.comment;
    event.agentLogin = agentLogin;
    event.replaced = outcome.result == RatingOutcome::Result::Replaced;
    return event;
}

QString WebhookEvent::typeName() const
{
    switch (type) {
    case Type::ConversationRated:
        return u"conversation.rated"_s;
    case Type::ConversationCreated:
        return u"conversation.created"_s;
    case Type::ConversationClosed:
        return u"conversation.closed"_s;
    case Type::MessageCreated:
        break;
    }
    return u"message.created"_s;
}

QByteArray WebhookEvent::toJson() const
{
    QJsonObject object {
        { u"type"_s, typeName() },
        { u"conversation"_s, conversationId },
        { u"seq"_s, seq },
        { u"time"_s, formatTimestamp(timeMs) },
    };
    if (type == Type::ConversationCreated)
        object.insert(u"team"_s, team);
    if (type == Type::ConversationClosed && !reason.isEmpty())
        object.insert(u"reason"_s, reason);
    if (type == Type::ConversationRated) {
        object.insert(u"team"_s, team);
        object.insert(u"rating"_s, rating);
        object.insert(u"comment"_s, comment);
        object.insert(u"agent"_s, agentLogin);
        object.insert(u"replaced"_s, replaced);
    }
    if (type == Type::MessageCreated) {
        object.insert(u"kind"_s, protocol::kindName(kind));
        object.insert(u"from"_s,
            QJsonObject {
                { u"role"_s, protocol::roleName(fromRole) },
                { u"name"_s, fromName },
            });
        object.insert(u"text"_s, text);
        // An attachment's stored text is its metadata: the event carries it (never the
        // thumbnail) as `attachment`, and the file name as `text`, as the message frame does.
        if (kind == MessageKind::Attachment) {
            QJsonObject attachment = QJsonDocument::fromJson(text.toUtf8()).object();
            attachment.remove(u"thumbnail"_s);
            object.insert(u"text"_s, attachment.value(u"name"_s).toString());
            object.insert(u"attachment"_s, attachment);
        }
        if (!traceId.isEmpty())
            object.insert(u"trace_id"_s, traceId);
    }
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace switchboard::server
