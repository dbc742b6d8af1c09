#pragma once

#include <QObject>
#include <QTimer>

namespace switchboard::server {

class LoopWatchdog;

// Speaks systemd's notify protocol (sd_notify) without linking libsystemd: READY=1 once the
// node serves, STOPPING=1 when it drains, and WATCHDOG=1 at half the unit's WatchdogSec — but
// only while every event loop of the server still ticks, so a hung loop gets the process
// restarted. Does nothing when not started by systemd (no NOTIFY_SOCKET). Linux only: the
// portable build (platform/portable/) has no service manager to tell and is never active.
class SystemdNotifier final : public QObject {
    Q_OBJECT

public:
    explicit SystemdNotifier(const LoopWatchdog *loops, QObject *parent = nullptr);

    bool isActive() const { return !m_socketPath.isEmpty(); }
    void notifyReady(const QString &status);
    void notifyStopping();

private:
    void pingWatchdog();
    bool send(const QByteArray &state);

    const LoopWatchdog *m_loops;
    QByteArray m_socketPath;
    QTimer m_watchdogTimer;
};

} // namespace switchboard::server
