// systemd exists only on Linux; Windows services and launchd have no such protocol, so outside
// the Linux build the notifier is never active and readiness and the watchdog are absent.
#include "platform/systemdnotifier.h"

namespace switchboard::server {

SystemdNotifier::SystemdNotifier(const LoopWatchdog *loops, QObject *parent)
    : QObject(parent)
    , m_loops(loops)
    , m_watchdogTimer(this)
{
}

void SystemdNotifier::notifyReady(const QString &) { }

void SystemdNotifier::notifyStopping() { }

void SystemdNotifier::pingWatchdog() { }

bool SystemdNotifier::send(const QByteArray &)
{
    return false;
}

} // namespace switchboard::server
