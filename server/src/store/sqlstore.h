#pragma once

#include "store.h"

#include <QSqlDatabase>
#include <QString>
#include <QVariantList>
#include <functional>
#include <memory>
#include <optional>
#include <unordered_map>

class QSqlError;
class QSqlQuery;

namespace switchboard::server {

class SearchTerms;

// What SqliteStore and PostgresStore share: the named connection and its statement cache,
// run(), the transaction flags and statements, and every method whose SQL both dialects take
// as written. A dialect supplies the hooks below: how a driver error maps to a StorageError,
// how a transaction begins and is retried, how an insert reports its new id.
class SqlStore : public Store {
public:
    ~SqlStore() override;
    Q_DISABLE_COPY_MOVE(SqlStore)

    // Connects, configures and migrates, each as the dialect does it; on failure nothing stays
    // open.
    StoreResult<Done> open() final;

    StoreResult<Done> commit() override;
    StoreResult<Done> savepoint() override;
    StoreResult<Done> releaseSavepoint() override;
    void rollbackToSavepoint() override;

    StoreResult<Done> probeWrite() override;

    StoreResult<UserRecord> createUser(const UserRecord &user) override;
    StoreResult<std::optional<UserRecord>> findUserByLogin(const QString &login) override;
    StoreResult<std::optional<UserRecord>> findUserById(qint64 id) override;
    StoreResult<QList<UserRecord>> listUsers() override;
    StoreResult<bool> removeUser(const QString &login) override;
    StoreResult<bool> updateUser(const UserRecord &user) override;
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
    StoreResult<MessagePage> messagesAfter(
        const QString &conversationId, qint64 afterSeq, int limit, bool includeNotes) override;
    StoreResult<MessagePage> messagesBefore(
        const QString &conversationId, qint64 beforeSeq, int limit, bool includeNotes) override;
    StoreResult<QString> rotateEpoch(const QString &conversationId, const QString &expectedEpoch,
        const QString &newEpoch) override;

    StoreResult<RatingOutcome> rateConversation(const NewRating &rating) override;
    StoreResult<std::optional<StoredRating>> findRating(const QString &conversationId) override;

    StoreResult<Done> insertAttachment(const StoredAttachment &attachment) override;
    StoreResult<std::optional<StoredAttachment>> findAttachment(
        const QString &id, bool withContent) override;

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

    StoreResult<AuditEntry> appendAudit(const AuditEntry &entry) override;
    StoreResult<AuditPage> listAudit(const AuditFilter &filter) override;

    // The random id generated when the database was created (meta 'database_id').
    StoreResult<QString> databaseId();

protected:
    explicit SqlStore(QString connectionName);

    // Maps a driver error to a StorageError, noting when it broke the open transaction.
    virtual StorageError failure(const QSqlError &error, QStringView what) = 0;
    // The database's file or masked URL, for messages.
    virtual QString where() const = 0;
    // The statement that opens a transaction that writes, or one that only reads.
    virtual QString beginStatement(bool write) const = 0;
    // Runs BEGIN, COMMIT or a savepoint statement; nothing else.
    virtual StoreResult<Done> runControl(const QString &sql, QStringView what) = 0;
    // Called before a statement or a transaction starts while no transaction is open, when
    // reconnecting loses nothing.
    virtual StoreResult<Done> reconnectIfLost();
    // What every statement checks first: the connection is there (reconnected if it was lost
    // between transactions) and the current transaction has not failed.
    StoreResult<Done> readyForStatement();
    // Runs `work` inside a transaction of its own, run again as retryPolicy() says when the
    // database undid it whole.
    StoreResult<Done> runTransaction(bool write, const std::function<StoreResult<Done>()> &work);
    // `insert` as this dialect runs it to learn the new row's id, which insertedId() reads
    // from the executed query (nullopt: none came back).
    virtual QString returningId(const QString &insert) const = 0;
    virtual std::optional<qint64> insertedId(QSqlQuery &query) const = 0;
    // open()'s steps, and what a dialect does once it is open (log where and how).
    virtual StoreResult<Done> openConnection() = 0;
    virtual StoreResult<Done> configure() = 0;
    virtual StoreResult<Done> migrate() = 0;
    virtual void opened() = 0;
    // The folder of this dialect's schema files in the resources: schema/<folder>/vN.sql.
    virtual QString schemaFolder() const = 0;
    // What a schema version fills in with C++ after its vN.sql, before vN-after-backfill.sql
    // (text folded or split as the search code does it). Version 1 writes the database id.
    virtual StoreResult<Done> backfill(int version);
    // Upgrades the schema from version `from` to `to` inside the caller's transaction, one
    // version at a time: vN.sql, backfill(N), then vN-after-backfill.sql when there is one.
    StoreResult<Done> upgradeSchema(int from, int to);
    // Runs a one-off statement (pragmas, DDL) outside the statement cache; rows are discarded.
    StoreResult<Done> execute(const QString &sql, QStringView what);

