#pragma once

#include "store.h"

#include <QSqlDatabase>
#include <QString>
#include <QVariantList>
#include <memory>
#include <unordered_map>

class QSqlError;
class QSqlQuery;

namespace switchboard::server {

struct SqliteOptions {
    bool synchronousFull = false; // FULL survives power loss; NORMAL (WAL) survives a crash
    int busyTimeoutMs = 5000; // how long a write waits for another writer's lock
};

// The single-node store: one SQLite file in WAL mode. One instance per thread, each with its
// own named QSqlDatabase connection, created in open() on the thread that uses it.
class SqliteStore final : public Store {
public:
    // The schema version this build writes; PRAGMA user_version holds the file's.
    static constexpr int schemaVersion = 3;

    SqliteStore(QString databasePath, QString connectionName, SqliteOptions options = {});
    ~SqliteStore() override;
    Q_DISABLE_COPY_MOVE(SqliteStore)

    StoreResult<Done> open() override;
    void close() override;
    QString backendName() const override;

    StoreResult<Done> begin() override;
    StoreResult<Done> commit() override;
    void rollback() override;
    StoreResult<Done> savepoint() override;
    StoreResult<Done> releaseSavepoint() override;
    void rollbackToSavepoint() override;

    StoreResult<Done> probeWrite() override;

    StoreResult<UserRecord> createUser(const UserRecord &user) override;
    StoreResult<std::optional<UserRecord>> findUserByLogin(const QString &login) override;
    StoreResult<std::optional<UserRecord>> findUserById(qint64 id) override;
    StoreResult<QList<UserRecord>> listUsers() override;
    StoreResult<bool> removeUser(const QString &login) override;
    StoreResult<bool> setPasswordHash(const QString &login, const QByteArray &hash) override;

    StoreResult<Done> insertToken(const QByteArray &digest, const TokenSubject &subject,
        qint64 createdMs, qint64 expiresMs) override;
    StoreResult<std::optional<TokenSubject>> findToken(
        const QByteArray &digest, qint64 nowMs) override;
    StoreResult<Done> revokeTokens(const TokenSubject &subject) override;

    StoreResult<CustomerRecord> createCustomer(const CustomerRecord &customer) override;
    StoreResult<std::optional<CustomerRecord>> findCustomer(qint64 id) override;
    StoreResult<Done> updateCustomerProfile(const CustomerRecord &customer) override;

    StoreResult<ConversationRecord> createConversation(
        qint64 customerId, const QString &team, const QString &epoch, qint64 nowMs) override;
    StoreResult<std::optional<ConversationRecord>> findConversation(const QString &id) override;
    StoreResult<std::optional<ConversationRecord>> latestConversationOfCustomer(
        qint64 customerId) override;
    StoreResult<QList<ConversationSummary>> conversationsOfCustomer(
        qint64 customerId, const QString &exceptId, int limit) override;
    StoreResult<QList<ConversationRecord>> openConversations() override;
    StoreResult<Done> applyRoutingChange(const RoutingChange &change) override;

    StoreResult<AppendResult> appendMessage(const NewMessage &message) override;
    StoreResult<MessagePage> messagesAfter(
        const QString &conversationId, qint64 afterSeq, int limit, bool includeNotes) override;
    StoreResult<MessagePage> messagesBefore(
        const QString &conversationId, qint64 beforeSeq, int limit, bool includeNotes) override;

    StoreResult<Done> recordReceipt(const QString &conversationId, ReceiptSide side,
        protocol::ReceiptKind kind, qint64 seq) override;

    StoreResult<WebhookDelivery> enqueueWebhook(const WebhookDelivery &delivery) override;
    StoreResult<QList<WebhookDelivery>> dueWebhooks(qint64 nowMs, int limit) override;
    StoreResult<Done> markWebhookAttempt(
        qint64 id, int attempts, qint64 nextAttemptMs, const QString &error) override;
    StoreResult<Done> deleteWebhook(qint64 id) override;
    StoreResult<Done> moveToDeadLetters(qint64 id, const QString &error, qint64 nowMs) override;
    StoreResult<QList<DeadLetter>> listDeadLetters() override;
    StoreResult<qint64> deadLetterCount() override;
    StoreResult<Done> replayDeadLetter(qint64 id, qint64 nowMs) override;
    StoreResult<qint64> purgeDeadLetters() override;

    StoreResult<SearchPage> search(const SearchQuery &query) override;

    StoreResult<AuditEntry> appendAudit(const AuditEntry &entry) override;
    StoreResult<AuditPage> listAudit(const AuditFilter &filter) override;

    // The random id generated when the file was created (meta 'database_id').
    StoreResult<QString> databaseId();

private:
    // A page of messages plus the conversation's latest seq and epoch, in one snapshot;
    // `sql` selects messages by (conversation, bound, include notes, limit + 1).
    StoreResult<MessagePage> readPage(const QString &sql, const QString &conversationId,
        qint64 bound, int limit, bool includeNotes, bool newestFirst);
    StoreResult<Done> openConnection();
    StoreResult<Done> configure();
    StoreResult<Done> migrate();
    StoreResult<Done> createSchemaV1();
    StoreResult<Done> createSchemaV2();
    StoreResult<Done> createSchemaV3();

    // Runs a one-off statement (pragmas, DDL); its rows are discarded.
    StoreResult<Done> execute(const QString &sql, QStringView what);
    StoreResult<QVariant> scalar(const QString &sql, QStringView what);
    // Prepares `sql` once per connection, binds `values` in order and executes it. The caller
    // must finish() the query when done reading so SQLite releases the statement.
    StoreResult<QSqlQuery *> run(const QString &sql, const QVariantList &values, QStringView what);

    // Runs `work` inside the caller's transaction, or in one of its own when none is open.
    template<typename Work> auto atomically(bool write, Work &&work) -> decltype(work());

    StoreResult<Done> beginWith(const QString &sql);
    StoreResult<ConversationRecord> readConversation(const QSqlQuery &query);
    StoreResult<Done> fillUnread(ConversationRecord &conversation);
    StoreResult<std::optional<ConversationRecord>> findConversationWhere(
        const QString &sql, const QVariant &key);
    StoreResult<std::optional<UserRecord>> findUserWhere(const QString &sql, const QVariant &key);

    StorageError failure(const QSqlError &error, QStringView what);
    StorageError corrupt(const QString &what) const;

    QString m_path;
    QString m_connectionName;
    SqliteOptions m_options;
    QSqlDatabase m_db;
    bool m_connectionAdded = false;
    bool m_open = false;
    bool m_inTransaction = false;
    // Set when an error may have made SQLite roll the transaction back on its own; from then
    // on nothing may pretend to run inside it, and commit() reports the first error.
    std::optional<StorageError> m_transactionBroken;
    std::unordered_map<QString, std::unique_ptr<QSqlQuery>> m_statements;
};

} // namespace switchboard::server
