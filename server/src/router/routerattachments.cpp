// Router: attachments (docs/protocol.md, "Attachments"). The upload is stored by the
// attachment service on the storage writer (server/src/attachments/); the router only passes
// the committed message on, as it does a sent one after its ack.
#include "metrics/metrics.h"
#include "router.h"

#include <algorithm>

namespace switchboard::server {

void Router::deliverUploadedMessage(const StoredMessage &message)
{
    m_metrics->messagesStored.inc();
    if (ConversationRecord *open = m_book.find(message.conversationId)) {
        open->seq = std::max(open->seq, message.seq);
        if (message.senderRole == protocol::Role::Customer)
            open->unreadCustomerSeqs.append(message.seq);
    }
    // No connection sent it (connection ids start at 1), so none is left out.
    constexpr ConnectionId noConnection = 0;
    fanOut(message, noConnection, 0);
    publishConversation(message.conversationId, message.seq, false, message.senderRole, &message);
}

} // namespace switchboard::server
