#pragma once

#include "records.h"
#include "transactionretry.h"

#include <optional>
#include <switchboard/expected.h>

namespace switchboard::server {

template<typename T> using StoreResult = Expected<T, StorageError>;

// The durable state of one Switchboard deployment. An implementation is used from exactly one
// thread at a time (its connection belongs to that thread); StorageService gives each thread
// its own instance. Writes happen inside begin()/commit(); each request in a group commit runs
// inside its own savepoint so one failure does not undo its neighbours.
class Store {
public:
    virtual ~Store() = default;

    // Opens (creating if needed) and migrates. Refuses a database written by a newer version.
    virtual StoreResult<Done> open() = 0;
    virtual void close() = 0;
    virtual QString backendName() const = 0;

    virtual StoreResult<Done> begin() = 0;
    virtual StoreResult<Done> commit() = 0;
    virtual void rollback() = 0;
    virtual StoreResult<Done> savepoint() = 0;
    virtual StoreResult<Done> releaseSavepoint() = 0;
    virtual void rollbackToSavepoint() = 0;

    // Copies what the write-ahead log holds into the database file without blocking writers;
    // false when the backend has no such step (PostgreSQL checkpoints on its own).
    virtual StoreResult<bool> checkpoint() { return false; }
    // From now on this connection's commits leave checkpoints to checkpoint() elsewhere.
    virtual void leaveCheckpointsToOthers() { }

    // Locks the rows of these conversations (sorted, no duplicates) for the rest of the
    // transaction, in that order. The writer calls it first in each group transaction with
    // every conversation the group's jobs will lock, so two nodes' groups never take the same
    // rows in opposite orders (PostgreSQL's 40P01). SQLite's writers are serialised whole by
    // BEGIN IMMEDIATE: nothing to do.
    virtual StoreResult<Done> lockConversations(const QStringList &sortedIds)
    {
        Q_UNUSED(sortedIds);
        return Done {};
    }
    // Locks those of these conversations that no other transaction holds, without waiting,
    // and returns them (with those this transaction already holds). For writes that may wait
    // for a later group, such as receipts, so they never hold a group up behind another node's.
    virtual StoreResult<QStringList> lockThoseFree(const QStringList &ids) { return ids; }

    // How a transaction this database undid whole (40001/40P01) is run again, by the store
    // itself and by the writer's group commits.
    virtual RetryPolicy retryPolicy() const { return {}; }

    // A cheap write that proves the database accepts commits (for /readyz).
    virtual StoreResult<Done> probeWrite() = 0;

    // Users (staff accounts).
    virtual StoreResult<UserRecord> createUser(const UserRecord &user) = 0;
    virtual StoreResult<std::optional<UserRecord>> findUserByLogin(const QString &login) = 0;
    virtual StoreResult<std::optional<UserRecord>> findUserById(qint64 id) = 0;
    virtual StoreResult<QList<UserRecord>> listUsers() = 0;
    virtual StoreResult<bool> removeUser(const QString &login) = 0; // false: no such user
    virtual StoreResult<bool> setPasswordHash(const QString &login, const QByteArray &hash) = 0;
    // Writes name, role, teams and receivesChats of the account with user.id; false: no such user.
    virtual StoreResult<bool> updateUser(const UserRecord &user) = 0;

    // Tokens are stored only as digests (ids::tokenDigest).
    virtual StoreResult<Done> insertToken(
        const QByteArray &digest, const TokenSubject &subject, qint64 createdMs, qint64 expiresMs)
        = 0;
    virtual StoreResult<std::optional<TokenSubject>> findToken(
        const QByteArray &digest, qint64 nowMs)
        = 0;
    virtual StoreResult<Done> revokeTokens(const TokenSubject &subject) = 0;

    // Customers (visitors).
    virtual StoreResult<CustomerRecord> createCustomer(const CustomerRecord &customer) = 0;
    virtual StoreResult<std::optional<CustomerRecord>> findCustomer(qint64 id) = 0;
    virtual StoreResult<Done> updateCustomerProfile(const CustomerRecord &customer) = 0;

