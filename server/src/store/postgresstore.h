#pragma once

#include "postgresoptions.h"
#include "sqlstore.h"

#include <QString>

class QSqlError;
class QSqlQuery;

namespace switchboard::server {

// The store several nodes share: one PostgreSQL database through Qt's QPSQL driver. One
// instance per thread, each with its own named connection made in open() on that thread.
// Guarantees as SqliteStore: an ack only after commit, a unique (conversation, sender,
// client_id), and a gap-free seq per conversation even with writers on several nodes (the
// conversation row is locked while its next seq is taken, and a rollback gives the seq back).
// A transaction that fails with SQLSTATE 40001 or 40P01 is reported with that sqlState so the
// caller runs it again; standalone calls retry by themselves.
class PostgresStore final : public SqlStore {
public:
    // The schema version this build writes; meta 'schema_version' holds the database's. The
    // numbers follow SqliteStore's, so one version means the same tables in both.
    static constexpr int schemaVersion = 9;

    PostgresStore(PostgresOptions options, QString connectionName);
    ~PostgresStore() override;
    Q_DISABLE_COPY_MOVE(PostgresStore)

    void close() override;
    QString backendName() const override;

    StoreResult<Done> begin() override;
    void rollback() override;

    // SELECT … ORDER BY id COLLATE "C" FOR NO KEY UPDATE: the rows are locked in the list's
    // order.
    StoreResult<Done> lockConversations(const QStringList &sortedIds) override;
    // FOR NO KEY UPDATE SKIP LOCKED.
    StoreResult<QStringList> lockThoseFree(const QStringList &ids) override;

    StoreResult<AppendResult> appendMessage(const NewMessage &message) override;

    StoreResult<Done> recordReceipt(const QString &conversationId, ReceiptSide side,
        protocol::ReceiptKind kind, qint64 seq) override;

    StoreResult<SearchPage> search(const SearchQuery &query) override;

    RetryPolicy retryPolicy() const override { return m_options.retry; }

private:
    StorageError failure(const QSqlError &error, QStringView what) override;
    QString where() const override;
    QString beginStatement(bool write) const override;
    StoreResult<Done> runControl(const QString &sql, QStringView what) override;
    // Outside a transaction nothing is lost by reconnecting first.
    StoreResult<Done> reconnectIfLost() override;
    QString returningId(const QString &insert) const override;
    std::optional<qint64> insertedId(QSqlQuery &query) const override;
    const QString &listAuditSql() const override;
    QString insertionOrder() const override;

    StoreResult<Done> openConnection() override;
    void opened() override;
    StoreResult<Done> configure() override;
    StoreResult<Done> migrate() override;
    QString schemaFolder() const override;
    StoreResult<Done> backfill(int version) override;
    StoreResult<Done> backfillSearchIds();
    StoreResult<Done> backfillCjkSearchText();
    // Reconnects after the connection was lost (the server restarted, the network broke).
    StoreResult<Done> ensureConnected();

    StoreResult<QVariant> scalar(const QString &sql, const QVariantList &values, QStringView what);

    PostgresOptions m_options;
    QString m_where; // the masked URL, for messages
    bool m_migrated = false;
    bool m_connectionLost = false;
};

} // namespace switchboard::server
