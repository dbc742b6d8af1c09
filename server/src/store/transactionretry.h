#pragma once

#include "records.h"

#include <QString>
#include <functional>
#include <optional>

namespace switchboard::server {

// SQLSTATE 40001 (serialization failure) and 40P01 (deadlock): PostgreSQL undid the whole
// transaction, and running it again may well succeed.
bool isRetryableState(const QString &sqlState);

// How many runs a transaction undone that way gets before it is reported, and the jittered
// exponential pause between runs, so rivals drift apart.
struct RetryPolicy {
    int attempts = 5;
    int baseMs = 10; // doubles per attempt, with full jitter
    int capMs = 500;
};

// The one retry loop for such transactions (a store's own and the writer's group commits):
// calls `runOnce`, which runs one whole transaction and rolls it back when it fails, until it
// commits (nullopt), fails for another reason, or has run policy.attempts times; the last
// failure is returned. `beforeRetry` hears of each rerun before its pause.
std::optional<StorageError> retryTransaction(const RetryPolicy &policy,
    const std::function<std::optional<StorageError>()> &runOnce,
    const std::function<void(const StorageError &failed, int nextAttempt)> &beforeRetry);

} // namespace switchboard::server
