// Router: a database restored from a backup (docs/reliability.md, R2). Every seq a client
// holds came from a commit, so a client that syncs from a seq past the conversation's stored
// history saw messages this database no longer has, and the seqs to come would reuse theirs.
// The conversation gets a new epoch, so that client and every other one reload it.
#include "metrics/metrics.h"
#include "router.h"
#include "store/storageservice.h"

#include <switchboard/ids.h>
#include <switchboard/logging.h>

using namespace Qt::StringLiterals;

namespace switchboard::server {

using protocol::ErrorCode;

void Router::rotateRestoredEpoch(
    ConnectionId connection, const protocol::SyncMessage &sync, const MessagePage &page)
{
    qCWarning(lcRouter).noquote() << "a client synced conversation" << sync.conversation
                                  << "from seq" << sync.afterSeq
                                  << "but the database holds up to seq" << page.latestSeq
                                  << "(restored from a backup?); the conversation gets a new epoch";
    m_storage->write<QString>(
        this,
        [conversationId = sync.conversation, expected = page.epoch, fresh = ids::newEpoch()](
            Store &store) { return store.rotateEpoch(conversationId, expected, fresh); },
        [this, connection, conversationId = sync.conversation, latestSeq = page.latestSeq](
            StoreResult<QString> epoch) {
            if (!epoch) {
                m_metrics->syncRequests[u"error"].inc();
                if (m_sessions.find(connection))
                    sendError(connection, ErrorCode::Unavailable,
                        u"history cannot be read right now; try again"_s);
                return;
            }
            // Welcomes and assignments from memory carry the new epoch too.
            if (ConversationRecord *open = m_book.find(conversationId))
                open->epoch = *epoch;
            m_metrics->syncRequests[u"epoch_mismatch"].inc();
            if (m_sessions.find(connection))
                m_outbox->send(connection,
                    protocol::encodeSynced(conversationId, latestSeq, *epoch, true, false));
        });
}

} // namespace switchboard::server
