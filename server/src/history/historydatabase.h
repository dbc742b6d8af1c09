#pragma once

#include "store/records.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariantList>
#include <switchboard/expected.h>

namespace switchboard::server {

template<typename T> using HistoryResult = Expected<T, StorageError>;

// The history module's own connection to the SQLite file, beside the server's writer and
// reader: WAL lets it read while the writer commits, and its writes (retention) use a busy
// timeout and small transactions. One instance per thread, opened on the thread that uses it.
// It never creates or migrates a database: the file must exist at the schema this build
// writes (SqliteStore::open() migrates it first).
class HistoryDatabase final {
public:
    HistoryDatabase(QString databasePath, QString connectionName, int busyTimeoutMs = 5000);
    ~HistoryDatabase();
    Q_DISABLE_COPY_MOVE(HistoryDatabase)

    HistoryResult<Done> open();
    void close();
    bool isOpen() const { return m_open; }
    const QString &path() const { return m_path; }

    // Prepares `sql`, binds `values` in order and executes it; rows are read from the result.
    HistoryResult<QSqlQuery> run(const QString &sql, const QVariantList &values, QStringView what);
    // BEGIN IMMEDIATE / COMMIT / ROLLBACK for the few writes the module makes.
    HistoryResult<Done> begin();
    HistoryResult<Done> commit();
    void rollback();

private:
    HistoryResult<Done> execute(const QString &sql, QStringView what);

    QString m_path;
    QString m_connectionName;
    int m_busyTimeoutMs = 5000;
    QSqlDatabase m_db;
    bool m_open = false;
};

} // namespace switchboard::server
