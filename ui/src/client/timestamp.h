#pragma once

#include <QString>

namespace switchboard::ui {

// Milliseconds since the epoch from a protocol time (RFC 3339 UTC); 0 when empty or invalid.
qint64 parseTimestamp(const QString &text);

} // namespace switchboard::ui
