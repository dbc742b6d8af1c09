#include "sqlstore.h"

#include "sqlrows.h"

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <algorithm>
#include <limits>
#include <switchboard/ids.h>
#include <switchboard/logging.h>
#include <utility>

using namespace Qt::StringLiterals;

namespace switchboard::server {

namespace {

using Kind = StorageError::Kind;
using namespace sqlrows;

} // namespace

SqlStore::SqlStore(QString connectionName)
    : m_connectionName(std::move(connectionName))
{
}

// Each dialect's destructor closes: close() is virtual and no longer dispatches here.
SqlStore::~SqlStore() = default;

StoreResult<Done> SqlStore::reconnectIfLost()
{
    return Done {};
}

StoreResult<Done> SqlStore::addConnection(const QString &driver, const QString &missingDriver)
{
    if (QSqlDatabase::contains(m_connectionName)) {
        // addDatabase() would silently replace the other store's connection.
        return unexpected(makeError(Kind::Invalid,
            u"database connection name %1 is already in use"_s.arg(m_connectionName)));
    }
    m_db = QSqlDatabase::addDatabase(driver, m_connectionName);
    m_connectionAdded = true;
    if (!m_db.isValid())
        return unexpected(makeError(Kind::Unavailable, missingDriver));
    return Done {};
}

void SqlStore::closeConnection()
{
    m_statements.clear(); // queries must go before their connection
    if (m_db.isOpen())
        m_db.close();
    m_open = false;
}

void SqlStore::removeConnection()
{
    closeConnection();
    m_db = QSqlDatabase();
    if (m_connectionAdded) {
        QSqlDatabase::removeDatabase(m_connectionName);
        m_connectionAdded = false;
    }
}

StoreResult<Done> SqlStore::readyForStatement()
{
    if (!m_inTransaction) {
        if (auto ready = reconnectIfLost(); !ready)
            return ready;
    }
    if (!m_open)
        return unexpected(makeError(Kind::Unavailable, u"the database is not open"_s));
    if (m_transactionBroken)
        return unexpected(*m_transactionBroken);
    return Done {};
}

StoreResult<QSqlQuery *> SqlStore::run(
    const QString &sql, const QVariantList &values, QStringView what)
{
    if (auto ready = readyForStatement(); !ready)
        return unexpected(ready.error());
    auto found = m_statements.find(sql);
    if (found == m_statements.end()) {
        auto query = std::make_unique<QSqlQuery>(m_db);
        query->setForwardOnly(true);
        if (!query->prepare(sql))
            return unexpected(failure(query->lastError(), what));
        found = m_statements.emplace(sql, std::move(query)).first;
    }
    QSqlQuery *query = found->second.get();
    for (qsizetype i = 0; i < values.size(); ++i)
        query->bindValue(int(i), values.at(i));
    if (!query->exec()) {
        const StorageError error = failure(query->lastError(), what);
        query->finish();
        return unexpected(error);
    }
    return query;
}

StoreResult<std::optional<qint64>> SqlStore::insertRow(
    const QString &sql, const QVariantList &values, QStringView what)
{
    auto query = run(returningId(sql), values, what);
    if (!query)
        return unexpected(query.error());
    const auto done = finishing(*query);
    return insertedId(**query);
}

StoreResult<qint64> SqlStore::changeRows(
    const QString &sql, const QVariantList &values, QStringView what)
{
    auto query = run(sql, values, what);
    if (!query)
        return unexpected(query.error());
    const auto done = finishing(*query);
    return qint64((*query)->numRowsAffected());
}

StoreResult<Done> SqlStore::execute(const QString &sql, QStringView what)
{
    if (!m_open)
        return unexpected(makeError(Kind::Unavailable, u"the database is not open"_s));
    if (m_transactionBroken)
        return unexpected(*m_transactionBroken);
    QSqlQuery query(m_db);
    if (!query.exec(sql))
        return unexpected(failure(query.lastError(), what));
    return Done {};
}

StorageError SqlStore::corrupt(const QString &what) const
{
    return makeError(Kind::Corrupt, u"database %1: %2"_s.arg(where(), what));
}

// Schema ---------------------------------------------------------------------------------------

namespace {

// The statements of a schema file: each ends with a line ending in ';', a trigger's at its
// END; whole-line comments are dropped.
QStringList schemaStatements(const QString &script)
{
    QStringList statements;
    QString statement;
    const auto lines = QStringView(script).split(u'\n');
    for (const QStringView line : lines) {
        const QStringView trimmed = line.trimmed();
        if (trimmed.isEmpty() || trimmed.startsWith(u"--"))
            continue;
        if (!statement.isEmpty())
            statement += u'\n';
        statement += trimmed;
        const bool trigger = statement.startsWith(u"CREATE TRIGGER");
        if (trimmed.endsWith(u';') && (!trigger || trimmed == u"END;")) {
            statement.chop(1);
            statements.append(std::exchange(statement, QString()));
        }
    }
    if (!statement.isEmpty())
        statements.append(statement); // the last one without its ';'
    return statements;
}

} // namespace

StoreResult<Done> SqlStore::upgradeSchema(int from, int to)
{
    for (int version = from + 1; version <= to; ++version) {
        const QString prefix = u":/switchboard/schema/%1/v%2"_s.arg(schemaFolder()).arg(version);
        const QString what = u"create schema v%1"_s.arg(version);
        QFile file(prefix + u".sql"_s);
        if (!file.open(QIODevice::ReadOnly)) {
            return unexpected(makeError(
                Kind::Invalid, u"this build lacks its schema file %1"_s.arg(file.fileName())));
        }
        QStringList statements = schemaStatements(QString::fromUtf8(file.readAll()));
        QFile after(prefix + u"-after-backfill.sql"_s);
        const QStringList afterBackfill = after.open(QIODevice::ReadOnly)
            ? schemaStatements(QString::fromUtf8(after.readAll()))
            : QStringList();
        for (const QString &sql : std::as_const(statements)) {
            if (auto done = execute(sql, what); !done)
                return done;
        }
        if (auto filled = backfill(version); !filled)
            return filled;
        for (const QString &sql : afterBackfill) {
            if (auto done = execute(sql, what); !done)
                return done;
        }
    }
    return Done {};
}

StoreResult<Done> SqlStore::backfill(int version)
{
    if (version != 1)
        return Done {};
    auto inserted = run(u"INSERT INTO meta (key, value) VALUES ('database_id', ?), "
                        "('created_ms', ?)"_s,
        { QUuid::createUuid().toString(QUuid::WithoutBraces),
            QString::number(QDateTime::currentMSecsSinceEpoch()) },
        u"write database id");
    if (!inserted)
        return unexpected(inserted.error());
    (*inserted)->finish();
    return Done {};
}

// Transactions ---------------------------------------------------------------------------------

StoreResult<Done> SqlStore::beginWith(const QString &sql)
{
    if (m_inTransaction)
        return unexpected(makeError(Kind::Invalid, u"a transaction is already open"_s));
    if (auto ready = reconnectIfLost(); !ready)
        return ready;
    m_transactionBroken.reset();
    m_inSavepoint = false;
    if (auto begun = runControl(sql, u"begin transaction"); !begun)
        return begun;
    m_inTransaction = true;
    return Done {};
}

StoreResult<Done> SqlStore::runTransaction(
    bool write, const std::function<StoreResult<Done>()> &work)
{
    const QString beginSql = beginStatement(write);
    const auto runOnce = [&]() -> std::optional<StorageError> {
        if (const auto begun = beginWith(beginSql); !begun)
            return begun.error();
        StorageError error;
        if (const auto result = work()) {
            const auto committed = commit();
            if (committed)
                return std::nullopt;
            error = committed.error();
        } else {
            // The transaction may have broken before the error the work returned.
            error = m_transactionBroken ? *m_transactionBroken : result.error();
        }
        rollback();
        return error;
    };
    const auto failed
        = retryTransaction(retryPolicy(), runOnce, [](const StorageError &error, int next) {
              qCInfo(lcStore).noquote()
                  << "retrying a transaction after SQLSTATE" << error.sqlState << "attempt" << next;
          });
    if (failed)
        return unexpected(*failed);
    return Done {};
}

StoreResult<Done> SqlStore::commit()
{
    if (!m_inTransaction)
        return unexpected(makeError(Kind::Invalid, u"no transaction to commit"_s));
    if (m_transactionBroken)
        return unexpected(*m_transactionBroken);
    if (auto committed = runControl(u"COMMIT"_s, u"commit"); !committed)
        return committed;
    m_inTransaction = false;
    m_inSavepoint = false;
    return Done {};
}

StoreResult<Done> SqlStore::savepoint()
{
    if (!m_inTransaction)
        return unexpected(makeError(Kind::Invalid, u"savepoint outside a transaction"_s));
    if (auto saved = runControl(u"SAVEPOINT job"_s, u"savepoint"); !saved)
        return saved;
    m_inSavepoint = true;
    return Done {};
}

StoreResult<Done> SqlStore::releaseSavepoint()
{
    if (auto released = runControl(u"RELEASE SAVEPOINT job"_s, u"release savepoint"); !released)
        return released;
    m_inSavepoint = false;
    return Done {};
}

void SqlStore::rollbackToSavepoint()
{
    if (!m_inTransaction || m_transactionBroken)
        return; // nothing left to undo; commit() reports why
    // ROLLBACK TO keeps the savepoint open; release it so savepoints do not nest up.
    for (const QString &sql : { u"ROLLBACK TO SAVEPOINT job"_s, u"RELEASE SAVEPOINT job"_s }) {
        if (!runControl(sql, u"roll back savepoint"))
            return;
    }
    m_inSavepoint = false;
}

StoreResult<Done> SqlStore::probeWrite()
{
    return atomically(true, [this]() -> StoreResult<Done> {
        auto query = run(u"INSERT INTO meta (key, value) VALUES ('probe', ?) "
                         "ON CONFLICT (key) DO UPDATE SET value = excluded.value"_s,
            { QString::number(QDateTime::currentMSecsSinceEpoch()) }, u"probe write");
        if (!query)
            return unexpected(query.error());
        (*query)->finish();
        return Done {};
    });
}

StoreResult<QString> SqlStore::databaseId()
{
    auto query
        = run(u"SELECT value FROM meta WHERE key = 'database_id'"_s, {}, u"read database id");
    if (!query)
        return unexpected(query.error());
    const auto done = finishing(*query);
    if (!(*query)->next())
        return unexpected(corrupt(u"the database id is missing"_s));
    return (*query)->value(0).toString();
}

// Users ----------------------------------------------------------------------------------------

StoreResult<UserRecord> SqlStore::createUser(const UserRecord &user)
{
    if (user.login.isEmpty())
        return unexpected(makeError(Kind::Invalid, u"a user needs a login"_s));
    static const QString sql
        = u"INSERT INTO users (login, name, role, teams, "
          "password_hash, created_ms, receives_chats) VALUES (?, ?, ?, ?, ?, ?, ?)"_s;
    const auto id = insertRow(sql,
        { user.login, textValue(user.name), protocol::roleName(user.role), teamsToJson(user.teams),
            user.passwordHash, user.createdMs, user.receivesChatsNow() ? 1 : 0 },
        u"create user");
    if (!id) {
        StorageError error = id.error();
        if (error.kind == Kind::Conflict)
            error.message = u"a user with this login exists"_s;
        return unexpected(error);
    }
    UserRecord created = user;
    if (*id)
        created.id = **id;
    return created;
}

StoreResult<std::optional<UserRecord>> SqlStore::findUserWhere(
    const QString &sql, const QVariant &key)
{
    auto query = run(sql, { key }, u"find user");
    if (!query)
        return unexpected(query.error());
    const auto done = finishing(*query);
    if (!(*query)->next())
        return std::optional<UserRecord>();
    auto user = userFromRow(**query);
    if (!user)
        return unexpected(corrupt(u"a user row has an unknown role or malformed teams"_s));
    return std::optional<UserRecord>(std::move(*user));
}

StoreResult<std::optional<UserRecord>> SqlStore::findUserByLogin(const QString &login)
{
    static const QString sql = userSelect() + u"WHERE login = ?"_s;
    return findUserWhere(sql, login);
}

StoreResult<std::optional<UserRecord>> SqlStore::findUserById(qint64 id)
{
    static const QString sql = userSelect() + u"WHERE id = ?"_s;
    return findUserWhere(sql, id);
}

StoreResult<QList<UserRecord>> SqlStore::listUsers()
{
    static const QString sql = userSelect() + u"ORDER BY login"_s;
    auto query = run(sql, {}, u"list users");
    if (!query)
        return unexpected(query.error());
    const auto done = finishing(*query);
    QList<UserRecord> users;
    while ((*query)->next()) {
        auto user = userFromRow(**query);
        if (!user)
            return unexpected(corrupt(u"a user row has an unknown role or malformed teams"_s));
        users.append(std::move(*user));
    }
    return users;
}

StoreResult<bool> SqlStore::removeUser(const QString &login)
{
    return atomically(true, [&]() -> StoreResult<bool> {
        auto user = findUserByLogin(login);
        if (!user)
            return unexpected(user.error());
        if (!*user)
            return false;
        // A removed user's sessions must not outlive the account.
        auto revoked = revokeTokens(TokenSubject { TokenSubject::Kind::Staff, (*user)->id });
        if (!revoked)
            return unexpected(revoked.error());
        const auto removed
            = changeRows(u"DELETE FROM users WHERE id = ?"_s, { (*user)->id }, u"remove user");
        if (!removed)
            return unexpected(removed.error());
        return *removed > 0;
    });
}

StoreResult<bool> SqlStore::setPasswordHash(const QString &login, const QByteArray &hash)
{
    const auto changed = changeRows(
        u"UPDATE users SET password_hash = ? WHERE login = ?"_s, { hash, login }, u"set password");
    if (!changed)
        return unexpected(changed.error());
    return *changed > 0;
}

StoreResult<bool> SqlStore::updateUser(const UserRecord &user)
{
    const auto changed = changeRows(u"UPDATE users SET name = ?, role = ?, teams = ?, "
                                    "receives_chats = ? WHERE id = ?"_s,
        { textValue(user.name), protocol::roleName(user.role), teamsToJson(user.teams),
            user.receivesChatsNow() ? 1 : 0, user.id },
        u"update user");
    if (!changed)
        return unexpected(changed.error());
    return *changed > 0;
}

// Tokens ---------------------------------------------------------------------------------------

StoreResult<Done> SqlStore::insertToken(
    const QByteArray &digest, const TokenSubject &subject, qint64 createdMs, qint64 expiresMs)
{
    if (digest.isEmpty())
        return unexpected(makeError(Kind::Invalid, u"a token needs a digest"_s));
    const auto inserted = changeRows(u"INSERT INTO tokens (digest, kind, subject_id, created_ms, "
                                     "expires_ms) VALUES (?, ?, ?, ?, ?)"_s,
        { digest, subjectKindName(subject.kind), subject.id, createdMs, expiresMs },
        u"insert token");
    if (!inserted) {
        StorageError error = inserted.error();
        if (error.kind == Kind::Conflict)
            error.message = u"a token with this digest exists"_s;
        return unexpected(error);
    }
    return Done {};
}

StoreResult<std::optional<TokenSubject>> SqlStore::findToken(const QByteArray &digest, qint64 nowMs)
{
    auto query = run(u"SELECT kind, subject_id FROM tokens "
                     "WHERE digest = ? AND expires_ms > ?"_s,
        { digest, nowMs }, u"find token");
    if (!query)
        return unexpected(query.error());
    const auto done = finishing(*query);
    if (!(*query)->next())
        return std::optional<TokenSubject>();
    const auto kind = subjectKindFromName((*query)->value(0).toString());
    if (!kind)
        return unexpected(corrupt(u"a token row has an unknown subject kind"_s));
    return std::optional<TokenSubject>(TokenSubject { *kind, (*query)->value(1).toLongLong() });
}

StoreResult<Done> SqlStore::revokeTokens(const TokenSubject &subject)
{
    const auto revoked = changeRows(u"DELETE FROM tokens WHERE kind = ? AND subject_id = ?"_s,
        { subjectKindName(subject.kind), subject.id }, u"revoke tokens");
    if (!revoked)
        return unexpected(revoked.error());
    return Done {};
}

// Customers ------------------------------------------------------------------------------------

StoreResult<CustomerRecord> SqlStore::createCustomer(const CustomerRecord &customer)
{
    static const QString sql
        = u"INSERT INTO customers (name, email, page, created_ms) VALUES (?, ?, ?, ?)"_s;
    const auto id = insertRow(sql,
        { textValue(customer.name), textValue(customer.email), textValue(customer.page),
            customer.createdMs },
        u"create customer");
    if (!id)
        return unexpected(id.error());
    CustomerRecord created = customer;
    if (*id)
        created.id = **id;
    return created;
}

StoreResult<std::optional<CustomerRecord>> SqlStore::findCustomer(qint64 id)
{
    auto query = run(u"SELECT id, name, email, page, created_ms FROM customers "
                     "WHERE id = ?"_s,
        { id }, u"find customer");
    if (!query)
        return unexpected(query.error());
    const auto done = finishing(*query);
    if (!(*query)->next())
        return std::optional<CustomerRecord>();
    return std::optional<CustomerRecord>(customerFromRow(**query));
}

StoreResult<Done> SqlStore::updateCustomerProfile(const CustomerRecord &customer)
{
    const auto changed
        = changeRows(u"UPDATE customers SET name = ?, email = ?, page = ? WHERE id = ?"_s,
            { textValue(customer.name), textValue(customer.email), textValue(customer.page),
                customer.id },
            u"update customer");
    if (!changed)
        return unexpected(changed.error());
    if (*changed == 0)
        return unexpected(makeError(Kind::NotFound, u"no such customer"_s));
    return Done {};
}

// Customer satisfaction -----------------------------------------------------------------------

StoreResult<std::optional<StoredRating>> SqlStore::findRating(const QString &conversationId)
{
    return atomically(false, [&]() -> StoreResult<std::optional<StoredRating>> {
        auto query = run(u"SELECT r.rating, r.comment, r.first_rated_ms, r.rated_ms, "
                         "c.agent_id, c.team FROM conversation_ratings r "
                         "JOIN conversations c ON c.id = r.conversation_id "
                         "WHERE r.conversation_id = ?"_s,
            { conversationId }, u"find rating");
        if (!query)
            return unexpected(query.error());
        const auto done = finishing(*query);
        if (!(*query)->next())
            return std::optional<StoredRating>();
        StoredRating rating;
        rating.conversationId = conversationId;
        rating.rating = (*query)->value(0).toInt();
        rating.comment = (*query)->value(1).toString();
        rating.firstRatedMs = (*query)->value(2).toLongLong();
        rating.ratedMs = (*query)->value(3).toLongLong();
        rating.agentId = (*query)->value(4).toLongLong();
        rating.team = (*query)->value(5).toString();
        return std::optional<StoredRating>(rating);
    });
}

StoreResult<RatingOutcome> SqlStore::rateConversation(const NewRating &rating)
{
    if (rating.rating < protocol::minRating || rating.rating > protocol::maxRating)
        return unexpected(makeError(Kind::Invalid, u"a rating is 1 to 5"_s));
    using Result = RatingOutcome::Result;
    return atomically(true, [&]() -> StoreResult<RatingOutcome> {
        RatingOutcome outcome;
        outcome.rating.conversationId = rating.conversationId;
        {
            auto query = run(u"SELECT customer_id, state, agent_id, team, seq "
                             "FROM conversations WHERE id = ?"_s,
                { rating.conversationId }, u"read rated conversation");
            if (!query)
                return unexpected(query.error());
            const auto done = finishing(*query);
            if (!(*query)->next()) {
                outcome.result = Result::NoSuchConversation;
                return outcome;
            }
            if ((*query)->value(0).toLongLong() != rating.customerId) {
                outcome.result = Result::NotTheCustomer;
                return outcome;
            }
            if ((*query)->value(1).toString() != protocol::stateName(ConversationState::Closed)) {
                outcome.result = Result::NotClosed;
                return outcome;
            }
            outcome.rating.agentId = (*query)->value(2).toLongLong();
            outcome.rating.team = (*query)->value(3).toString();
            outcome.latestSeq = (*query)->value(4).toLongLong();
        }
        auto earlier = findRating(rating.conversationId);
        if (!earlier)
            return unexpected(earlier.error());
        if (*earlier && rating.nowMs >= (*earlier)->firstRatedMs + rating.changeWindowMs) {
            outcome.result = Result::Final;
            outcome.rating = **earlier;
            return outcome;
        }
        outcome.rating.rating = rating.rating;
        outcome.rating.comment = rating.comment;
        outcome.rating.ratedMs = rating.nowMs;
        if (*earlier) {
            outcome.result = Result::Replaced;
            outcome.rating.firstRatedMs = (*earlier)->firstRatedMs;
            const auto replaced = changeRows(
                u"UPDATE conversation_ratings SET rating = ?, comment = ?, "
                "rated_ms = ? WHERE conversation_id = ?"_s,
                { rating.rating, textValue(rating.comment), rating.nowMs, rating.conversationId },
                u"replace rating");
            if (!replaced)
                return unexpected(replaced.error());
            return outcome;
        }
        outcome.result = Result::Stored;
        outcome.rating.firstRatedMs = rating.nowMs;
        const auto stored
            = changeRows(u"INSERT INTO conversation_ratings "
                         "(conversation_id, rating, comment, first_rated_ms, rated_ms) "
                         "VALUES (?, ?, ?, ?, ?)"_s,
                { rating.conversationId, rating.rating, textValue(rating.comment), rating.nowMs,
                    rating.nowMs },
                u"store rating");
        if (!stored)
            return unexpected(stored.error());
        return outcome;
    });
}

// Attachments ----------------------------------------------------------------------------------

StoreResult<Done> SqlStore::insertAttachment(const StoredAttachment &attachment)
{
    const auto inserted = changeRows(
        u"INSERT INTO attachments (id, conversation_id, seq, uploader_key, file_name, media_type, "
        "size_bytes, width, height, thumbnail, content, created_ms) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
        { attachment.id, attachment.conversationId, attachment.seq, attachment.uploaderKey,
            textValue(attachment.fileName), attachment.mediaType, attachment.sizeBytes,
            attachment.width, attachment.height, attachment.thumbnail, attachment.content,
            attachment.createdMs },
        u"store attachment");
    if (!inserted)
        return unexpected(inserted.error());
    return Done {};
}

StoreResult<std::optional<StoredAttachment>> SqlStore::findAttachment(
    const QString &id, bool withContent)
{
    const QString sql
        = u"SELECT conversation_id, seq, uploader_key, file_name, media_type, "
          "size_bytes, width, height, thumbnail, %1 FROM attachments WHERE id = ?"_s.arg(
              withContent ? u"content"_s : u"NULL"_s);
    auto query = run(sql, { id }, u"find attachment");
    if (!query)
        return unexpected(query.error());
    const auto done = finishing(*query);
    if (!(*query)->next())
        return std::optional<StoredAttachment>();
    const QSqlQuery &row = **query;
    StoredAttachment attachment;
    attachment.id = id;
    attachment.conversationId = row.value(0).toString();
    attachment.seq = row.value(1).toLongLong();
    attachment.uploaderKey = row.value(2).toString();
    attachment.fileName = row.value(3).toString();
    attachment.mediaType = row.value(4).toString();
    attachment.sizeBytes = row.value(5).toLongLong();
    attachment.width = row.value(6).toInt();
    attachment.height = row.value(7).toInt();
    attachment.thumbnail = row.value(8).toByteArray();
    attachment.content = row.value(9).toByteArray();
    return std::optional<StoredAttachment>(attachment);
}

// Webhooks -------------------------------------------------------------------------------------

StoreResult<WebhookDelivery> SqlStore::enqueueWebhook(const WebhookDelivery &delivery)
{
    if (delivery.url.isEmpty() || delivery.eventType.isEmpty())
        return unexpected(makeError(Kind::Invalid, u"a webhook delivery needs a URL and a type"_s));
    static const QString sql = u"INSERT INTO webhook_outbox (url, event_type, body, "
                               "attempts, next_attempt_ms, created_ms, last_error) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?)"_s;
    const auto id = insertRow(sql,
        { delivery.url, delivery.eventType, blobValue(delivery.body), delivery.attempts,
            delivery.nextAttemptMs, delivery.createdMs, textValue(delivery.lastError) },
        u"enqueue webhook");
    if (!id)
        return unexpected(id.error());
    WebhookDelivery queued = delivery;
    if (*id)
        queued.id = **id;
    return queued;
}

StoreResult<QList<WebhookDelivery>> SqlStore::dueWebhooks(qint64 nowMs, int limit)
{
    if (limit < 0)
        return unexpected(makeError(Kind::Invalid, u"negative limit"_s));
    auto query = run(u"SELECT id, url, event_type, body, attempts, next_attempt_ms, "
                     "created_ms, last_error FROM webhook_outbox "
                     "WHERE next_attempt_ms <= ? ORDER BY next_attempt_ms, id "
                     "LIMIT ?"_s,
        { nowMs, limit }, u"read due webhooks");
    if (!query)
        return unexpected(query.error());
    const auto done = finishing(*query);
    QList<WebhookDelivery> due;
    while ((*query)->next())
        due.append(deliveryFromRow(**query));
    return due;
}

StoreResult<Done> SqlStore::markWebhookAttempt(
    qint64 id, int attempts, qint64 nextAttemptMs, const QString &error)
{
    const auto changed = changeRows(u"UPDATE webhook_outbox SET attempts = ?, next_attempt_ms = ?, "
                                    "last_error = ? WHERE id = ?"_s,
        { attempts, nextAttemptMs, textValue(error), id }, u"mark webhook attempt");
    if (!changed)
        return unexpected(changed.error());
    if (*changed == 0)
        return unexpected(makeError(Kind::NotFound, u"no such webhook delivery"_s));
    return Done {};
}

StoreResult<Done> SqlStore::deleteWebhook(qint64 id)
{
    const auto deleted
        = changeRows(u"DELETE FROM webhook_outbox WHERE id = ?"_s, { id }, u"delete webhook");
    if (!deleted)
        return unexpected(deleted.error());
    if (*deleted == 0)
        return unexpected(makeError(Kind::NotFound, u"no such webhook delivery"_s));
    return Done {};
}

StoreResult<Done> SqlStore::moveToDeadLetters(qint64 id, const QString &error, qint64 nowMs)
{
    return atomically(true, [&]() -> StoreResult<Done> {
        const auto copied
            = changeRows(u"INSERT INTO dead_letters (id, url, event_type, body, attempts, "
                         "last_error, created_ms, failed_ms) "
                         "SELECT id, url, event_type, body, attempts, ?, created_ms, ? "
                         "FROM webhook_outbox WHERE id = ?"_s,
                { textValue(error), nowMs, id }, u"dead-letter webhook");
        if (!copied)
            return unexpected(copied.error());
        if (*copied == 0)
            return unexpected(makeError(Kind::NotFound, u"no such webhook delivery"_s));
        const auto deleted = changeRows(
            u"DELETE FROM webhook_outbox WHERE id = ?"_s, { id }, u"dead-letter webhook");
        if (!deleted)
            return unexpected(deleted.error());
        return Done {};
    });
}

StoreResult<QList<DeadLetter>> SqlStore::listDeadLetters()
{
    auto query = run(u"SELECT id, url, event_type, body, attempts, last_error, "
                     "created_ms, failed_ms FROM dead_letters "
                     "ORDER BY failed_ms, id"_s,
        {}, u"list dead letters");
    if (!query)
        return unexpected(query.error());
    const auto done = finishing(*query);
    QList<DeadLetter> letters;
    while ((*query)->next())
        letters.append(deadLetterFromRow(**query));
    return letters;
}

StoreResult<qint64> SqlStore::deadLetterCount()
{
    auto query = run(u"SELECT count(*) FROM dead_letters"_s, {}, u"count dead letters");
    if (!query)
        return unexpected(query.error());
    const auto done = finishing(*query);
    if (!(*query)->next())
        return unexpected(corrupt(u"count(*) returned no row"_s));
    return (*query)->value(0).toLongLong();
}

StoreResult<Done> SqlStore::replayDeadLetter(qint64 id, qint64 nowMs)
{
    return atomically(true, [&]() -> StoreResult<Done> {
        const auto copied
            = changeRows(u"INSERT INTO webhook_outbox (id, url, event_type, body, attempts, "
                         "next_attempt_ms, created_ms, last_error) "
                         "SELECT id, url, event_type, body, 0, ?, created_ms, '' "
                         "FROM dead_letters WHERE id = ?"_s,
                { nowMs, id }, u"replay dead letter");
        if (!copied)
            return unexpected(copied.error());
        if (*copied == 0)
            return unexpected(makeError(Kind::NotFound, u"no such dead letter"_s));
        const auto deleted
            = changeRows(u"DELETE FROM dead_letters WHERE id = ?"_s, { id }, u"replay dead letter");
        if (!deleted)
            return unexpected(deleted.error());
        return Done {};
    });
}

StoreResult<qint64> SqlStore::purgeDeadLetters()
{
    return changeRows(u"DELETE FROM dead_letters"_s, {}, u"purge dead letters");
}

// Conversations --------------------------------------------------------------------------------

StoreResult<ConversationRecord> SqlStore::createConversation(
    qint64 customerId, const QString &team, const QString &epoch, qint64 nowMs)
{
    return atomically(true, [&]() -> StoreResult<ConversationRecord> {
        auto customer = findCustomer(customerId);
        if (!customer)
            return unexpected(customer.error());
        if (!*customer)
            return unexpected(makeError(Kind::NotFound, u"no such customer"_s));
        ConversationRecord conversation;
        conversation.id = ids::newConversationId();
        conversation.customerId = customerId;
        conversation.customer = **customer;
        conversation.team = team;
        conversation.state = ConversationState::Queued;
        conversation.epoch = epoch;
        conversation.createdMs = nowMs;
        conversation.queuedSinceMs = nowMs;
        auto query = run(u"INSERT INTO conversations (id, customer_id, team, state, "
                         "epoch, created_ms, queued_since_ms) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)"_s,
            { conversation.id, customerId, textValue(team), protocol::stateName(conversation.state),
                textValue(epoch), nowMs, nowMs },
            u"create conversation");
        if (!query)
            return unexpected(query.error());
        (*query)->finish();
        return conversation;
    });
}

StoreResult<std::optional<ConversationRecord>> SqlStore::findConversation(const QString &id)
{
    static const QString sql = conversationSelect() + u"WHERE c.id = ?"_s;
    return findConversationWhere(sql, id);
}

StoreResult<std::optional<ConversationRecord>> SqlStore::latestConversationOfCustomer(
    qint64 customerId)
{
    // The insertion order breaks ties between conversations created in the same millisecond.
    const QString sql = conversationSelect()
        + u"WHERE c.customer_id = ? ORDER BY c.created_ms DESC, c.%1 DESC LIMIT 1"_s.arg(
            insertionOrder());
    return findConversationWhere(sql, customerId);
}

StoreResult<QList<ConversationSummary>> SqlStore::conversationsOfCustomer(
    qint64 customerId, const QString &exceptId, int limit)
{
    if (limit < 0)
        return unexpected(makeError(Kind::Invalid, u"negative limit"_s));
    // Uses conversations_by_customer; the counts walk each conversation's primary key.
    const QString sql
        = u"SELECT c.id, c.state, c.team, c.created_ms, c.closed_ms, c.agent_id, "
          "COALESCE(u.login, ''), COALESCE(u.name, ''), "
          "(SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id AND m.kind = 'text'), "
          "(SELECT m.text FROM messages m WHERE m.conversation_id = c.id AND m.kind = 'text' "
          "ORDER BY m.seq DESC LIMIT 1) "
          "FROM conversations c LEFT JOIN users u ON u.id = c.agent_id "
          "WHERE c.customer_id = ? AND c.id <> ? "
          "ORDER BY c.created_ms DESC, c.%1 DESC LIMIT ?"_s.arg(insertionOrder());
    return atomically(false, [&]() -> StoreResult<QList<ConversationSummary>> {
        auto query
            = run(sql, { customerId, textValue(exceptId), qint64(limit) }, u"list conversations");
        if (!query)
            return unexpected(query.error());
        const auto done = finishing(*query);
        QList<ConversationSummary> summaries;
        while ((*query)->next()) {
            const QSqlQuery &row = **query;
            const auto state = protocol::stateFromName(row.value(1).toString());
            if (!state)
                return unexpected(corrupt(u"a conversation has an unknown state"_s));
            ConversationSummary summary;
            summary.id = row.value(0).toString();
            summary.state = *state;
            summary.team = row.value(2).toString();
            summary.createdMs = row.value(3).toLongLong();
            summary.closedMs = row.value(4).toLongLong();
            summary.agentId = row.value(5).toLongLong();
            summary.agentLogin = row.value(6).toString();
            summary.agentName = row.value(7).toString();
            summary.messageCount = row.value(8).toLongLong();
            summary.lastText = row.value(9).toString();
            summaries.append(std::move(summary));
        }
        return summaries;
    });
}

StoreResult<QList<ConversationRecord>> SqlStore::openConversations()
{
    // Matches the partial index conversations_open.
    const QString sql = conversationSelect()
        + u"WHERE c.state <> 'closed' ORDER BY c.queued_since_ms, c.created_ms, c.%1"_s.arg(
            insertionOrder());
    return atomically(false, [&]() -> StoreResult<QList<ConversationRecord>> {
        QList<ConversationRecord> conversations;
        {
            auto query = run(sql, {}, u"list open conversations");
            if (!query)
                return unexpected(query.error());
            const auto done = finishing(*query);
            while ((*query)->next()) {
                auto conversation = readConversation(**query);
                if (!conversation)
                    return unexpected(conversation.error());
                conversations.append(std::move(*conversation));
            }
        }
        for (ConversationRecord &conversation : conversations) {
            if (auto filled = fillUnread(conversation); !filled)
                return unexpected(filled.error());
        }
        return conversations;
    });
}

StoreResult<Done> SqlStore::applyRoutingChange(const RoutingChange &change)
{
    const QString state = protocol::stateName(change.state);
    const QString expected
        = change.expectedState ? protocol::stateName(*change.expectedState) : QString();
    // Every SET expression sees the row before the update, so `state` below is the old state:
    // a conversation moved between teams while queued keeps its place in the queue.
    auto query = run(u"UPDATE conversations SET "
                     "queued_since_ms = CASE WHEN CAST(? AS TEXT) = 'queued' "
                     "AND state <> 'queued' THEN CAST(? AS BIGINT) ELSE queued_since_ms END, "
                     "closed_ms = CASE WHEN CAST(? AS TEXT) = 'closed' THEN CAST(? AS BIGINT) "
                     "ELSE 0 END, "
                     "close_reason = CASE WHEN CAST(? AS TEXT) = 'closed' THEN CAST(? AS TEXT) "
                     "ELSE '' END, "
                     "first_assigned_ms = CASE WHEN CAST(? AS TEXT) = 'assigned' "
                     "AND first_assigned_ms = 0 THEN CAST(? AS BIGINT) "
                     "ELSE first_assigned_ms END, "
                     "state = ?, agent_id = ?, "
                     "team = CASE WHEN CAST(? AS TEXT) = '' THEN team ELSE CAST(? AS TEXT) END "
                     "WHERE id = ? AND (CAST(? AS TEXT) = '' OR (state = ? AND agent_id = ?))"_s,
        { state, change.atMs, state, change.atMs, state, textValue(change.closeReason), state,
            change.atMs, state, change.agentId, textValue(change.team), textValue(change.team),
            change.conversationId, textValue(expected), textValue(expected),
            change.expectedAgentId },
        u"apply routing change");
    if (!query)
        return unexpected(query.error());
    const auto done = finishing(*query);
    if ((*query)->numRowsAffected() == 0 && change.expectedState) {
        return unexpected(
            makeError(Kind::Conflict, u"the conversation changed meanwhile (another node)"_s));
    }
    if ((*query)->numRowsAffected() == 0)
        return unexpected(makeError(Kind::NotFound, u"no such conversation"_s));
    return Done {};
}

StoreResult<Done> SqlStore::open()
{
    if (m_open)
        return Done {};
    StoreResult<Done> result = openConnection();
    if (result)
        result = configure();
    if (result)
        result = migrate();
    if (!result) {
        close(); // leave no half-open connection behind
        return result;
    }
    opened();
    return Done {};
}

StoreResult<Done> SqlStore::checkNewMessage(const NewMessage &message)
{
    if (message.conversationId.isEmpty() || message.senderKey.isEmpty()) {
        return unexpected(
            makeError(Kind::Invalid, u"a message needs a conversation and a sender"_s));
    }
    return Done {};
}

StoredMessage SqlStore::storedMessage(const NewMessage &message, qint64 seq)
{
    StoredMessage stored;
    stored.conversationId = message.conversationId;
    stored.seq = seq;
    stored.senderKey = message.senderKey;
    stored.senderRole = message.senderRole;
    stored.senderName = message.senderName;
    stored.clientId = message.clientId;
    stored.kind = message.kind;
    stored.text = message.text;
    stored.timestampMs = message.timestampMs;
    stored.traceId = message.traceId;
    return stored;
}

StoreResult<std::optional<StoredMessage>> SqlStore::findEarlierMessage(const NewMessage &message)
{
    if (message.clientId.isEmpty())
        return std::optional<StoredMessage>();
    static const QString sql
        = messageSelect() + u"WHERE conversation_id = ? AND sender_key = ? AND client_id = ?"_s;
    auto query = run(sql, { message.conversationId, message.senderKey, message.clientId },
        u"find earlier message");
    if (!query)
        return unexpected(query.error());
    const auto done = finishing(*query);
    if (!(*query)->next())
        return std::optional<StoredMessage>();
    auto earlier = messageFromRow(**query);
    if (!earlier)
        return unexpected(corrupt(u"a message has an unknown role or kind"_s));
    return std::optional<StoredMessage>(std::move(*earlier));
}

StoreResult<MessagePage> SqlStore::messagesAfter(
    const QString &conversationId, qint64 afterSeq, int limit, bool includeNotes)
{
    if (limit < 0 || afterSeq < 0)
        return unexpected(makeError(Kind::Invalid, u"negative seq or limit"_s));
    static const QString sql = messageSelect()
        + u"WHERE conversation_id = ? AND seq > ? "
          "AND (CAST(? AS BOOLEAN) OR kind <> 'note') ORDER BY seq LIMIT ?"_s;
    return readPage(sql, conversationId, afterSeq, limit, includeNotes, false);
}

StoreResult<MessagePage> SqlStore::messagesBefore(
    const QString &conversationId, qint64 beforeSeq, int limit, bool includeNotes)
{
    if (limit < 0 || beforeSeq < 0)
        return unexpected(makeError(Kind::Invalid, u"negative seq or limit"_s));
    static const QString sql = messageSelect()
        + u"WHERE conversation_id = ? AND seq < ? "
          "AND (CAST(? AS BOOLEAN) OR kind <> 'note') ORDER BY seq DESC LIMIT ?"_s;
    const qint64 bound = beforeSeq == 0 ? std::numeric_limits<qint64>::max() : beforeSeq;
    return readPage(sql, conversationId, bound, limit, includeNotes, true);
}

// Conversation and message reads ------------------------------------------------------------------

StoreResult<ConversationRecord> SqlStore::readConversation(const QSqlQuery &query)
{
    const auto state = protocol::stateFromName(query.value(3).toString());
    if (!state)
        return unexpected(corrupt(u"a conversation has an unknown state"_s));
    ConversationRecord conversation;
    conversation.id = query.value(0).toString();
    conversation.customerId = query.value(1).toLongLong();
    conversation.team = query.value(2).toString();
    conversation.state = *state;
    conversation.agentId = query.value(4).toLongLong();
    conversation.seq = query.value(5).toLongLong();
    conversation.epoch = query.value(6).toString();
    conversation.createdMs = query.value(7).toLongLong();
    conversation.queuedSinceMs = query.value(8).toLongLong();
    conversation.closedMs = query.value(9).toLongLong();
    conversation.customerDeliveredSeq = query.value(10).toLongLong();
    conversation.customerReadSeq = query.value(11).toLongLong();
    conversation.agentDeliveredSeq = query.value(12).toLongLong();
    conversation.agentReadSeq = query.value(13).toLongLong();
    conversation.customer.id = conversation.customerId;
    conversation.customer.name = query.value(14).toString();
    conversation.customer.email = query.value(15).toString();
    conversation.customer.page = query.value(16).toString();
    conversation.customer.createdMs = query.value(17).toLongLong();
    conversation.firstAssignedMs = query.value(18).toLongLong();
    conversation.firstResponseMs = query.value(19).toLongLong();
    conversation.closeReason = query.value(20).toString();
    return conversation;
}

StoreResult<Done> SqlStore::fillUnread(ConversationRecord &conversation)
{
    // Newest first so the cap keeps the most recent ones; reversed below to oldest first.
    auto query = run(u"SELECT seq FROM messages WHERE conversation_id = ? AND seq > ? "
                     "AND sender_role = 'customer' ORDER BY seq DESC LIMIT ?"_s,
        { conversation.id, conversation.agentReadSeq, maxUnreadSeqs }, u"count unread");
    if (!query)
        return unexpected(query.error());
    const auto done = finishing(*query);
    conversation.unreadCustomerSeqs.clear();
    while ((*query)->next())
        conversation.unreadCustomerSeqs.append((*query)->value(0).toLongLong());
    std::reverse(conversation.unreadCustomerSeqs.begin(), conversation.unreadCustomerSeqs.end());
    return Done {};
}

StoreResult<QString> SqlStore::rotateEpoch(
    const QString &conversationId, const QString &expectedEpoch, const QString &newEpoch)
{
    return atomically(true, [&]() -> StoreResult<QString> {
        const auto changed
            = changeRows(u"UPDATE conversations SET epoch = ? WHERE id = ? AND epoch = ?"_s,
                { newEpoch, conversationId, expectedEpoch }, u"rotate epoch");
        if (!changed)
            return unexpected(changed.error());
        auto query = run(
            u"SELECT epoch FROM conversations WHERE id = ?"_s, { conversationId }, u"read epoch");
        if (!query)
            return unexpected(query.error());
        const auto done = finishing(*query);
        if (!(*query)->next())
            return unexpected(makeError(Kind::NotFound, u"no such conversation"_s));
        return (*query)->value(0).toString();
    });
}

StoreResult<std::optional<ConversationRecord>> SqlStore::findConversationWhere(
    const QString &sql, const QVariant &key)
{
    return atomically(false, [&]() -> StoreResult<std::optional<ConversationRecord>> {
        auto query = run(sql, { key }, u"find conversation");
        if (!query)
            return unexpected(query.error());
        auto done = finishing(*query);
        if (!(*query)->next())
            return std::optional<ConversationRecord>();
        auto conversation = readConversation(**query);
        if (!conversation)
            return unexpected(conversation.error());
        done.dismiss();
        (*query)->finish();
        if (auto filled = fillUnread(*conversation); !filled)
            return unexpected(filled.error());
        return std::optional<ConversationRecord>(std::move(*conversation));
    });
}

StoreResult<MessagePage> SqlStore::readPage(const QString &sql, const QString &conversationId,
    qint64 bound, int limit, bool includeNotes, bool newestFirst)
{
    // One read transaction: latestSeq and the page come from the same snapshot.
    return atomically(false, [&]() -> StoreResult<MessagePage> {
        MessagePage page;
        {
            auto header = run(u"SELECT seq, epoch FROM conversations WHERE id = ?"_s,
                { conversationId }, u"read conversation seq");
            if (!header)
                return unexpected(header.error());
            const auto done = finishing(*header);
            if (!(*header)->next())
                return unexpected(makeError(Kind::NotFound, u"no such conversation"_s));
            page.latestSeq = (*header)->value(0).toLongLong();
            page.epoch = (*header)->value(1).toString();
        }
        // One row past the page tells whether there is more.
        auto query = run(
            sql, { conversationId, bound, includeNotes, qint64(limit) + 1 }, u"read messages");
        if (!query)
            return unexpected(query.error());
        const auto done = finishing(*query);
        while ((*query)->next()) {
            if (page.messages.size() == limit) {
                page.hasMore = true;
                break;
            }
            auto message = messageFromRow(**query);
            if (!message)
                return unexpected(corrupt(u"a message has an unknown role or kind"_s));
            page.messages.append(std::move(*message));
        }
        if (newestFirst)
            std::reverse(page.messages.begin(), page.messages.end()); // pages are oldest first
        return page;
    });
}

// Audit log ------------------------------------------------------------------------------------

StoreResult<AuditEntry> SqlStore::appendAudit(const AuditEntry &entry)
{
    if (entry.action.isEmpty())
        return unexpected(makeError(Kind::Invalid, u"an audit entry needs an action"_s));
    static const QString sql = u"INSERT INTO audit_log (ts_ms, actor, actor_role, "
                               "action, target, detail, address) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?)"_s;
    const auto id = insertRow(sql,
        { entry.timestampMs, textValue(entry.actor), textValue(entry.actorRole), entry.action,
            textValue(entry.target),
            QString::fromUtf8(QJsonDocument(entry.detail).toJson(QJsonDocument::Compact)),
            textValue(entry.address) },
        u"append audit entry");
    if (!id)
        return unexpected(id.error());
    AuditEntry stored = entry;
    if (*id)
        stored.id = **id;
    return stored;
}

StoreResult<AuditPage> SqlStore::listAudit(const AuditFilter &filter)
{
    if (filter.limit < 0 || filter.offset < 0)
        return unexpected(makeError(Kind::Invalid, u"negative limit or offset"_s));
    // Every filter is bound (an absent one as a flag that switches it off), so one prepared
    // statement serves them all. The flags bind as bools (SQLite takes them as 0 and 1).
    auto query = run(listAuditSql(),
        { !filter.fromMs, filter.fromMs.value_or(0), !filter.toMs, filter.toMs.value_or(0),
            !filter.actor, textValue(filter.actor.value_or(QString())), filter.action.isEmpty(),
            textValue(filter.action), qint64(filter.limit) + 1, qint64(filter.offset) },
        u"list audit entries");
    if (!query)
        return unexpected(query.error());
    const auto done = finishing(*query);
    AuditPage page;
    while ((*query)->next()) {
        if (page.entries.size() == filter.limit) {
            page.hasMore = true;
            break;
        }
        const QSqlQuery &row = **query;
        AuditEntry entry;
        entry.id = row.value(0).toLongLong();
        entry.timestampMs = row.value(1).toLongLong();
        entry.actor = row.value(2).toString();
        entry.actorRole = row.value(3).toString();
        entry.action = row.value(4).toString();
        entry.target = row.value(5).toString();
        entry.detail = QJsonDocument::fromJson(row.value(6).toString().toUtf8()).object();
        entry.address = row.value(7).toString();
        page.entries.append(std::move(entry));
    }
    return page;
}

} // namespace switchboard::server
