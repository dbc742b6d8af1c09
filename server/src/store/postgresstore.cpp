#include "postgresstore.h"

#include "cjkbigrams.h"
#include "searchterms.h"
#include "sqlrows.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>
#include <algorithm>
#include <limits>
#include <switchboard/ids.h>
#include <switchboard/logging.h>

using namespace Qt::StringLiterals;

namespace switchboard::server {

namespace {

using Kind = StorageError::Kind;
using namespace sqlrows;

// What the search index reads for a message: the text folded as SearchTerms folds a query,
// then the bigrams of its Chinese, Japanese and Korean runs (CjkBigrams), if it has any.
QString searchTextOf(const QString &text)
{
    const QString folded = SearchTerms::fold(text);
    const QString cjk = CjkBigrams::indexText(folded);
    return cjk.isEmpty() ? folded : folded + QLatin1Char(' ') + cjk;
}

// No SQLSTATE at all means libpq lost the server (or never reached it).
bool losesConnection(const QString &sqlState)
{
    return sqlState.isEmpty() || sqlState.startsWith(u"08") || sqlState == u"57P01"
        || sqlState == u"57P02" || sqlState == u"57P03";
}

Kind kindOfState(const QString &sqlState)
{
    if (sqlState == u"23502")
        return Kind::Invalid; // not_null_violation: the request lacks a value
    if (sqlState.startsWith(u"23"))
        return Kind::Conflict;
    if (sqlState.startsWith(u"22"))
        return Kind::Invalid;
    if (sqlState == u"42501")
        return Kind::Unavailable; // insufficient_privilege: fixable by the administrator
    if (sqlState.startsWith(u"42") || sqlState == u"XX001" || sqlState == u"XX002")
        return Kind::Corrupt; // undefined table or column: the database lacks our schema
    return Kind::Unavailable; // timeouts, 40001/40P01, lost connections, resources
}

} // namespace

PostgresStore::PostgresStore(PostgresOptions options, QString connectionName)
    : SqlStore(std::move(connectionName))
    , m_options(std::move(options))
    , m_where(m_options.masked())
{
}

PostgresStore::~PostgresStore()
{
    close();
}

QString PostgresStore::backendName() const
{
    return u"postgresql"_s;
}

void PostgresStore::opened()
{
    m_migrated = true;
    qCInfo(lcStore).noquote() << "opened PostgreSQL database" << m_where << "schema"
                              << schemaVersion << "statement timeout"
                              << m_options.statementTimeoutMs << "ms";
}

StoreResult<Done> PostgresStore::openConnection()
{
    if (!m_connectionAdded) {
        if (auto added = addConnection(u"QPSQL"_s,
                u"the Qt PostgreSQL driver (QPSQL) is not available; install "
                "libqt6sql6-psql"_s);
            !added)
            return added;
        m_db.setHostName(m_options.host);
        m_db.setPort(m_options.port);
        m_db.setUserName(m_options.user);
        m_db.setPassword(m_options.password);
        m_db.setDatabaseName(m_options.database);
        m_db.setConnectOptions(u"connect_timeout=%1;application_name=switchboard:%2"_s
                                   .arg(std::max(1, m_options.connectTimeoutSeconds))
                                   .arg(m_connectionName.left(50)));
    }
    if (!m_db.open()) {
        // libpq's text names host, port and user, never the password.
        const QString reason = m_db.lastError().text().trimmed().section(u'\n', 0, 0);
        return unexpected(makeError(
            Kind::Unavailable, u"cannot connect to PostgreSQL %1: %2"_s.arg(m_where, reason)));
    }
    m_open = true;
    m_connectionLost = false;
    return Done {};
}

StoreResult<Done> PostgresStore::configure()
{
    // libpq prints notices straight to stderr, past the JSON log; warnings and errors reach us
    // as errors anyway.
    if (auto done = execute(u"SET client_min_messages TO warning"_s, u"quiet notices"); !done)
        return done;
    if (auto done
        = execute(u"SET statement_timeout = %1"_s.arg(std::max(0, m_options.statementTimeoutMs)),
            u"set statement timeout");
        !done)
        return done;
    // A node paused (SIGSTOP, a frozen VM) inside a group holds its conversations' row locks,
    // and every other node's writes to them wait until it comes back. After this long idle in
    // a transaction PostgreSQL ends the session, which frees the locks; the paused node finds
    // its connection gone when it resumes and runs its uncommitted group again.
    if (auto done = execute(u"SET idle_in_transaction_session_timeout = %1"_s.arg(
                                std::max(0, m_options.statementTimeoutMs)),
            u"set idle transaction timeout");
        !done)
        return done;
    // Identifiers were checked to be plain names when the URL was parsed.
    if (!m_options.schema.isEmpty()) {
        if (auto done
            = execute(u"SET search_path TO \"%1\""_s.arg(m_options.schema), u"set search path");
            !done)
            return done;
    }
    return Done {};
}

StoreResult<Done> PostgresStore::ensureConnected()
{
    if (m_open && !m_connectionLost)
        return Done {};
    if (!m_connectionAdded)
        return unexpected(makeError(Kind::Unavailable, u"the database is not open"_s));
    closeConnection();
    if (auto opened = openConnection(); !opened)
        return opened;
    if (auto configured = configure(); !configured) {
        closeConnection();
        return configured;
    }
    qCInfo(lcStore).noquote() << "reconnected to PostgreSQL" << m_where;
    return Done {};
}

StoreResult<Done> PostgresStore::migrate()
{
    // One migrator at a time per schema, across every node: the lock ends with the transaction.
    if (auto begun = beginWith(u"BEGIN"_s); !begun)
        return begun;
    auto fail = [this](const StorageError &error) -> StoreResult<Done> {
        rollback();
        return unexpected(error);
    };
    const QString schema = m_options.schema;
    if (auto locked = scalar(u"SELECT pg_advisory_xact_lock(hashtext(?))"_s,
            { QString(u"switchboard migrate "_s + (schema.isEmpty() ? u"-"_s : schema)) },
            u"lock for migration");
        !locked)
        return fail(locked.error());
    if (!schema.isEmpty()) {
        if (auto created
            = execute(u"CREATE SCHEMA IF NOT EXISTS \"%1\""_s.arg(schema), u"create schema");
            !created)
            return fail(created.error());
    }

    int current = 0;
    const auto hasMeta = scalar(u"SELECT to_regclass('meta') IS NOT NULL"_s, {}, u"inspect schema");
    if (!hasMeta)
        return fail(hasMeta.error());
    if (hasMeta->toBool()) {
        const auto version = scalar(
            u"SELECT value FROM meta WHERE key = 'schema_version'"_s, {}, u"read schema version");
        if (!version)
            return fail(version.error());
        bool numeric = false;
        current = version->toString().toInt(&numeric);
        if (!numeric || current < 1)
            return fail(corrupt(u"the schema version is missing or malformed"_s));
    } else {
        const auto tables = scalar(u"SELECT count(*) FROM pg_tables "
                                   "WHERE schemaname = current_schema()"_s,
            {}, u"inspect schema");
        if (!tables)
            return fail(tables.error());
        if (tables->toLongLong() > 0) {
            return fail(
                corrupt(u"the schema holds tables but no Switchboard schema version; it belongs to "
                        "another program (give Switchboard its own database or ?schema=)"_s));
        }
    }
    if (current > schemaVersion) {
        return fail(makeError(Kind::TooNew,
            u"database %1 was written by a newer Switchboard (schema %2, "
            "this build knows %3); upgrade Switchboard or restore a backup"_s.arg(m_where)
                .arg(current)
                .arg(schemaVersion)));
    }
    if (current == schemaVersion) {
        if (auto committed = commit(); !committed)
            return fail(committed.error());
        return Done {};
    }

    if (auto upgraded = upgradeSchema(current, schemaVersion); !upgraded)
        return fail(upgraded.error());

    auto stamped = run(u"INSERT INTO meta (key, value) VALUES ('schema_version', ?) "
                       "ON CONFLICT (key) DO UPDATE SET value = excluded.value"_s,
        { QString::number(schemaVersion) }, u"write schema version");
    if (!stamped)
        return fail(stamped.error());
    (*stamped)->finish();
    if (auto committed = commit(); !committed)
        return fail(committed.error());
    qCInfo(lcStore).noquote() << "migrated database" << m_where << "from schema" << current << "to"
                              << schemaVersion;
    return Done {};
}

QString PostgresStore::schemaFolder() const
{
    return u"postgresql"_s;
}

StoreResult<Done> PostgresStore::backfill(int version)
{
    if (version == 4)
        return backfillSearchIds();
    if (version == 6)
        return backfillCjkSearchText();
    return SqlStore::backfill(version);
}

// Version 4: search_id in time order and search_text folded here, in C++.
StoreResult<Done> PostgresStore::backfillSearchIds()
{
    struct Row {
        QString conversationId;
        qint64 seq = 0;
        QString text;
    };
    QList<Row> rows;
    {
        auto query = run(u"SELECT conversation_id, seq, text FROM messages "
                         "WHERE kind IN ('text', 'note') "
                         "ORDER BY ts_ms, conversation_id, seq"_s,
            {}, u"read messages to index");
        if (!query)
            return unexpected(query.error());
        while ((*query)->next())
            rows.append({ (*query)->value(0).toString(), (*query)->value(1).toLongLong(),
                (*query)->value(2).toString() });
        (*query)->finish();
    }
    for (const Row &row : std::as_const(rows)) {
        auto query = run(u"UPDATE messages SET search_id = "
                         "nextval('message_search_ids'), search_text = ? "
                         "WHERE conversation_id = ? AND seq = ?"_s,
            { SearchTerms::fold(row.text), row.conversationId, row.seq }, u"index message");
        if (!query)
            return unexpected(query.error());
        (*query)->finish();
    }
    return Done {};
}

// Version 6: search_text gains the bigrams of each CJK run (searchTextOf()). Only text that is
// not plain ASCII can hold CJK.
StoreResult<Done> PostgresStore::backfillCjkSearchText()
{
    struct Row {
        qint64 searchId = 0;
        QString searchText;
    };
    QList<Row> rows;
    {
        auto query = run(u"SELECT search_id, text FROM messages WHERE search_id "
                         "IS NOT NULL AND octet_length(text) <> char_length(text)"_s,
            {}, u"read messages to index");
        if (!query)
            return unexpected(query.error());
        while ((*query)->next()) {
            const QString text = (*query)->value(1).toString();
            if (CjkBigrams::containsCjk(text))
                rows.append({ (*query)->value(0).toLongLong(), searchTextOf(text) });
        }
        (*query)->finish();
    }
    for (const Row &row : std::as_const(rows)) {
        auto query = run(u"UPDATE messages SET search_text = ? WHERE search_id = ?"_s,
            { row.searchText, row.searchId }, u"index message");
        if (!query)
            return unexpected(query.error());
        (*query)->finish();
    }
    return Done {};
}

void PostgresStore::close()
{
    if (m_inTransaction)
        rollback();
    removeConnection();
    m_migrated = false;
}

StoreResult<QVariant> PostgresStore::scalar(
    const QString &sql, const QVariantList &values, QStringView what)
{
    auto query = run(sql, values, what);
    if (!query)
        return unexpected(query.error());
    const auto done = finishing(*query);
    if (!(*query)->next())
        return QVariant();
    return (*query)->value(0);
}

StoreResult<Done> PostgresStore::reconnectIfLost()
{
    if (!m_migrated)
        return Done {}; // open() itself is connecting
    return ensureConnected();
}

StorageError PostgresStore::failure(const QSqlError &error, QStringView what)
{
    const QString state = error.nativeErrorCode().trimmed();
    // Only the first line: PostgreSQL's DETAIL lines quote the values involved.
    QString reason = error.databaseText().trimmed().section(u'\n', 0, 0);
    if (reason.isEmpty())
        reason = error.driverText().trimmed().section(u'\n', 0, 0);
    StorageError result { kindOfState(state), what.toString() + u": "_s + reason, state };
    if (state == u"57014")
        result.message = what.toString()
            + u": the statement ran longer than the statement timeout (%1 ms)"_s.arg(
                m_options.statementTimeoutMs);
    if (losesConnection(state))
        m_connectionLost = true;
    // An error outside a savepoint aborts PostgreSQL's whole transaction; a serialization
    // failure or deadlock must rerun it whole even when a savepoint could be rolled back; a lost
    // connection took the transaction with it.
    if (m_inTransaction && !m_transactionBroken
        && (isRetryableState(state) || losesConnection(state) || !m_inSavepoint))
        m_transactionBroken = result;
    if (result.kind == Kind::Unavailable || result.kind == Kind::Corrupt)
        qCWarning(lcStore).noquote() << "PostgreSQL" << state << result.message;
    else
        qCDebug(lcStore).noquote() << "PostgreSQL" << state << result.message;
    return result;
}

QString PostgresStore::where() const
{
    return m_where;
}

QString PostgresStore::returningId(const QString &insert) const
{
    return insert + u" RETURNING id"_s;
}

std::optional<qint64> PostgresStore::insertedId(QSqlQuery &query) const
{
    if (!query.next())
        return std::nullopt;
    return query.value(0).toLongLong();
}

QString PostgresStore::insertionOrder() const
{
    return u"ord"_s;
}

const QString &PostgresStore::listAuditSql() const
{
    // Newest first by id: ids follow the order of the appends.
    static const QString sql
        = u"SELECT id, ts_ms, actor, actor_role, action, target, detail, address FROM audit_log "
          "WHERE (?::boolean OR ts_ms >= ?::bigint) AND (?::boolean OR ts_ms < ?::bigint) "
          "AND (?::boolean OR actor = ?::text) AND (?::boolean OR action = ?::text) "
          "ORDER BY id DESC LIMIT ? OFFSET ?"_s;
    return sql;
}

// Transactions ---------------------------------------------------------------------------------

QString PostgresStore::beginStatement(bool write) const
{
    // A read sees one snapshot across its statements; a write locks what it changes.
    return write ? u"BEGIN"_s : u"BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"_s;
}

StoreResult<Done> PostgresStore::runControl(const QString &sql, QStringView what)
{
    // Not prepared: PostgreSQL cannot PREPARE transaction statements.
    return execute(sql, what);
}

StoreResult<Done> PostgresStore::begin()
{
    return beginWith(beginStatement(true));
}

void PostgresStore::rollback()
{
    m_inTransaction = false;
    m_inSavepoint = false;
    m_transactionBroken.reset();
    if (!m_open || m_connectionLost)
        return;
    QSqlQuery query(m_db);
    if (!query.exec(u"ROLLBACK"_s)) {
        qCDebug(lcStore).noquote() << "rollback:" << query.lastError().text();
        if (losesConnection(query.lastError().nativeErrorCode()))
            m_connectionLost = true;
    }
}

namespace {

// One text[] parameter, so a statement is prepared once whatever the number of ids.
QString textArray(const QStringList &ids)
{
    QString array = u"{"_s;
    for (const QString &id : ids) {
        QString quoted = id;
        quoted.replace(u'\\', u"\\\\"_s).replace(u'"', u"\\\""_s);
        array += (array.size() > 1 ? u",\""_s : u"\""_s) + quoted + u"\""_s;
    }
    array += u'}';
    return array;
}

} // namespace

StoreResult<Done> PostgresStore::lockConversations(const QStringList &sortedIds)
{
    if (sortedIds.isEmpty())
        return Done {};
    // The lock is the one an UPDATE takes (NO KEY UPDATE): FOR UPDATE would also stop other
    // transactions' foreign-key checks on the row (KEY SHARE) for the whole group, which
    // stalled nodes behind a long group.
    auto query = run(u"SELECT id FROM conversations WHERE id = ANY(?::text[]) "
                     "ORDER BY id COLLATE \"C\" FOR NO KEY UPDATE"_s,
        { textArray(sortedIds) }, u"lock the group's conversations");
    if (!query)
        return unexpected(query.error());
    const auto done = finishing(*query);
    return Done {};
}

StoreResult<QStringList> PostgresStore::lockThoseFree(const QStringList &ids)
{
    if (ids.isEmpty())
        return ids;
    // Never waits, so it cannot close a cycle with another node's group lock either.
    auto query = run(u"SELECT id FROM conversations WHERE id = ANY(?::text[]) "
                     "FOR NO KEY UPDATE SKIP LOCKED"_s,
        { textArray(ids) }, u"lock the conversations no one holds");
    if (!query)
        return unexpected(query.error());
    const auto done = finishing(*query);
    QStringList locked;
    while ((*query)->next())
        locked += (*query)->value(0).toString();
    return locked;
}

// Messages -------------------------------------------------------------------------------------

StoreResult<AppendResult> PostgresStore::appendMessage(const NewMessage &message)
{
    if (auto valid = checkNewMessage(message); !valid)
        return unexpected(valid.error());
    return atomically(true, [&]() -> StoreResult<AppendResult> {
        // One round trip in the common case: the seq bump (which takes the conversation's row
        // lock, serialising its writers on every node until commit) and the insert in one
        // statement. Each statement was a network round trip made while holding that lock, so
        // their number bounded what two nodes writing the same conversations could store.
        StoredMessage stored = storedMessage(message, 0);
        // The first text message by staff is the conversation's first response.
        const bool response
            = message.kind == MessageKind::Text && protocol::isStaff(message.senderRole);
        // Text and notes are searchable: the next search_id and the folded text with its bigrams.
        // Not events, nor attachments (their text is metadata with a thumbnail, not words).
        const bool searchable
            = stored.kind == MessageKind::Text || stored.kind == MessageKind::Note;
        static const QString appendSql
            = u"WITH bumped AS (UPDATE conversations SET seq = seq + 1, first_response_ms = CASE "
              "WHEN ?::boolean AND first_response_ms = 0 THEN ?::bigint ELSE first_response_ms END "
              "WHERE id = ? RETURNING id, seq) "
              "INSERT INTO messages (conversation_id, seq, sender_key, sender_role, sender_name, "
              "client_id, kind, text, ts_ms, trace_id, search_id, search_text) "
              "SELECT bumped.id, bumped.seq, ?, ?, ?, ?, ?, ?, ?, ?, CASE WHEN ?::boolean THEN "
              "nextval('message_search_ids') END, ? FROM bumped "
              "ON CONFLICT (conversation_id, sender_key, client_id) DO NOTHING RETURNING seq"_s;
        {
            auto query = run(appendSql,
                { response, message.timestampMs, message.conversationId, stored.senderKey,
                    protocol::roleName(stored.senderRole), textValue(stored.senderName),
                    stored.clientId.isEmpty() ? QVariant() : QVariant(stored.clientId),
                    protocol::kindName(stored.kind), textValue(stored.text), stored.timestampMs,
                    textValue(stored.traceId), searchable,
                    searchable ? QVariant(searchTextOf(stored.text)) : QVariant() },
                u"append message");
            if (!query)
                return unexpected(query.error());
            const auto done = finishing(*query);
            if ((*query)->next()) {
                stored.seq = (*query)->value(0).toLongLong();
                return AppendResult { std::move(stored), false };
            }
        }

        // Nothing inserted: no such conversation, or a retry of a committed client_id (found
        // now, under the row lock, even if another node committed it a moment ago).
        auto earlier = findEarlierMessage(message);
        if (!earlier)
            return unexpected(earlier.error());
        if (*earlier) {
            // The bump above handed out a seq that no message took: give it back.
            auto undo = run(u"UPDATE conversations SET seq = seq - 1 WHERE id = ?"_s,
                { message.conversationId }, u"return unused seq");
            if (!undo)
                return unexpected(undo.error());
            (*undo)->finish();
            return AppendResult { std::move(**earlier), true };
        }
        return unexpected(makeError(Kind::NotFound, u"no such conversation"_s));
    });
}

StoreResult<Done> PostgresStore::recordReceipt(
    const QString &conversationId, ReceiptSide side, protocol::ReceiptKind kind, qint64 seq)
{
    if (seq < 0)
        return unexpected(makeError(Kind::Invalid, u"negative receipt seq"_s));
    // GREATEST keeps receipts monotonic; LEAST(?, seq) ignores receipts for seqs that do not
    // exist yet. Having read a message implies it was delivered.
    const bool customer = side == ReceiptSide::Customer;
    QString sql;
    QVariantList values;
    if (kind == protocol::ReceiptKind::Delivered) {
        sql = customer ? u"UPDATE conversations SET customer_delivered_seq = "
                         "GREATEST(customer_delivered_seq, LEAST(?::bigint, seq)) WHERE id = ?"_s
                       : u"UPDATE conversations SET agent_delivered_seq = "
                         "GREATEST(agent_delivered_seq, LEAST(?::bigint, seq)) WHERE id = ?"_s;
        values = { seq, conversationId };
    } else {
        sql = customer
            ? u"UPDATE conversations SET "
              "customer_read_seq = GREATEST(customer_read_seq, LEAST(?::bigint, seq)), "
              "customer_delivered_seq = GREATEST(customer_delivered_seq, LEAST(?::bigint, seq)) "
              "WHERE id = ?"_s
            : u"UPDATE conversations SET "
              "agent_read_seq = GREATEST(agent_read_seq, LEAST(?::bigint, seq)), "
              "agent_delivered_seq = GREATEST(agent_delivered_seq, LEAST(?::bigint, seq)) "
              "WHERE id = ?"_s;
        values = { seq, seq, conversationId };
    }
    auto query = run(sql, values, u"record receipt");
    if (!query)
        return unexpected(query.error());
    const auto done = finishing(*query);
    if ((*query)->numRowsAffected() == 0)
        return unexpected(makeError(Kind::NotFound, u"no such conversation"_s));
    return Done {};
}

// Search --------------------------------------------------------------------------------------
namespace {

// Each word quoted, every word required, the last also as a prefix. The words hold only
// letters, digits and marks, so no user syntax reaches to_tsquery. A CJK run is the phrase of
// its bigrams (a single character the start of one), as search_text holds them.
QString tsQuery(const SearchTerms &terms)
{
    const auto quoted = [](const QString &word) -> QString {
        return QLatin1Char('\'') + word + QLatin1Char('\'');
    };
    QStringList parts;
    const QStringList &words = terms.words();
    for (qsizetype i = 0; i < words.size(); ++i) {
        const bool last = i + 1 == words.size();
        const QString folded = SearchTerms::fold(words.at(i));
        if (!CjkBigrams::containsCjk(folded)) {
            parts.append(quoted(folded) + (last ? u":*"_s : QString()));
            continue;
        }
        const QList<CjkBigrams::Piece> pieces = CjkBigrams::queryPieces(folded);
        for (qsizetype p = 0; p < pieces.size(); ++p) {
            const CjkBigrams::Piece &piece = pieces.at(p);
            if (piece.cjk && !piece.single) {
                QStringList bigrams = piece.text.split(QLatin1Char(' '));
                for (QString &bigram : bigrams)
                    bigram = quoted(bigram);
                parts.append(QLatin1Char('(') + bigrams.join(u" <-> "_s) + QLatin1Char(')'));
                continue;
            }
            const bool prefix = piece.single || (last && p + 1 == pieces.size());
            parts.append(quoted(piece.text) + (prefix ? u":*"_s : QString()));
        }
    }
    return parts.join(u" & "_s);
}

} // namespace

StoreResult<SearchPage> PostgresStore::search(const SearchQuery &query)
{
    static const SearchStatements statements = [] {
        const QString elements = u"json_array_elements_text(CAST(? AS JSON))"_s;
        const QString textFrom
            = u"FROM messages m JOIN conversations c ON c.id = m.conversation_id "
              "JOIN customers cu ON cu.id = c.customer_id "
              "LEFT JOIN users u ON u.id = c.agent_id "
              "WHERE m.search_id IS NOT NULL "
              "AND to_tsvector('simple', m.search_text) @@ to_tsquery('simple', ?) "
              "AND "_s
            + searchFilters(u"m.ts_ms"_s, u"strpos"_s, elements);
        SearchStatements made;
        made.textCount = u"SELECT count(*) FROM (SELECT 1 "_s + textFrom + u"LIMIT ?) t"_s;
        made.textPage = u"SELECT m.conversation_id, m.seq, m.ts_ms, m.kind, m.sender_role, "
                        "m.sender_name, m.text, c.state, c.team, cu.name, cu.email, "
                        "COALESCE(u.login, ''), COALESCE(u.name, ''), c.created_ms "_s
            + textFrom + u"ORDER BY m.search_id DESC LIMIT ? OFFSET ?"_s;
        addListStatements(made, searchFilters(u"c.created_ms"_s, u"strpos"_s, elements), u"ord"_s);
        return made;
    }();
    return searchWith(query, statements, tsQuery);
}

} // namespace switchboard::server
