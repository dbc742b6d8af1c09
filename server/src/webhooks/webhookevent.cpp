#include "webhookevent.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <switchboard/timeformat.h>

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
        return QStringLiteral("conversation.rated");
    case Type::ConversationCreated:
        return QStringLiteral("conversation.created");
    case Type::ConversationClosed:
        return QStringLiteral("conversation.closed");
    case Type::MessageCreated:
        break;
    }
    return QStringLiteral("message.created");
}

QByteArray WebhookEvent::toJson() const
{
    QJsonObject object {
        { QStringLiteral("type"), typeName() },
        { QStringLiteral("conversation"), conversationId },
        { QStringLiteral("seq"), seq },
        { QStringLiteral("time"), formatTimestamp(timeMs) },
    };
    if (type == Type::ConversationCreated)
        object.insert(QStringLiteral("team"), team);
    if (type == Type::ConversationClosed && !reason.isEmpty())
        object.insert(QStringLiteral("reason"), reason);
    if (type == Type::ConversationRated) {
        object.insert(QStringLiteral("team"), team);
        object.insert(QStringLiteral("rating"), rating);
        object.insert(QStringLiteral("comment"), comment);
        object.insert(QStringLiteral("agent"), agentLogin);
        object.insert(QStringLiteral("replaced"), replaced);
    }
    if (type == Type::MessageCreated) {
        object.insert(QStringLiteral("kind"), protocol::kindName(kind));
        object.insert(QStringLiteral("from"),
            QJsonObject {
                { QStringLiteral("role"), protocol::roleName(fromRole) },
                { QStringLiteral("name"), fromName },
            });
        object.insert(QStringLiteral("text"), text);
        if (!traceId.isEmpty())
            object.insert(QStringLiteral("trace_id"), traceId);
    }
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace switchboard::server
