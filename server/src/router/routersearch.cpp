// Router: search over stored conversations (docs/protocol.md, "Search"), read on the storage
// reader thread.
#include "router.h"
#include "store/storageservice.h"

#include <switchboard/logging.h>

using namespace Qt::StringLiterals;

namespace switchboard::server {

using protocol::ErrorCode;
using protocol::Role;

void Router::onSearch(const Inbound &in, const protocol::SearchMessage &request)
{
    const ConnectionId connection = in.connection;
    const Session &session = *m_sessions.find(connection);
    if (!protocol::isStaff(session.role)) {
        sendError(connection, ErrorCode::Forbidden, u"only agents and supervisors may search"_s,
            request.request);
        return;
    }
    SearchQuery query;
    query.text = request.text;
    query.fromMs = request.range.fromMs;
    query.toMs = request.range.toMs;
    query.agentLogin = request.agent;
    query.team = request.team;
    query.customer = request.customer;
    query.state = request.state;
    query.limit = request.limit;
    query.offset = request.offset;
    query.everything = session.role == Role::Supervisor;
    query.agentId = session.subjectId;
    if (const AgentEntry *agent = m_roster.find(session.subjectId))
        query.agentTeams = agent->teams;
    m_storage->read<SearchPage>(
        this, [query](Store &store) { return store.search(query); },
        [this, connection, requestId = request.request](StoreResult<SearchPage> page) {
            if (!m_sessions.find(connection))
                return;
            if (!page) {
                sendError(connection, ErrorCode::Unavailable,
                    u"conversations cannot be searched right now; try again"_s, requestId);
                return;
            }
            protocol::SearchResultsView results;
            results.request = requestId;
            results.total = page->total;
            results.totalCapped = page->totalCapped;
            results.hasMore = page->hasMore;
            results.hits.reserve(page->hits.size());
            for (const SearchHit &hit : std::as_const(page->hits)) {
                protocol::SearchHitView view;
                view.conversation = hit.conversationId;
                view.seq = hit.seq;
                view.timestampMs = hit.timestampMs;
                view.kind = hit.kind;
                if (hit.hasFrom)
                    view.fromRole = hit.fromRole;
                view.fromName = hit.fromName;
                view.snippet = hit.snippet;
                view.highlights = hit.highlights;
                // The stored state lags the router's while a routing write is in flight.
                const ConversationRecord *live = m_book.find(hit.conversationId);
                view.state = live ? live->state : hit.state;
                view.team = hit.team;
                view.customerName = hit.customerName;
                view.customerEmail = hit.customerEmail;
                view.agentLogin = hit.agentLogin;
                view.agentName = hit.agentName;
                view.createdMs = hit.createdMs;
                results.hits.append(std::move(view));
            }
            m_outbox->send(connection, protocol::encodeSearchResults(results));
        });
}

} // namespace switchboard::server
