#include "agentroster.h"

#include <algorithm>

namespace switchboard::server {

AgentEntry &AgentRoster::upsert(const UserRecord &user)
{
    AgentEntry &entry = m_agents[user.id];
    entry.userId = user.id;
    entry.login = user.login;
    entry.name = user.name;
    entry.role = user.role;
    entry.teams = user.teams;
    entry.receivesChats = user.receivesChatsNow();
    addKnownTeams(user.teams);
    return entry;
}

void AgentRoster::remove(qint64 userId)
{
    m_agents.remove(userId);
}

AgentEntry *AgentRoster::find(qint64 userId)
{
    const auto it = m_agents.find(userId);
    return it == m_agents.end() ? nullptr : &*it;
}

const AgentEntry *AgentRoster::find(qint64 userId) const
{
    const auto it = m_agents.find(userId);
    return it == m_agents.end() ? nullptr : &*it;
}

AgentEntry *AgentRoster::findByLogin(const QString &login)
{
    for (AgentEntry &entry : m_agents) {
        if (entry.login == login)
            return &entry;
    }
    return nullptr;
}

QList<const AgentEntry *> AgentRoster::all() const
{
    QList<const AgentEntry *> entries;
    entries.reserve(m_agents.size());
    for (const AgentEntry &entry : m_agents)
        entries.append(&entry);
    std::sort(entries.begin(), entries.end(),
        [](const AgentEntry *a, const AgentEntry *b) { return a->userId < b->userId; });
    return entries;
}

int AgentRoster::countOnline(protocol::AgentStatus status) const
{
    return int(std::count_if(m_agents.begin(), m_agents.end(),
        [status](const AgentEntry &e) { return e.connections > 0 && e.status == status; }));
}

void AgentRoster::addKnownTeams(const QStringList &teams)
{
    for (const QString &team : teams)
        m_knownTeams.insert(team);
}

} // namespace switchboard::server
