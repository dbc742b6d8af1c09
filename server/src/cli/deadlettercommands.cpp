#include "deadlettercommands.h"

#include "store/store.h"

#include <QDateTime>
#include <switchboard/displaytext.h>
#include <switchboard/timeformat.h>

using namespace Qt::StringLiterals;

namespace switchboard::server {

namespace {

int fail(QTextStream &err, const QString &command, const QString &message, int exitCode)
{
    err << u"switchboard-server: "_s << command << u": "_s << message << Qt::endl;
    return exitCode;
}

int storageFailure(QTextStream &err, const QString &command, const StorageError &error)
{
    QString what = error.kind == StorageError::Kind::TooNew
        ? u"the database was written by a newer Switchboard"_s
        : u"the database is unavailable"_s;
    if (!error.message.isEmpty())
        what += u": "_s + error.message;
    return fail(err, command, what, exitFailure);
}

// Columns padded to their widest cell, two spaces apart; the last one is not padded.
void writeTable(QTextStream &out, const QList<QStringList> &rows)
{
    QList<qsizetype> widths(rows.first().size(), 0);
    for (const QStringList &row : rows) {
        for (qsizetype column = 0; column < row.size(); ++column)
            widths[column] = std::max(widths[column], row.at(column).size());
    }
    for (const QStringList &row : rows) {
        QString line;
        for (qsizetype column = 0; column < row.size(); ++column) {
            const bool last = column + 1 == row.size();
            line += last ? row.at(column) : row.at(column).leftJustified(widths[column] + 2);
        }
        out << line.trimmed() << QLatin1Char('\n');
    }
    out.flush();
}

int list(Store &store, QTextStream &out, QTextStream &err)
{
    const auto letters = store.listDeadLetters();
    if (!letters)
        return storageFailure(err, u"deadletters list"_s, letters.error());
    if (letters->isEmpty()) {
        out << u"no dead letters"_s << Qt::endl;
        return exitOk;
    }
    QList<QStringList> rows { { u"ID"_s, u"FAILED"_s, u"EVENT"_s, u"ATTEMPTS"_s, u"URL"_s,
        u"LAST ERROR"_s } };
    for (const DeadLetter &letter : *letters) {
        rows.append({ QString::number(letter.id), formatTimestamp(letter.failedMs),
            withoutControlCharacters(letter.eventType), QString::number(letter.attempts),
            withoutControlCharacters(letter.url), withoutControlCharacters(letter.lastError) });
    }
    writeTable(out, rows);
    return exitOk;
}

int replay(Store &store, qint64 id, QTextStream &out, QTextStream &err)
{
    const QString name = u"deadletters replay"_s;
    const auto replayed = store.replayDeadLetter(id, QDateTime::currentMSecsSinceEpoch());
    if (!replayed) {
        if (replayed.error().kind == StorageError::Kind::NotFound)
            return fail(err, name, u"no dead letter with ID "_s + QString::number(id), exitUsage);
        return storageFailure(err, name, replayed.error());
    }
    out << u"queued dead letter "_s << id << u" for delivery again"_s << Qt::endl;
    return exitOk;
}

int purge(Store &store, QTextStream &out, QTextStream &err)
{
    const auto purged = store.purgeDeadLetters();
    if (!purged)
        return storageFailure(err, u"deadletters purge"_s, purged.error());
    out << u"purged "_s << *purged << (*purged == 1 ? u" dead letter"_s : u" dead letters"_s)
        << Qt::endl;
    return exitOk;
}

} // namespace

int runUserCommand(
    Store &store, const DeadLetters &command, QTextStream &, QTextStream &out, QTextStream &err)
{
    switch (command.action) {
    case DeadLetters::Action::Replay:
        return replay(store, command.id, out, err);
    case DeadLetters::Action::Purge:
        return purge(store, out, err);
    case DeadLetters::Action::List:
        break;
    }
    return list(store, out, err);
}

} // namespace switchboard::server