    // The column that orders conversations created in the same millisecond, as they were
    // inserted (SQLite's rowid, PostgreSQL's identity column).
    virtual QString insertionOrder() const = 0;
    // listAudit's statement: (flag, from, flag, to, flag, actor, flag, action, limit, offset).
    virtual const QString &listAuditSql() const = 0;

    // Prepares `sql` once per connection, binds `values` in order and executes it. The caller
    // must finish() the query when done reading so the database releases the statement.
    StoreResult<QSqlQuery *> run(const QString &sql, const QVariantList &values, QStringView what);
    // Runs a statement that changes rows: how many it changed.
    StoreResult<qint64> changeRows(
        const QString &sql, const QVariantList &values, QStringView what);
    // Runs an INSERT of one row: the id the database gave it (nullopt: none came back).
    StoreResult<std::optional<qint64>> insertRow(
        const QString &sql, const QVariantList &values, QStringView what);

    // Runs `work` inside the caller's transaction, or in one of its own when none is open.
    template<typename Work> auto atomically(bool write, Work &&work) -> decltype(work())
    {
        if (m_inTransaction)
            return work();
        std::optional<decltype(work())> result;
        const auto ran = runTransaction(write, [&]() -> StoreResult<Done> {
            result.emplace(work()); // a retried transaction runs it again
            if (!*result)
                return unexpected(result->error());
            return Done {};
        });
        if (!ran)
            return unexpected(ran.error());
        return std::move(*result);
    }

    StoreResult<Done> beginWith(const QString &sql);
    StorageError corrupt(const QString &what) const;
    StoreResult<std::optional<UserRecord>> findUserWhere(const QString &sql, const QVariant &key);
    // A conversation row in conversationSelect()'s layout, its unread seqs not filled in.
    StoreResult<ConversationRecord> readConversation(const QSqlQuery &query);
    StoreResult<Done> fillUnread(ConversationRecord &conversation);
    StoreResult<std::optional<ConversationRecord>> findConversationWhere(
        const QString &sql, const QVariant &key);
    // A page of messages plus the conversation's latest seq and epoch, in one snapshot;
    // `sql` selects messages by (conversation, bound, include notes, limit + 1).
    StoreResult<MessagePage> readPage(const QString &sql, const QString &conversationId,
        qint64 bound, int limit, bool includeNotes, bool newestFirst);

    // The statements a dialect's search() hands searchWith(). By text, each takes the match
    // expression first; then every statement takes searchFilters()' values.
    struct SearchStatements {
        QString textCount;
        QString textPage;
        QString listCount;
        QString listPage;
        QString indexCount; // an unfiltered text search counted in the index alone; "": none
    };
    // The filters both kinds of search share, over `c` (conversations), `cu` (customers) and
    // the time column given; each is switched off by a bound flag, so one statement serves
    // every combination. `position` is the dialect's substring position function,
    // `jsonElements` the FROM that lists a bound JSON array's strings.
    static QString searchFilters(
        const QString &timeColumn, const QString &position, const QString &jsonElements);
    // The statements of a search without text: conversations, newest created first.
    static void addListStatements(
        SearchStatements &statements, const QString &filters, const QString &insertionOrder);
    // appendMessage's parts both dialects share: the checks, the record it returns, and the
    // look-up of a retry's earlier message by (conversation, sender, client_id).
    static StoreResult<Done> checkNewMessage(const NewMessage &message);
    static StoredMessage storedMessage(const NewMessage &message, qint64 seq);
    StoreResult<std::optional<StoredMessage>> findEarlierMessage(const NewMessage &message);
    // Runs a search: the capped count, then the page of hits; `match` turns the words into
    // the dialect's match expression.
    StoreResult<SearchPage> searchWith(const SearchQuery &query, const SearchStatements &statements,
        QString (*match)(const SearchTerms &terms));

    // Adds this store's named connection on the current thread; the caller configures it.
    StoreResult<Done> addConnection(const QString &driver, const QString &missingDriver);
    // Closes the connection and forgets its statements, keeping it for a later open().
    void closeConnection();
    // Closes the connection and removes it.
    void removeConnection();

    QString m_connectionName;
    QSqlDatabase m_db;
    bool m_connectionAdded = false;
    bool m_open = false;
    bool m_inTransaction = false;
    bool m_inSavepoint = false; // a job's savepoint is open
    // Set when an error may have ended the whole transaction; from then on nothing may
    // pretend to run inside it, and commit() reports this error.
    std::optional<StorageError> m_transactionBroken;
    std::unordered_map<QString, std::unique_ptr<QSqlQuery>> m_statements;
};

} // namespace switchboard::server
