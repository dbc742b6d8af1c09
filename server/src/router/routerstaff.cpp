// Router: staff accounts managed by supervisors from the console (docs/protocol.md, "Staff
// accounts"): list, add, update, reset a password, remove. Checks and the audit entry run in
// one storage job; passwords are hashed on the thread pool, never on the router's loop.
#include "auth/passwordhasher.h"
#include "router.h"
#include "store/storageservice.h"

#include <QJsonArray>
#include <QPointer>
#include <QThreadPool>
#include <algorithm>
#include <switchboard/logging.h>
#include <switchboard/timeformat.h>

using namespace Qt::StringLiterals;

namespace switchboard::server {

using protocol::ErrorCode;
using protocol::Role;
using protocol::StaffChange;

// What a staff job decided: the account as it now is (as it was, for a removal), or why the
// change was refused. A refusal is not a storage failure: nothing was written.
struct StaffOutcome {
    UserRecord account;
    std::optional<ErrorCode> refusal;
    QString message;
};

namespace {

StaffOutcome refused(ErrorCode code, const QString &message)
{
    return StaffOutcome { {}, code, message };
}

StaffOutcome noSuchAccount(const QString &login)
{
    return refused(ErrorCode::NotFound, u"there is no staff account with login '%1'"_s.arg(login));
}

qsizetype supervisorCount(const QList<UserRecord> &users)
{
    return std::count_if(users.cbegin(), users.cend(),
        [](const UserRecord &user) { return user.role == Role::Supervisor; });
}

// Whether taking `user` away as a supervisor leaves the shop with none.
StoreResult<bool> isLastSupervisor(Store &store, const UserRecord &user)
{
    if (user.role != Role::Supervisor)
        return false;
    auto users = store.listUsers();
    if (!users)
        return unexpected(users.error());
    return supervisorCount(*users) <= 1;
}

QJsonObject accountDetail(const UserRecord &user)
{
    return QJsonObject { { u"role"_s, protocol::roleName(user.role) },
        { u"teams"_s, QJsonArray::fromStringList(user.teams) },
        { u"receives_chats"_s, user.receivesChatsNow() } };
}

} // namespace

protocol::StaffAccountView Router::accountView(const UserRecord &user) const
{
    const AgentEntry *entry = m_roster.find(user.id);
    const bool online = (entry && entry->connections > 0) || onlineElsewhere(user.id);
    return protocol::StaffAccountView { user.login, user.name, user.role, user.teams,
        user.receivesChatsNow(), online, user.createdMs };
}

void Router::hashPassword(const QString &password, std::function<void(QByteArray)> then)
{
    QPointer<Router> self(this);
    QThreadPool::globalInstance()->start([self, password, then = std::move(then)] {
        QByteArray hash = PasswordHasher::hash(password);
        if (!self)
            return;
        QMetaObject::invokeMethod(
            self.data(), [hash = std::move(hash), then] { then(hash); }, Qt::QueuedConnection);
    });
}

void Router::onStaffList(const Inbound &in, const protocol::StaffListMessage &request)
{
    const ConnectionId connection = in.connection;
    if (!requireSupervisor(in, *m_sessions.find(connection), request.request))
        return;
    m_storage->read<QList<UserRecord>>(
        this, [](Store &store) { return store.listUsers(); },
        [this, connection, requestId = request.request](StoreResult<QList<UserRecord>> users) {
            if (!m_sessions.find(connection))
                return;
            if (!users) {
                sendError(connection, ErrorCode::Unavailable,
                    u"the staff accounts cannot be read right now; try again"_s, requestId);
                return;
            }
            QList<protocol::StaffAccountView> accounts;
            accounts.reserve(users->size());
            for (const UserRecord &user : std::as_const(*users))
                accounts.append(accountView(user));
            m_outbox->send(connection, protocol::encodeStaffList(requestId, accounts));
        });
}

void Router::onStaffAdd(const Inbound &in, const protocol::StaffAddMessage &request)
{
    const ConnectionId connection = in.connection;
    const Session *session = m_sessions.find(connection);
    if (!requireSupervisor(in, *session, request.request))
        return;
    UserRecord user;
    user.login = request.login;
    user.name = request.name.isEmpty() ? request.login : request.name;
    user.role = request.role;
    user.teams = request.teams;
    user.receivesChats = request.receivesChats;
    user.createdMs = m_clock->nowMs();
    const AuditEntry audit
        = auditEntryBy(*session, u"user_create"_s, user.login, accountDetail(user));
    hashPassword(request.password,
        [this, connection, user, audit, requestId = request.request](QByteArray hash) mutable {
            if (!m_sessions.find(connection))
                return;
            if (hash.isEmpty()) {
                sendError(connection, ErrorCode::Internal,
                    u"the password could not be hashed; nothing was changed"_s, requestId);
                return;
            }
            user.passwordHash = std::move(hash);
            m_storage->write<StaffOutcome>(
                this,
                [user, audit](Store &store) -> StoreResult<StaffOutcome> {
                    const QString taken = u"login '%1' is already taken"_s.arg(user.login);
                    auto existing = store.findUserByLogin(user.login);
                    if (!existing)
                        return unexpected(existing.error());
                    if (existing->has_value())
                        return refused(ErrorCode::Conflict, taken);
                    auto created = store.createUser(user);
                    if (!created) {
                        if (created.error().kind == StorageError::Kind::Conflict)
                            return refused(ErrorCode::Conflict, taken);
                        return unexpected(created.error());
                    }
                    if (auto recorded = store.appendAudit(audit); !recorded)
                        return unexpected(recorded.error());
                    return StaffOutcome { *created, std::nullopt, {} };
                },
                [this, connection, requestId](StoreResult<StaffOutcome> outcome) {
                    finishStaffChange(connection, requestId, StaffChange::Added, outcome);
                });
        });
}

void Router::onStaffUpdate(const Inbound &in, const protocol::StaffUpdateMessage &request)
{
    const ConnectionId connection = in.connection;
    const Session *session = m_sessions.find(connection);
    if (!requireSupervisor(in, *session, request.request))
        return;
    const AgentEntry *self = m_roster.find(session->subjectId);
    if (self && self->login == request.login && request.role && *request.role != Role::Supervisor) {
        sendError(connection, ErrorCode::Conflict,
            u"you cannot take away your own supervisor role; ask another supervisor"_s,
            request.request);
        return;
    }
    const AuditEntry audit = auditEntryBy(*session, u"user_update"_s, request.login);
    m_storage->write<StaffOutcome>(
        this,
        [request, audit](Store &store) -> StoreResult<StaffOutcome> {
            auto found = store.findUserByLogin(request.login);
            if (!found)
                return unexpected(found.error());
            if (!found->has_value())
                return noSuchAccount(request.login);
            UserRecord user = **found;
            if (request.role && *request.role != user.role) {
                auto last = isLastSupervisor(store, user);
                if (!last)
                    return unexpected(last.error());
                if (*last)
                    return refused(ErrorCode::Conflict,
                        u"'%1' is the last supervisor; make someone else a supervisor first"_s.arg(
                            user.login));
            }
            // The role's default choice becomes explicit before the role changes under it.
            user.receivesChats = request.receivesChats.value_or(user.receivesChatsNow());
            if (request.name)
                user.name = request.name->isEmpty() ? user.login : *request.name;
            if (request.role)
                user.role = *request.role;
            if (request.teams)
                user.teams = *request.teams;
            auto updated = store.updateUser(user);
            if (!updated)
                return unexpected(updated.error());
            if (!*updated)
                return noSuchAccount(request.login);
            AuditEntry entry = audit;
            entry.detail = accountDetail(user);
            if (auto recorded = store.appendAudit(entry); !recorded)
                return unexpected(recorded.error());
            return StaffOutcome { user, std::nullopt, {} };
        },
        [this, connection, requestId = request.request](StoreResult<StaffOutcome> outcome) {
            finishStaffChange(connection, requestId, StaffChange::Updated, outcome);
        });
}

void Router::onStaffPassword(const Inbound &in, const protocol::StaffPasswordMessage &request)
{
    const ConnectionId connection = in.connection;
    const Session *session = m_sessions.find(connection);
    if (!requireSupervisor(in, *session, request.request))
        return;
    const AuditEntry audit = auditEntryBy(*session, u"user_passwd"_s, request.login);
    hashPassword(request.password,
        [this, connection, audit, login = request.login, requestId = request.request](
            QByteArray hash) {
            if (!m_sessions.find(connection))
                return;
            if (hash.isEmpty()) {
                sendError(connection, ErrorCode::Internal,
                    u"the password could not be hashed; nothing was changed"_s, requestId);
                return;
            }
            m_storage->write<StaffOutcome>(
                this,
                [login, hash, audit](Store &store) -> StoreResult<StaffOutcome> {
                    auto found = store.findUserByLogin(login);
                    if (!found)
                        return unexpected(found.error());
                    if (!found->has_value())
                        return noSuchAccount(login);
                    auto set = store.setPasswordHash(login, hash);
                    if (!set)
                        return unexpected(set.error());
                    if (!*set)
                        return noSuchAccount(login);
                    // A new password signs out every session that knew the old one.
                    if (auto revoked
                        = store.revokeTokens({ TokenSubject::Kind::Staff, (*found)->id });
                        !revoked)
                        return unexpected(revoked.error());
                    if (auto recorded = store.appendAudit(audit); !recorded)
                        return unexpected(recorded.error());
                    return StaffOutcome { **found, std::nullopt, {} };
                },
                [this, connection, requestId](StoreResult<StaffOutcome> outcome) {
                    finishStaffChange(connection, requestId, StaffChange::Password, outcome);
                });
        });
}

void Router::onStaffRemove(const Inbound &in, const protocol::StaffRemoveMessage &request)
{
    const ConnectionId connection = in.connection;
    const Session *session = m_sessions.find(connection);
    if (!requireSupervisor(in, *session, request.request))
        return;
    const AgentEntry *self = m_roster.find(session->subjectId);
    if (self && self->login == request.login) {
        sendError(connection, ErrorCode::Conflict,
            u"you cannot remove your own account; ask another supervisor"_s, request.request);
        return;
    }
    const AuditEntry audit = auditEntryBy(*session, u"user_remove"_s, request.login);
    m_storage->write<StaffOutcome>(
        this,
        [login = request.login, audit](Store &store) -> StoreResult<StaffOutcome> {
            auto found = store.findUserByLogin(login);
            if (!found)
                return unexpected(found.error());
            if (!found->has_value())
                return noSuchAccount(login);
            auto last = isLastSupervisor(store, **found);
            if (!last)
                return unexpected(last.error());
            if (*last)
                return refused(ErrorCode::Conflict,
                    u"'%1' is the last supervisor and cannot be removed"_s.arg(login));
            auto removed = store.removeUser(login); // revokes its tokens too
            if (!removed)
                return unexpected(removed.error());
            if (!*removed)
                return noSuchAccount(login);
            AuditEntry entry = audit;
            entry.detail = accountDetail(**found);
            if (auto recorded = store.appendAudit(entry); !recorded)
                return unexpected(recorded.error());
            return StaffOutcome { **found, std::nullopt, {} };
        },
        [this, connection, requestId = request.request](StoreResult<StaffOutcome> outcome) {
            finishStaffChange(connection, requestId, StaffChange::Removed, outcome);
        });
}

void Router::finishStaffChange(ConnectionId connection, const QString &requestId,
    StaffChange change, const StoreResult<StaffOutcome> &outcome)
{
    if (outcome && outcome->refusal) {
        if (m_sessions.find(connection))
            sendError(connection, *outcome->refusal, outcome->message, requestId);
        return;
    }
    if (!outcome) {
        if (m_sessions.find(connection))
            sendError(connection, ErrorCode::Unavailable,
                u"the server cannot store the change right now; nothing was changed"_s, requestId);
        return;
    }
    const UserRecord &user = outcome->account;
    qCInfo(lcRouter) << "staff account" << user.login << protocol::staffChangeName(change);
    protocol::StaffAccountView view = accountView(user);
    switch (change) {
    case StaffChange::Added:
        m_roster.upsert(user);
        break;
    case StaffChange::Updated:
        if (m_roster.find(user.id)) {
            m_roster.upsert(user);
            // Open connections act with the role from now on; the console shows the new
            // role's tools from its next sign-in.
            for (const ConnectionId id : m_sessions.staffConnections(user.id)) {
                if (Session *session = m_sessions.find(id))
                    session->role = user.role;
            }
            // The account's own consoles learn what changed (routing state in the status bar).
            sendToStaff(user.id, protocol::encodeStaffChanged({}, change, view), connection);
        } else {
            m_roster.addKnownTeams(user.teams);
        }
        updateRoutingGauges();
        publishLocalAgents();
        assignQueued(); // a new team or "receives chats" may let a waiting customer in
        break;
    case StaffChange::Password:
        // The supervisor who set it keeps the connection it asked from.
        endStaffSessions(user.id,
            u"the password of this account was changed; sign in with the new one"_s, connection);
        break;
    case StaffChange::Removed: {
        endStaffSessions(user.id, u"this account was removed"_s);
        view.online = false;
        // Its customers wait in the queue again at once instead of after the grace period.
        if (const AgentEntry *agent = m_roster.find(user.id)) {
            const QString eventText
                = u"%1's account was removed; back in the queue"_s.arg(agent->name);
            for (const QString &conversationId : m_book.assignedTo(user.id)) {
                if (const ConversationRecord *conversation = m_book.find(conversationId))
                    requeue(conversationId, conversation->team, u"agent_offline"_s, eventText);
            }
        }
        m_roster.remove(user.id);
        updateRoutingGauges();
        publishLocalAgents();
        break;
    }
    }
    if (m_sessions.find(connection))
        m_outbox->send(connection, protocol::encodeStaffChanged(requestId, change, view));
}

void Router::endStaffSessions(qint64 userId, const QString &reason, ConnectionId except)
{
    for (const ConnectionId id : m_sessions.staffConnections(userId)) {
        if (id == except)
            continue;
        m_feeds.forget(id);
        const std::optional<Session> revoked = m_sessions.revoke(id);
        if (revoked)
            staffConnectionGone(*revoked);
        sendError(id, ErrorCode::Unauthenticated, reason);
        m_outbox->close(id, protocol::close::policy, u"session revoked"_s);
    }
}

} // namespace switchboard::server
