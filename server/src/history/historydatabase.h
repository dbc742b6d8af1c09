#pragma once

#include "store/postgresoptions.h"
#include "store/records.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariantList>
#include <memory>
#include <switchboard/expected.h>

namespace switchboard::server {

struct ServerConfig;

template<typename T> using HistoryResult = Expected<T, StorageError>;

// The history module's own connection to the node's database, beside the server's writer and
// reader. On SQLite: WAL lets it read while the writer commits, and its writes (retention) use
// a busy timeout and small transactions. On PostgreSQL: a connection of its own to the shared
// database, reconnected when lost between statements. One instance per thread, opened on the
// thread that uses it. It never creates or migrates a database: it must be at the schema this
// build writes (the store's open() migrates it first).
//
// The module's SQL is written once for both; where the dialects differ it asks here
// (textKey(), distinctList(), begin()).
class HistoryDatabase final {
public:
    enum class Dialect { Sqlite, Postgres };

    HistoryDatabase(QString databasePath, QString connectionName, int busyTimeoutMs = 5000);
    HistoryDatabase(PostgresOptions options, QString connectionName);
    ~HistoryDatabase();
    Q_DISABLE_COPY_MOVE(HistoryDatabase)

    // The database a node's settings choose, as makeStore() does.
    static std::unique_ptr<HistoryDatabase> forConfig(
        const ServerConfig &config, const QString &connectionName);

    HistoryResult<Done> open();
    void close();
    bool isOpen() const { return m_open; }
    Dialect dialect() const { return m_dialect; }
    // The SQLite path or the PostgreSQL URL with its password masked, for messages.
    const QString &path() const { return m_where; }

    // A text column compared and ordered byte by byte, as SQLite's BINARY collation does, so
    // keyset pages and their order are the same on both (PostgreSQL's default collation
    // follows the locale).
    QString textKey(const QString &column) const;
    // The distinct values of a text column joined with commas (group_concat / string_agg).
    QString distinctList(const QString &column) const;

    // Prepares `sql`, binds `values` in order and executes it; rows are read from the result.
    HistoryResult<QSqlQuery> run(const QString &sql, const QVariantList &values, QStringView what);
    // Opens a write transaction (SQLite's BEGIN IMMEDIATE) / COMMIT / ROLLBACK for the few
    // writes the module makes.
    HistoryResult<Done> begin();
    HistoryResult<Done> commit();
    void rollback();

private:
    HistoryResult<Done> openSqlite();
    HistoryResult<Done> openPostgres();
    HistoryResult<QSqlQuery> runOnce(
        const QString &sql, const QVariantList &values, QStringView what);
    HistoryResult<Done> execute(const QString &sql, QStringView what);
    StorageError failure(const QSqlError &sqlError, QStringView what) const;
    bool lostConnection(const QSqlError &sqlError) const;

    Dialect m_dialect = Dialect::Sqlite;
    QString m_path; // SQLite
    PostgresOptions m_postgres; // PostgreSQL
    QString m_where;
    QString m_connectionName;
    int m_busyTimeoutMs = 5000;
    QSqlDatabase m_db;
    bool m_open = false;
    bool m_inTransaction = false;
    bool m_lostConnection = false; // set by the last runOnce()
};

} // namespace switchboard::server
