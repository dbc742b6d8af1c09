#pragma once

#include "store/records.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <switchboard/protocol.h>

namespace switchboard::server {

struct AgentEntry {
    qint64 userId = 0;
    QString login;
    QString name;
    protocol::Role role = protocol::Role::Agent;
    QStringList teams;
    bool receivesChats = true; // assigned new conversations automatically (the account's choice)
    protocol::AgentStatus status = protocol::AgentStatus::Available;
    int connections = 0; // 0: offline, perhaps inside its grace period
    qint64 lastAssignedMs = 0; // tie-breaker: the agent who waited longest gets the next one
    qint64 offlineSinceMs = 0; // set while offline with conversations: the grace clock

    bool serves(const QString &team) const { return team.isEmpty() || teams.contains(team); }
};

// Staff members known to this node since they last signed in: their status, teams and
// connection counts. Agents stay here while offline so their grace period can run.
class AgentRoster final {
public:
    AgentEntry &upsert(const UserRecord &user);
    void remove(qint64 userId);
    AgentEntry *find(qint64 userId);
    const AgentEntry *find(qint64 userId) const;
    AgentEntry *findByLogin(const QString &login);

    // Ordered by user id, so round-robin has a stable ring.
    QList<const AgentEntry *> all() const;
    int countOnline(protocol::AgentStatus status) const;

    // Teams anyone on the roster or in the user table belongs to.
    void addKnownTeams(const QStringList &teams);
    bool isKnownTeam(const QString &team) const { return m_knownTeams.contains(team); }

private:
    QHash<qint64, AgentEntry> m_agents;
    QSet<QString> m_knownTeams;
};

} // namespace switchboard::server
