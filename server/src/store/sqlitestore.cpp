#include "sqlitestore.h"

#include "cjkbigrams.h"
#include "searchterms.h"
#include "sqlrows.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QScopeGuard>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <algorithm>
#include <limits>
#include <mutex>
#include <sqlite3.h>
#include <switchboard/ids.h>
#include <switchboard/logging.h>

using namespace Qt::StringLiterals;

namespace switchboard::server {

namespace {

using Kind = StorageError::Kind;
using namespace sqlrows;

// SQLite primary result codes (sqlite3.h). Extended codes keep the primary one in the low
// byte, so the mapping works whether or not the driver enables them.
constexpr int sqliteError = 1;
constexpr int sqliteBusy = 5;
constexpr int sqliteLocked = 6;
constexpr int sqliteNoMem = 7;
constexpr int sqliteReadOnly = 8;
constexpr int sqliteInterrupt = 9;
constexpr int sqliteIoErr = 10;
constexpr int sqliteCorrupt = 11;
constexpr int sqliteFull = 13;
constexpr int sqliteCantOpen = 14;
constexpr int sqliteProtocol = 15;
constexpr int sqliteSchema = 17;
constexpr int sqliteTooBig = 18;
constexpr int sqliteConstraint = 19;
constexpr int sqliteMismatch = 20;
constexpr int sqliteRange = 25;
constexpr int sqliteNotADb = 26;

// Errors after which SQLite may have rolled the whole transaction back by itself.
bool mayAbortTransaction(int primaryCode)
{
    switch (primaryCode) {
    case sqliteBusy:
    case sqliteNoMem:
    case sqliteInterrupt:
    case sqliteIoErr:
    case sqliteCorrupt:
    case sqliteFull:
    case sqliteNotADb:
        return true;
    default:
        return false;
    }
}

Kind kindOfCode(int primaryCode)
{
    switch (primaryCode) {
    case sqliteConstraint:
        return Kind::Conflict;
    case sqliteCorrupt:
    case sqliteNotADb:
    case sqliteError: // "no such table" and the like: the file does not hold our schema
    case sqliteSchema:
    case sqliteMismatch:
        return Kind::Corrupt;
    case sqliteTooBig:
    case sqliteRange:
        return Kind::Invalid;
    case sqliteBusy:
    case sqliteLocked:
    case sqliteNoMem:
    case sqliteReadOnly:
    case sqliteInterrupt:
    case sqliteIoErr:
    case sqliteFull:
    case sqliteCantOpen:
    case sqliteProtocol:
    default:
        return Kind::Unavailable;
    }
}

} // namespace

SqliteStore::SqliteStore(QString databasePath, QString connectionName, SqliteOptions options)
    : SqlStore(std::move(connectionName))
    , m_path(std::move(databasePath))
    , m_options(options)
{
}

SqliteStore::~SqliteStore()
{
    close();
}

QString SqliteStore::backendName() const
{
    return u"sqlite"_s;
}

void SqliteStore::opened()
{
    qCInfo(lcStore).noquote() << "opened SQLite database" << m_path << "schema" << schemaVersion
                              << (m_options.synchronousFull ? "synchronous=FULL"
                                                            : "synchronous=NORMAL");
}

// SQLite counts every allocation under one process-wide mutex unless told not to; the writer
// allocates for every row, so the count cost it several per cent of its CPU. Only possible
// before SQLite initialises itself (the first connection opened in the process); afterwards
// sqlite3_config() refuses, harmlessly.
static void turnOffSqliteMemoryStatistics()
{
    static std::once_flag once;
    std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

StoreResult<Done> SqliteStore::openConnection()
{
    const QFileInfo file(m_path);
    const QDir directory = file.absoluteDir();
    if (!directory.exists() && !QDir().mkpath(directory.absolutePath())) {
        return unexpected(makeError(Kind::Unavailable,
            u"cannot create the directory %1 for database %2"_s.arg(
                directory.absolutePath(), m_path)));
    }
    if (auto added
        = addConnection(u"QSQLITE"_s, u"the Qt SQLite driver (QSQLITE) is not available"_s);
        !added)
        return added;
    turnOffSqliteMemoryStatistics();
    m_db.setDatabaseName(m_path);
    // Also applies while the driver opens the file, before our PRAGMA runs.
    m_db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=%1"_s.arg(m_options.busyTimeoutMs));
    if (!m_db.open()) {
        StorageError error = failure(m_db.lastError(), u"open");
        error.message = u"cannot open database %1: %2"_s.arg(m_path, m_db.lastError().text());
        return unexpected(error);
    }
    m_open = true;
    return Done {};
}

StoreResult<Done> SqliteStore::configure()
{
    if (auto done
        = execute(u"PRAGMA busy_timeout = %1"_s.arg(m_options.busyTimeoutMs), u"set busy timeout");
        !done)
        return done;
    // The first statement that reads the file: a non-database fails here.
    const auto mode = scalar(u"PRAGMA journal_mode = WAL"_s, u"enable WAL");
    if (!mode) {
        StorageError error = mode.error();
        if (error.kind == Kind::Corrupt) {
            error.message
                = u"database %1 is not a SQLite database or is damaged (%2); "
                  "restore a backup or choose another data directory"_s.arg(m_path, error.message);
        }
        return unexpected(error);
    }
    if (mode->toString().compare(u"wal", Qt::CaseInsensitive) != 0) {
        qCWarning(lcStore).noquote() << "database" << m_path << "runs in journal mode"
                                     << mode->toString() << "instead of WAL";
    }
    const QString synchronous = m_options.synchronousFull ? u"PRAGMA synchronous = FULL"_s
                                                          : u"PRAGMA synchronous = NORMAL"_s;
    if (auto done = execute(synchronous, u"set synchronous"); !done)
        return done;
    // SQLite's default 2 MB cache is smaller than the pages one group commit touches under
    // load: it spilled dirty pages into the WAL mid-transaction and read them back (about a
    // tenth of the writer's CPU in W1). Pages are allocated only as they are read.
    if (auto done
        = execute(u"PRAGMA cache_size = -%1"_s.arg(m_options.cacheKiB), u"set cache size");
        !done)
        return done;
    return execute(u"PRAGMA foreign_keys = ON"_s, u"enable foreign keys");
}

StoreResult<Done> SqliteStore::migrate()
{
    const QString versionSql = u"PRAGMA user_version"_s;
    auto version = scalar(versionSql, u"read schema version");
    if (!version)
        return unexpected(version.error());
    int current = version->toInt();
    const auto tooNew = [this](int found) {
        return makeError(Kind::TooNew,
            u"database %1 was written by a newer Switchboard (schema %2, "
            "this build knows %3); upgrade Switchboard or restore a backup"_s.arg(m_path)
                .arg(found)
                .arg(schemaVersion));
    };
    if (current > schemaVersion)
        return unexpected(tooNew(current));
    if (current == schemaVersion)
        return Done {};
    if (current < 0)
        return unexpected(corrupt(u"negative schema version %1"_s.arg(current)));

    // Upgrade under the write lock; another connection to the same file may be doing the same.
    if (auto begun = beginWith(u"BEGIN IMMEDIATE"_s); !begun)
        return begun;
    auto fail = [this](const StorageError &error) -> StoreResult<Done> {
        rollback();
        return unexpected(error);
    };
    version = scalar(versionSql, u"read schema version");
    if (!version)
        return fail(version.error());
    current = version->toInt();
    if (current > schemaVersion)
        return fail(tooNew(current));

    if (current == 0) {
        const auto tables = scalar(u"SELECT count(*) FROM sqlite_schema "
                                   "WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"_s,
            u"inspect schema");
        if (!tables)
            return fail(tables.error());
        if (tables->toInt() > 0) {
            return fail(
                corrupt(u"the file holds tables but no Switchboard schema version; it belongs to "
                        "another program"_s));
        }
    }

    if (auto upgraded = upgradeSchema(current, schemaVersion); !upgraded)
        return fail(upgraded.error());

    if (auto stamped
        = execute(u"PRAGMA user_version = %1"_s.arg(schemaVersion), u"write schema version");
        !stamped)
        return fail(stamped.error());
    if (auto committed = commit(); !committed)
        return fail(committed.error());
    qCInfo(lcStore).noquote() << "migrated database" << m_path << "from schema" << current << "to"
                              << schemaVersion;
    return Done {};
}

QString SqliteStore::schemaFolder() const
{
    return u"sqlite"_s;
}

// Version 6: search_cjk for the stored messages. Only text that is not plain ASCII can hold
// CJK (its UTF-8 is longer than its characters).
StoreResult<Done> SqliteStore::backfill(int version)
{
    if (version != 6)
        return SqlStore::backfill(version);
    struct Row {
        qint64 searchId = 0;
        QString cjk;
    };
    QList<Row> rows;
    {
        auto query = run(u"SELECT search_id, text FROM messages WHERE search_id "
                         "IS NOT NULL AND length(CAST(text AS BLOB)) <> length(text)"_s,
            {}, u"read messages to index");
        if (!query)
            return unexpected(query.error());
        const auto done = finishing(*query);
        while ((*query)->next()) {
            QString cjk = CjkBigrams::indexText((*query)->value(1).toString());
            if (!cjk.isEmpty())
                rows.append({ (*query)->value(0).toLongLong(), std::move(cjk) });
        }
    }
    for (const Row &row : std::as_const(rows)) {
        const auto updated = changeRows(u"UPDATE messages SET search_cjk = ? WHERE search_id = ?"_s,
            { row.cjk, row.searchId }, u"index message");
        if (!updated)
            return unexpected(updated.error());
    }
    return Done {};
}

void SqliteStore::close()
{
    if (m_inTransaction)
        rollback();
    // What this connection wrote is searchable once it is gone (tools and tests that write
    // through a store of their own have no writer thread to index for them).
    while (m_open && m_searchIndexBehind) {
        const auto added = catchUpSearchIndex(closingIndexBatch);
        if (!added) {
            qCWarning(lcStore).noquote()
                << "search index left behind at close:" << added.error().message;
            break;
        }
    }
    m_hot = std::make_unique<HotStatements>(); // finalized before the connection goes
    removeConnection();
}

StoreResult<QVariant> SqliteStore::scalar(const QString &sql, QStringView what)
{
    if (!m_open)
        return unexpected(makeError(Kind::Unavailable, u"the database is not open"_s));
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.exec(sql))
        return unexpected(failure(query.lastError(), what));
    if (!query.next()) {
        if (query.lastError().isValid())
            return unexpected(failure(query.lastError(), what));
        return QVariant();
    }
    return query.value(0);
}

StorageError SqliteStore::failure(const QSqlError &error, QStringView what)
{
    bool numeric = false;
    const int code = error.nativeErrorCode().toInt(&numeric);
    const int primary = numeric ? (code & 0xff) : 0;
    const StorageError result = makeError(numeric ? kindOfCode(primary) : Kind::Unavailable,
        what.toString() + u": "_s + error.text().trimmed());
    if (m_inTransaction && !m_transactionBroken && mayAbortTransaction(primary))
        m_transactionBroken = result;
    // SQLite's error texts name tables and constraints, never the values involved.
    if (result.kind == Kind::Unavailable || result.kind == Kind::Corrupt)
        qCWarning(lcStore).noquote() << "SQLite" << m_path << result.message;
    else
        qCDebug(lcStore).noquote() << "SQLite" << m_path << result.message;
    return result;
}

QString SqliteStore::where() const
{
    return m_path;
}

QString SqliteStore::returningId(const QString &insert) const
{
    return insert;
}

std::optional<qint64> SqliteStore::insertedId(QSqlQuery &query) const
{
    return query.lastInsertId().toLongLong();
}

QString SqliteStore::insertionOrder() const
{
    return u"rowid"_s;
}

const QString &SqliteStore::listAuditSql() const
{
    // Newest first by id: ids follow the order of the appends.
    static const QString sql
        = u"SELECT id, ts_ms, actor, actor_role, action, target, detail, address FROM audit_log "
          "WHERE (? OR ts_ms >= ?) AND (? OR ts_ms < ?) AND (? OR actor = ?) AND (? OR action = ?) "
          "ORDER BY id DESC LIMIT ? OFFSET ?"_s;
    return sql;
}

// Transactions ---------------------------------------------------------------------------------

QString SqliteStore::beginStatement(bool write) const
{
    // IMMEDIATE takes the write lock now, so a busy database waits busy_timeout here instead
    // of failing later when a read transaction tries to upgrade.
    return write ? u"BEGIN IMMEDIATE"_s : u"BEGIN"_s;
}

StoreResult<Done> SqliteStore::runControl(const QString &sql, QStringView what)
{
    // Prepared once like any statement: a group commit runs these for every group.
    auto query = run(sql, {}, what);
    if (!query)
        return unexpected(query.error());
    (*query)->finish();
    return Done {};
}

StoreResult<Done> SqliteStore::begin()
{
    return beginWith(beginStatement(true));
}

void SqliteStore::rollback()
{
    m_inTransaction = false;
    m_inSavepoint = false;
    m_transactionBroken.reset();
    if (!m_open)
        return;
    QSqlQuery query(m_db);
    // Fails harmlessly when SQLite already rolled back on its own (disk full, I/O error).
    if (!query.exec(u"ROLLBACK"_s))
        qCDebug(lcStore).noquote() << "rollback:" << query.lastError().text();
}

// Messages -------------------------------------------------------------------------------------

StoreResult<AppendResult> SqliteStore::appendMessage(const NewMessage &message)
{
    if (auto valid = checkNewMessage(message); !valid)
        return unexpected(valid.error());
    // Every message runs these two statements: on SQLite's own API, prepared once. The insert
    // comes first and takes its seq from the conversation, so a retry (the same client_id) is
    // caught by the unique index itself, with nothing to undo and no look-up beforehand.
    return atomically(true, [&]() -> StoreResult<AppendResult> {
        StoredMessage stored = storedMessage(message, 0); // its seq comes from the insert
        // Text and notes get the next search_id (messages_by_search_id finds the largest at
        // once); catchUpSearchIndex() adds them to the full-text index after the commit.
        // Not events, nor attachments (their text is metadata with a thumbnail, not words).
        const bool searchable
            = stored.kind == MessageKind::Text || stored.kind == MessageKind::Note;
        {
            auto insert = hotStatement(m_hot->insertMessage,
                "INSERT INTO messages (conversation_id, seq, sender_key, sender_role, "
                "sender_name, client_id, kind, text, ts_ms, trace_id, search_id, search_cjk) "
                "VALUES (?1, (SELECT seq + 1 FROM conversations WHERE id = ?1), ?2, ?3, ?4, ?5, "
                "?6, ?7, ?8, ?9, CASE WHEN ?10 THEN (SELECT COALESCE(MAX(search_id), 0) + 1 FROM "
                "messages) END, ?11) RETURNING seq",
                u"insert message");
            if (!insert)
                return unexpected(insert.error());
            SqliteStatement &statement = **insert;
            const auto resetLater = qScopeGuard([&statement] { statement.reset(); });
            // Bound text is not copied: these must live until the reset.
            const QString role = protocol::roleName(stored.senderRole);
            const QString kind = protocol::kindName(stored.kind);
            const QString cjk = searchable ? CjkBigrams::indexText(stored.text) : QString();
            statement.bind(1, stored.conversationId);
            statement.bind(2, stored.senderKey);
            statement.bind(3, role);
            statement.bind(4, stored.senderName);
            if (stored.clientId.isEmpty())
                statement.bindNull(5);
            else
                statement.bind(5, stored.clientId);
            statement.bind(6, kind);
            statement.bind(7, stored.text);
            statement.bind(8, stored.timestampMs);
            statement.bind(9, stored.traceId);
            statement.bind(10, qint64(searchable ? 1 : 0));
            if (cjk.isEmpty())
                statement.bindNull(11);
            else
                statement.bind(11, cjk);
            const int stepped = statement.step();
            if (stepped != SQLITE_ROW) {
                // Only the failed statement is undone; the group's transaction goes on.
                const int reason = sqlite3_extended_errcode(nativeHandle());
                if (reason == SQLITE_CONSTRAINT_UNIQUE && !stored.clientId.isEmpty()) {
                    statement.reset();
                    return earlierMessage(message);
                }
                if (reason == SQLITE_CONSTRAINT_NOTNULL || reason == SQLITE_CONSTRAINT_FOREIGNKEY) {
                    return unexpected(makeError(Kind::NotFound, u"no such conversation"_s));
                }
                return unexpected(nativeFailure(u"insert message"));
            }
            stored.seq = statement.int64At(0);
            if (statement.step() != SQLITE_DONE)
                return unexpected(nativeFailure(u"insert message"));
        }
        {
            auto advance = hotStatement(m_hot->advanceSeq,
                "UPDATE conversations SET seq = ?1, first_response_ms = CASE WHEN ?2 AND "
                "first_response_ms = 0 THEN ?3 ELSE first_response_ms END WHERE id = ?4",
                u"advance seq");
            if (!advance)
                return unexpected(advance.error());
            SqliteStatement &statement = **advance;
            const auto resetLater = qScopeGuard([&statement] { statement.reset(); });
            // The first text message by staff is the conversation's first response.
            const bool response
                = message.kind == MessageKind::Text && protocol::isStaff(message.senderRole);
            statement.bind(1, stored.seq);
            statement.bind(2, qint64(response ? 1 : 0));
            statement.bind(3, message.timestampMs);
            statement.bind(4, message.conversationId);
            if (statement.step() != SQLITE_DONE)
                return unexpected(nativeFailure(u"advance seq"));
        }
        m_searchIndexBehind = m_searchIndexBehind || searchable;
        return AppendResult { std::move(stored), false };
    });
}

// A retry of a message already stored: the stored one, as its first commit returned it.
StoreResult<AppendResult> SqliteStore::earlierMessage(const NewMessage &message)
{
    auto earlier = findEarlierMessage(message);
    if (!earlier)
        return unexpected(earlier.error());
    if (!*earlier)
        return unexpected(corrupt(u"an earlier message vanished"_s));
    return AppendResult { std::move(**earlier), true };
}

StoreResult<bool> SqliteStore::checkpoint()
{
    if (!m_open)
        return unexpected(makeError(Kind::Unavailable, u"the database is not open"_s));
    sqlite3 *db = nativeHandle();
    if (!db)
        return false;
    // PASSIVE copies what no reader still needs and never waits for the writer.
    const int result
        = sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    if (result != SQLITE_OK && result != SQLITE_BUSY && result != SQLITE_LOCKED)
        return unexpected(nativeFailure(u"checkpoint"));
    return true;
}

void SqliteStore::leaveCheckpointsToOthers()
{
    if (sqlite3 *db = nativeHandle())
        sqlite3_wal_autocheckpoint(db, 0);
}

StoreResult<SqliteStatement *> SqliteStore::hotStatement(
    SqliteStatement &statement, const char *sql, QStringView what)
{
    if (auto ready = readyForStatement(); !ready)
        return unexpected(ready.error());
    if (!statement.isPrepared()) {
        sqlite3 *db = nativeHandle();
        if (!db) {
            return unexpected(
                makeError(Kind::Unavailable, u"the SQLite driver gave no native handle"_s));
        }
        if (statement.prepare(db, sql) != SQLITE_OK)
            return unexpected(nativeFailure(what));
    }
    return &statement;
}

sqlite3 *SqliteStore::nativeHandle() const
{
    const QVariant handle = m_db.driver() ? m_db.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

StorageError SqliteStore::nativeFailure(QStringView what)
{
    sqlite3 *db = nativeHandle();
    const int code = db ? sqlite3_extended_errcode(db) : SQLITE_ERROR;
    const QString text = db ? QString::fromUtf8(sqlite3_errmsg(db)) : QString();
    return failure(
        QSqlError(QString(), text, QSqlError::StatementError, QString::number(code)), what);
}

StoreResult<Done> SqliteStore::recordReceipt(
    const QString &conversationId, ReceiptSide side, protocol::ReceiptKind kind, qint64 seq)
{
    if (seq < 0)
        return unexpected(makeError(Kind::Invalid, u"negative receipt seq"_s));
    // MAX keeps receipts monotonic; MIN(?, seq) ignores receipts for seqs that do not exist
    // yet. Having read a message implies it was delivered.
    static const char *const statements[] = {
        "UPDATE conversations SET customer_delivered_seq = MAX(customer_delivered_seq, "
        "MIN(?1, seq)) WHERE id = ?2",
        "UPDATE conversations SET customer_read_seq = MAX(customer_read_seq, MIN(?1, seq)), "
        "customer_delivered_seq = MAX(customer_delivered_seq, MIN(?1, seq)) WHERE id = ?2",
        "UPDATE conversations SET agent_delivered_seq = MAX(agent_delivered_seq, "
        "MIN(?1, seq)) WHERE id = ?2",
        "UPDATE conversations SET agent_read_seq = MAX(agent_read_seq, MIN(?1, seq)), "
        "agent_delivered_seq = MAX(agent_delivered_seq, MIN(?1, seq)) WHERE id = ?2",
    };
    const int index
        = (side == ReceiptSide::Customer ? 0 : 2) + (kind == protocol::ReceiptKind::Read ? 1 : 0);
    auto prepared
        = hotStatement(m_hot->receipts[std::size_t(index)], statements[index], u"record receipt");
    if (!prepared)
        return unexpected(prepared.error());
    SqliteStatement &statement = **prepared;
    const auto resetLater = qScopeGuard([&statement] { statement.reset(); });
    statement.bind(1, seq);
    statement.bind(2, conversationId);
    if (statement.step() != SQLITE_DONE)
        return unexpected(nativeFailure(u"record receipt"));
    if (sqlite3_changes(nativeHandle()) == 0)
        return unexpected(makeError(Kind::NotFound, u"no such conversation"_s));
    return Done {};
}

// Search ---------------------------------------------------------------------------------------

StoreResult<int> SqliteStore::catchUpSearchIndex(int limit)
{
    return atomically(true, [&]() -> StoreResult<int> {
        auto marks = run(u"SELECT (SELECT CAST(value AS INTEGER) FROM meta "
                         "WHERE key = 'search_indexed_through'), "
                         "(SELECT COALESCE(MAX(search_id), 0) FROM messages)"_s,
            {}, u"read search index progress");
        if (!marks)
            return unexpected(marks.error());
        qint64 indexedThrough = 0;
        qint64 newest = 0;
        {
            const auto done = finishing(*marks);
            if (!(*marks)->next())
                return unexpected(corrupt(u"the search index progress is missing"_s));
            indexedThrough = (*marks)->value(0).toLongLong();
            newest = (*marks)->value(1).toLongLong();
        }
        if (newest <= indexedThrough) {
            m_searchIndexBehind = false;
            return 0;
        }
        const qint64 through = std::min(newest, indexedThrough + std::max(1, limit));
        const auto added
            = changeRows(u"INSERT INTO message_search (rowid, text, cjk) SELECT search_id, text, "
                         "search_cjk FROM messages WHERE search_id > ? AND search_id <= ?"_s,
                { indexedThrough, through }, u"index messages for search");
        if (!added)
            return unexpected(added.error());
        const auto moved = changeRows(u"UPDATE meta SET value = ? "
                                      "WHERE key = 'search_indexed_through'"_s,
            { QString::number(through) }, u"record search index progress");
        if (!moved)
            return unexpected(moved.error());
        m_searchIndexBehind = through < newest;
        return int(*added);
    });
}

StoreResult<SearchPage> SqliteStore::search(const SearchQuery &query)
{
    static const SearchStatements statements = [] {
        const QString filters
            = searchFilters(u"m.ts_ms"_s, u"instr"_s, u"value FROM json_each(CAST(? AS TEXT))"_s);
        // With text: the full-text index first, newest (highest search_id) first, then each
        // hit's message, conversation and customer by key. CROSS JOIN keeps that order.
        const QString textJoins
            = u"FROM message_search s CROSS JOIN messages m ON m.search_id = s.rowid "
              "CROSS JOIN conversations c ON c.id = m.conversation_id "
              "CROSS JOIN customers cu ON cu.id = c.customer_id "_s;
        const QString textWhere = u"WHERE message_search MATCH ? AND "_s + filters;
        SearchStatements made;
        made.textCount
            = u"SELECT count(*) FROM (SELECT 1 "_s + textJoins + textWhere + u"LIMIT ?) t"_s;
        made.textPage = u"SELECT m.conversation_id, m.seq, m.ts_ms, m.kind, m.sender_role, "
                        "m.sender_name, m.text, c.state, c.team, cu.name, cu.email, "
                        "COALESCE(u.login, ''), COALESCE(u.name, ''), c.created_ms "_s
            + textJoins + u"LEFT JOIN users u ON u.id = c.agent_id "_s + textWhere
            + u"ORDER BY s.rowid DESC LIMIT ? OFFSET ?"_s;
        // A supervisor's search without filters counts in the index alone: every hit of the
        // index is a hit of the search.
        made.indexCount
            = u"SELECT count(*) FROM (SELECT 1 FROM message_search WHERE message_search MATCH ? "
              "LIMIT ?) t"_s;
        addListStatements(made,
            searchFilters(
                u"c.created_ms"_s, u"instr"_s, u"value FROM json_each(CAST(? AS TEXT))"_s),
            u"rowid"_s);
        return made;
    }();
    return searchWith(
        query, statements, [](const SearchTerms &terms) { return terms.matchExpression(); });
}

} // namespace switchboard::server
