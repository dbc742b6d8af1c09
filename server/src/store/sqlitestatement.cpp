#include "sqlitestatement.h"

#include <sqlite3.h>

namespace switchboard::server {

SqliteStatement::~SqliteStatement()
{
    finalize();
}

int SqliteStatement::prepare(sqlite3 *db, const char *sql)
{
    finalize();
    return sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &m_statement, nullptr);
}

void SqliteStatement::finalize()
{
    if (m_statement)
        sqlite3_finalize(m_statement);
    m_statement = nullptr;
}

void SqliteStatement::bind(int position, qint64 value)
{
    sqlite3_bind_int64(m_statement, position, value);
}

void SqliteStatement::bind(int position, const QString &text)
{
    // SQLITE_STATIC: the caller keeps the string alive until the statement is reset.
    sqlite3_bind_text16(m_statement, position, text.utf16(), int(text.size() * 2), SQLITE_STATIC);
}

void SqliteStatement::bindNull(int position)
{
    sqlite3_bind_null(m_statement, position);
}

int SqliteStatement::step()
{
    return sqlite3_step(m_statement);
}

qint64 SqliteStatement::int64At(int column) const
{
    return sqlite3_column_int64(m_statement, column);
}

QString SqliteStatement::textAt(int column) const
{
    const auto *text = static_cast<const char16_t *>(sqlite3_column_text16(m_statement, column));
    const int bytes = sqlite3_column_bytes16(m_statement, column);
    return text ? QString::fromUtf16(text, bytes / 2) : QString();
}

void SqliteStatement::reset()
{
    sqlite3_reset(m_statement);
    sqlite3_clear_bindings(m_statement);
}

} // namespace switchboard::server
