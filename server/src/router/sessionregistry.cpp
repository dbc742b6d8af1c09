#include "sessionregistry.h"

namespace switchboard::server {

Session &SessionRegistry::open(ConnectionId connection, const ConnectionInfo &info)
{
    Session &session = m_sessions[connection];
    session.connection = connection;
    session.info = info;
    return session;
}

std::optional<Session> SessionRegistry::close(ConnectionId connection)
{
    const auto it = m_sessions.find(connection);
    if (it == m_sessions.end())
        return std::nullopt;
    Session session = std::move(*it);
    m_sessions.erase(it);
    unindex(session);
    return session;
}

std::optional<Session> SessionRegistry::revoke(ConnectionId connection)
{
    Session *session = find(connection);
    if (!session || !session->authenticated)
        return std::nullopt;
    const Session before = *session;
    unindex(before);
    session->authenticated = false;
    session->monitoring.clear();
    return before;
}

void SessionRegistry::unindex(const Session &session)
{
    const ConnectionId connection = session.connection;
    for (const QString &conversationId : std::as_const(session.monitoring)) {
        auto watchers = m_monitors.find(conversationId);
        if (watchers != m_monitors.end()) {
            watchers->removeOne(connection);
            if (watchers->isEmpty())
                m_monitors.erase(watchers);
        }
    }
    if (session.authenticated) {
        auto &index = session.role == protocol::Role::Customer ? m_byCustomer : m_byStaff;
        auto list = index.find(session.subjectId);
        if (list != index.end()) {
            list->removeOne(connection);
            if (list->isEmpty())
                index.erase(list);
        }
    }
}

Session *SessionRegistry::find(ConnectionId connection)
{
    const auto it = m_sessions.find(connection);
    return it == m_sessions.end() ? nullptr : &*it;
}

void SessionRegistry::bind(ConnectionId connection, protocol::Role role, qint64 subjectId)
{
    Session *session = find(connection);
    if (!session)
        return;
    session->authenticated = true;
    session->helloInFlight = false;
    session->role = role;
    session->subjectId = subjectId;
    auto &index = role == protocol::Role::Customer ? m_byCustomer : m_byStaff;
    index[subjectId].append(connection);
}

QList<ConnectionId> SessionRegistry::customerConnections(qint64 customerId) const
{
    return m_byCustomer.value(customerId);
}

QList<ConnectionId> SessionRegistry::staffConnections(qint64 userId) const
{
    return m_byStaff.value(userId);
}

bool SessionRegistry::customerOnline(qint64 customerId) const
{
    return m_byCustomer.contains(customerId);
}

QList<const Session *> SessionRegistry::staffSessions() const
{
    QList<const Session *> sessions;
    for (const auto &connections : m_byStaff) {
        for (const ConnectionId id : connections)
            sessions.append(&m_sessions.find(id).value());
    }
    return sessions;
}

void SessionRegistry::startMonitoring(ConnectionId connection, const QString &conversationId)
{
    Session *session = find(connection);
    if (!session || session->monitoring.contains(conversationId))
        return;
    session->monitoring.insert(conversationId);
    m_monitors[conversationId].append(connection);
}

QList<ConnectionId> SessionRegistry::monitorsOf(const QString &conversationId) const
{
    return m_monitors.value(conversationId);
}

} // namespace switchboard::server
