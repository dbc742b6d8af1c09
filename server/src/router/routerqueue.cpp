// The queue for staff, a page at a time: a welcome lists the longest-waiting
// protocol::welcomeQueueLimit, `queue_page` the rest (docs/protocol.md, "Staff views").
#include "router.h"

namespace switchboard::server {

using protocol::Role;

Router::QueueListing Router::queuedFor(const AgentEntry &staff, int afterPosition, int limit) const
{
    QueueListing listing;
    // Positions from one walk of the queue, not one walk per queued conversation.
    int position = 0;
    for (const ConversationRecord *queued : m_book.queue()) {
        ++position;
        if (staff.role != Role::Supervisor && !staff.serves(queued->team))
            continue;
        ++listing.total;
        if (position <= afterPosition)
            continue;
        if (listing.conversations.size() < limit)
            listing.conversations.append(viewOf(*queued, true, position));
        else
            listing.more = true;
    }
    return listing;
}

void Router::onQueuePage(const Inbound &in, const protocol::QueuePageMessage &request)
{
    const Session *session = m_sessions.find(in.connection);
    if (!requireStaff(in, *session))
        return;
    const AgentEntry *staff = m_roster.find(session->subjectId);
    if (!staff)
        return; // signed out meanwhile
    const QueueListing listing = queuedFor(*staff, request.afterPosition, request.limit);
    m_outbox->send(in.connection,
        protocol::encodeQueuePage(
            request.request, listing.conversations, listing.total, listing.more));
}

} // namespace switchboard::server
