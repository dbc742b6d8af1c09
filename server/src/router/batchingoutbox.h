#pragma once

#include "gateway/outbox.h"

#include <QObject>

namespace switchboard::server {

// The router's side of the Outbox: frames are queued for their I/O threads at once, but the
// threads are woken once per turn of the router's event loop, after everything already queued
// for the router has been handled (a batch of acks and messages wakes each I/O thread once).
// Lives on the router's thread.
class BatchingOutbox final : public Outbox {
public:
    // Frames held back at most, in bytes, before the I/O threads are woken anyway.
    static constexpr qsizetype maxHeldBytes = 256 * 1024;

    // `context` is the router: the wake-up is a queued call on its thread.
    BatchingOutbox(Outbox *target, QObject *context);

    void send(ConnectionId connection, const QByteArray &frame, qint64 originNs = 0) override;
    void authenticate(ConnectionId connection, protocol::Role role) override;
    void close(ConnectionId connection, int closeCode, const QString &reason) override;

private:
    void scheduleWake();

    Outbox *m_target;
    QObject *m_context;
    bool m_wakeScheduled = false;
    qsizetype m_heldBytes = 0; // queued since the last wake-up
};

} // namespace switchboard::server
