#include "router.h"

#include "alerts/alertengine.h"
#include "auth/passwordhasher.h"
#include "metrics/metrics.h"
#include "store/storageservice.h"
#include "webhooks/webhookdispatcher.h"
#include "webhooks/webhookevent.h"

#include <QThreadPool>
#include <future>
#include <switchboard/ids.h>
#include <switchboard/logging.h>
#include <switchboard/timeformat.h>

using namespace Qt::StringLiterals;

namespace switchboard::server {

using protocol::ErrorCode;
using protocol::Role;

namespace {

constexpr qint64 dayMs = 24 * 3600 * 1000;

struct RestoredState {
    QList<ConversationRecord> conversations;
    QList<UserRecord> users;
};

} // namespace

Router::Router(RouterOptions options, StorageService *storage, Outbox *outbox,
    metrics::ServerMetrics *metrics, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_storage(storage)
    , m_batchingOutbox(outbox, this)
    , m_outbox(outbox ? &m_batchingOutbox : nullptr)
    , m_metrics(metrics)
    , m_policy(m_options.routing, m_options.agentCapacity)
    , m_loginThrottle(m_options.loginAttemptsPerMinute)
    , m_graceTimer(this) // a child, so it moves to the router's thread with us
    , m_metricsTimer(this)
    , m_feeds(m_outbox, *metrics)
    , m_abandoned(qint64(m_options.graceSeconds) * 1000)
    , m_unattended(m_options.missedAfterMs, m_options.idleCloseMs)
    , m_admission(m_options.newVisitorsPerMinute, m_options.openConversationsPerAddress)
    , m_handoffTimer(this)
    , m_receipts(storage ? std::make_unique<ReceiptBatcher>(*storage) : nullptr)
{
    m_graceTimer.setInterval(250);
    connect(&m_graceTimer, &QTimer::timeout, this, &Router::checkGracePeriods);
    m_metricsTimer.setInterval(1000);
    connect(&m_metricsTimer, &QTimer::timeout, this, &Router::publishMetrics);
    m_handoffTimer.setSingleShot(true);
    connect(&m_handoffTimer, &QTimer::timeout, this, &Router::assignQueued);
}

Router::~Router() = default;

StoreResult<Done> Router::restore()
{
    // Runs before traffic, so blocking on the reader thread here is fine.
    auto promise = std::make_shared<std::promise<StoreResult<RestoredState>>>();
    std::future<StoreResult<RestoredState>> outcome = promise->get_future();
    m_storage->read<RestoredState>(nullptr,
        [promise](Store &store) -> StoreResult<RestoredState> {
            RestoredState state;
            auto conversations = store.openConversations();
            if (!conversations) {
                promise->set_value(unexpected(conversations.error()));
                return unexpected(conversations.error());
            }
            auto users = store.listUsers();
            if (!users) {
                promise->set_value(unexpected(users.error()));
                return unexpected(users.error());
            }
            state.conversations = std::move(*conversations);
            state.users = std::move(*users);
            promise->set_value(state);
            return state;
        },
        {});
    StoreResult<RestoredState> state = outcome.get();
    if (!state)
        return unexpected(state.error());

    m_book.load(state->conversations);
    const qint64 now = m_clock->nowMs();
    for (const UserRecord &user : state->users) {
        AgentEntry &entry = m_roster.upsert(user);
        // Agents who held conversations before a restart get their grace period to come back.
        if (m_book.loadOf(user.id) > 0)
            entry.offlineSinceMs = now;
    }
    updateRoutingGauges();
    m_graceTimer.start();
    m_metricsTimer.start();
    qCInfo(lcRouter) << "restored" << state->conversations.size() << "open conversations and"
                     << state->users.size() << "staff accounts";
    return Done {};
}

// ---- entry points from I/O threads -------------------------------------------------------

void Router::connectionOpened(ConnectionId connection, const ConnectionInfo &info)
{
    enqueueInbound(InboundQueue::Opened { connection, info });
}

void Router::messageReceived(
    ConnectionId connection, protocol::ClientMessage message, qint64 receivedNs)
{
    enqueueInbound(InboundQueue::Received { connection, std::move(message), receivedNs });
}

void Router::connectionClosed(ConnectionId connection)
{
    enqueueInbound(InboundQueue::Closed { connection });
}

void Router::enqueueInbound(InboundQueue::Event event)
{
    // Opened, messages and closed share one queue, so they keep their order per connection.
    if (m_inbound.push(std::move(event)))
        QMetaObject::invokeMethod(this, &Router::drainInbound, Qt::QueuedConnection);
}

void Router::drainInbound()
{
    std::vector<InboundQueue::Event> batch;
    batch.swap(m_spareBatch); // reuses the last batch's capacity
    m_inbound.take(batch);
    for (InboundQueue::Event &event : batch) {
        if (auto *received = std::get_if<InboundQueue::Received>(&event))
            dispatch(Inbound { received->connection, received->receivedNs }, received->message);
        else if (auto *opened = std::get_if<InboundQueue::Opened>(&event))
            onOpened(opened->connection, opened->info);
        else
            onClosed(std::get<InboundQueue::Closed>(event).connection);
    }
    batch.clear();
    m_spareBatch.swap(batch);
}

void Router::closeAllForShutdown()
{
    m_shuttingDown = true;
    m_graceTimer.stop();
    m_metricsTimer.stop();
}

// ---- lifecycle ---------------------------------------------------------------------------

void Router::onOpened(ConnectionId connection, const ConnectionInfo &info)
{
    m_sessions.open(connection, info);
}

void Router::onClosed(ConnectionId connection)
{
    m_feeds.forget(connection);
    const std::optional<Session> session = m_sessions.close(connection);
    if (session && session->holdsLoginSlot)
        m_loginThrottle.finish(session->info.peer, true, false, m_clock->nowMs());
    if (!session || !session->authenticated)
        return;
    if (session->role == Role::Customer) {
        noteCustomerLeft(session->subjectId);
        return;
    }
    staffConnectionGone(*session);
}

void Router::staffConnectionGone(const Session &session)
{
    AgentEntry *agent = m_roster.find(session.subjectId);
    if (!agent)
        return;
    agent->connections = std::max(0, agent->connections - 1);
    if (agent->connections == 0) {
        // A staff member's last connection closing ends its presence: the audit log's logout.
        recordAudit(u"logout"_s, agent->login, protocol::roleName(agent->role), agent->login, {},
            session.info.peer);
        agent->offlineSinceMs = m_clock->nowMs();
        qCInfo(lcRouter) << "agent" << agent->login << "went offline; grace period"
                         << m_options.graceSeconds << "s";
        updateRoutingGauges();
        publishLocalAgents();
    }
}

namespace {
// False for every type, but only once instantiated: dispatch()'s last branch, so a message
// type added to protocol::ClientMessage without a case fails to compile instead of being
// dropped.
template<typename> inline constexpr bool unhandledClientMessage = false;
} // namespace

void Router::dispatch(const Inbound &in, protocol::ClientMessage &message)
{
    Session *session = m_sessions.find(in.connection);
    if (!session)
        return; // closed while the message was in flight
    // Log lines about this connection carry its trace: from the handshake's W3C traceparent,
    // or one generated at connect. Each stored message gets a trace id of its own.
    logging::TraceScope trace(session->info.traceId);
    if (auto *hello = std::get_if<protocol::HelloMessage>(&message)) {
        onHello(in, *hello);
        return;
    }
    if (!session->authenticated) {
        // The transport refuses traffic before hello; this covers the hello still in flight.
        sendError(in.connection, ErrorCode::Unauthenticated, u"wait for welcome before sending"_s);
        return;
    }
    std::visit(
        [this, &in](auto &m) {
            using T = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<T, protocol::SendMessage>)
                onSend(in, m);
            else if constexpr (std::is_same_v<T, protocol::ReceiptMessage>)
                onReceipt(in, m);
            else if constexpr (std::is_same_v<T, protocol::TypingMessage>)
                onTyping(in, m);
            else if constexpr (std::is_same_v<T, protocol::SyncMessage>)
                onSync(in, m);
            else if constexpr (std::is_same_v<T, protocol::HistoryMessage>)
                onHistory(in, m);
            else if constexpr (std::is_same_v<T, protocol::CustomerConversationsMessage>)
                onCustomerConversations(in, m);
            else if constexpr (std::is_same_v<T, protocol::QueuePageMessage>)
                onQueuePage(in, m);
            else if constexpr (std::is_same_v<T, protocol::StatusMessage>)
                onStatus(in, m);
            else if constexpr (std::is_same_v<T, protocol::AcceptMessage>)
                onAccept(in, m);
            else if constexpr (std::is_same_v<T, protocol::TransferMessage>)
                onTransfer(in, m);
            else if constexpr (std::is_same_v<T, protocol::CloseMessage>)
                onClose(in, m);
            else if constexpr (std::is_same_v<T, protocol::RateMessage>)
                onRate(in, m);
            else if constexpr (std::is_same_v<T, protocol::MonitorMessage>)
                onMonitor(in, m);
            else if constexpr (std::is_same_v<T, protocol::SubscribeMessage>)
                onSubscribe(in, m);
            else if constexpr (std::is_same_v<T, protocol::ExportMessage>)
                onExport(in, m);
            else if constexpr (std::is_same_v<T, protocol::ReportsMessage>)
                onReports(in, m);
            else if constexpr (std::is_same_v<T, protocol::SearchMessage>)
                onSearch(in, m);
            else if constexpr (std::is_same_v<T, protocol::AuditMessage>)
                onAudit(in, m);
            else if constexpr (std::is_same_v<T, protocol::StaffListMessage>)
                onStaffList(in, m);
            else if constexpr (std::is_same_v<T, protocol::StaffAddMessage>)
                onStaffAdd(in, m);
            else if constexpr (std::is_same_v<T, protocol::StaffUpdateMessage>)
                onStaffUpdate(in, m);
            else if constexpr (std::is_same_v<T, protocol::StaffPasswordMessage>)
                onStaffPassword(in, m);
            else if constexpr (std::is_same_v<T, protocol::StaffRemoveMessage>)
                onStaffRemove(in, m);
            else if constexpr (std::is_same_v<T, protocol::PingMessage>)
                m_outbox->send(in.connection, protocol::encodePong());
            else if constexpr (std::is_same_v<T, protocol::HelloMessage>)
                ; // answered above, before the session is authenticated
            else
                static_assert(unhandledClientMessage<T>,
                    "a client message type the router does not handle: add its case here");
        },
        message);
}

// ---- hello -------------------------------------------------------------------------------

void Router::onHello(const Inbound &in, const protocol::HelloMessage &hello)
{
    Session *session = m_sessions.find(in.connection);
    if (session->authenticated || session->helloInFlight) {
        sendError(in.connection, ErrorCode::BadRequest, u"hello was already received"_s);
        return;
    }
    session->helloInFlight = true;
    if (hello.role == Role::Customer) {
        if (hello.token)
            helloCustomerWithToken(in.connection, hello);
        else if (admitNewVisitor(in.connection))
            helloCustomer(in.connection, hello);
        return;
    }
    if (!m_loginThrottle.tryBegin(session->info.peer, m_clock->nowMs())) {
        m_metrics->authAttempts[u"rate_limited"].inc();
        m_metrics->protocolErrors[u"rate_limited"].inc();
        m_outbox->send(in.connection,
            protocol::encodeError(ErrorCode::RateLimited,
                u"too many failed sign-ins from this address; "
                "wait a minute and try again"_s));
        m_outbox->close(in.connection, protocol::close::policy, u"too many sign-ins"_s);
        return;
    }
    session->holdsLoginSlot = true;
    if (hello.token)
        helloStaffWithToken(in.connection, hello);
    else
        helloStaffWithPassword(in.connection, hello);
}

void Router::rejectHello(ConnectionId connection, const QString &reason)
{
    if (Session *session = m_sessions.find(connection)) {
        m_loginThrottle.finish(session->info.peer, session->holdsLoginSlot, true, m_clock->nowMs());
        session->holdsLoginSlot = false;
        session->helloInFlight = false;
    }
    m_metrics->authAttempts[u"failure"].inc();
    sendError(connection, ErrorCode::Unauthenticated, reason);
    m_outbox->close(connection, protocol::close::policy, u"unauthenticated"_s);
}

void Router::abandonHello(ConnectionId connection, const QString &unavailableReason)
{
    Session *session = m_sessions.find(connection);
    if (!session)
        return;
    if (session->holdsLoginSlot)
        m_loginThrottle.finish(session->info.peer, true, false, m_clock->nowMs());
    session->holdsLoginSlot = false;
    session->helloInFlight = false;
    sendError(connection, ErrorCode::Unavailable, unavailableReason);
}

void Router::helloCustomer(ConnectionId connection, const protocol::HelloMessage &hello)
{
    struct Started {
        CustomerRecord customer;
        ConversationRecord conversation;
        QString token;
    };
    const qint64 now = m_clock->nowMs();
    const qint64 expires = now + m_options.tokenLifetimeDays * dayMs;
    const QString team = m_roster.isKnownTeam(hello.team) ? hello.team : QString();
    if (!hello.team.isEmpty() && team.isEmpty())
        qCInfo(lcRouter) << "customer asked for an unknown team; queued for any agent";
    CustomerRecord profile { 0, hello.name.isEmpty() ? u"Visitor"_s : hello.name, hello.email,
        hello.page, now };
    const QHostAddress peer = m_sessions.find(connection)->info.peer;
    ++m_conversationsStarting;
    m_storage->write<Started>(
        this,
        [profile, team, now, expires, hooks = m_webhooks](Store &store) -> StoreResult<Started> {
            Started started;
            auto customer = store.createCustomer(profile);
            if (!customer)
                return unexpected(customer.error());
            started.customer = *customer;
            started.token = ids::newToken();
            auto token = store.insertToken(ids::tokenDigest(started.token),
                { TokenSubject::Kind::Customer, customer->id }, now, expires);
            if (!token)
                return unexpected(token.error());
            auto conversation = store.createConversation(customer->id, team, ids::newEpoch(), now);
            if (!conversation)
                return unexpected(conversation.error());
            started.conversation = *conversation;
            started.conversation.customer = started.customer;
            if (hooks && hooks->isEnabled()) {
                auto queued = hooks->enqueue(
                    store, WebhookEvent::conversationCreated(started.conversation), now);
                if (!queued)
                    return unexpected(queued.error());
            }
            return started;
        },
        [this, connection, peer](StoreResult<Started> started) {
            --m_conversationsStarting;
            if (started && m_webhooks)
                m_webhooks->wake();
            if (started)
                m_admission.opened(peer, started->conversation.id);
            else
                m_admission.notOpened(peer);
            if (!started) {
                abandonHello(connection,
                    u"the server cannot store new conversations right now; "
                    "try again shortly"_s);
                return;
            }
            m_book.insert(started->conversation);
            announceNewConversation(started->conversation.id);
            updateRoutingGauges();
            welcomeCustomer(
                connection, started->customer, started->conversation.id, started->token);
            notifyQueueChanged();
            assignQueued();
        });
}

void Router::helloCustomerWithToken(ConnectionId connection, const protocol::HelloMessage &hello)
{
    struct Resumed {
        CustomerRecord customer;
        // Open in the database: in a cluster it may have started on a node that is gone.
        std::optional<ConversationRecord> latest;
    };
    const QByteArray digest = ids::tokenDigest(*hello.token);
    const qint64 now = m_clock->nowMs();
    m_storage->read<std::optional<Resumed>>(
        this,
        [digest, now](Store &store) -> StoreResult<std::optional<Resumed>> {
            auto subject = store.findToken(digest, now);
            if (!subject)
                return unexpected(subject.error());
            if (!*subject || (*subject)->kind != TokenSubject::Kind::Customer)
                return std::optional<Resumed>();
            auto customer = store.findCustomer((*subject)->id);
            if (!customer)
                return unexpected(customer.error());
            if (!*customer)
                return std::optional<Resumed>();
            auto latest = store.latestConversationOfCustomer((*subject)->id);
            if (!latest)
                return unexpected(latest.error());
            return std::optional<Resumed>(Resumed { **customer, *latest });
        },
        [this, connection, hello](StoreResult<std::optional<Resumed>> resumed) {
            if (!m_sessions.find(connection))
                return;
            if (!resumed) {
                abandonHello(
                    connection, u"the server cannot read its storage right now; try again"_s);
                return;
            }
            if (!*resumed) {
                rejectHello(connection, u"unknown or expired token; start a new chat"_s);
                return;
            }
            CustomerRecord customer = (*resumed)->customer;
            const std::optional<ConversationRecord> &latest = (*resumed)->latest;
            if (!m_book.openOfCustomer(customer.id) && latest
                && latest->state != ConversationState::Closed && !m_book.find(latest->id)) {
                reconcile(*latest, {}); // written by another node this one has not heard from
            }
            if (ConversationRecord *open = m_book.openOfCustomer(customer.id)) {
                welcomeCustomer(connection, customer, open->id, *hello.token);
                return;
            }
            if (!refuseWhenFull(connection))
                return;
            std::optional<ConversationRecord> previous;
            if (latest && latest->state == ConversationState::Closed)
                previous = latest; // a missed chat, say: the visitor sees how it ended
            startCustomerConversation(connection, customer.id, hello, *hello.token, previous);
        });
}

void Router::startCustomerConversation(ConnectionId connection, qint64 customerId,
    const protocol::HelloMessage &hello, const QString &token,
    const std::optional<ConversationRecord> &previous)
{
    const qint64 now = m_clock->nowMs();
    const QString team = m_roster.isKnownTeam(hello.team) ? hello.team : QString();
    ++m_conversationsStarting;
    m_storage->write<ConversationRecord>(
        this,
        [customerId, team, now, hooks = m_webhooks](
            Store &store) -> StoreResult<ConversationRecord> {
            auto conversation = store.createConversation(customerId, team, ids::newEpoch(), now);
            if (!conversation)
                return conversation;
            auto customer = store.findCustomer(customerId);
            if (customer && *customer)
                conversation->customer = **customer;
            if (hooks && hooks->isEnabled()) {
                auto queued
                    = hooks->enqueue(store, WebhookEvent::conversationCreated(*conversation), now);
                if (!queued)
                    return unexpected(queued.error());
            }
            return conversation;
        },
        [this, connection, token, previous](StoreResult<ConversationRecord> conversation) {
            --m_conversationsStarting;
            if (conversation && m_webhooks)
                m_webhooks->wake();
            if (!m_sessions.find(connection))
                return;
            if (!conversation) {
                abandonHello(connection, u"the server cannot store new conversations right now"_s);
                return;
            }
            m_book.insert(*conversation);
            announceNewConversation(conversation->id);
            updateRoutingGauges();
            welcomeCustomer(connection, conversation->customer, conversation->id, token, previous);
            notifyQueueChanged();
            assignQueued();
        });
}

void Router::welcomeCustomer(ConnectionId connection, const CustomerRecord &customer,
    const QString &conversationId, const QString &token,
    const std::optional<ConversationRecord> &previous)
{
    if (!m_sessions.find(connection))
        return; // the customer left while we were storing; the conversation waits for them
    m_sessions.bind(connection, Role::Customer, customer.id);
    m_abandoned.forget(conversationId);
    m_outbox->authenticate(connection, Role::Customer);
    m_metrics->authAttempts[u"success"].inc();
    const ConversationRecord *conversation = m_book.find(conversationId);
    m_outbox->send(connection,
        protocol::encodeWelcomeCustomer(token, m_options.heartbeatSeconds, m_options.nodeId,
            viewOf(*conversation, false), clusterEndpoints(),
            previous ? std::optional(viewOf(*previous, false)) : std::nullopt));
}

void Router::helloStaffWithPassword(ConnectionId connection, const protocol::HelloMessage &hello)
{
    const QString login = hello.login;
    const QString password = hello.password;
    m_storage->read<std::optional<UserRecord>>(
        this, [login](Store &store) { return store.findUserByLogin(login); },
        [this, connection, password, role = hello.role](
            StoreResult<std::optional<UserRecord>> user) {
            if (!m_sessions.find(connection))
                return;
            if (!user) {
                abandonHello(
                    connection, u"the server cannot read its accounts right now; try again"_s);
                return;
            }
            // Unknown logins still pay for a hash check so timing does not reveal them.
            const UserRecord account = user->value_or(UserRecord {});
            const bool known = user->has_value();
            QPointer<Router> self(this);
            QThreadPool::globalInstance()->start([self, connection, account, known, password,
                                                     role] {
                const bool ok = known ? PasswordHasher::verify(account.passwordHash, password)
                                      : (PasswordHasher::hash(password), false);
                if (!self)
                    return;
                QMetaObject::invokeMethod(
                    self.data(),
                    [self, connection, account, known, ok, role] {
                        if (!ok) {
                            // The login tried is named only when such an account exists: an
                            // unknown one may be a password typed into the wrong field.
                            self->recordSignInFailure(connection, known ? account.login : QString(),
                                known ? protocol::roleName(account.role) : QString(),
                                QJsonObject { { u"method"_s, u"password"_s },
                                    { u"reason"_s,
                                        known ? u"wrong_password"_s : u"unknown_login"_s } });
                            self->rejectHello(connection, u"wrong login or password"_s);
                            return;
                        }
                        if (role == Role::Supervisor && account.role != Role::Supervisor) {
                            self->recordSignInFailure(connection, account.login,
                                protocol::roleName(account.role),
                                QJsonObject { { u"method"_s, u"password"_s },
                                    { u"reason"_s, u"not_supervisor"_s } });
                            self->rejectHello(connection, u"this account is not a supervisor"_s);
                            return;
                        }
                        self->issueStaffToken(connection, account);
                    },
                    Qt::QueuedConnection);
            });
        });
}

void Router::issueStaffToken(ConnectionId connection, const UserRecord &user)
{
    const QString token = ids::newToken();
    const qint64 now = m_clock->nowMs();
    const qint64 expires = now + m_options.tokenLifetimeDays * dayMs;
    m_storage->write<Done>(
        this,
        [digest = ids::tokenDigest(token), id = user.id, now, expires](Store &store) {
            return store.insertToken(digest, { TokenSubject::Kind::Staff, id }, now, expires);
        },
        [this, connection, user, token](StoreResult<Done> stored) {
            if (!m_sessions.find(connection))
                return;
            if (!stored) {
                abandonHello(
                    connection, u"the server cannot store the sign-in right now; try again"_s);
                return;
            }
            recordSignIn(connection, user, u"password"_s);
            welcomeStaff(connection, user, token);
        });
}

void Router::helloStaffWithToken(ConnectionId connection, const protocol::HelloMessage &hello)
{
    const QByteArray digest = ids::tokenDigest(*hello.token);
    const qint64 now = m_clock->nowMs();
    m_storage->read<std::optional<UserRecord>>(
        this,
        [digest, now](Store &store) -> StoreResult<std::optional<UserRecord>> {
            auto subject = store.findToken(digest, now);
            if (!subject)
                return unexpected(subject.error());
            if (!*subject || (*subject)->kind != TokenSubject::Kind::Staff)
                return std::optional<UserRecord>();
            return store.findUserById((*subject)->id);
        },
        [this, connection, token = *hello.token, role = hello.role](
            StoreResult<std::optional<UserRecord>> user) {
            if (!m_sessions.find(connection))
                return;
            if (!user) {
                abandonHello(
                    connection, u"the server cannot read its accounts right now; try again"_s);
                return;
            }
            if (!*user) {
                recordSignInFailure(connection, QString(), QString(),
                    QJsonObject { { u"method"_s, u"token"_s }, { u"reason"_s, u"bad_token"_s } });
                rejectHello(connection, u"unknown, expired or revoked token; sign in again"_s);
                return;
            }
            if (role == Role::Supervisor && (*user)->role != Role::Supervisor) {
                recordSignInFailure(connection, (*user)->login, protocol::roleName((*user)->role),
                    QJsonObject {
                        { u"method"_s, u"token"_s }, { u"reason"_s, u"not_supervisor"_s } });
                rejectHello(connection, u"this account is not a supervisor"_s);
                return;
            }
            recordSignIn(connection, **user, u"token"_s);
            welcomeStaff(connection, **user, token);
        });
}

void Router::welcomeStaff(ConnectionId connection, const UserRecord &user, const QString &token)
{
    if (Session *session = m_sessions.find(connection); session && session->holdsLoginSlot) {
        m_loginThrottle.finish(session->info.peer, true, false, m_clock->nowMs());
        session->holdsLoginSlot = false;
    }
    m_sessions.bind(connection, user.role, user.id);
    m_outbox->authenticate(connection, user.role);
    m_metrics->authAttempts[u"success"].inc();
    AgentEntry &agent = m_roster.upsert(user);
    if (agent.connections == 0)
        agent.offlineSinceMs = 0;
    ++agent.connections;

    // The longest-waiting page of the queue only: 15,000 waiting would be megabytes.
    QueueListing queue = queuedFor(agent, 0, protocol::welcomeQueueLimit);
    QList<protocol::ConversationView> conversations = std::move(queue.conversations);
    for (const QString &conversationId : m_book.assignedTo(user.id)) {
        if (const ConversationRecord *mine = m_book.find(conversationId))
            conversations.append(viewOf(*mine, true));
    }
    if (user.role == Role::Supervisor) {
        for (const ConversationRecord *conversation : m_book.all()) {
            if (conversation->state == ConversationState::Assigned
                && conversation->agentId != user.id)
                conversations.append(viewOf(*conversation, true));
        }
    }
    std::sort(conversations.begin(), conversations.end(),
        [](const auto &a, const auto &b) { return a.createdMs < b.createdMs; });
    const protocol::StaffProfile profile { user.login, user.name, user.role, user.teams,
        user.receivesChatsNow(), m_policy.mode() };
    m_outbox->send(connection,
        protocol::encodeWelcomeStaff(token, m_options.heartbeatSeconds, m_options.nodeId, profile,
            conversations, clusterEndpoints(), queue.total));
    qCInfo(lcAuth) << "staff signed in:" << user.login << protocol::roleName(user.role);
    updateRoutingGauges();
    publishLocalAgents();
    assignQueued();
}

// ---- helpers -----------------------------------------------------------------------------

void Router::sendError(
    ConnectionId connection, ErrorCode code, const QString &message, const QString &ref)
{
    m_metrics->protocolErrors[protocol::errorCodeName(code)].inc();
    m_outbox->send(connection, protocol::encodeError(code, message, ref));
}

void Router::sendToCustomer(
    qint64 customerId, const QByteArray &frame, ConnectionId except, qint64 originNs)
{
    for (const ConnectionId id : m_sessions.customerConnections(customerId)) {
        if (id != except)
            m_outbox->send(id, frame, originNs);
    }
}

void Router::sendToStaff(
    qint64 userId, const QByteArray &frame, ConnectionId except, qint64 originNs)
{
    for (const ConnectionId id : m_sessions.staffConnections(userId)) {
        if (id != except)
            m_outbox->send(id, frame, originNs);
    }
}

QString Router::agentName(qint64 agentId) const
{
    return m_views.agentName(agentId);
}

protocol::ConversationView Router::viewOf(
    const ConversationRecord &conversation, bool forStaff, std::optional<int> queuePosition) const
{
    return m_views.viewOf(conversation, forStaff, queuePosition);
}

protocol::MessageView Router::viewOf(const StoredMessage &message) const
{
    return protocol::MessageView { message.conversationId, message.seq, message.clientId,
        message.kind, message.senderRole, message.senderName, message.text, message.timestampMs,
        message.traceId };
}

NewMessage Router::systemEvent(const QString &conversationId, const QString &text) const
{
    NewMessage event;
    event.conversationId = conversationId;
    event.senderKey = u"system"_s;
    event.senderRole = Role::System;
    event.senderName = u"Switchboard"_s;
    event.clientId = u"sys-"_s + ids::newSpanId();
    event.kind = protocol::MessageKind::Event;
    event.text = text;
    event.timestampMs = m_clock->nowMs();
    event.traceId = ids::newTraceId();
    return event;
}

} // namespace switchboard::server
