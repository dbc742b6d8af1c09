#include "batchingoutbox.h"

#include <QMetaObject>

namespace switchboard::server {

BatchingOutbox::BatchingOutbox(Outbox *target, QObject *context)
    : m_target(target)
    , m_context(context)
{
}

void BatchingOutbox::send(ConnectionId connection, const QByteArray &frame, qint64 originNs)
{
    m_target->sendLater(connection, frame, originNs);
    // Bounded: a burst of large frames (syncs of long histories) must reach the I/O threads,
    // whose per-connection caps catch slow consumers, before it piles up in their queues.
    m_heldBytes += frame.size();
    if (m_heldBytes >= maxHeldBytes) {
        m_heldBytes = 0;
        m_target->wakePending();
        return;
    }
    scheduleWake();
}

// Both go into the same per-connection queue as the frames, so they keep their order; their
// own wake-up also carries the frames queued before them.
void BatchingOutbox::authenticate(ConnectionId connection, protocol::Role role)
{
    m_target->authenticate(connection, role);
}

void BatchingOutbox::close(ConnectionId connection, int closeCode, const QString &reason)
{
    m_target->close(connection, closeCode, reason);
}

void BatchingOutbox::scheduleWake()
{
    if (m_wakeScheduled)
        return;
    m_wakeScheduled = true;
    QMetaObject::invokeMethod(
        m_context,
        [this] {
            m_wakeScheduled = false;
            m_heldBytes = 0;
            m_target->wakePending();
        },
        Qt::QueuedConnection);
}

} // namespace switchboard::server
