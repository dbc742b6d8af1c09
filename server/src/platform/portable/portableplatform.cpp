// The portable side of the platform seam (platform.h): Windows, macOS, and Linux built with
// -DSWITCHBOARD_PORTABLE=ON, where tools/test.sh compiles and tests it. Qt and standard C++
// first; where Qt has no call, the operating system's own under Q_OS_WIN / Q_OS_MACOS, and a
// plain POSIX call otherwise. A number the platform cannot give is absent, never made up.
#include "platform/platform.h"

#include <QAbstractEventDispatcher>
#include <QObject>
#include <QTimer>
#include <atomic>
#include <csignal>
#include <cstdio>

#if defined(Q_OS_WIN)
// winsock2.h must come before windows.h, which would pull in the old winsock.h.
// clang-format off
#include <winsock2.h>
#include <windows.h>
#include <io.h>
#include <psapi.h>
// clang-format on
#else
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#endif
#if defined(Q_OS_MACOS)
#include <mach/mach.h>
#include <sys/sysctl.h>
#endif

namespace switchboard::server::platform {

namespace {

// How often the event loop looks at what a signal handler recorded: a stop or a reload waits
// at most this long, and an idle server wakes ten times a second on its main thread only.
constexpr int signalPollMs = 100;

// Set by signal handlers, where only lock-free atomics are safe; read on the event loop.
std::atomic<bool> stopRequested { false };
std::atomic<bool> reloadRequested { false };
static_assert(std::atomic<bool>::is_always_lock_free);

void onStopSignal(int signalNumber)
{
#if defined(Q_OS_WIN)
    std::signal(signalNumber, onStopSignal); // the Windows C runtime resets it each time
#else
    Q_UNUSED(signalNumber)
#endif
    stopRequested.store(true);
}

#if defined(SIGHUP)
void onReloadSignal(int)
{
    reloadRequested.store(true);
}
#endif

#if defined(Q_OS_WIN)
// Ctrl+C and Ctrl+Break come as signals too; closing the console window, logging off and
// shutting down come only here. Windows ends the process once this returns for those three,
// so it waits a little for the event loop to drain the node.
BOOL WINAPI onConsoleControl(DWORD event)
{
    stopRequested.store(true);
    if (event == CTRL_CLOSE_EVENT || event == CTRL_LOGOFF_EVENT || event == CTRL_SHUTDOWN_EVENT)
        ::Sleep(4000);
    return TRUE;
}
#endif

} // namespace

const char *name()
{
    return "portable";
}

std::unique_ptr<QAbstractEventDispatcher> makeEventDispatcher()
{
    return nullptr; // Qt's own: poll() on macOS and Linux, WSAAsyncSelect on Windows
}

qint64 sendWithoutWaiting(qintptr socket, const char *data, qint64 size)
{
    // Not worth the risk of writing beside Qt's socket engine where it is not tested: every
    // write goes through Qt's buffer, which costs about 7 KB more per idle connection.
    Q_UNUSED(socket)
    Q_UNUSED(data)
    Q_UNUSED(size)
    return 0;
}

void shutdownSending(qintptr socket)
{
#if defined(Q_OS_WIN)
    ::shutdown(SOCKET(socket), SD_SEND);
#else
    ::shutdown(int(socket), SHUT_WR);
#endif
}

std::optional<double> openFileLimit()
{
    return std::nullopt; // the gateway's fixed connection cap applies
}

std::optional<qint64> residentMemoryBytes()
{
#if defined(Q_OS_WIN)
    PROCESS_MEMORY_COUNTERS counters {};
    if (!::GetProcessMemoryInfo(::GetCurrentProcess(), &counters, sizeof counters))
        return std::nullopt;
    return qint64(counters.WorkingSetSize);
#elif defined(Q_OS_MACOS)
    mach_task_basic_info info {};
    mach_msg_type_number_t count = MACH_TASK_BASIC_INFO_COUNT;
    if (::task_info(::mach_task_self(), MACH_TASK_BASIC_INFO, task_info_t(&info), &count)
        != KERN_SUCCESS)
        return std::nullopt;
    return qint64(info.resident_size);
#else
    return std::nullopt; // POSIX has no call for the current resident size
#endif
}

ProcessUsage processUsage()
{
    ProcessUsage usage;
#if defined(Q_OS_WIN)
    FILETIME created {}, exited {}, kernel {}, user {};
    if (::GetProcessTimes(::GetCurrentProcess(), &created, &exited, &kernel, &user)) {
        const auto ticks = [](const FILETIME &time) {
            return (quint64(time.dwHighDateTime) << 32) | time.dwLowDateTime;
        };
        usage.cpuSeconds = double(ticks(kernel) + ticks(user)) / 1e7; // 100 ns ticks
    }
#else
    rusage self {};
    if (::getrusage(RUSAGE_SELF, &self) == 0) {
        const auto seconds = [](const timeval &time) {
            return double(time.tv_sec) + double(time.tv_usec) / 1e6;
        };
        usage.cpuSeconds = seconds(self.ru_utime) + seconds(self.ru_stime);
    }
#endif
    usage.residentBytes = residentMemoryBytes();
    // startTimeSeconds and openFiles stay absent: /metrics then gives the node's own start.
    return usage;
}

std::optional<qint64> physicalMemoryBytes()
{
#if defined(Q_OS_WIN)
    MEMORYSTATUSEX status {};
    status.dwLength = sizeof status;
    if (!::GlobalMemoryStatusEx(&status))
        return std::nullopt;
    return qint64(status.ullTotalPhys);
#elif defined(Q_OS_MACOS)
    quint64 bytes = 0;
    std::size_t length = sizeof bytes;
    if (::sysctlbyname("hw.memsize", &bytes, &length, nullptr, 0) != 0)
        return std::nullopt;
    return qint64(bytes);
#elif defined(_SC_PHYS_PAGES)
    const long pages = ::sysconf(_SC_PHYS_PAGES);
    const long pageSize = ::sysconf(_SC_PAGESIZE);
    if (pages <= 0 || pageSize <= 0)
        return std::nullopt;
    return qint64(pages) * pageSize;
#else
    return std::nullopt;
#endif
}

bool standardErrorIsTerminal()
{
#if defined(Q_OS_WIN)
    return ::_isatty(::_fileno(stderr)) != 0;
#else
    return ::isatty(STDERR_FILENO) == 1;
#endif
}

void ignoreWriteFailureSignals()
{
#if defined(SIGPIPE)
    std::signal(SIGPIPE, SIG_IGN);
#endif
#if defined(SIGXFSZ)
    std::signal(SIGXFSZ, SIG_IGN);
#endif
}

void installStopHandlers(
    QObject *context, std::function<void()> onStop, std::function<void()> onReload)
{
    std::signal(SIGTERM, onStopSignal);
    std::signal(SIGINT, onStopSignal);
#if defined(SIGBREAK)
    std::signal(SIGBREAK, onStopSignal);
#endif
#if defined(SIGHUP)
    std::signal(SIGHUP, onReloadSignal);
#endif
#if defined(Q_OS_WIN)
    ::SetConsoleCtrlHandler(onConsoleControl, TRUE);
#endif
    auto *poll = new QTimer(context);
    poll->setInterval(signalPollMs);
    QObject::connect(poll, &QTimer::timeout, context, [onStop, onReload] {
        if (reloadRequested.exchange(false))
            onReload();
        if (stopRequested.exchange(false))
            onStop();
    });
    poll->start();
}

} // namespace switchboard::server::platform
