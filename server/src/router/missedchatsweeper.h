#pragma once

#include "conversationbook.h"

#include <QHash>
#include <QList>
#include <QString>
#include <functional>

namespace switchboard::server {

// Finds the open conversations nobody is there for, so the router can close them and they stop
// filling the queue, every staff welcome and the queue metrics:
// - missed: queued, never answered by staff, something written, and the visitor gone (no
//   connection here) for `missedAfterMs`;
// - idle: assigned, and no message of any kind (a system event included, so an assignment or
//   transfer restarts the clock) for `idleCloseMs`.
// It keeps, per open conversation, the seq it last saw and since when the visitor has been
// away, and only reads the book: the router does the closing. Lives on the router's thread.
class MissedChatSweeper final {
public:
    struct Closing {
        QString conversationId;
        QString reason; // "missed" or "idle"
    };

    // 0 turns each rule off.
    MissedChatSweeper(qint64 missedAfterMs, qint64 idleCloseMs);

    // At most once per intervalMs() (sooner calls return nothing). `customerOnline` says
    // whether a visitor has a connection to this node. In a cluster (`clustered`) a visitor is
    // counted away only once this node has seen it connected: it may be on another node.
    // `agentHere` says whether an assigned conversation's agent is connected to this node: in
    // a cluster only such a node is sure to hear of every message, so only it closes as idle.
    QList<Closing> sweep(const ConversationBook &book, qint64 nowMs,
        const std::function<bool(qint64 customerId)> &customerOnline,
        const std::function<bool(qint64 agentId)> &agentHere, bool clustered);

    // How often a sweep looks: a tenth of the shorter setting, within 0.2 to 5 seconds.
    qint64 intervalMs() const { return m_intervalMs; }
    bool enabled() const { return m_missedAfterMs > 0 || m_idleCloseMs > 0; }

private:
    struct Watch {
        qint64 seq = 0;
        qint64 activeSinceMs = 0; // when seq last moved (or when first seen)
        qint64 awaySinceMs = 0; // 0: the visitor is connected
        bool seenOnline = false;
        quint64 sweep = 0; // the sweep that last saw it open
    };

    qint64 m_missedAfterMs;
    qint64 m_idleCloseMs;
    qint64 m_intervalMs;
    qint64 m_lastSweepMs = 0;
    quint64 m_sweeps = 0;
    QHash<QString, Watch> m_watched;
};

} // namespace switchboard::server
