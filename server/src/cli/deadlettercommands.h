#pragma once

#include "config/commandline.h"

#include <QTextStream>

// `switchboard-server deadletters list|replay ID|purge`, run synchronously against an open
// Store. The shape is that of the user commands (usercommands.h), so main() opens the store in
// --data and runs both kinds the same way; `in` is not read. Returns exitOk, exitFailure (storage)
// or exitUsage (an unknown ID) and writes an error as one line to `err`. Listings show id, URL,
// event, attempts, last error and time, never an event's body: it holds message text.
namespace switchboard::server {

class Store;

int runUserCommand(
    Store &store, const DeadLetters &command, QTextStream &in, QTextStream &out, QTextStream &err);

} // namespace switchboard::server
