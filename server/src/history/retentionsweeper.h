#pragma once

#include "historydatabase.h"

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
    HistoryDatabase &m_database;
};

} // namespace switchboard::server
