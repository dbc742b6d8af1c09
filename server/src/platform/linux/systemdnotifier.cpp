#include "platform/systemdnotifier.h"

#include "health/loopwatchdog.h"

#include <cstring>
#include <switchboard/logging.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace switchboard::server {

SystemdNotifier::SystemdNotifier(const LoopWatchdog *loops, QObject *parent)
    : QObject(parent)
    , m_loops(loops)
    , m_socketPath(qgetenv("NOTIFY_SOCKET"))
    , m_watchdogTimer(this)
{
    const qint64 watchdogUsec = qgetenv("WATCHDOG_USEC").toLongLong();
    if (!isActive() || watchdogUsec <= 0)
        return;
    // systemd recommends pinging at half the interval.
    m_watchdogTimer.setInterval(int(std::max<qint64>(watchdogUsec / 2000, 100)));
    connect(&m_watchdogTimer, &QTimer::timeout, this, &SystemdNotifier::pingWatchdog);
    m_watchdogTimer.start();
}

void SystemdNotifier::notifyReady(const QString &status)
{
    send("READY=1\nSTATUS=" + status.toUtf8() + "\nMAINPID=" + QByteArray::number(::getpid()));
}

void SystemdNotifier::notifyStopping()
{
    send("STOPPING=1\nSTATUS=draining");
}

void SystemdNotifier::pingWatchdog()
{
    const QStringList stale = m_loops->staleLoops();
    if (!stale.isEmpty()) {
        // Withholding the ping is the point: systemd restarts a node whose loops hang.
        qCCritical(lcServer).noquote() << "event loops not answering:" << stale.join(u", "_s)
                                       << "- withholding the systemd watchdog ping";
        return;
    }
    send("WATCHDOG=1");
}

bool SystemdNotifier::send(const QByteArray &state)
{
    if (!isActive())
        return false;
    sockaddr_un address {};
    address.sun_family = AF_UNIX;
    if (std::size_t(m_socketPath.size()) >= sizeof(address.sun_path))
        return false;
    std::memcpy(address.sun_path, m_socketPath.constData(), std::size_t(m_socketPath.size()));
    socklen_t length
        = socklen_t(offsetof(sockaddr_un, sun_path) + std::size_t(m_socketPath.size()));
    if (address.sun_path[0] == '@')
        address.sun_path[0] = '\0'; // abstract namespace
    else
        ++length; // include the terminating zero of a path
    const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    const auto sent = ::sendto(fd, state.constData(), std::size_t(state.size()), MSG_NOSIGNAL,
        reinterpret_cast<const sockaddr *>(&address), length);
    ::close(fd);
    return sent == state.size();
}

} // namespace switchboard::server
