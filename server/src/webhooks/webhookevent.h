#pragma once

#include "store/records.h"

#include <QByteArray>
#include <QString>

namespace switchboard::server {

// A conversation event as a shop's webhook receives it. The receiver is the shop's own system,
// so a message event carries the message text in its body; the text never goes to a log.
struct WebhookEvent {
    enum class Type { ConversationCreated, MessageCreated, ConversationClosed, ConversationRated };

    Type type = Type::MessageCreated;
    QString conversationId;
    qint64 seq = 0; // the conversation's seq the event is about (0 for a new conversation)
    qint64 timeMs = 0;
    QString team; // conversation.created, conversation.rated
    // conversation.closed: "missed" or "idle" when the server closed it for that; empty (and
    // left out of the body) when someone closed it.
    QString reason;
    // message.created only.
    MessageKind kind = MessageKind::Text;
    Role fromRole = Role::Customer;
    QString fromName;
    QString text;
    QString traceId;
    // conversation.rated only: the customer's rating, its comment (the shop's own data, like a
    // message's text: in the body, never in a log), the agent's login ("" when nobody was
    // assigned) and whether it replaced an earlier rating.
    int rating = 0;
    QString comment;
    QString agentLogin;
    bool replaced = false;

    static WebhookEvent conversationCreated(const ConversationRecord &conversation);
    static WebhookEvent messageCreated(const StoredMessage &message);
    static WebhookEvent conversationClosed(const QString &conversationId, qint64 latestSeq,
        qint64 timeMs, const QString &reason = QString());
    static WebhookEvent conversationRated(const RatingOutcome &outcome, const QString &agentLogin);

    // "conversation.created", "message.created", "conversation.closed" or "conversation.rated".
    QString typeName() const;
    // Compact JSON, e.g. {"type":"message.created","conversation":"...","seq":13,
    // "time":"2026-11-27T09:30:00.123Z","kind":"text","from":{"role":"customer","name":"Ann"},
    // "text":"Hello","trace_id":"..."}; these bytes are what is signed.
    QByteArray toJson() const;
};

} // namespace switchboard::server
