#pragma once

#include <QHash>
#include <QString>

namespace switchboard::server {

// Tells a database read about a conversation whether it may still describe its routing: not
// when this node changed the routing (assigned, requeued, closed) after the read began, or
// is changing it now. Such a read would move the conversation back to where it was; its
// messages are still good, its routing is read again once this node's change is stored.
class LocalRoutingGuard final {
public:
    void begin(const QString &conversationId, qint64 nowMs);
    void end(const QString &conversationId, qint64 nowMs); // stored or not

    quint64 generation(const QString &conversationId) const;
    // True when nothing changed here since `seenGeneration` and nothing is in flight.
    bool isSettled(const QString &conversationId, quint64 seenGeneration) const;

    // A read found the routing unsettled; end() reports it so it is read again.
    void wantRefresh(const QString &conversationId);
    bool takeWantedRefresh(const QString &conversationId);

    // Forgets conversations untouched for a minute: no read takes that long.
    void prune(qint64 nowMs);

private:
    struct Entry {
        quint64 generation = 0;
        int inFlight = 0;
        bool refreshWanted = false;
        qint64 touchedMs = 0;
    };
    QHash<QString, Entry> m_entries;
};

} // namespace switchboard::server
