#pragma once

#include "config/commandline.h"

#include <QString>
#include <QTextStream>

// The `switchboard-server user ...` commands, run synchronously against an open Store.
// Each returns an exit code (exitOk, exitFailure for storage or hashing failures, exitUsage for
// an unknown or duplicate login or an unacceptable password) and writes any error to `err` as
// one line. Passwords are read from `in` (one line) and never written anywhere.
namespace switchboard::server {

class Store;

// 1 to 64 characters of A-Z a-z 0-9 . _ -
bool isValidLogin(const QString &login);

int runUserCommand(
    Store &store, const UserAdd &command, QTextStream &in, QTextStream &out, QTextStream &err);
int runUserCommand(
    Store &store, const UserList &command, QTextStream &in, QTextStream &out, QTextStream &err);
// Also revokes the account's tokens, so its open sessions cannot resume.
int runUserCommand(
    Store &store, const UserRemove &command, QTextStream &in, QTextStream &out, QTextStream &err);
// Also revokes the account's tokens: a password change signs out every session.
int runUserCommand(
    Store &store, const UserPasswd &command, QTextStream &in, QTextStream &out, QTextStream &err);

} // namespace switchboard::server
