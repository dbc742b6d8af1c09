#pragma once

#include "config/commandline.h"

#include <QTextStream>

// `switchboard-server export ...` and `switchboard-server retention --run-now`, run
// synchronously against the database in --data (the server may be running: WAL lets the
// export read beside it, and retention writes in small transactions). Neither creates a
// database: a missing one is a usage error (exit 2). Errors are one line on `err`.
namespace switchboard::server {

// Writes the export to the --output file or standard output; a progress line goes to `err`
// when `progress` is set (standard error is a terminal). Records an `export` audit entry.
int runHistoryCommand(const ExportHistory &command, QTextStream &err, bool progress);
// Prints what was deleted and redacted on `out`; records the retention audit entries.
int runHistoryCommand(const RunRetention &command, QTextStream &out, QTextStream &err);

} // namespace switchboard::server
