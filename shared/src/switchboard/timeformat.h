#pragma once

#include <QString>

namespace switchboard {

// RFC 3339 UTC with milliseconds, as the protocol writes every time: 2026-11-27T09:30:00.123Z
QString formatTimestamp(qint64 msSinceEpoch);
qint64 nowMs();

} // namespace switchboard
