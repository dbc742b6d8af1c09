#pragma once

#include <QMetaType>
#include <QString>
#include <switchboard/protocol.h>
#include <switchboard/servermessage.h>

namespace switchboard::ui {

// Where one of our own messages stands; the customer's receipts move it forward.
enum class DeliveryState { None, Pending, Sent, Delivered, Read };

// One message of a transcript: from the wire (seq > 0) or typed here and not acked yet (seq 0).
struct ChatMessage {
    QString conversation;
    qint64 seq = 0;
    QString clientId;
    protocol::MessageKind kind = protocol::MessageKind::Text;
    protocol::Role fromRole = protocol::Role::Customer;
    QString fromName;
    QString text;
    qint64 timestampMs = 0;

    bool isPending() const { return seq == 0; }
    static ChatMessage fromView(const protocol::MessageView &view);
};

} // namespace switchboard::ui

Q_DECLARE_METATYPE(switchboard::ui::ChatMessage)
