#pragma once

#include "gateway/clienteventsink.h"
#include "gateway/connectionid.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <functional>
#include <switchboard/protocol.h>

namespace switchboard::server {

struct Session {
    ConnectionId connection = 0;
    ConnectionInfo info;
    bool authenticated = false;
    bool helloInFlight = false;
    bool holdsLoginSlot = false; // a staff sign-in being checked counts against the throttle
    protocol::Role role = protocol::Role::Customer;
    qint64 subjectId = 0; // customer id or user id
    QSet<QString> monitoring; // conversations a supervisor watches silently
    qint64 lastTypingForwardMs = 0; // typing is rate-limited per connection
    // Page reads (sync, history) of this connection on the storage readers, and those waiting
    // for one of them to finish: a client that asks for many pages at once holds only a few
    // in memory, and what it asked for before it left is never read. A QList, not a
    // std::deque: an empty deque still allocates about 0.5 KB, for every idle connection.
    int readsInFlight = 0;
    QList<std::function<void()>> waitingReads;
};

// Which connections exist and who is behind each; the router's view of the transport.
class SessionRegistry final {
public:
    Session &open(ConnectionId connection, const ConnectionInfo &info);
    // Returns the closed session (for clean-up), or nullopt if unknown.
    std::optional<Session> close(ConnectionId connection);
    // The connection stays open but no longer signed in (its account was removed or its
    // password reset): returns the session as it was, or nullopt if not signed in.
    std::optional<Session> revoke(ConnectionId connection);
    Session *find(ConnectionId connection);
    void bind(ConnectionId connection, protocol::Role role, qint64 subjectId);

    QList<ConnectionId> customerConnections(qint64 customerId) const;
    QList<ConnectionId> staffConnections(qint64 userId) const;
    bool customerOnline(qint64 customerId) const;
    // Authenticated staff connections, for queue notifications.
    QList<const Session *> staffSessions() const;
    void startMonitoring(ConnectionId connection, const QString &conversationId);
    QList<ConnectionId> monitorsOf(const QString &conversationId) const;

private:
    void unindex(const Session &session);

    QHash<ConnectionId, Session> m_sessions;
    QHash<qint64, QList<ConnectionId>> m_byCustomer;
    QHash<qint64, QList<ConnectionId>> m_byStaff;
    QHash<QString, QList<ConnectionId>> m_monitors; // conversation → watching supervisors
};

} // namespace switchboard::server
