#pragma once

#include "expected.h"
#include "protocol.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>
#include <variant>

// The client half of the protocol, receiving side: every frame the server sends (the
// encoders in servermessage.h), decoded and checked. The fields a client acts on are typed;
// the records it only shows (a message, a conversation, a search hit, a staff account, a
// report, an audit entry) stay JSON objects for the console's own types to read.
namespace switchboard::protocol {

struct WelcomeFrame {
    Role role = Role::Customer;
    QString token;
    std::optional<int> heartbeatSeconds;
    QString node;
    QStringList endpoints; // every node's WebSocket URL, as advertised
    // Staff: the account and the server's routing, when given (older servers leave them out).
    QString login;
    QString name;
    std::optional<bool> receivesChats;
    std::optional<RoutingMode> routing;
    QList<QJsonObject> conversations; // staff
    QJsonObject conversation; // customers
};

struct AckFrame {
    QString clientId;
    QString conversation;
    qint64 seq = 0;
    qint64 timestampMs = 0;
    bool duplicate = false;
};

struct MessageFrame {
    QString conversation;
    qint64 seq = 0;
    QJsonObject message; // the whole frame, as docs/protocol.md lists its fields
};

struct ErrorFrame {
    QString code; // a string, not ErrorCode: a newer server may send codes this one lacks
    QString message;
    QString ref;
};

struct SyncedFrame {
    QString conversation;
    qint64 seq = 0;
    QString epoch;
    bool complete = true;
    bool recovered = true;
};

struct HistoryFrame {
    QString conversation;
    QList<QJsonObject> messages;
    bool hasMore = false;
};

struct CustomerConversationsFrame {
    QString conversation;
    QList<QJsonObject> conversations;
};

struct AssignedFrame {
    QJsonObject conversation;
};

// `conversation`: one conversation changed (state, agent, queue position ...).
struct ConversationFrame {
    QJsonObject conversation;
};

struct UnassignedFrame {
    QString conversation;
    QString reason;
};

struct ReceiptFrame {
    ReceiptKind kind = ReceiptKind::Delivered;
    QString conversation;
    qint64 seq = 0;
    Role by = Role::Customer;
};

struct TypingFrame {
    QString conversation;
    bool active = false;
    Role by = Role::Customer;
};

struct StatusFrame {
    AgentStatus state = AgentStatus::Available;
};

struct PongFrame { };

struct SearchResultsFrame {
    QString request;
    QList<QJsonObject> hits;
    qint64 total = 0;
    bool totalCapped = false;
    bool hasMore = false;
};

struct ExportChunkFrame {
    QJsonObject chunk; // the whole frame
};

struct ReportsFrame {
    QJsonObject report; // the whole frame
};

struct AuditFrame {
    QString request;
    QList<QJsonObject> entries;
    bool hasMore = false;
};

struct StaffListFrame {
    QString request;
    QList<QJsonObject> accounts;
};

struct StaffChangedFrame {
    QString request; // empty: another supervisor's change
    QString change; // "added", "updated", "password" or "removed"
    QJsonObject account;
};

// `metrics` and `alert` frames for supervisors, passed on as the server sent them.
struct SupervisorFrame {
    QString type;
    QJsonObject frame;
};

// A type this client does not know: ignored, as docs/protocol.md asks of clients.
struct UnknownFrame {
    QString type;
};

using ServerMessage = std::variant<WelcomeFrame, AckFrame, MessageFrame, ErrorFrame, SyncedFrame,
    HistoryFrame, CustomerConversationsFrame, AssignedFrame, ConversationFrame, UnassignedFrame,
    ReceiptFrame, TypingFrame, StatusFrame, PongFrame, SearchResultsFrame, ExportChunkFrame,
    ReportsFrame, AuditFrame, StaffListFrame, StaffChangedFrame, SupervisorFrame, UnknownFrame>;

// Decodes one text frame from the server. The error says what is wrong in one line (the
// frame's type and the field), never quoting message text.
Expected<ServerMessage, QString> decodeServerMessage(const QByteArray &utf8);

} // namespace switchboard::protocol
