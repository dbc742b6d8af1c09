#include "processcpu.h"

#include <QDir>
#include <QFile>
#include <charconv>
#include <cmath>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace switchboard::bench {

namespace {

std::optional<ProcessCpu::StatLine> readStat(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray text = file.readAll();
    return ProcessCpu::parseStatLine(std::string_view(text.constData(), std::size_t(text.size())));
}

double roundedSeconds(double seconds)
{
    return std::round(seconds * 1000.0) / 1000.0;
}

} // namespace

std::optional<ProcessCpu::StatLine> ProcessCpu::parseStatLine(std::string_view line)
{
    // The name is whatever lies between the first "(" and the last ")".
    const std::size_t open = line.find('(');
    const std::size_t close = line.rfind(')');
    if (open == std::string_view::npos || close == std::string_view::npos || close < open)
        return std::nullopt;
    StatLine out;
    out.name = std::string(line.substr(open + 1, close - open - 1));
    // After the name: state (field 3) ... utime (field 14) and stime (field 15).
    std::string_view rest = line.substr(close + 1);
    qint64 utime = -1;
    qint64 stime = -1;
    for (int field = 3; field <= 15; ++field) {
        const std::size_t start = rest.find_first_not_of(' ');
        if (start == std::string_view::npos)
            return std::nullopt;
        rest.remove_prefix(start);
        const std::size_t end = std::min(rest.find(' '), rest.size());
        const std::string_view value = rest.substr(0, end);
        if (field == 14 || field == 15) {
            qint64 number = -1;
            const auto [ptr, error]
                = std::from_chars(value.data(), value.data() + value.size(), number);
            if (error != std::errc() || ptr != value.data() + value.size() || number < 0)
                return std::nullopt;
            (field == 14 ? utime : stime) = number;
        }
        rest.remove_prefix(end);
    }
    out.ticks = utime + stime;
    return out;
}

ProcessCpu ProcessCpu::read(qint64 pid)
{
    ProcessCpu out;
    const double tick = double(::sysconf(_SC_CLK_TCK));
    const std::optional<StatLine> process = readStat(u"/proc/%1/stat"_s.arg(pid));
    if (!process || tick <= 0)
        return out;
    out.m_pid = pid;
    out.m_totalSeconds = double(process->ticks) / tick;
    const QDir tasks(u"/proc/%1/task"_s.arg(pid));
    for (const QString &task : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        // A thread may end between the listing and the read: it is simply not counted.
        if (const auto thread = readStat(tasks.filePath(task) + u"/stat"_s)) {
            Thread &entry = out.m_threads[thread->name];
            entry.seconds += double(thread->ticks) / tick;
            ++entry.count;
        }
    }
    return out;
}

ProcessCpu ProcessCpu::since(const ProcessCpu &before) const
{
    ProcessCpu out = *this;
    if (!isValid() || !before.isValid())
        return ProcessCpu();
    out.m_totalSeconds -= before.m_totalSeconds;
    for (auto &[name, thread] : out.m_threads) {
        const auto earlier = before.m_threads.find(name);
        if (earlier != before.m_threads.end())
            thread.seconds = std::max(0.0, thread.seconds - earlier->second.seconds);
    }
    return out;
}

QJsonObject ProcessCpu::toJson() const
{
    QJsonObject threads;
    QJsonObject counts;
    for (const auto &[name, thread] : m_threads) {
        threads.insert(QString::fromStdString(name), roundedSeconds(thread.seconds));
        counts.insert(QString::fromStdString(name), thread.count);
    }
    return { { u"pid"_s, m_pid }, { u"total_s"_s, roundedSeconds(m_totalSeconds) },
        { u"threads"_s, threads }, { u"thread_counts"_s, counts } };
}

} // namespace switchboard::bench
