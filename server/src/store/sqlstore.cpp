#include "sqlstore.h"

#include "sqlrows.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

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
            QStringLiteral("database connection name %1 is already in use").arg(m_connectionName)));
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

StoreResult<QSqlQuery *> SqlStore::run(
    const QString &sql, const QVariantList &values, QStringView what)
{
    if (!m_inTransaction) {
        if (auto ready = reconnectIfLost(); !ready)
            return unexpected(ready.error());
    }
    if (!m_open)
        return unexpected(makeError(Kind::Unavailable, QStringLiteral("the database is not open")));
    if (m_transactionBroken)
        return unexpected(*m_transactionBroken);
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

StorageError SqlStore::corrupt(const QString &what) const
{
    return makeError(Kind::Corrupt, QStringLiteral("database %1: %2").arg(where(), what));
}

// Transactions ---------------------------------------------------------------------------------

StoreResult<Done> SqlStore::beginWith(const QString &sql)
{
    if (m_inTransaction)
        return unexpected(
            makeError(Kind::Invalid, QStringLiteral("a transaction is already open")));
    if (auto ready = reconnectIfLost(); !ready)
        return ready;
    m_transactionBroken.reset();
    m_inSavepoint = false;
    if (auto begun = runControl(sql, u"begin transaction"); !begun)
        return begun;
    m_inTransaction = true;
    return Done {};
}

StoreResult<Done> SqlStore::commit()
{
    if (!m_inTransaction)
        return unexpected(makeError(Kind::Invalid, QStringLiteral("no transaction to commit")));
    if (m_transactionBroken)
        return unexpected(*m_transactionBroken);
    if (auto committed = runControl(QStringLiteral("COMMIT"), u"commit"); !committed)
        return committed;
    m_inTransaction = false;
    m_inSavepoint = false;
    return Done {};
}

StoreResult<Done> SqlStore::savepoint()
{
    if (!m_inTransaction)
        return unexpected(
            makeError(Kind::Invalid, QStringLiteral("savepoint outside a transaction")));
    if (auto saved = runControl(QStringLiteral("SAVEPOINT job"), u"savepoint"); !saved)
        return saved;
    m_inSavepoint = true;
    return Done {};
}

StoreResult<Done> SqlStore::releaseSavepoint()
{
    if (auto released = runControl(QStringLiteral("RELEASE SAVEPOINT job"), u"release savepoint");
        !released)
        return released;
    m_inSavepoint = false;
    return Done {};
}

void SqlStore::rollbackToSavepoint()
{
    if (!m_inTransaction || m_transactionBroken)
        return; // nothing left to undo; commit() reports why
    // ROLLBACK TO keeps the savepoint open; release it so savepoints do not nest up.
    for (const QString &sql :
        { QStringLiteral("ROLLBACK TO SAVEPOINT job"), QStringLiteral("RELEASE SAVEPOINT job") }) {
        if (!runControl(sql, u"roll back savepoint"))
            return;
    }
    m_inSavepoint = false;
}

StoreResult<Done> SqlStore::probeWrite()
{
    return atomically(true, [this]() -> StoreResult<Done> {
        auto query = run(QStringLiteral("INSERT INTO meta (key, value) VALUES ('probe', ?) "
                                        "ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
            { QString::number(QDateTime::currentMSecsSinceEpoch()) }, u"probe write");
        if (!query)
            return unexpected(query.error());
        (*query)->finish();
        return Done {};
    });
}

StoreResult<QString> SqlStore::databaseId()
{
    auto query = run(QStringLiteral("SELECT value FROM meta WHERE key = 'database_id'"), {},
        u"read database id");
    if (!query)
        return unexpected(query.error());
    const auto done = finishing(*query);
    if (!(*query)->next())
        return unexpected(corrupt(QStringLiteral("the database id is missing")));
    return (*query)->value(0).toString();
}

} // namespace switchboard::server