    // Conversations.
    virtual StoreResult<ConversationRecord> createConversation(
        qint64 customerId, const QString &team, const QString &epoch, qint64 nowMs)
        = 0;
    virtual StoreResult<std::optional<ConversationRecord>> findConversation(const QString &id) = 0;
    // The customer's newest conversation, any state.
    virtual StoreResult<std::optional<ConversationRecord>> latestConversationOfCustomer(
        qint64 customerId)
        = 0;
    // The customer's conversations except `exceptId`, newest first, at most `limit`.
    virtual StoreResult<QList<ConversationSummary>> conversationsOfCustomer(
        qint64 customerId, const QString &exceptId, int limit)
        = 0;
    // Every queued or assigned conversation with its customer and unread seqs, oldest first.
    virtual StoreResult<QList<ConversationRecord>> openConversations() = 0;
    virtual StoreResult<Done> applyRoutingChange(const RoutingChange &change) = 0;
    // Gives the conversation `newEpoch` if its epoch is still `expectedEpoch` (its stored
    // history can no longer continue what clients saw: a restored backup), and returns the
    // epoch it has now, so two callers racing rotate it once.
    virtual StoreResult<QString> rotateEpoch(
        const QString &conversationId, const QString &expectedEpoch, const QString &newEpoch)
        = 0;

    // Messages. appendMessage assigns the next seq, or returns the earlier commit of the same
    // (conversation, sender, client_id) with duplicate = true.
    virtual StoreResult<AppendResult> appendMessage(const NewMessage &message) = 0;
    virtual StoreResult<MessagePage> messagesAfter(
        const QString &conversationId, qint64 afterSeq, int limit, bool includeNotes)
        = 0;
    // The newest `limit` messages with seq < beforeSeq (0: from the newest), oldest first.
    virtual StoreResult<MessagePage> messagesBefore(
        const QString &conversationId, qint64 beforeSeq, int limit, bool includeNotes)
        = 0;

    // Cumulative receipts only move forward; an older seq changes nothing.
    virtual StoreResult<Done> recordReceipt(
        const QString &conversationId, ReceiptSide side, protocol::ReceiptKind kind, qint64 seq)
        = 0;

    // Customer satisfaction: stores the customer's rating of its closed conversation, or
    // replaces it within the change window; refusals are outcomes, not errors.
    virtual StoreResult<RatingOutcome> rateConversation(const NewRating &rating) = 0;
    virtual StoreResult<std::optional<StoredRating>> findRating(const QString &conversationId) = 0;

    // Attachments: the upload stores the row beside its message, in the same transaction.
    virtual StoreResult<Done> insertAttachment(const StoredAttachment &attachment) = 0;
    // With its bytes when withContent; nullopt when there is no such attachment.
    virtual StoreResult<std::optional<StoredAttachment>> findAttachment(
        const QString &id, bool withContent)
        = 0;

    // Webhook outbox: events persisted before delivery, so a restart loses none.
    // enqueueWebhook ignores delivery.id and returns the row with its new id.
    virtual StoreResult<WebhookDelivery> enqueueWebhook(const WebhookDelivery &delivery) = 0;
    // Rows with nextAttemptMs <= nowMs, earliest first, at most `limit`.
    virtual StoreResult<QList<WebhookDelivery>> dueWebhooks(qint64 nowMs, int limit) = 0;
    // Records a failed attempt and when to try again. NotFound when the row is gone.
    virtual StoreResult<Done> markWebhookAttempt(
        qint64 id, int attempts, qint64 nextAttemptMs, const QString &error)
        = 0;
    // Removes a delivered row. NotFound when the row is gone.
    virtual StoreResult<Done> deleteWebhook(qint64 id) = 0;
    // Moves an outbox row to the dead letters, keeping its id and attempts. NotFound when the
    // row is not in the outbox.
    virtual StoreResult<Done> moveToDeadLetters(qint64 id, const QString &error, qint64 nowMs) = 0;
    // Oldest failure first.
    virtual StoreResult<QList<DeadLetter>> listDeadLetters() = 0;
    virtual StoreResult<qint64> deadLetterCount() = 0;
    // Moves a dead letter back to the outbox, due now with attempts 0. NotFound when unknown.
    virtual StoreResult<Done> replayDeadLetter(qint64 id, qint64 nowMs) = 0;
    // Deletes every dead letter; returns how many there were.
    virtual StoreResult<qint64> purgeDeadLetters() = 0;

    // Full-text and filtered search over conversations, within the asker's scope.
    virtual StoreResult<SearchPage> search(const SearchQuery &query) = 0;
    // Adds up to `limit` messages committed since the last call to the full-text index, in
    // its own transaction, and returns how many it added. A store whose index follows every
    // commit by itself (PostgreSQL) has nothing to catch up.
    virtual StoreResult<int> catchUpSearchIndex(int limit)
    {
        Q_UNUSED(limit);
        return 0;
    }

    // Audit log: append-only. appendAudit ignores entry.id and returns the stored entry.
    virtual StoreResult<AuditEntry> appendAudit(const AuditEntry &entry) = 0;
    // Newest first (by id), `offset` entries skipped, at most `limit`.
    virtual StoreResult<AuditPage> listAudit(const AuditFilter &filter) = 0;
};

} // namespace switchboard::server
