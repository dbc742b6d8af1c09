#pragma once

#include "protocol.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <optional>

// Encoders for everything the server sends. Each returns one compact JSON text frame.
namespace switchboard::protocol {

struct MessageView {
    QString conversation;
    qint64 seq = 0;
    QString clientId;
    MessageKind kind = MessageKind::Text;
    Role fromRole = Role::Customer;
    QString fromName;
    QString text;
    qint64 timestampMs = 0;
    QString traceId;
};

struct CustomerView {
    QString name;
    QString email;
    QString page;
    bool online = false;
};

struct ConversationView {
    QString id;
    qint64 seq = 0;
    QString epoch;
    ConversationState state = ConversationState::Queued;
    QString team;
    std::optional<int> queuePosition; // customers; queued conversations for staff
    std::optional<CustomerView> customer; // staff only
    std::optional<int> unread; // staff only
    QString agentName; // who is serving, when assigned
    QString agentLogin; // staff only
    qint64 createdMs = 0;
    qint64 waitingSinceMs = 0;
    QString closedReason; // "missed" or "idle" when the server closed it for that
};

// One of a visitor's other conversations, for the agent console's customer panel.
struct PastConversationView {
    QString id;
    ConversationState state = ConversationState::Closed;
    QString team;
    qint64 createdMs = 0;
    qint64 closedMs = 0; // 0: still open
    QString agentLogin; // empty: nobody was ever assigned
    QString agentName;
    qint64 messages = 0; // customer and agent text messages; no notes, no system events
    QString lastText; // the newest such message, cut to maxPastPreviewLength
};

inline constexpr int maxPastPreviewLength = 160;

// A customer's rating of a closed conversation (CSAT), as the customer and the conversation's
// agent receive it.
struct RatingView {
    QString conversation;
    int rating = 0;
    QString comment;
    qint64 ratedMs = 0; // when it was given (last replaced)
    qint64 changeableUntilMs = 0; // after this it is final
};

struct StaffProfile {
    QString login;
    QString name;
    Role role = Role::Agent;
    QStringList teams;
    // Whether new conversations are assigned to this account, and how the server routes:
    // together they say whether chats come by themselves or are accepted by hand.
    bool receivesChats = true;
    RoutingMode routing = RoutingMode::LeastLoaded;
};

// One staff account as supervisors manage it (staff, staff_changed).
struct StaffAccountView {
    QString login;
    QString name;
    Role role = Role::Agent;
    QStringList teams;
    bool receivesChats = true;
    bool online = false;
    qint64 createdMs = 0;
};

// What a staff request changed: "added", "updated", "password" or "removed".
enum class StaffChange { Added, Updated, Password, Removed };

// One hit of a search: a message (kind set) or, for a search without text, a conversation.
struct SearchHitView {
    QString conversation;
    qint64 seq = 0;
    qint64 timestampMs = 0;
    std::optional<MessageKind> kind;
    std::optional<Role> fromRole; // absent: no sender to show (a conversation without text)
    QString fromName;
    QString snippet;
    QList<QPair<int, int>> highlights; // [offset, length] in UTF-16 units inside snippet
    ConversationState state = ConversationState::Queued;
    QString team;
    QString customerName;
    QString customerEmail;
    QString agentLogin; // empty: nobody assigned
    QString agentName;
    qint64 createdMs = 0;
};

struct SearchResultsView {
    QString request;
    qint64 total = 0;
    bool totalCapped = false;
    bool hasMore = false;
    QList<SearchHitView> hits;
};

struct AuditEntryView {
    qint64 id = 0;
    qint64 timestampMs = 0;
    QString actor;
    QString actorRole;
    QString action;
    QString target;
    QJsonObject detail;
    QString address;
};

QJsonObject messageObject(const MessageView &message);
QJsonObject conversationObjectForCustomer(const ConversationView &conversation);
QJsonObject conversationObjectForStaff(const ConversationView &conversation);

// `endpoints`: every node's public WebSocket URL, for failover; left out when empty.
// `previous`: the visitor's conversation that closed before this one started (a returning
// visitor sees its missed chat); left out when none.
QByteArray encodeWelcomeCustomer(const QString &token, int heartbeatSeconds, const QString &node,
    const ConversationView &conversation, const QStringList &endpoints = {},
    const std::optional<ConversationView> &previous = std::nullopt);
QByteArray encodeWelcomeStaff(const QString &token, int heartbeatSeconds, const QString &node,
    const StaffProfile &profile, const QList<ConversationView> &conversations,
    const QStringList &endpoints = {}, int queueTotal = -1);
// The answer to queue_page: queued conversations for staff, how many the staff member may see
// in all, and whether more follow the last one listed.
QByteArray encodeQueuePage(
    const QString &request, const QList<ConversationView> &conversations, int total, bool more);
QByteArray encodeAck(const QString &clientId, const QString &conversation, qint64 seq,
    qint64 timestampMs, bool duplicate);
QByteArray encodeMessage(const MessageView &message);
QByteArray encodeReceipt(ReceiptKind kind, const QString &conversation, qint64 seq, Role by);
QByteArray encodeTyping(const QString &conversation, bool active, Role by);
QByteArray encodeSynced(
    const QString &conversation, qint64 seq, const QString &epoch, bool complete, bool recovered);
QByteArray encodeHistory(
    const QString &conversation, const QList<MessageView> &messages, bool hasMore);
QByteArray encodeCustomerConversations(
    const QString &conversation, const QList<PastConversationView> &conversations);
QByteArray encodeAssigned(const ConversationView &conversation);
QByteArray encodeUnassigned(const QString &conversation, const QString &reason);
QByteArray encodeConversationForCustomer(const ConversationView &conversation);
QByteArray encodeConversationForStaff(const ConversationView &conversation);
QByteArray encodeStatus(AgentStatus status);
QByteArray encodeRating(const RatingView &rating);
QByteArray encodeError(ErrorCode code, const QString &message, const QString &ref = {});
// An error that says when to try again: `retry_after_s`, whole seconds (at least 1).
QByteArray encodeRetryLater(ErrorCode code, const QString &message, qint64 retryAfterMs);
QByteArray encodePong();
QByteArray encodeSearchResults(const SearchResultsView &results);
QByteArray encodeAudit(const QString &request, const QList<AuditEntryView> &entries, bool hasMore);
QByteArray encodeStaffList(const QString &request, const QList<StaffAccountView> &accounts);
QByteArray encodeStaffChanged(
    const QString &request, StaffChange change, const StaffAccountView &account);
QString staffChangeName(StaffChange change);

QByteArray toFrame(const QJsonObject &object);

} // namespace switchboard::protocol
