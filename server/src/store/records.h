#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <optional>
#include <switchboard/protocol.h>

// Plain rows exchanged with a Store. No behaviour, no Qt objects: safe to pass between threads.
namespace switchboard::server {

using protocol::ConversationState;
using protocol::MessageKind;
using protocol::Role;

struct UserRecord {
    qint64 id = 0;
    QString login;
    QString name;
    Role role = Role::Agent;
    QStringList teams;
    QByteArray passwordHash; // argon2id, libsodium's crypto_pwhash_str format
    qint64 createdMs = 0;
    // Whether new conversations are assigned to this account automatically (SQLite schema 4,
    // PostgreSQL 5). Unset: the role's default, agents yes and supervisors no; a supervisor
    // running a one-person shop chooses yes.
    std::optional<bool> receivesChats = std::nullopt;

    bool receivesChatsNow() const { return receivesChats.value_or(role == Role::Agent); }
};

struct CustomerRecord {
    qint64 id = 0;
    QString name;
    QString email;
    QString page;
    qint64 createdMs = 0;
};

// Who a token belongs to: a staff user or a customer (visitor).
struct TokenSubject {
    enum class Kind { Staff, Customer };
    Kind kind = Kind::Customer;
    qint64 id = 0;
};

struct ConversationRecord {
    QString id;
    qint64 customerId = 0;
    CustomerRecord customer; // filled on reads that join the customer
    QString team;
    ConversationState state = ConversationState::Queued;
    qint64 agentId = 0; // 0: nobody
    qint64 seq = 0; // the latest committed seq
    QString epoch;
    qint64 createdMs = 0;
    qint64 queuedSinceMs = 0; // when it last entered the queue
    qint64 closedMs = 0;
    qint64 firstAssignedMs = 0; // the first assignment or accept; 0: never assigned
    qint64 firstResponseMs = 0; // the first `text` message by staff; 0: none yet
    // Why it closed when nobody closed it by hand: "missed" (the visitor left and no agent
    // answered) or "idle" (assigned, no message for idle-close-hours); empty otherwise.
    QString closeReason;
    // Cumulative receipts, per side.
    qint64 customerDeliveredSeq = 0;
    qint64 customerReadSeq = 0;
    qint64 agentDeliveredSeq = 0;
    qint64 agentReadSeq = 0;
    // seqs of customer messages after agentReadSeq (for unread counts), oldest first.
    QList<qint64> unreadCustomerSeqs;
};

// One of a visitor's conversations as the console's customer panel lists it.
struct ConversationSummary {
    QString id;
    ConversationState state = ConversationState::Closed;
    QString team;
    qint64 createdMs = 0;
    qint64 closedMs = 0;
    qint64 agentId = 0; // 0: nobody was ever assigned
    QString agentLogin; // empty when nobody, or the account is gone
    QString agentName;
    qint64 messageCount = 0; // text messages only: no notes, no system events
    QString lastText; // the newest text message, empty when there is none
};

// A message to commit. `senderKey` identifies the sender for de-duplication:
// "c:<customer id>", "u:<user id>" or "system".
struct NewMessage {
    QString conversationId;
    QString senderKey;
    Role senderRole = Role::Customer;
    QString senderName;
    QString clientId;
    MessageKind kind = MessageKind::Text;
    QString text;
    qint64 timestampMs = 0;
    QString traceId;
};

struct StoredMessage {
    QString conversationId;
    qint64 seq = 0;
    QString senderKey;
    Role senderRole = Role::Customer;
    QString senderName;
    QString clientId;
    MessageKind kind = MessageKind::Text;
    QString text;
    qint64 timestampMs = 0;
    QString traceId;
};

struct AppendResult {
    StoredMessage message;
    bool duplicate = false; // the client_id was committed before; nothing new was stored
};

struct MessagePage {
    QList<StoredMessage> messages; // oldest first
    bool hasMore = false;
    qint64 latestSeq = 0;
    QString epoch;
};

// What changed when a conversation moves between queue, agent and closed.
struct RoutingChange {
    QString conversationId;
    ConversationState state = ConversationState::Queued;
    qint64 agentId = 0;
    QString team;
    qint64 atMs = 0;
    // Compare-and-set: when given, the change applies only while the stored row still has
    // this state and agent, so two nodes deciding at once cannot both win (the loser gets
    // Conflict). Unset: applied whatever the row holds.
    std::optional<ConversationState> expectedState = std::nullopt;
    qint64 expectedAgentId = 0;
    // With state Closed: "missed", "idle" or empty (closed by someone); stored with the close.
    QString closeReason = QString();
};

enum class ReceiptSide { Customer, Agent };

// A customer's rating of its closed conversation (CSAT), to store or replace.
struct NewRating {
    QString conversationId;
    qint64 customerId = 0; // the customer rating it; must be the conversation's
    int rating = 0; // 1 to 5
    QString comment;
    qint64 nowMs = 0;
    // A rating given again within this long of the first one replaces it; after, it is final.
    qint64 changeWindowMs = 0;
};

// A conversation's stored rating, with what the router needs to tell its agent.
struct StoredRating {
    QString conversationId;
    int rating = 0;
    QString comment;
    qint64 firstRatedMs = 0;
    qint64 ratedMs = 0; // when this rating was given (the last replacement)
    qint64 agentId = 0; // the conversation's last agent; 0: nobody was assigned
    QString team;
};

// A file uploaded into a conversation (POST /attachments), with the message of kind
// 'attachment' (at `seq`) that announced it. Images are stored as re-encoded, without metadata.
struct StoredAttachment {
    QString id;
    QString conversationId;
    qint64 seq = 0;
    QString uploaderKey; // the sender key of its message ("c:<id>" or "u:<id>")
    QString fileName;
    QString mediaType;
    qint64 sizeBytes = 0;
    int width = 0; // images only; 0 otherwise
    int height = 0;
    QByteArray thumbnail; // a small JPEG, images only
    QByteArray content; // empty when read without it
    qint64 createdMs = 0;
};

// What became of a NewRating. Only Stored and Replaced wrote anything.
struct RatingOutcome {
    enum class Result { Stored, Replaced, NoSuchConversation, NotTheCustomer, NotClosed, Final };
    Result result = Result::Stored;
    StoredRating rating; // the rating stored now (for Final: the one that stays)
    qint64 latestSeq = 0; // the conversation's latest seq, for the webhook event
};

// A webhook event waiting in the outbox for (another) delivery attempt to one URL. The id is
// the delivery id receivers see; it stays the same across retries and a dead-letter replay.
struct WebhookDelivery {
    qint64 id = 0;
    QString url;
    QString eventType; // conversation.created, message.created, conversation.closed
    QByteArray body; // the exact JSON bytes that are signed and sent
    int attempts = 0; // attempts made so far
    qint64 nextAttemptMs = 0; // not sent before this time
    qint64 createdMs = 0;
    QString lastError; // of the latest failed attempt; empty before the first
};

// A webhook event whose last attempt failed; kept until replayed or purged.
struct DeadLetter {
    qint64 id = 0; // the delivery id it had in the outbox
    QString url;
    QString eventType;
    QByteArray body;
    int attempts = 0;
    QString lastError;
    qint64 createdMs = 0;
    qint64 failedMs = 0;
};

// One entry of the append-only audit log: who did what, when, from where. `detail` holds small
// facts (team, counts, format, range); never message text, passwords, tokens or e-mails.
struct AuditEntry {
    qint64 id = 0; // assigned by appendAudit, increasing
    qint64 timestampMs = 0;
    QString actor; // staff login, "customer", "system", "cli", or "" (an unknown login)
    QString actorRole; // agent, supervisor, customer, system, cli, or ""
    QString action; // one of protocol::isAuditAction
    QString target; // a conversation id, a login, ...
    QJsonObject detail;
    QString address; // the client's address, when there is a client
};

// Which audit entries to list: every given filter must hold. Newest first.
struct AuditFilter {
    std::optional<qint64> fromMs; // inclusive
    std::optional<qint64> toMs; // exclusive
    std::optional<QString> actor; // present (even ""): only this actor
    QString action; // empty: any
    int limit = 100;
    int offset = 0;
};

struct AuditPage {
    QList<AuditEntry> entries; // newest first
    bool hasMore = false;
};

// A search over stored conversations (docs/protocol.md, "Search"). With `text`, each hit is
// a text or note message matching every word; without, each hit is a conversation.
struct SearchQuery {
    QString text; // what the user typed; empty: list conversations by the other filters
    std::optional<qint64> fromMs; // message time with text, creation time without
    std::optional<qint64> toMs; // exclusive
    QString agentLogin; // the assigned agent; empty: any
    QString team;
    QString customer; // substring of the customer's name or e-mail, case-insensitive
    std::optional<ConversationState> state;
    int limit = 50;
    int offset = 0;
    // Who asks: a supervisor (everything) or an agent, who sees only the conversations it is
    // or was assigned (wrote in as staff), and those of its teams.
    bool everything = false;
    qint64 agentId = 0;
    QStringList agentTeams;
};

struct SearchHit {
    QString conversationId;
    qint64 seq = 0; // the message's; for a conversation hit, its latest
    qint64 timestampMs = 0;
    std::optional<MessageKind> kind; // absent for a conversation hit
    Role fromRole = Role::Customer; // the message's sender (the newest text's, for conversations)
    QString fromName;
    bool hasFrom = false;
    QString snippet; // at most protocol::maxSearchSnippetLength characters
    QList<QPair<int, int>> highlights; // [offset, length] in UTF-16 units inside snippet
    ConversationState state = ConversationState::Queued;
    QString team;
    QString customerName;
    QString customerEmail;
    QString agentLogin; // empty: nobody assigned
    QString agentName;
    qint64 createdMs = 0;
};

struct SearchPage {
    QList<SearchHit> hits; // newest first
    qint64 total = 0; // all hits in scope, counted up to protocol::maxSearchTotal
    bool totalCapped = false; // more than maxSearchTotal
    bool hasMore = false;
};

struct StorageError {
    enum class Kind {
        Unavailable, // cannot commit now (disk full, locked past busy timeout, database down)
        NotFound,
        Conflict, // a uniqueness rule refused the write (e.g. login taken)
        Corrupt, // the stored data cannot be used as is
        TooNew, // written by a newer Switchboard
        Invalid, // the request itself is wrong
    };
    StorageError() = default;
    StorageError(Kind errorKind, QString errorMessage, QString errorSqlState = {})
        : kind(errorKind)
        , message(std::move(errorMessage))
        , sqlState(std::move(errorSqlState))
    {
    }

    Kind kind = Kind::Unavailable;
    QString message;
    // The SQLSTATE when PostgreSQL reported one. 40001 (serialization failure) and 40P01
    // (deadlock) mean the whole transaction may succeed when run again.
    QString sqlState;
};

} // namespace switchboard::server
