#pragma once

#include <QString>
#include <QtGlobal>

struct sqlite3;
struct sqlite3_stmt;

namespace switchboard::server {

// One prepared statement on SQLite's own API, for the few statements every message runs:
// QSqlQuery spends more per bound value (a string key and a hash look-up each) than SQLite
// spends on the whole insert. Bound text must outlive step(); reset() clears the bindings.
class SqliteStatement final {
public:
    SqliteStatement() = default;
    ~SqliteStatement();
    Q_DISABLE_COPY_MOVE(SqliteStatement)

    // Returns SQLite's result code; the statement is kept for reuse until finalize().
    int prepare(sqlite3 *db, const char *sql);
    bool isPrepared() const { return m_statement != nullptr; }
    void finalize();

    // Positions count from 1, as in SQL.
    void bind(int position, qint64 value);
    void bind(int position, const QString &text); // a null QString binds as ''
    void bindNull(int position);

    // SQLITE_ROW, SQLITE_DONE or an error code.
    int step();
    qint64 int64At(int column) const;
    QString textAt(int column) const;
    // Ready for the next use; the bindings are cleared.
    void reset();

private:
    sqlite3_stmt *m_statement = nullptr;
};

} // namespace switchboard::server
