#pragma once

#include "records.h"

#include <QScopeGuard>
#include <QSqlQuery>
#include <QString>
#include <QVariant>
#include <optional>

// What the SQL stores (SQLite and PostgreSQL) share: the column lists every read uses, the
// decoding of a row into a record, and the binding of values. Both schemas keep these columns
// alike, so one copy serves both; a store-specific detail stays in its own file.
namespace switchboard::server::sqlrows {

// Newest customer messages listed as unread; the count shown is capped anyway.
inline constexpr int maxUnreadSeqs = 1000;

StorageError makeError(StorageError::Kind kind, const QString &message);

// A null QString binds as SQL NULL; text columns are NOT NULL, so store '' instead.
QVariant textValue(const QString &value);
// A null QByteArray binds as SQL NULL; blob columns are NOT NULL (except password_hash).
QVariant blobValue(const QByteArray &value);

QString teamsToJson(const QStringList &teams);
std::optional<QStringList> teamsFromJson(const QString &json);
QString subjectKindName(TokenSubject::Kind kind);
std::optional<TokenSubject::Kind> subjectKindFromName(const QString &name);

// Column lists shared by the reads, so every reader sees the same layout.
const QString &conversationSelect();
const QString &messageSelect();
const QString &userSelect();

// nullopt when a stored name (role, kind, teams) is not one this version knows.
std::optional<StoredMessage> messageFromRow(const QSqlQuery &query);
std::optional<UserRecord> userFromRow(const QSqlQuery &query);
CustomerRecord customerFromRow(const QSqlQuery &query);
WebhookDelivery deliveryFromRow(const QSqlQuery &query);
DeadLetter deadLetterFromRow(const QSqlQuery &query);

// Finishes a cached statement when the scope ends, releasing its result (and, in SQLite, its
// read snapshot).
inline auto finishing(QSqlQuery *query)
{
    return qScopeGuard([query] { query->finish(); });
}

} // namespace switchboard::server::sqlrows
