#include "usercommands.h"

#include "auth/passwordhasher.h"
#include "store/store.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <algorithm>
#include <optional>
#include <sodium.h>
#include <switchboard/displaytext.h>

using namespace Qt::StringLiterals;

namespace switchboard::server {

namespace {

QString quoted(const QString &text)
{
    return quotedForMessage(text);
}

int fail(QTextStream &err, const QString &command, const QString &message, int exitCode)
{
    err << u"switchboard-server: "_s << command << u": "_s << message << Qt::endl;
    return exitCode;
}

int storageFailure(QTextStream &err, const QString &command, const StorageError &error)
{
    QString what;
    switch (error.kind) {
    case StorageError::Kind::Unavailable:
        what = u"the database is unavailable"_s;
        break;
    case StorageError::Kind::Corrupt:
        what = u"the database is damaged"_s;
        break;
    case StorageError::Kind::TooNew:
        what = u"the database was written by a newer Switchboard"_s;
        break;
    default:
        what = u"the database refused the change"_s;
        break;
    }
    if (!error.message.isEmpty())
        what += u": "_s + error.message;
    return fail(err, command, what, exitFailure);
}

int unknownLogin(QTextStream &err, const QString &command, const QString &login)
{
    return fail(err, command, u"no user with login "_s + quoted(login), exitUsage);
}

int invalidLogin(QTextStream &err, const QString &command, const QString &login)
{
    return fail(err, command,
        u"invalid login "_s + quoted(login)
            + u": expected 1 to 64 characters of A-Z a-z 0-9 . _ -"_s,
        exitUsage);
}

// Overwrites the characters in place before letting the string go.
void wipe(QString &secret)
{
    if (!secret.isEmpty())
        sodium_memzero(secret.data(), std::size_t(secret.size()) * sizeof(QChar));
    secret.clear();
}

// One line from `in`; nullopt after writing why it is unacceptable.
std::optional<QString> readNewPassword(QTextStream &in, QTextStream &err, const QString &command)
{
    QString line;
    if (!in.readLineInto(&line)) {
        fail(err, command, u"no password on standard input; pipe one line to --password-stdin"_s,
            exitUsage);
        return std::nullopt;
    }
    if (line.endsWith(QLatin1Char('\r')))
        line.chop(1);
    // The same rules as the protocol's staff_add and staff_password.
    const QString problem = protocol::newPasswordProblem(line);
    if (!problem.isEmpty()) {
        wipe(line);
        fail(err, command, problem, exitUsage);
        return std::nullopt;
    }
    return line;
}

// Runs `work` inside begin()/commit(); any failure rolls back and is returned.
template<typename Work> StoreResult<Done> inTransaction(Store &store, Work &&work)
{
    if (auto begun = store.begin(); !begun)
        return unexpected(begun.error());
    if (auto done = work(); !done) {
        store.rollback();
        return unexpected(done.error());
    }
    if (auto committed = store.commit(); !committed) {
        store.rollback();
        return unexpected(committed.error());
    }
    return Done {};
}

StorageError notFound()
{
    return StorageError { StorageError::Kind::NotFound, {}, {} };
}

// The audit entry of an account change made from the command line (actor "cli"), written in
// the same transaction as the change.
StoreResult<Done> recordAccountChange(
    Store &store, const QString &action, const QString &login, const QJsonObject &detail = {})
{
    AuditEntry entry;
    entry.timestampMs = QDateTime::currentMSecsSinceEpoch();
    entry.actor = u"cli"_s;
    entry.actorRole = u"cli"_s;
    entry.action = action;
    entry.target = login;
    entry.detail = detail;
    if (auto stored = store.appendAudit(entry); !stored)
        return unexpected(stored.error());
    return Done {};
}

// Looks a user up, writing the error when there is none; the error is the exit code.
Expected<UserRecord, int> existingUser(
    Store &store, const QString &login, QTextStream &err, const QString &command)
{
    if (!isValidLogin(login))
        return unexpected(invalidLogin(err, command, login));
    auto found = store.findUserByLogin(login);
    if (!found)
        return unexpected(storageFailure(err, command, found.error()));
    if (!found->has_value())
        return unexpected(unknownLogin(err, command, login));
    return **found;
}

} // namespace

bool isValidLogin(const QString &login)
{
    return protocol::isValidLogin(login);
}

int runUserCommand(
    Store &store, const UserAdd &command, QTextStream &in, QTextStream &out, QTextStream &err)
{
    const QString name = u"user add"_s;
    if (!isValidLogin(command.login))
        return invalidLogin(err, name, command.login);
    if (command.role != protocol::Role::Agent && command.role != protocol::Role::Supervisor)
        return fail(err, name, u"--role: expected agent|supervisor"_s, exitUsage);

    // Checked before reading the password so a taken login costs no hashing.
    auto existing = store.findUserByLogin(command.login);
    if (!existing)
        return storageFailure(err, name, existing.error());
    if (existing->has_value())
        return fail(
            err, name, u"login "_s + quoted(command.login) + u" is already taken"_s, exitUsage);

    std::optional<QString> password = readNewPassword(in, err, name);
    if (!password)
        return exitUsage;
    UserRecord user;
    user.login = command.login;
    user.name = command.name.isEmpty() ? command.login : command.name;
    user.role = command.role;
    user.teams = command.teams;
    user.passwordHash = PasswordHasher::hash(*password);
    user.createdMs = QDateTime::currentMSecsSinceEpoch();
    wipe(*password);
    if (user.passwordHash.isEmpty())
        return fail(err, name, u"could not hash the password (libsodium failed)"_s, exitFailure);

    const auto created = inTransaction(store, [&]() -> StoreResult<Done> {
        if (auto record = store.createUser(user); !record)
            return unexpected(record.error());
        return recordAccountChange(store, u"user_create"_s, user.login,
            QJsonObject { { u"role"_s, protocol::roleName(user.role) },
                { u"teams"_s, QJsonArray::fromStringList(user.teams) } });
    });
    if (!created) {
        // Someone else may have taken the login between the check and the write.
        if (created.error().kind == StorageError::Kind::Conflict)
            return fail(
                err, name, u"login "_s + quoted(command.login) + u" is already taken"_s, exitUsage);
        return storageFailure(err, name, created.error());
    }
    out << u"added "_s << protocol::roleName(user.role) << QLatin1Char(' ') << user.login
        << Qt::endl;
    return exitOk;
}

int runUserCommand(
    Store &store, const UserList &, QTextStream &, QTextStream &out, QTextStream &err)
{
    auto users = store.listUsers();
    if (!users)
        return storageFailure(err, u"user list"_s, users.error());
    std::sort(users->begin(), users->end(),
        [](const UserRecord &a, const UserRecord &b) { return a.login < b.login; });

    QList<QStringList> rows { { u"LOGIN"_s, u"NAME"_s, u"ROLE"_s, u"TEAMS"_s } };
    for (const UserRecord &user : std::as_const(*users))
        rows.append({ withoutControlCharacters(user.login), withoutControlCharacters(user.name),
            protocol::roleName(user.role),
            withoutControlCharacters(user.teams.join(QLatin1Char(','))) });
    QList<qsizetype> widths(rows.first().size(), 0);
    for (const QStringList &row : std::as_const(rows)) {
        for (qsizetype column = 0; column < row.size(); ++column)
            widths[column] = std::max(widths[column], row.at(column).size());
    }
    for (const QStringList &row : std::as_const(rows)) {
        QString line;
        for (qsizetype column = 0; column < row.size(); ++column) {
            const bool last = column + 1 == row.size();
            line += last ? row.at(column) : row.at(column).leftJustified(widths[column] + 2);
        }
        out << line.trimmed() << QLatin1Char('\n');
    }
    out.flush();
    return exitOk;
}

int runUserCommand(
    Store &store, const UserRemove &command, QTextStream &, QTextStream &out, QTextStream &err)
{
    const QString name = u"user remove"_s;
    const auto user = existingUser(store, command.login, err, name);
    if (!user)
        return user.error();

    const auto removed = inTransaction(store, [&]() -> StoreResult<Done> {
        if (auto revoked = store.revokeTokens({ TokenSubject::Kind::Staff, user->id }); !revoked)
            return unexpected(revoked.error());
        auto gone = store.removeUser(command.login);
        if (!gone)
            return unexpected(gone.error());
        if (!*gone)
            return unexpected(notFound());
        return recordAccountChange(store, u"user_remove"_s, command.login);
    });
    if (!removed) {
        if (removed.error().kind == StorageError::Kind::NotFound)
            return unknownLogin(err, name, command.login);
        return storageFailure(err, name, removed.error());
    }
    out << u"removed "_s << command.login << u" and signed out its sessions"_s << Qt::endl;
    return exitOk;
}

int runUserCommand(
    Store &store, const UserPasswd &command, QTextStream &in, QTextStream &out, QTextStream &err)
{
    const QString name = u"user passwd"_s;
    const auto user = existingUser(store, command.login, err, name);
    if (!user)
        return user.error();

    std::optional<QString> password = readNewPassword(in, err, name);
    if (!password)
        return exitUsage;
    const QByteArray hash = PasswordHasher::hash(*password);
    wipe(*password);
    if (hash.isEmpty())
        return fail(err, name, u"could not hash the password (libsodium failed)"_s, exitFailure);

    const auto changed = inTransaction(store, [&]() -> StoreResult<Done> {
        auto set = store.setPasswordHash(command.login, hash);
        if (!set)
            return unexpected(set.error());
        if (!*set)
            return unexpected(notFound());
        if (auto revoked = store.revokeTokens({ TokenSubject::Kind::Staff, user->id }); !revoked)
            return revoked;
        return recordAccountChange(store, u"user_passwd"_s, command.login);
    });
    if (!changed) {
        if (changed.error().kind == StorageError::Kind::NotFound)
            return unknownLogin(err, name, command.login);
        return storageFailure(err, name, changed.error());
    }
    out << u"changed the password of "_s << command.login << u" and signed out its sessions"_s
        << Qt::endl;
    return exitOk;
}

} // namespace switchboard::server
