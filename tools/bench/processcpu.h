#pragma once

#include <QJsonObject>
#include <QtGlobal>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace switchboard::bench {

// The CPU time one process has used, from /proc: in total (threads that exited included) and
// per live thread, threads of the same name summed (the kernel keeps 15 characters of a name,
// so "switchboard-io-0" and "switchboard-io-1" are both "switchboard-io-"). Read before and
// after the measured traffic, the difference says where the CPU of that phase went.
class ProcessCpu final {
public:
    struct Thread {
        double seconds = 0;
        int count = 0;
    };

    // Reads /proc/<pid>/stat and /proc/<pid>/task/*/stat; invalid when the process is gone.
    static ProcessCpu read(qint64 pid);

    // The name and utime + stime (in clock ticks) of one stat line, "pid (comm) state ...";
    // nothing when the line is not one. The name may hold spaces and parentheses.
    struct StatLine {
        std::string name;
        qint64 ticks = 0;
    };
    static std::optional<StatLine> parseStatLine(std::string_view line);

    bool isValid() const { return m_pid > 0; }
    double totalSeconds() const { return m_totalSeconds; }
    const std::map<std::string, Thread> &threads() const { return m_threads; }

    // What this process used since `before` (a thread born in between counts from zero).
    ProcessCpu since(const ProcessCpu &before) const;
    // {"pid", "total_s", "threads": {name: seconds}, "thread_counts": {name: count}}
    QJsonObject toJson() const;

private:
    qint64 m_pid = 0;
    double m_totalSeconds = 0;
    std::map<std::string, Thread> m_threads;
};

} // namespace switchboard::bench
