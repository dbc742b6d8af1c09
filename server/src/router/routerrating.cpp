// Router: customer satisfaction (docs/protocol.md, "Rating a conversation"). The customer
// rates its own conversation once it has closed; the rating, and the webhook event about it,
// are committed together on the storage writer.
#include "router.h"
#include "store/storageservice.h"
#include "webhooks/webhookdispatcher.h"
#include "webhooks/webhookevent.h"

#include <switchboard/logging.h>
#include <switchboard/timeformat.h>

using namespace Qt::StringLiterals;

namespace switchboard::server {

using protocol::ErrorCode;
using protocol::Role;

void Router::onRate(const Inbound &in, const protocol::RateMessage &rate)
{
    const ConnectionId connection = in.connection;
    const Session &session = *m_sessions.find(connection);
    if (session.role != Role::Customer) {
        sendError(connection, ErrorCode::Forbidden,
            u"only the conversation's customer may rate it"_s, rate.conversation);
        return;
    }
    const NewRating rating { rate.conversation, session.subjectId, rate.rating, rate.comment,
        m_clock->nowMs(), protocol::ratingChangeWindowMs };
    m_storage->writeLocking<RatingOutcome>(
        this, rate.conversation,
        [rating, hooks = m_webhooks](Store &store) -> StoreResult<RatingOutcome> {
            auto outcome = store.rateConversation(rating);
            if (!outcome)
                return outcome;
            const bool wrote = outcome->result == RatingOutcome::Result::Stored
                || outcome->result == RatingOutcome::Result::Replaced;
            if (!wrote || !hooks || !hooks->isEnabled())
                return outcome;
            QString agentLogin;
            if (outcome->rating.agentId != 0) {
                auto agent = store.findUserById(outcome->rating.agentId);
                if (!agent)
                    return unexpected(agent.error());
                if (*agent)
                    agentLogin = (*agent)->login;
            }
            auto queued = hooks->enqueue(
                store, WebhookEvent::conversationRated(*outcome, agentLogin), rating.nowMs);
            if (!queued)
                return unexpected(queued.error());
            return outcome;
        },
        [this, connection, customerId = session.subjectId](
            StoreResult<RatingOutcome> outcome) { finishRating(connection, customerId, outcome); });
}

void Router::finishRating(
    ConnectionId connection, qint64 customerId, const StoreResult<RatingOutcome> &outcome)
{
    using Result = RatingOutcome::Result;
    if (!outcome) {
        qCWarning(lcRouter) << "could not store a rating:" << outcome.error().message;
        sendError(connection, ErrorCode::Unavailable,
            u"the rating could not be stored now; send it again"_s);
        return;
    }
    const QString &conversationId = outcome->rating.conversationId;
    switch (outcome->result) {
    case Result::NoSuchConversation:
        sendError(connection, ErrorCode::NotFound, u"no such conversation"_s, conversationId);
        return;
    case Result::NotTheCustomer:
        sendError(connection, ErrorCode::Forbidden,
            u"only the conversation's customer may rate it"_s, conversationId);
        return;
    case Result::NotClosed:
        sendError(connection, ErrorCode::Conflict,
            u"the conversation is still open; rate it once it has closed"_s, conversationId);
        return;
    case Result::Final:
        sendError(connection, ErrorCode::Conflict,
            u"the rating is final: it can be changed only within %1 minutes of the first one"_s.arg(
                protocol::ratingChangeWindowMs / 60000),
            conversationId);
        return;
    case Result::Stored:
    case Result::Replaced:
        break;
    }
    if (m_webhooks)
        m_webhooks->wake();
    const StoredRating &stored = outcome->rating;
    const QByteArray frame = protocol::encodeRating({ stored.conversationId, stored.rating,
        stored.comment, stored.ratedMs, stored.firstRatedMs + protocol::ratingChangeWindowMs });
    // Every tab of the customer (the one that rated included: this is its answer) and the
    // agent who served the conversation; the comment goes to no log.
    sendToCustomer(customerId, frame);
    if (stored.agentId != 0)
        sendToStaff(stored.agentId, frame);
}

} // namespace switchboard::server
