#pragma once

#include "expected.h"
#include "protocol.h"
#include "servermessage.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>
#include <variant>

// The client half of the protocol, receiving side: every frame the server sends (the
// encoders in servermessage.h), decoded and checked into the same view structs the server
// encodes from. Messages and conversations are typed; the records only supervisors' and
// search windows show (a search hit, a staff account, a report, an audit entry, a past
// conversation) stay JSON objects for the console's own types to read. Names of kinds,
// roles and states this client does not know read as text, system and queued, so a newer
// server's additions do not make its frames unreadable.
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
    QList<ConversationView> conversations; // staff
    // Staff: how many queued conversations they may see in all, listed or not (a long queue is
    // listed in part, the rest by queue_page). Absent from older servers, which list them all.
    std::optional<int> queueTotal;
    ConversationView conversation; // customers
};

struct AckFrame {
    QString clientId;
    QString conversation;
    qint64 seq = 0;
    qint64 timestampMs = 0;
    bool duplicate = false;
};

struct MessageFrame {
    MessageView message;
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
    QList<MessageView> messages;
    bool hasMore = false;
};

struct CustomerConversationsFrame {
    QString conversation;
    QList<QJsonObject> conversations;
};

struct AssignedFrame {
    ConversationView conversation;
};

// `conversation`: one conversation changed (state, agent, queue position ...).
struct ConversationFrame {
    ConversationView conversation;
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

// A customer rated a closed conversation (or replaced its rating).
struct RatingFrame {
    RatingView rating;
};

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

// The answer to queue_page: the next queued conversations, how many in all, and whether more
// follow the last one listed.
struct QueuePageFrame {
    QString request;
    QList<ConversationView> conversations;
    int total = 0;
    bool more = false;
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
    ReportsFrame, AuditFrame, StaffListFrame, StaffChangedFrame, QueuePageFrame, SupervisorFrame,
    RatingFrame, UnknownFrame>;

// Decodes one text frame from the server. The error says what is wrong in one line (the
// frame's type and the field), never quoting message text.
Expected<ServerMessage, QString> decodeServerMessage(const QByteArray &utf8);

} // namespace switchboard::protocol
