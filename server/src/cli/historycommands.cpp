#include "historycommands.h"

#include "history/exportwriter.h"
#include "history/historydatabase.h"
#include "history/retentionscheduler.h"
#include "store/storefactory.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <cstdio>
#include <switchboard/displaytext.h>
#include <switchboard/timeformat.h>

using namespace Qt::StringLiterals;

namespace switchboard::server {

namespace {

constexpr qsizetype chunkBytes = 256 * 1024;

int fail(QTextStream &err, const QString &command, const QString &message, int exitCode)
{
    err << u"switchboard-server: "_s << command << u": "_s << message << Qt::endl;
    return exitCode;
}

// Opens the store first (it migrates an older file and records audit entries), then the
// history connection. A missing database is not created.
int openDatabase(const ServerConfig &config, const QString &command, Store &store,
    HistoryDatabase &history, QTextStream &err)
{
    const QString path = config.databasePath();
    if (!usesPostgres(config) && !QFileInfo(path).isFile())
        return fail(err, command,
            u"no database at "_s + quotedForMessage(path)
                + u" (is --data the server's data directory?)"_s,
            exitUsage);
    if (auto opened = store.open(); !opened)
        return fail(err, command, opened.error().message,
            opened.error().kind == StorageError::Kind::TooNew ? exitUsage : exitFailure);
    if (auto opened = history.open(); !opened)
        return fail(err, command, opened.error().message, exitFailure);
    return exitOk;
}

QJsonValue timeOrNull(const std::optional<qint64> &ms)
{
    return ms ? QJsonValue(formatTimestamp(*ms)) : QJsonValue(QJsonValue::Null);
}

} // namespace

int runHistoryCommand(const ExportHistory &command, QTextStream &err, bool progress)
{
    const QString name = u"export"_s;
    const auto store = makeStore(command.config, u"switchboard-cli"_s);
    const auto history = HistoryDatabase::forConfig(command.config, u"switchboard-cli-history"_s);
    if (const int code = openDatabase(command.config, name, *store, *history, err); code != exitOk)
        return code;

    QFile output;
    if (command.outputPath.isEmpty()) {
        if (!output.open(stdout, QIODevice::WriteOnly, QFileDevice::DontCloseHandle))
            return fail(err, name, u"cannot write to standard output"_s, exitFailure);
    } else {
        output.setFileName(command.outputPath);
        if (!output.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return fail(err, name,
                u"cannot write "_s + quotedForMessage(command.outputPath) + u": "_s
                    + output.errorString(),
                exitUsage);
    }

    ExportWriter writer(*history, command.format, command.range);
    const auto total = writer.countRows();
    if (!total)
        return fail(err, name, total.error().message, exitFailure);
    ExportPosition position;
    qint64 written = 0;
    for (;;) {
        auto chunk = writer.nextChunk(position, chunkBytes);
        if (!chunk)
            return fail(err, name, chunk.error().message, exitFailure);
        if (output.write(chunk->data) != chunk->data.size())
            return fail(
                err, name, u"writing the export failed: "_s + output.errorString(), exitFailure);
        written += chunk->rows;
        position = chunk->next;
        if (progress) {
            const int percent = *total > 0 ? int(written * 100 / *total) : 100;
            err << u"\rexporting: "_s << written << u" of "_s << *total << u" rows ("_s << percent
                << u"%)"_s << Qt::flush;
        }
        if (chunk->done)
            break;
    }
    if (!output.flush())
        return fail(
            err, name, u"writing the export failed: "_s + output.errorString(), exitFailure);
    if (progress)
        err << Qt::endl;

    AuditEntry entry;
    entry.timestampMs = nowMs();
    entry.actor = u"cli"_s;
    entry.actorRole = u"cli"_s;
    entry.action = u"export"_s;
    entry.detail = QJsonObject {
        { u"format"_s, exportFormatName(command.format) },
        { u"from"_s, timeOrNull(command.range.fromMs) },
        { u"to"_s, timeOrNull(command.range.toMs) },
        { u"rows"_s, written },
        { u"via"_s, u"cli"_s },
    };
    if (auto recorded = store->appendAudit(entry); !recorded)
        return fail(err, name,
            u"the export was written but its audit entry was not: "_s + recorded.error().message,
            exitFailure);
    return exitOk;
}

int runHistoryCommand(const RunRetention &command, QTextStream &out, QTextStream &err)
{
    const QString name = u"retention"_s;
    const auto store = makeStore(command.config, u"switchboard-cli"_s);
    const auto history = HistoryDatabase::forConfig(command.config, u"switchboard-cli-history"_s);
    if (const int code = openDatabase(command.config, name, *store, *history, err); code != exitOk)
        return code;
    const RetentionSettings settings { command.config.retentionDeleteDays,
        command.config.retentionRedactDays };
    if (!settings.enabled()) {
        out << u"retention is off (retention-delete-days and retention-redact-days are 0); "
               u"nothing to do"_s
            << Qt::endl;
        return exitOk;
    }
    QString auditError;
    const auto counts = RetentionScheduler::runOnce(
        *history, settings, nowMs(), nullptr,
        [&store, &auditError](AuditEntry entry) {
            if (auto recorded = store->appendAudit(entry); !recorded)
                auditError = recorded.error().message;
        },
        u"cli"_s);
    if (!counts)
        return fail(err, name, counts.error().message, exitFailure);
    out << u"deleted "_s << counts->deletedConversations << u" conversations ("_s
        << counts->deletedMessages << u" messages), redacted "_s << counts->redactedCustomers
        << u" customers"_s << Qt::endl;
    if (!auditError.isEmpty())
        return fail(err, name,
            u"retention ran but its audit entry was not recorded: "_s + auditError, exitFailure);
    return exitOk;
}

} // namespace switchboard::server
