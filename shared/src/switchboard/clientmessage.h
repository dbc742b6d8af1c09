#pragma once

#include "expected.h"
#include "protocol.h"

#include <QByteArray>
#include <QString>
#include <optional>
#include <variant>

// Messages a client sends, decoded and validated. The decoder checks shape and limits only;
// whether the sender may do it is the router's business.
namespace switchboard::protocol {

struct HelloMessage {
    Role role = Role::Customer;
    std::optional<QString> token; // resume an earlier session
    QString login; // staff sign-in by password
    QString password;
    QString name; // customer profile, all optional
    QString email;
    QString page;
    QString team;
};

struct SendMessage {
    QString conversation; // empty: the customer's own conversation
    QString clientId;
    QString text;
    MessageKind kind = MessageKind::Text;
};

struct ReceiptMessage {
    ReceiptKind kind = ReceiptKind::Delivered;
    QString conversation;
    qint64 seq = 0;
};

struct TypingMessage {
    QString conversation;
    bool active = false;
};

struct SyncMessage {
    QString conversation;
    qint64 afterSeq = 0;
    std::optional<QString> epoch;
    int limit = defaultSyncLimit;
};

struct HistoryMessage {
    QString conversation;
    std::optional<qint64> beforeSeq; // absent: the newest page
    int limit = defaultHistoryLimit;
};

// Staff: the other conversations of the visitor behind `conversation`, newest first.
struct CustomerConversationsMessage {
    QString conversation;
    int limit = defaultCustomerConversationsLimit;
};

struct StatusMessage {
    AgentStatus state = AgentStatus::Available;
};

struct AcceptMessage {
    QString conversation;
};

struct TransferMessage {
    QString conversation;
    QString toAgent; // exactly one of toAgent / toTeam is set
    QString toTeam;
};

struct CloseMessage {
    QString conversation;
};

struct PingMessage { };

struct SubscribeMessage {
    QString topic;
};

struct MonitorMessage {
    QString conversation;
};

using ClientMessage = std::variant<HelloMessage, SendMessage, ReceiptMessage, TypingMessage,
    SyncMessage, HistoryMessage, StatusMessage, AcceptMessage, TransferMessage, CloseMessage,
    PingMessage, SubscribeMessage, MonitorMessage, CustomerConversationsMessage>;

struct DecodeError {
    ErrorCode code = ErrorCode::BadRequest;
    QString message; // human-readable, never echoes message text or secrets
    QString ref; // the client_id when one could be read
};

// Decodes one text frame. Unknown extra fields are ignored, as PROTOCOL.md requires.
Expected<ClientMessage, DecodeError> decodeClientMessage(const QByteArray &utf8);

// The protocol `type` of a decoded message, for metrics and logs.
QString messageTypeName(const ClientMessage &message);

bool isValidClientId(const QString &clientId);

} // namespace switchboard::protocol
