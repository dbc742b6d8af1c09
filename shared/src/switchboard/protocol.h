#pragma once

#include <QString>
#include <optional>

// Names and limits of protocol v1 (docs/protocol.md).
namespace switchboard::protocol {

inline constexpr int version = 1;
inline constexpr int defaultPort = 8420;
inline constexpr qint64 defaultMaxMessageBytes = 64 * 1024;
inline constexpr int maxClientIdLength = 64;
inline constexpr int maxTextLength = 8000;
inline constexpr int defaultSyncLimit = 500;
inline constexpr int maxSyncLimit = 1000;
inline constexpr int defaultHistoryLimit = 50;
inline constexpr int maxHistoryLimit = 500;
// customer_conversations: how many of a visitor's other conversations one answer lists.
inline constexpr int defaultCustomerConversationsLimit = 20;
inline constexpr int maxCustomerConversationsLimit = 100;
// A staff welcome lists at most this many queued conversations (the longest-waiting); the rest
// come on request with queue_page, at most maxQueuePageLimit at a time.
inline constexpr int welcomeQueueLimit = 200;
inline constexpr int defaultQueuePageLimit = 200;
inline constexpr int maxQueuePageLimit = 500;
inline constexpr int maxProfileFieldLength = 256; // name, e-mail, team, login
inline constexpr int maxPageLength = 2048;
// History requests (search, export, reports, audit): docs/protocol.md, "History".
inline constexpr int maxRequestIdLength = 64;
inline constexpr int maxSearchTextLength = 200;
inline constexpr int defaultSearchLimit = 50;
inline constexpr int maxSearchLimit = 200;
inline constexpr int maxSearchOffset = 10000;
inline constexpr int maxSearchTotal = 10000; // total counts stop here (total_capped)
inline constexpr int maxSearchSnippetLength = 200;
inline constexpr int defaultAuditLimit = 100;
inline constexpr int maxAuditLimit = 500;
inline constexpr int maxAuditOffset = 1000000;
inline constexpr int maxUtcOffsetMinutes = 840;
inline constexpr int maxExportCursorLength = 512;
// Staff accounts (docs/protocol.md, "Staff accounts"): logins, passwords and teams.
inline constexpr int maxLoginLength = 64;
inline constexpr int minPasswordLength = 8; // code points
inline constexpr int maxPasswordLength = 1024; // bounds the work one hash costs
inline constexpr int maxTeamsPerAccount = 50;
// Customer satisfaction (docs/protocol.md, "Rating a conversation"): a rating from 1 to 5 with
// an optional comment, which the customer may replace for ten minutes after the first one.
inline constexpr int minRating = 1;
inline constexpr int maxRating = 5;
inline constexpr int maxRatingCommentLength = 1000;
inline constexpr qint64 ratingChangeWindowMs = 10 * 60 * 1000;

enum class Role { Customer, Agent, Supervisor, System };
// Attachment: a file uploaded over HTTP (POST /attachments), never sent with `send`.
enum class MessageKind { Text, Note, Event, Attachment };
enum class ConversationState { Queued, Assigned, Closed };
enum class AgentStatus { Available, Away };
enum class ReceiptKind { Delivered, Read };
enum class RoutingMode { LeastLoaded, RoundRobin, Manual };
enum class ExportFormat { Csv, Jsonl };

enum class ErrorCode {
    BadRequest,
    UnsupportedVersion,
    Unauthenticated,
    Forbidden,
    NotFound,
    RateLimited,
    Overloaded,
    Unavailable,
    Conflict, // staff accounts: a taken login, removing oneself or the last supervisor
    Internal,
};

// WebSocket close codes used by the protocol (RFC 6455 plus the 4xxx private range).
namespace close {
inline constexpr int normal = 1000;
inline constexpr int goingAway = 1001;
inline constexpr int protocolError = 1002;
inline constexpr int unsupportedData = 1003;
inline constexpr int invalidPayload = 1007;
inline constexpr int policy = 1008;
inline constexpr int tooLarge = 1009;
inline constexpr int internalError = 1011;
inline constexpr int tryAgainLater = 1013;
inline constexpr int helloTimeout = 4000;
inline constexpr int idle = 4001;
} // namespace close

QString roleName(Role role);
std::optional<Role> roleFromName(const QString &name);
QString kindName(MessageKind kind);
std::optional<MessageKind> kindFromName(const QString &name);
QString stateName(ConversationState state);
std::optional<ConversationState> stateFromName(const QString &name);
QString statusName(AgentStatus status);
QString receiptName(ReceiptKind kind);
QString routingModeName(RoutingMode mode);
std::optional<RoutingMode> routingModeFromName(const QString &name);
QString errorCodeName(ErrorCode code);
QString exportFormatName(ExportFormat format);
std::optional<ExportFormat> exportFormatFromName(const QString &name);
// The audit log's actions (docs/protocol.md, "Audit log"); anything else is not one.
bool isAuditAction(const QString &action);
// 1 to 64 characters of A-Z a-z 0-9 . _ -
bool isValidLogin(const QString &login);
// Why a new password is unacceptable (empty, shorter than 8 or longer than 1024 code points),
// or an empty string when it will do. Never repeats the password.
QString newPasswordProblem(const QString &password);
// Why a team name is unacceptable (empty, surrounding spaces, a comma, too long), or "".
QString teamNameProblem(const QString &team);

// Agents and supervisors are both "staff": they log in, may write notes and see notes.
inline bool isStaff(Role role)
{
    return role == Role::Agent || role == Role::Supervisor;
}

} // namespace switchboard::protocol
