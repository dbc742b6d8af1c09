// Router: who may start a new conversation (VisitorAdmission's per-address limits, the node's
// open-conversation cap). A refusal stores nothing.
#include "gateway/clientaddress.h"
#include "metrics/metrics.h"
#include "router.h"

#include <switchboard/logging.h>
#include <switchboard/timeformat.h>

using namespace Qt::StringLiterals;

namespace switchboard::server {

using protocol::ErrorCode;

int Router::openConversationCount() const
{
    return m_book.count(ConversationState::Queued) + m_book.count(ConversationState::Assigned);
}

bool Router::refuseWhenFull(ConnectionId connection)
{
    if (m_options.maxOpenConversations <= 0
        || openConversationCount() + m_conversationsStarting < m_options.maxOpenConversations)
        return true;
    refuseVisitor(connection, u"capacity"_s, 60 * 1000);
    return false;
}

bool Router::admitNewVisitor(ConnectionId connection)
{
    if (!refuseWhenFull(connection))
        return false;
    const Session *session = m_sessions.find(connection);
    const std::optional<VisitorAdmission::Refusal> refusal = m_admission.admit(session->info.peer,
        m_clock->nowMs(), [this](const QString &id) { return m_book.find(id) != nullptr; });
    if (!refusal)
        return true;
    refuseVisitor(connection, refusal->reason, refusal->retryAfterMs);
    return false;
}

void Router::refuseVisitor(ConnectionId connection, const QString &reason, qint64 retryAfterMs)
{
    Session *session = m_sessions.find(connection);
    if (!session)
        return;
    session->helloInFlight = false;
    m_metrics->visitorsRefused[reason].inc();
    const bool capacity = reason == u"capacity"_s;
    m_metrics->protocolErrors[capacity ? u"overloaded" : u"rate_limited"].inc();
    // One line per address and minute, naming the address only by a keyed hash (an address is
    // personal data; the hash lets an operator see it is one address, not which).
    if (capacity) {
        // The null address stands for the node as a whole: one line a minute.
        if (m_admission.firstRefusalThisMinute(QHostAddress(), m_clock->nowMs()))
            qCWarning(lcRouter).noquote()
                << "refusing new visitors: this node holds" << openConversationCount()
                << "open conversations (max-open-conversations" << m_options.maxOpenConversations
                << ")";
    } else if (m_admission.firstRefusalThisMinute(session->info.peer, m_clock->nowMs())) {
        qCInfo(lcRouter).noquote()
            << "refusing new visitors from address" << ClientAddress::logName(session->info.peer)
            << "(" << reason << "limit)";
    }
    const QString message = capacity ? u"the chat is full right now; try again in a minute"_s
        : reason == u"rate"_s        ? u"too many new chats from this address; try again later"_s
                                     : u"too many open chats from this address; try again later"_s;
    m_outbox->send(connection,
        protocol::encodeRetryLater(
            capacity ? ErrorCode::Overloaded : ErrorCode::RateLimited, message, retryAfterMs));
    m_outbox->close(connection, capacity ? protocol::close::tryAgainLater : protocol::close::policy,
        capacity ? u"node full"_s : u"too many new visitors"_s);
}

} // namespace switchboard::server
