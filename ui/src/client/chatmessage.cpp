#include "chatmessage.h"

#include "timestamp.h"

using namespace Qt::StringLiterals;

namespace switchboard::ui {

ChatMessage ChatMessage::fromJson(const QJsonObject &object)
{
    ChatMessage message;
    message.conversation = object.value(u"conversation"_s).toString();
    message.seq = object.value(u"seq"_s).toInteger();
    message.clientId = object.value(u"client_id"_s).toString();
    message.kind = protocol::kindFromName(object.value(u"kind"_s).toString())
                       .value_or(protocol::MessageKind::Text);
    const QJsonObject from = object.value(u"from"_s).toObject();
    message.fromRole
        = protocol::roleFromName(from.value(u"role"_s).toString()).value_or(protocol::Role::System);
    message.fromName = from.value(u"name"_s).toString();
    message.text = object.value(u"text"_s).toString();
    message.timestampMs = parseTimestamp(object.value(u"ts"_s).toString());
    return message;
}

} // namespace switchboard::ui
