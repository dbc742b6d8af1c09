#include "historydatabase.h"

#include "config/serverconfig.h"
#include "store/postgresstore.h"
#include "store/sqlitestore.h"
#include "store/storefactory.h"

#include <QFileInfo>
#include <QSqlError>
#include <switchboard/logging.h>

using namespace Qt::StringLiterals;

namespace switchboard::server {

namespace {

StorageError error(StorageError::Kind kind, const QString &message)
{
    StorageError made;
    made.kind = kind;
    made.message = message;
    return made;
}

// The history thread reads the schema this build writes, and nothing older or newer.
HistoryResult<Done> schemaMatches(int found, int expected, const QString &where)
{
    if (found == expected)
        return Done {};
    return unexpected(
        error(found > expected ? StorageError::Kind::TooNew : StorageError::Kind::Invalid,
            u"database "_s + where
                + u" has schema %1, this build reads %2"_s.arg(found).arg(expected)));
}

} // namespace

HistoryDatabase::HistoryDatabase(QString databasePath, QString connectionName, int busyTimeoutMs)
    : m_dialect(Dialect::Sqlite)
    , m_path(std::move(databasePath))
    , m_where(m_path)
    , m_connectionName(std::move(connectionName))
    , m_busyTimeoutMs(busyTimeoutMs)
{
}

HistoryDatabase::HistoryDatabase(PostgresOptions options, QString connectionName)
    : m_dialect(Dialect::Postgres)
    , m_postgres(std::move(options))
    , m_where(m_postgres.masked())
    , m_connectionName(std::move(connectionName))
{
}

std::unique_ptr<HistoryDatabase> HistoryDatabase::forConfig(
    const ServerConfig &config, const QString &connectionName)
{
    if (usesPostgres(config))
        return std::make_unique<HistoryDatabase>(postgresOptions(config), connectionName);
    return std::make_unique<HistoryDatabase>(
        config.databasePath(), connectionName, config.busyTimeoutMs);
}

HistoryDatabase::~HistoryDatabase()
{
    close();
}

HistoryResult<Done> HistoryDatabase::open()
{
    if (m_open)
        return Done {};
    if (QSqlDatabase::contains(m_connectionName))
        return unexpected(error(StorageError::Kind::Invalid,
            u"database connection name "_s + m_connectionName + u" is already in use"_s));
    return m_dialect == Dialect::Postgres ? openPostgres() : openSqlite();
}

HistoryResult<Done> HistoryDatabase::openSqlite()
{
    if (!QFileInfo(m_path).isFile())
        return unexpected(error(StorageError::Kind::NotFound,
            u"no database at "_s + m_path + u" (is --data the server's data directory?)"_s));
    m_db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
    if (!m_db.isValid())
        return unexpected(error(
            StorageError::Kind::Unavailable, u"the Qt SQLite driver (QSQLITE) is not available"_s));
    m_db.setDatabaseName(m_path);
    m_db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=%1"_s.arg(m_busyTimeoutMs));
    if (!m_db.open()) {
        const QString text = m_db.lastError().text();
        close();
        return unexpected(error(
            StorageError::Kind::Unavailable, u"cannot open database "_s + m_path + u": "_s + text));
    }
    m_open = true;
    auto version = run(u"PRAGMA user_version"_s, {}, u"read schema version");
    if (!version) {
        close();
        return unexpected(error(version.error().kind,
            u"database "_s + m_path + u" is not a Switchboard database or is damaged"_s));
    }
    const int found = version->next() ? version->value(0).toInt() : 0;
    if (auto matches = schemaMatches(found, SqliteStore::schemaVersion, m_path); !matches) {
        close();
        return matches;
    }
    if (auto done = execute(u"PRAGMA busy_timeout = %1"_s.arg(m_busyTimeoutMs), u"busy timeout");
        !done) {
        close();
        return done;
    }
    if (auto done = execute(u"PRAGMA foreign_keys = ON"_s, u"foreign keys"); !done) {
        close();
        return done;
    }
    return Done {};
}

HistoryResult<Done> HistoryDatabase::openPostgres()
{
    m_db = QSqlDatabase::addDatabase(u"QPSQL"_s, m_connectionName);
    if (!m_db.isValid())
        return unexpected(error(StorageError::Kind::Unavailable,
            u"the Qt PostgreSQL driver (QPSQL) is not available; install libqt6sql6-psql"_s));
    m_db.setHostName(m_postgres.host);
    m_db.setPort(m_postgres.port);
    m_db.setUserName(m_postgres.user);
    m_db.setPassword(m_postgres.password);
    m_db.setDatabaseName(m_postgres.database);
    m_db.setConnectOptions(u"connect_timeout=%1;application_name=switchboard:history"_s.arg(
        std::max(1, m_postgres.connectTimeoutSeconds)));
    if (!m_db.open()) {
        // libpq's text names host, port and user, never the password.
        const QString reason = m_db.lastError().text().trimmed().section(u'\n', 0, 0);
        close();
        return unexpected(error(StorageError::Kind::Unavailable,
            u"cannot connect to PostgreSQL "_s + m_where + u": "_s + reason));
    }
    m_open = true;
    QStringList setup { u"SET client_min_messages TO warning"_s,
        u"SET statement_timeout = %1"_s.arg(std::max(0, m_postgres.statementTimeoutMs)) };
    // Identifiers were checked to be plain names when the URL was parsed.
    if (!m_postgres.schema.isEmpty())
        setup.append(u"SET search_path TO \"%1\""_s.arg(m_postgres.schema));
    for (const QString &sql : std::as_const(setup)) {
        if (auto done = execute(sql, u"configure connection"); !done) {
            close();
            return done;
        }
    }
    auto version = runOnce(
        u"SELECT value FROM meta WHERE key = 'schema_version'"_s, {}, u"read schema version");
    if (!version) {
        close();
        return unexpected(error(version.error().kind,
            u"database "_s + m_where + u" is not a Switchboard database: "_s
                + version.error().message));
    }
    const int found = version->next() ? version->value(0).toString().toInt() : 0;
    if (auto matches = schemaMatches(found, PostgresStore::schemaVersion, m_where); !matches) {
        close();
        return matches;
    }
    return Done {};
}

void HistoryDatabase::close()
{
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
    }
    if (QSqlDatabase::contains(m_connectionName))
        QSqlDatabase::removeDatabase(m_connectionName);
    m_open = false;
    m_inTransaction = false;
}

