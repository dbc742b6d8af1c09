#pragma once

#include <QString>
#include <optional>

namespace switchboard {

// RFC 3339 UTC with milliseconds, as the protocol writes every time: 2026-11-27T09:30:00.123Z
QString formatTimestamp(qint64 msSinceEpoch);
qint64 nowMs();
// Reads an RFC 3339 time with a zone (`Z` or `+01:00`) and at most millisecond precision;
// nullopt for anything else, a bare date or a time without zone included.
std::optional<qint64> parseTimestamp(const QString &text);

} // namespace switchboard
