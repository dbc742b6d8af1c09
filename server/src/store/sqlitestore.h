#pragma once

#include "sqlitestatement.h"
#include "sqlstore.h"

#include <QString>
#include <array>
#include <memory>

class QSqlError;
class QSqlQuery;

namespace switchboard::server {

struct SqliteOptions {
    bool synchronousFull = false; // FULL survives power loss; NORMAL (WAL) survives a crash
    int busyTimeoutMs = 5000; // how long a write waits for another writer's lock
    int cacheKiB = 64 * 1024; // page cache per connection, at most (SQLite's default is 2 MB)
};

// The single-node store: one SQLite file in WAL mode. One instance per thread, each with its
// own named QSqlDatabase connection, created in open() on the thread that uses it.
class SqliteStore final : public SqlStore {
public:
    // The schema version this build writes; PRAGMA user_version holds the file's.
    static constexpr int schemaVersion = 9;

    SqliteStore(QString databasePath, QString connectionName, SqliteOptions options = {});
    ~SqliteStore() override;
    Q_DISABLE_COPY_MOVE(SqliteStore)

    void close() override;
    QString backendName() const override;

    StoreResult<Done> begin() override;
    void rollback() override;

    StoreResult<AppendResult> appendMessage(const NewMessage &message) override;

    StoreResult<Done> recordReceipt(const QString &conversationId, ReceiptSide side,
        protocol::ReceiptKind kind, qint64 seq) override;

    StoreResult<SearchPage> search(const SearchQuery &query) override;
    StoreResult<int> catchUpSearchIndex(int limit) override;
    StoreResult<bool> checkpoint() override;
    void leaveCheckpointsToOthers() override;

private:
    StorageError failure(const QSqlError &error, QStringView what) override;
    QString where() const override;
    QString beginStatement(bool write) const override;
    StoreResult<Done> runControl(const QString &sql, QStringView what) override;
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

    StoreResult<AppendResult> earlierMessage(const NewMessage &message);
    // A hot statement, prepared on first use, after the checks run() makes.
    StoreResult<SqliteStatement *> hotStatement(
        SqliteStatement &statement, const char *sql, QStringView what);
    sqlite3 *nativeHandle() const;
    // The connection's last error, classified as failure() does.
    StorageError nativeFailure(QStringView what);

    StoreResult<QVariant> scalar(const QString &sql, QStringView what);

    static constexpr int closingIndexBatch = 20000;

    QString m_path;
    SqliteOptions m_options;
    struct HotStatements {
        SqliteStatement insertMessage;
        SqliteStatement advanceSeq;
        std::array<SqliteStatement, 4> receipts; // by side and kind
    };
    std::unique_ptr<HotStatements> m_hot = std::make_unique<HotStatements>();
    // This connection appended messages the full-text index may not hold yet.
    bool m_searchIndexBehind = false;
};

} // namespace switchboard::server
