#pragma once

#include "historydatabase.h"

#include <functional>

namespace switchboard::server {

// What one retention run did.
struct RetentionCounts {
    qint64 deletedConversations = 0;
    qint64 deletedMessages = 0;
    qint64 redactedCustomers = 0;
};

// The SQL of retention: deletes closed conversations whose close is older than the cut-off
// (with their messages; their receipts live in the conversation row and the search index
// follows the messages by trigger), and blanks the name and e-mail of customers whose newest
// conversation closed before the cut-off and who have none open. Work is done in small
// transactions so the server's writer never waits long behind it.
class RetentionSweeper final {
public:
    explicit RetentionSweeper(HistoryDatabase &database);
    Q_DISABLE_COPY_MOVE(RetentionSweeper)

    // Closed before `closedBeforeMs`; `batch` conversations per transaction.
    HistoryResult<RetentionCounts> deleteClosedBefore(qint64 closedBeforeMs, int batch = 50);
    HistoryResult<RetentionCounts> redactClosedBefore(qint64 closedBeforeMs, int batch = 200);

private:
    // One transaction's work on the ids due (and their "?, ?, …" placeholders); what it did.
    using BatchStep = std::function<HistoryResult<RetentionCounts>(
        const QVariantList &ids, const QString &placeholders)>;
    // Selects up to `batch` ids with `dueSql` (bound to the cut-off and the batch size) and
    // runs `step` on them in one transaction, until none are due; the sum of what was done.
    HistoryResult<RetentionCounts> inBatches(
        const QString &dueSql, qint64 cutOffMs, int batch, QStringView what, const BatchStep &step);

    HistoryDatabase &m_database;
};

} // namespace switchboard::server
