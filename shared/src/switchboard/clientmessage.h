#pragma once

#include "expected.h"
#include "protocol.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
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

// Staff: the queued conversations they may see after queue position `afterPosition` (positions
// count the whole queue, as queue_position does), longest-waiting first.
struct QueuePageMessage {
    QString request;
    int afterPosition = 0;
    int limit = defaultQueuePageLimit;
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

// A customer rates its own closed conversation (CSAT); a repeat within the change window
// replaces the rating.
struct RateMessage {
    QString conversation;
    int rating = 0; // minRating to maxRating
    QString comment; // optional, at most maxRatingCommentLength characters
};

struct PingMessage { };

struct SubscribeMessage {
    QString topic;
};

struct MonitorMessage {
    QString conversation;
};

// History requests (docs/protocol.md, "History"). `request` is the client's optional id,
// echoed in the answer and in an error's `ref`. A range is from (inclusive) to (exclusive);
// an absent end is open.
struct TimeRange {
    std::optional<qint64> fromMs;
    std::optional<qint64> toMs;
};

// Staff: messages (with `text`) or conversations (without) matching every filter given.
struct SearchMessage {
    QString request;
    QString text; // empty: list conversations instead of messages
    TimeRange range; // message time with `text`, creation time without
    QString agent; // assigned agent's login; empty: any
    QString team;
    QString customer; // substring of the customer's name or e-mail
    std::optional<ConversationState> state;
    int limit = defaultSearchLimit;
    int offset = 0;
};

// Supervisors: one chunk of a range export; the next chunk repeats it with the cursor.
struct ExportMessage {
    QString request;
    ExportFormat format = ExportFormat::Csv;
    TimeRange range; // conversation creation time
    std::optional<QString> cursor; // absent or null: start the export
};

// Supervisors: response, resolution and queue figures over conversations created in a range.
struct ReportsMessage {
    QString request;
    TimeRange range;
    int utcOffsetMinutes = 0; // the shop's calendar day for by_day
};

// Supervisors: audit log entries, newest first.
struct AuditMessage {
    QString request;
    TimeRange range;
    std::optional<QString> actor; // present (even ""): only this actor
    QString action; // empty: any
    int limit = defaultAuditLimit;
    int offset = 0;
};

// Staff accounts, supervisors only (docs/protocol.md, "Staff accounts"). `request` is echoed
// like the history requests'. Passwords travel only inside these structs: never log them.
struct StaffListMessage {
    QString request;
};

struct StaffAddMessage {
    QString request;
    QString login;
    QString name; // empty: the login
    Role role = Role::Agent;
    QStringList teams;
    QString password;
    std::optional<bool> receivesChats; // absent: agents yes, supervisors no
};

// Only the fields given change.
struct StaffUpdateMessage {
    QString request;
    QString login;
    std::optional<QString> name;
    std::optional<Role> role;
    std::optional<QStringList> teams;
    std::optional<bool> receivesChats;
};

struct StaffPasswordMessage {
    QString request;
    QString login;
    QString password;
};

struct StaffRemoveMessage {
    QString request;
    QString login;
};

using ClientMessage = std::variant<HelloMessage, SendMessage, ReceiptMessage, TypingMessage,
    SyncMessage, HistoryMessage, StatusMessage, AcceptMessage, TransferMessage, CloseMessage,
    PingMessage, SubscribeMessage, MonitorMessage, CustomerConversationsMessage, SearchMessage,
    ExportMessage, ReportsMessage, AuditMessage, StaffListMessage, StaffAddMessage,
    StaffUpdateMessage, StaffPasswordMessage, StaffRemoveMessage, QueuePageMessage, RateMessage>;

struct DecodeError {
    ErrorCode code = ErrorCode::BadRequest;
    QString message; // human-readable, never echoes message text or secrets
    QString ref; // the client_id when one could be read
};

// Decodes one text frame. Unknown extra fields are ignored, as the protocol requires.
Expected<ClientMessage, DecodeError> decodeClientMessage(const QByteArray &utf8);

// The same for a frame as QtWebSockets hands it over: the frequent flat frames (send,
// delivered, read, typing, ping) are read straight from the QString, everything else through
// decodeClientMessage(). Both give the same result for the same frame (tst_clientcodec).
Expected<ClientMessage, DecodeError> decodeClientFrame(const QString &text);

// The first half of decodeClientFrame(): nothing when the frame is not one it reads.
std::optional<Expected<ClientMessage, DecodeError>> decodeFrequentClientMessage(QStringView text);

// The protocol `type` of a decoded message, for metrics and logs.
QString messageTypeName(const ClientMessage &message);

bool isValidClientId(const QString &clientId);

} // namespace switchboard::protocol
