// The Linux side of the platform seam (platform.h): what the server did before the seam, moved
// here unchanged.
#include "epolleventdispatcher.h"
#include "platform/platform.h"

#include <QFile>
#include <QSocketNotifier>
#include <cerrno>
#include <csignal>
#include <dirent.h>
#include <limits>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace switchboard::server::platform {

namespace {

// /proc/self/stat from field 3 (state) on: the command name before it is in parentheses and
// may itself contain spaces.
QList<QByteArray> processStatFields()
{
    QFile file(u"/proc/self/stat"_s);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray stat = file.readAll();
    const qsizetype nameEnd = stat.lastIndexOf(')');
    return nameEnd < 0 ? QList<QByteArray>() : stat.mid(nameEnd + 2).split(' ');
}

// Field `number` as proc(5) counts them (from 1), or nullopt when missing.
std::optional<double> statField(const QList<QByteArray> &fields, qsizetype number)
{
    bool ok = false;
    const double value = fields.value(number - 3).toDouble(&ok);
    return ok ? std::optional<double>(value) : std::nullopt;
}

double ticksPerSecond()
{
    return double(sysconf(_SC_CLK_TCK));
}

// Boot time (/proc/stat btime) plus starttime (field 22, ticks after boot). It never changes,
// so it is read once rather than on every scrape.
std::optional<double> processStartTimeSeconds()
{
    static const std::optional<double> startTime = []() -> std::optional<double> {
        const std::optional<double> ticksAfterBoot = statField(processStatFields(), 22);
        QFile systemStat(u"/proc/stat"_s);
        if (!ticksAfterBoot || !systemStat.open(QIODevice::ReadOnly))
            return std::nullopt;
        for (const QByteArray &line : systemStat.readAll().split('\n')) {
            if (line.startsWith("btime "))
                return line.mid(6).trimmed().toDouble() + *ticksAfterBoot / ticksPerSecond();
        }
        return std::nullopt;
    }();
    return startTime;
}

std::optional<quint64> openFileDescriptors()
{
    DIR *directory = opendir("/proc/self/fd");
    if (!directory)
        return std::nullopt;
    quint64 count = 0;
    while (const dirent *entry = readdir(directory)) {
        if (entry->d_name[0] != '.')
            ++count;
    }
    closedir(directory);
    return count - 1; // the descriptor of the directory being read
}

int signalPipe[2] = { -1, -1 };

void onSignal(int signalNumber)
{
    const char byte = char(signalNumber);
    [[maybe_unused]] const auto written = ::write(signalPipe[1], &byte, 1);
}

} // namespace

const char *name()
{
    return "linux";
}

std::unique_ptr<QAbstractEventDispatcher> makeEventDispatcher()
{
    if (qEnvironmentVariable("SWITCHBOARD_EVENT_DISPATCHER") == u"qt")
        return nullptr;
    auto dispatcher = std::make_unique<EpollEventDispatcher>();
    if (!dispatcher->isValid())
        return nullptr;
    return dispatcher;
}

qint64 sendWithoutWaiting(qintptr socket, const char *data, qint64 size)
{
    ssize_t result = -1;
    do {
        result = ::send(int(socket), data, size_t(size), MSG_NOSIGNAL | MSG_DONTWAIT);
    } while (result < 0 && errno == EINTR);
    return result > 0 ? qint64(result) : 0;
}

void shutdownSending(qintptr socket)
{
    ::shutdown(int(socket), SHUT_WR);
}

std::optional<double> openFileLimit()
{
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return std::nullopt;
    if (limit.rlim_cur == RLIM_INFINITY)
        return std::numeric_limits<double>::infinity();
    return double(limit.rlim_cur);
}

ProcessUsage processUsage()
{
    ProcessUsage usage;
    // utime (14) + stime (15) in ticks; rss (24) in pages.
    const QList<QByteArray> stat = processStatFields();
    const std::optional<double> userTicks = statField(stat, 14);
    const std::optional<double> systemTicks = statField(stat, 15);
    if (userTicks && systemTicks)
        usage.cpuSeconds = (*userTicks + *systemTicks) / ticksPerSecond();
    if (const std::optional<double> residentPages = statField(stat, 24))
        usage.residentBytes = qint64(*residentPages) * sysconf(_SC_PAGESIZE);
    usage.startTimeSeconds = processStartTimeSeconds();
    usage.openFiles = openFileDescriptors();
    return usage;
}

std::optional<qint64> residentMemoryBytes()
{
    QFile statm(u"/proc/self/statm"_s);
    if (!statm.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    if (fields.size() < 2)
        return std::nullopt;
    return fields[1].toLongLong() * sysconf(_SC_PAGESIZE);
}

std::optional<qint64> physicalMemoryBytes()
{
    const long pages = ::sysconf(_SC_PHYS_PAGES);
    const long pageSize = ::sysconf(_SC_PAGESIZE);
    if (pages <= 0 || pageSize <= 0)
        return std::nullopt;
    return qint64(pages) * pageSize;
}

bool standardErrorIsTerminal()
{
    return ::isatty(STDERR_FILENO) == 1;
}

void ignoreWriteFailureSignals()
{
    std::signal(SIGPIPE, SIG_IGN);
    std::signal(SIGXFSZ, SIG_IGN);
}

// SIGTERM/SIGINT (stop) and SIGHUP (reload) arrive on the event loop through a socket pair.
void installStopHandlers(
    QObject *context, std::function<void()> onStop, std::function<void()> onReload)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) != 0)
        return;
    auto *notifier = new QSocketNotifier(signalPipe[0], QSocketNotifier::Read, context);
    QObject::connect(notifier, &QSocketNotifier::activated, context, [onStop, onReload] {
        char byte = 0;
        [[maybe_unused]] const auto read = ::read(signalPipe[0], &byte, 1);
        if (byte == char(SIGHUP))
            onReload();
        else
            onStop();
    });
    struct sigaction action { };
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGHUP, &action, nullptr);
}

} // namespace switchboard::server::platform
