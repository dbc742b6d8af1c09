// Router: the audit log — recording who signed in, transferred, closed, monitored and
// whispered, and answering supervisors' `audit` requests from the storage reader.
#include "router.h"
#include "store/storageservice.h"

#include <switchboard/timeformat.h>

using namespace Qt::StringLiterals;

namespace switchboard::server {

using protocol::ErrorCode;
using protocol::Role;

AuditEntry Router::auditEntry(const QString &action, const QString &actor, const QString &actorRole,
    const QString &target, const QJsonObject &detail, const QHostAddress &address) const
{
    AuditEntry entry;
    entry.timestampMs = m_clock->nowMs();
    entry.actor = actor;
    entry.actorRole = actorRole;
    entry.action = action;
    entry.target = target;
    entry.detail = detail;
    if (!address.isNull()) {
        // IPv4 clients of a dual-stack socket show as 127.0.0.1, not ::ffff:127.0.0.1.
        bool isV4 = false;
        const quint32 v4 = address.toIPv4Address(&isV4);
        entry.address = isV4 ? QHostAddress(v4).toString() : address.toString();
    }
    return entry;
}

AuditEntry Router::auditEntryBy(const Session &session, const QString &action,
    const QString &target, const QJsonObject &detail) const
{
    if (session.role == Role::Customer)
        return auditEntry(action, u"customer"_s, u"customer"_s, target, detail, session.info.peer);
    const AgentEntry *staff = m_roster.find(session.subjectId);
    return auditEntry(action, staff ? staff->login : QString(), protocol::roleName(session.role),
        target, detail, session.info.peer);
}

void Router::recordAudit(const QString &action, const QString &actor, const QString &actorRole,
    const QString &target, const QJsonObject &detail, const QHostAddress &address)
{
    m_storage->appendAudit(auditEntry(action, actor, actorRole, target, detail, address));
}

void Router::recordAuditBy(
    const Session &session, const QString &action, const QString &target, const QJsonObject &detail)
{
    m_storage->appendAudit(auditEntryBy(session, action, target, detail));
}

void Router::recordSignIn(ConnectionId connection, const UserRecord &user, const QString &method)
{
    const Session *session = m_sessions.find(connection);
    recordAudit(u"login"_s, user.login, protocol::roleName(user.role), user.login,
        QJsonObject { { u"method"_s, method } }, session ? session->info.peer : QHostAddress());
}

void Router::recordSignInFailure(
    ConnectionId connection, const QString &login, const QString &role, const QJsonObject &detail)
{
    const Session *session = m_sessions.find(connection);
    recordAudit(u"login_failed"_s, login, role, login, detail,
        session ? session->info.peer : QHostAddress());
}

void Router::onAudit(const Inbound &in, const protocol::AuditMessage &request)
{
    const ConnectionId connection = in.connection;
    if (m_sessions.find(connection)->role != Role::Supervisor) {
        sendError(connection, ErrorCode::Forbidden, u"only supervisors may read the audit log"_s,
            request.request);
        return;
    }
    AuditFilter filter;
    filter.fromMs = request.range.fromMs;
    filter.toMs = request.range.toMs;
    filter.actor = request.actor;
    filter.action = request.action;
    filter.limit = request.limit;
    filter.offset = request.offset;
    m_storage->read<AuditPage>(
        this, [filter](Store &store) { return store.listAudit(filter); },
        [this, connection, requestId = request.request](StoreResult<AuditPage> page) {
            if (!m_sessions.find(connection))
                return;
            if (!page) {
                sendError(connection, ErrorCode::Unavailable,
                    u"the audit log cannot be read right now; try again"_s, requestId);
                return;
            }
            QList<protocol::AuditEntryView> entries;
            entries.reserve(page->entries.size());
            for (const AuditEntry &entry : std::as_const(page->entries)) {
                entries.append({ entry.id, entry.timestampMs, entry.actor, entry.actorRole,
                    entry.action, entry.target, entry.detail, entry.address });
            }
            m_outbox->send(connection, protocol::encodeAudit(requestId, entries, page->hasMore));
        });
}

} // namespace switchboard::server
