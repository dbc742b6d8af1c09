#pragma once

#include <QString>
#include <limits>
#include <optional>
#include <switchboard/protocol.h>

// What an export is: its format and the range of conversation creation times it covers, and
// the keyset position an export has reached. Plain values, safe to pass between threads.
namespace switchboard::server {

using protocol::ExportFormat;
using protocol::exportFormatFromName;
using protocol::exportFormatName;

// [fromMs, toMs) in ms since the epoch, UTC; an unset end is open.
struct ExportRange {
    std::optional<qint64> fromMs;
    std::optional<qint64> toMs;

    qint64 lowerBound() const { return fromMs.value_or(std::numeric_limits<qint64>::min()); }
    qint64 upperBound() const { return toMs.value_or(std::numeric_limits<qint64>::max()); }
    bool operator==(const ExportRange &) const = default;
};

// The last row an export wrote: conversations in (created, id) order, and for JSONL the seq
// inside that conversation. A default position is the start (nothing written yet).
struct ExportPosition {
    qint64 createdMs = 0;
    QString conversationId; // empty: the start
    qint64 seq = 0;

    bool atStart() const { return conversationId.isEmpty(); }
    bool operator==(const ExportPosition &) const = default;
};

struct ExportChunk {
    QByteArray data; // whole rows (CSV rows with CRLF, JSONL lines with LF); the header first
    int rows = 0; // rows in data, the CSV header not counted
    ExportPosition next; // where the next chunk starts
    bool done = false; // nothing after this chunk
};

} // namespace switchboard::server
