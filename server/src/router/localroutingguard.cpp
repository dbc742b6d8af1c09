#include "localroutingguard.h"

namespace switchboard::server {

void LocalRoutingGuard::begin(const QString &conversationId, qint64 nowMs)
{
    Entry &entry = m_entries[conversationId];
    ++entry.generation;
    ++entry.inFlight;
    entry.touchedMs = nowMs;
}

void LocalRoutingGuard::end(const QString &conversationId, qint64 nowMs)
{
    Entry &entry = m_entries[conversationId];
    ++entry.generation;
    entry.inFlight = std::max(0, entry.inFlight - 1);
    entry.touchedMs = nowMs;
}

quint64 LocalRoutingGuard::generation(const QString &conversationId) const
{
    const auto it = m_entries.constFind(conversationId);
    return it == m_entries.cend() ? 0 : it->generation;
}

bool LocalRoutingGuard::isSettled(const QString &conversationId, quint64 seenGeneration) const
{
    const auto it = m_entries.constFind(conversationId);
    if (it == m_entries.cend())
        return seenGeneration == 0;
    return it->inFlight == 0 && it->generation == seenGeneration;
}

void LocalRoutingGuard::wantRefresh(const QString &conversationId)
{
    m_entries[conversationId].refreshWanted = true;
}

bool LocalRoutingGuard::takeWantedRefresh(const QString &conversationId)
{
    const auto it = m_entries.find(conversationId);
    if (it == m_entries.end() || !it->refreshWanted || it->inFlight > 0)
        return false;
    it->refreshWanted = false;
    return true;
}

void LocalRoutingGuard::prune(qint64 nowMs)
{
    constexpr qint64 keepMs = 60 * 1000;
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (it->inFlight == 0 && !it->refreshWanted && nowMs - it->touchedMs > keepMs)
            it = m_entries.erase(it);
        else
            ++it;
    }
}

} // namespace switchboard::server
