#pragma once

#include <QtGlobal>
#include <functional>
#include <memory>
#include <optional>

class QAbstractEventDispatcher;
class QObject;

// The one place that knows which operating system the server runs on. Two implementations:
// platform/linux/ (epoll, eventfd, /proc, rlimits, a socket pair for signals, systemd) and
// platform/portable/ (Qt and standard C++, with the Windows and macOS calls where Qt has none),
// chosen by CMake: the Linux one on Linux, the portable one elsewhere and on Linux with
// -DSWITCHBOARD_PORTABLE=ON. No other file of the server includes a POSIX or Linux header
// (tools/check-portable-includes.sh). Everything here runs at setup or wake-up level, except
// sendWithoutWaiting(), a plain (not virtual) call once per gathered write.
namespace switchboard::server::platform {

// The name of the implementation built in: "linux" or "portable".
const char *name();

// The event dispatcher for one I/O thread or the router thread, or null for Qt's own. Linux: epoll,
// unless SWITCHBOARD_EVENT_DISPATCHER=qt asks for Qt's (to compare).
std::unique_ptr<QAbstractEventDispatcher> makeEventDispatcher();

// Writes what the kernel takes now to a connected socket owned by a QTcpSocket, without
// blocking and without SIGPIPE; returns the bytes taken (0 when none, or on an error, which
// Qt's own write then reports). Portable: always 0, so every write goes through Qt's buffer.
qint64 sendWithoutWaiting(qintptr socket, const char *data, qint64 size);

// Ends our side of a TCP connection (FIN) while still reading the peer's.
void shutdownSending(qintptr socket);

// The soft limit on open files (RLIMIT_NOFILE), infinity when unlimited; absent when unknown
// (portable: always absent, and the gateway falls back to a fixed connection cap).
std::optional<double> openFileLimit();

// What /metrics reports as process_*; each is absent where the platform cannot tell.
struct ProcessUsage {
    std::optional<double> cpuSeconds; // user + system, every thread
    std::optional<qint64> residentBytes;
    std::optional<double> startTimeSeconds; // since the Unix epoch
    std::optional<quint64> openFiles;
};
ProcessUsage processUsage();

// Resident memory now, cheaper than processUsage(); absent where the platform cannot tell.
std::optional<qint64> residentMemoryBytes();

// The machine's physical memory, absent when unknown.
std::optional<qint64> physicalMemoryBytes();

// Whether standard error is a terminal (text logs) rather than a file or a journal (JSON).
bool standardErrorIsTerminal();

// Writes to a closed socket or past a file-size limit must fail with an error, not end the
// process (SIGPIPE, SIGXFSZ where they exist).
void ignoreWriteFailureSignals();

// Stop (SIGTERM, SIGINT; Windows: Ctrl+C, Ctrl+Break, closing the console, log-off, shutdown)
// and reload (SIGHUP, where it exists) arrive as calls on `context`'s thread, where it is safe
// to act.
void installStopHandlers(
    QObject *context, std::function<void()> onStop, std::function<void()> onReload);

} // namespace switchboard::server::platform
