#pragma once

#include "history/exportformat.h"
#include "serverconfig.h"

#include <QString>
#include <QStringList>
#include <switchboard/expected.h>
#include <switchboard/protocol.h>
#include <variant>

// The `switchboard-server` command line: what to run, decided before anything is opened.
namespace switchboard::server {

inline constexpr int exitOk = 0;
inline constexpr int exitFailure = 1; // runtime: storage, network, hashing
inline constexpr int exitUsage = 2; // bad flag, config key or value, unusable data directory

// `switchboard-server [flags]`. config.dataDir is always set (the default filled in).
struct RunServer {
    ServerConfig config;
};

// `user add LOGIN --role agent|supervisor [--name NAME] [--team TEAM]... --password-stdin`
struct UserAdd {
    ServerConfig config;
    QString login;
    protocol::Role role = protocol::Role::Agent;
    QString name; // empty: the login
    QStringList teams;
};

struct UserList {
    ServerConfig config;
};

struct UserRemove {
    ServerConfig config;
    QString login;
};

// `user passwd LOGIN --password-stdin`
struct UserPasswd {
    ServerConfig config;
    QString login;
};

// `deadletters list|replay ID|purge`: webhook events whose delivery gave up.
struct DeadLetters {
    enum class Action { List, Replay, Purge };
    ServerConfig config;
    Action action = Action::List;
    qint64 id = 0; // for replay
};

// `export --from DATE --to DATE --format csv|jsonl [--output FILE]`: conversations created in
// the range, written as docs/history.md describes.
struct ExportHistory {
    ServerConfig config;
    ExportFormat format = ExportFormat::Csv;
    ExportRange range;
    QString outputPath; // empty: standard output
};

// `retention --run-now`: one retention run with the configured retention-* settings.
struct RunRetention {
    ServerConfig config;
};

struct ShowVersion { };

struct ShowHelp { };

using Command = std::variant<RunServer, UserAdd, UserList, UserRemove, UserPasswd, DeadLetters,
    ExportHistory, RunRetention, ShowVersion, ShowHelp>;

struct UsageError {
    QString message; // one line, "switchboard-server: ..."; exit with exitUsage
};

// `arguments` as QCoreApplication::arguments() gives them: the first (the program) is skipped.
// The --config file is read first and flags override it, wherever they stand.
Expected<Command, UsageError> parseCommandLine(const QStringList &arguments);

QString helpText(); // ends with a newline
QString versionText(); // "switchboard-server 0.1.0", no newline

// Creates the data directory if needed (mode 0700) and checks that it is a writable directory.
// The message is one line naming the path; exit with exitUsage.
Expected<Done, ConfigError> ensureDataDirectory(const QString &path);

// An export bound: YYYY-MM-DD (the start of that day, UTC) or RFC 3339 with a time zone
// (2026-11-30T09:00:00Z, 2026-11-30T10:00:00+01:00). nullopt when it is neither.
std::optional<qint64> parseExportDate(const QString &text);

// The candidate closest to a mistyped word, or empty when none is close enough to suggest.
QString suggestSimilar(const QString &word, const QStringList &candidates);

} // namespace switchboard::server
