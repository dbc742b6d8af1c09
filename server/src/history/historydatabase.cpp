#include "historydatabase.h"

#include "store/sqlitestore.h"

#include <QFileInfo>
#include <QSqlError>
#include <switchboard/logging.h>

namespace switchboard::server {

namespace {

StorageError error(StorageError::Kind kind, const QString &message)
{
    StorageError made;
    made.kind = kind;
    made.message = message;
    return made;
}

// Busy and locked mean "try again later"; everything else is a fault of the file or the SQL.
StorageError failure(const QSqlError &sqlError, QStringView what)
{
    const QString code = sqlError.nativeErrorCode();
    const bool busy = code == u"5"_qs || code == u"6"_qs || code == u"13"_qs;
    return error(busy ? StorageError::Kind::Unavailable : StorageError::Kind::Corrupt,
        what.toString() + u": "_qs + sqlError.text());
}

} // namespace

HistoryDatabase::HistoryDatabase(QString databasePath, QString connectionName, int busyTimeoutMs)
    : m_path(std::move(databasePath))
    , m_connectionName(std::move(connectionName))
    , m_busyTimeoutMs(busyTimeoutMs)
{
}

HistoryDatabase::~HistoryDatabase()
{
    close();
}

HistoryResult<Done> HistoryDatabase::open()
{
    if (m_open)
        return Done {};
    if (!QFileInfo(m_path).isFile())
        return unexpected(error(StorageError::Kind::NotFound,
            u"no database at "_qs + m_path + u" (is --data the server's data directory?)"_qs));
    if (QSqlDatabase::contains(m_connectionName))
        return unexpected(error(StorageError::Kind::Invalid,
            u"database connection name "_qs + m_connectionName + u" is already in use"_qs));
    m_db = QSqlDatabase::addDatabase(u"QSQLITE"_qs, m_connectionName);
    if (!m_db.isValid())
        return unexpected(error(StorageError::Kind::Unavailable,
            u"the Qt SQLite driver (QSQLITE) is not available"_qs));
    m_db.setDatabaseName(m_path);
    m_db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=%1"_qs.arg(m_busyTimeoutMs));
    if (!m_db.open()) {
        const QString text = m_db.lastError().text();
        close();
        return unexpected(error(StorageError::Kind::Unavailable,
            u"cannot open database "_qs + m_path + u": "_qs + text));
    }
    m_open = true;
    auto version = run(u"PRAGMA user_version"_qs, {}, u"read schema version");
    if (!version) {
        close();
        return unexpected(error(version.error().kind,
            u"database "_qs + m_path + u" is not a Switchboard database or is damaged"_qs));
    }
    const int found = version->next() ? version->value(0).toInt() : 0;
    if (found != SqliteStore::schemaVersion) {
        close();
        return unexpected(error(found > SqliteStore::schemaVersion ? StorageError::Kind::TooNew
                                                                   : StorageError::Kind::Invalid,
            u"database "_qs + m_path
                + u" has schema %1, this build reads %2"_qs.arg(found).arg(
                    SqliteStore::schemaVersion)));
    }
    if (auto done = execute(u"PRAGMA busy_timeout = %1"_qs.arg(m_busyTimeoutMs), u"busy timeout");
        !done) {
        close();
        return done;
    }
    if (auto done = execute(u"PRAGMA foreign_keys = ON"_qs, u"foreign keys"); !done) {
        close();
        return done;
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
}

HistoryResult<QSqlQuery> HistoryDatabase::run(
    const QString &sql, const QVariantList &values, QStringView what)
{
    if (!m_open)
        return unexpected(error(StorageError::Kind::Unavailable, u"the database is not open"_qs));
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        return unexpected(failure(query.lastError(), what));
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec())
        return unexpected(failure(query.lastError(), what));
    return query;
}

HistoryResult<Done> HistoryDatabase::execute(const QString &sql, QStringView what)
{
    auto query = run(sql, {}, what);
    if (!query)
        return unexpected(query.error());
    return Done {};
}

HistoryResult<Done> HistoryDatabase::begin()
{
    return execute(u"BEGIN IMMEDIATE"_qs, u"begin");
}

HistoryResult<Done> HistoryDatabase::commit()
{
    return execute(u"COMMIT"_qs, u"commit");
}

void HistoryDatabase::rollback()
{
    [[maybe_unused]] const auto rolledBack = execute(u"ROLLBACK"_qs, u"rollback");
}

} // namespace switchboard::server
