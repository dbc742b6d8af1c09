#pragma once

#include "exportformat.h"
#include "historydatabase.h"

#include <QHash>

namespace switchboard::server {

// Writes an export of conversations created in a range, chunk by chunk, from keyset-paged
// queries: memory stays flat whatever the range holds. The CLI (`switchboard-server export`)
// and the protocol's `export_chunk`s both come from nextChunk(), so they carry the same bytes.
//
// CSV: a header row, then one row per conversation in (created, id) order, RFC 4180 quoting,
// CRLF line ends. JSONL: one JSON object per message, conversations in the same order and
// messages by seq, LF line ends. The columns and fields are listed in docs/history.md.
class ExportWriter final {
public:
    ExportWriter(HistoryDatabase &database, ExportFormat format, ExportRange range);
    Q_DISABLE_COPY_MOVE(ExportWriter)

    // Rows the whole export has: conversations (CSV) or messages (JSONL).
    HistoryResult<qint64> countRows();
    // Whole rows after `after` up to about maxBytes (at least one row when any is left).
    HistoryResult<ExportChunk> nextChunk(const ExportPosition &after, qsizetype maxBytes);

    static QByteArray csvHeader();
    // One CSV field quoted as RFC 4180 asks: in double quotes when it holds , " CR or LF; a
    // cell a spreadsheet would run as a formula gets a leading ' first (neutralisedCsvCell).
    static QByteArray csvField(const QString &value);

private:
    struct Conversation {
        QString id;
        qint64 createdMs = 0;
        QString team;
        QString customerName;
        QString customerEmail;
    };

    HistoryResult<QList<Conversation>> conversationsAfter(const ExportPosition &after, int limit);
    HistoryResult<ExportChunk> nextCsvChunk(const ExportPosition &after, qsizetype maxBytes);
    HistoryResult<ExportChunk> nextJsonlChunk(const ExportPosition &after, qsizetype maxBytes);
    HistoryResult<Done> loadLogins();
    QString loginOf(const QString &senderKey) const;

    HistoryDatabase &m_database;
    ExportFormat m_format;
    ExportRange m_range;
    QHash<QString, QString> m_logins; // "u:<id>" → login, loaded once
    bool m_loginsLoaded = false;
};

} // namespace switchboard::server
