#include "transactionretry.h"

#include <QThread>
#include <switchboard/backoffpolicy.h>

namespace switchboard::server {

bool isRetryableState(const QString &sqlState)
{
    return sqlState == u"40001" || sqlState == u"40P01";
}

std::optional<StorageError> retryTransaction(const RetryPolicy &policy,
    const std::function<std::optional<StorageError>()> &runOnce,
    const std::function<void(const StorageError &failed, int nextAttempt)> &beforeRetry)
{
    const BackoffPolicy backoff(policy.baseMs, policy.capMs);
    for (int attempt = 1;; ++attempt) {
        std::optional<StorageError> failed = runOnce();
        if (!failed || !isRetryableState(failed->sqlState) || attempt >= policy.attempts)
            return failed;
        beforeRetry(*failed, attempt + 1);
        QThread::msleep(ulong(backoff.delayMs(attempt - 1)));
    }
}

} // namespace switchboard::server
