#include "chatmessage.h"

namespace switchboard::ui {

ChatMessage ChatMessage::fromView(const protocol::MessageView &view)
{
    ChatMessage message;
    message.conversation = view.conversation;
    message.seq = view.seq;
    message.clientId = view.clientId;
    message.kind = view.kind;
    message.fromRole = view.fromRole;
    message.fromName = view.fromName;
    message.text = view.text;
    message.timestampMs = view.timestampMs;
    return message;
}

} // namespace switchboard::ui