QString HistoryDatabase::textKey(const QString &column) const
{
    return m_dialect == Dialect::Postgres ? column + u" COLLATE \"C\""_s : column;
}

QString HistoryDatabase::distinctList(const QString &column) const
{
    return m_dialect == Dialect::Postgres ? u"string_agg(DISTINCT "_s + column + u", ',')"_s
                                          : u"group_concat(DISTINCT "_s + column + u")"_s;
}

StorageError HistoryDatabase::failure(const QSqlError &sqlError, QStringView what) const
{
    const QString code = sqlError.nativeErrorCode();
    bool retry = false;
    if (m_dialect == Dialect::Sqlite) {
        // Busy and locked mean "try again later"; everything else is a fault of the file or
        // the SQL.
        retry = code == u"5"_s || code == u"6"_s || code == u"13"_s;
    } else {
        // A missing table or column means the database lacks our schema; the rest (lost
        // connections, timeouts, serialization failures) pass.
        retry = !code.startsWith(u"42"_s) && !code.startsWith(u"XX"_s);
    }
    return error(retry ? StorageError::Kind::Unavailable : StorageError::Kind::Corrupt,
        what.toString() + u": "_s + sqlError.text());
}

bool HistoryDatabase::lostConnection(const QSqlError &sqlError) const
{
    if (m_dialect != Dialect::Postgres)
        return false;
    // No SQLSTATE at all means libpq lost the server; 57P0x: it was shut down.
    const QString code = sqlError.nativeErrorCode();
    return code.isEmpty() || code.startsWith(u"08"_s) || code.startsWith(u"57P0"_s);
}

HistoryResult<QSqlQuery> HistoryDatabase::run(
    const QString &sql, const QVariantList &values, QStringView what)
{
    auto result = runOnce(sql, values, what);
    if (result || !m_lostConnection || m_inTransaction)
        return result;
    // A statement outside a transaction loses nothing by being run again on a new connection
    // (PostgreSQL restarted, or dropped an idle connection since the last export).
    close();
    if (auto reopened = open(); !reopened)
        return unexpected(reopened.error());
    qCInfo(lcHistory).noquote() << "history reconnected to" << m_where;
    return runOnce(sql, values, what);
}

HistoryResult<QSqlQuery> HistoryDatabase::runOnce(
    const QString &sql, const QVariantList &values, QStringView what)
{
    m_lostConnection = false;
    if (!m_open)
        return unexpected(error(StorageError::Kind::Unavailable, u"the database is not open"_s));
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    const auto failed = [&]() -> HistoryResult<QSqlQuery> {
        m_lostConnection = lostConnection(query.lastError());
        return unexpected(failure(query.lastError(), what));
    };
    if (values.isEmpty()) {
        // Run as written: PostgreSQL cannot prepare SET, BEGIN or COMMIT.
        if (!query.exec(sql))
            return failed();
        return query;
    }
    if (!query.prepare(sql))
        return failed();
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec())
        return failed();
    return query;
}

HistoryResult<Done> HistoryDatabase::execute(const QString &sql, QStringView what)
{
    auto query = runOnce(sql, {}, what);
    if (!query)
        return unexpected(query.error());
    return Done {};
}

HistoryResult<Done> HistoryDatabase::begin()
{
    // Nothing is lost yet: a connection lost since the last statement is made again here.
    auto begun
        = run(m_dialect == Dialect::Postgres ? u"BEGIN"_s : u"BEGIN IMMEDIATE"_s, {}, u"begin");
    if (!begun)
        return unexpected(begun.error());
    m_inTransaction = true;
    if (m_dialect == Dialect::Postgres) {
        // Every node runs retention: one at a time, as SQLite's BEGIN IMMEDIATE has it, so two
        // nodes never delete the same batch against each other. Released at COMMIT/ROLLBACK.
        if (auto locked
            = runOnce(u"SELECT pg_advisory_xact_lock(hashtext('switchboard history writes'))"_s, {},
                u"lock history writes");
            !locked) {
            rollback();
            return unexpected(locked.error());
        }
    }
    return Done {};
}

HistoryResult<Done> HistoryDatabase::commit()
{
    auto committed = execute(u"COMMIT"_s, u"commit");
    m_inTransaction = false;
    return committed;
}

void HistoryDatabase::rollback()
{
    if (!m_open)
        return;
    m_inTransaction = false;
    [[maybe_unused]] const auto rolledBack = runOnce(u"ROLLBACK"_s, {}, u"rollback");
}

} // namespace switchboard::server
