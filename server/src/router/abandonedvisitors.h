#pragma once

#include "conversationbook.h"

#include <QHash>
#include <QString>
#include <QStringList>
#include <functional>

namespace switchboard::server {

// Visitors who leave before writing anything must not clog the queue: this remembers, per
// empty queued conversation whose visitor left, since when the visitor has been gone, and
// names the ones still empty, queued and without their visitor once the grace period has
// passed. The router closes them. Lives on the router's thread.
class AbandonedVisitors final {
public:
    explicit AbandonedVisitors(qint64 graceMs);
    Q_DISABLE_COPY_MOVE(AbandonedVisitors)

    // The visitor's last connection closed at `nowMs`; `open` is its open conversation, if any.
    // Watched only while queued with nothing written (seq 0).
    void visitorLeft(const ConversationRecord *open, qint64 nowMs);
    // The visitor came back, or the conversation closed: no longer watched.
    void forget(const QString &conversationId);
    // The conversations watched for the grace period by `nowMs`, which stop being watched;
    // of those, the ones to close: still in `book`, queued, empty, and their visitor away.
    QStringList takeExpired(qint64 nowMs, const ConversationBook &book,
        const std::function<bool(qint64 customerId)> &customerOnline);
    qsizetype watchedCount() const { return m_leftAtMs.size(); }

private:
    static bool isEmptyAndQueued(const ConversationRecord &conversation);

    qint64 m_graceMs;
    QHash<QString, qint64> m_leftAtMs; // conversation → when its visitor left
};

} // namespace switchboard::server
