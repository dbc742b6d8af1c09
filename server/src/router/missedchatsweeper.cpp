#include "missedchatsweeper.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace switchboard::server {

MissedChatSweeper::MissedChatSweeper(qint64 missedAfterMs, qint64 idleCloseMs)
    : m_missedAfterMs(std::max<qint64>(missedAfterMs, 0))
    , m_idleCloseMs(std::max<qint64>(idleCloseMs, 0))
{
    qint64 shortest = 0;
    for (const qint64 setting : { m_missedAfterMs, m_idleCloseMs }) {
        if (setting > 0)
            shortest = shortest == 0 ? setting : std::min(shortest, setting);
    }
    m_intervalMs = std::clamp<qint64>(shortest / 10, 200, 5000);
}

QList<MissedChatSweeper::Closing> MissedChatSweeper::sweep(const ConversationBook &book,
    qint64 nowMs, const std::function<bool(qint64 customerId)> &customerOnline,
    const std::function<bool(qint64 agentId)> &agentHere, bool clustered)
{
    QList<Closing> closing;
    if (!enabled() || nowMs - m_lastSweepMs < m_intervalMs)
        return closing;
    m_lastSweepMs = nowMs;
    ++m_sweeps;
    for (const ConversationRecord *conversation : book.all()) {
        if (conversation->state == ConversationState::Closed)
            continue; // its close is being stored
        auto found = m_watched.find(conversation->id);
        if (found == m_watched.end()) {
            // First sight (a new conversation, or one restored at start): clocks start now.
            Watch watch;
            watch.seq = conversation->seq;
            watch.activeSinceMs = nowMs;
            found = m_watched.insert(conversation->id, watch);
        }
        Watch &watch = *found;
        watch.sweep = m_sweeps;
        if (conversation->seq != watch.seq) {
            watch.seq = conversation->seq;
            watch.activeSinceMs = nowMs;
        }
        if (customerOnline(conversation->customerId)) {
            watch.seenOnline = true;
            watch.awaySinceMs = 0;
        } else if (watch.awaySinceMs == 0 && (!clustered || watch.seenOnline)) {
            watch.awaySinceMs = nowMs;
        }

        // Nothing written yet: the grace period for visitors who leave without a word (in the
        // router) closes those, and they are no missed chat.
        const bool missed = m_missedAfterMs > 0 && conversation->state == ConversationState::Queued
            && conversation->firstResponseMs == 0 && conversation->seq > 0 && watch.awaySinceMs > 0
            && nowMs - watch.awaySinceMs >= m_missedAfterMs;
        const bool idle = m_idleCloseMs > 0 && conversation->state == ConversationState::Assigned
            && nowMs - watch.activeSinceMs >= m_idleCloseMs
            && (!clustered || agentHere(conversation->agentId));
        if (missed)
            closing.append({ conversation->id, u"missed"_s });
        else if (idle)
            closing.append({ conversation->id, u"idle"_s });
    }
    // Forget what left the book since the last sweep.
    for (auto it = m_watched.begin(); it != m_watched.end();) {
        if (it->sweep != m_sweeps)
            it = m_watched.erase(it);
        else
            ++it;
    }
    return closing;
}

} // namespace switchboard::server
