#pragma once

#include <QAbstractEventDispatcher>
#include <atomic>
#include <map>
#include <unordered_map>
#include <vector>

namespace switchboard::server {

// An event dispatcher for the server's I/O threads whose cost per wake-up follows the sockets
// that are ready, not all the sockets the thread holds (Qt's glib and UNIX dispatchers rebuild
// a poll set of every socket on every pass; with 15,000 idle customers that is most of the
// work). Linux only: epoll for sockets, an eventfd for wake-ups, timers in an ordered map.
// Level-triggered, so a notifier that does not drain its socket is simply called again.
class EpollEventDispatcher final : public QAbstractEventDispatcher {
    Q_OBJECT

public:
    explicit EpollEventDispatcher(QObject *parent = nullptr);
    ~EpollEventDispatcher() override;
    Q_DISABLE_COPY_MOVE(EpollEventDispatcher)

    bool isValid() const { return m_epoll >= 0 && m_wake >= 0; }

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;

    void registerSocketNotifier(QSocketNotifier *notifier) override;
    void unregisterSocketNotifier(QSocketNotifier *notifier) override;

    void registerTimer(
        int timerId, qint64 interval, Qt::TimerType timerType, QObject *object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject *object) override;
    QList<TimerInfo> registeredTimers(QObject *object) const override;
    int remainingTime(int timerId) override;

    void wakeUp() override;
    void interrupt() override;

private:
    struct Watch {
        QSocketNotifier *read = nullptr;
        QSocketNotifier *write = nullptr;
        QSocketNotifier *exception = nullptr;
        quint32 generation = 0; // tells a reused descriptor from the one an event was for
        quint32 events = 0;
    };
    struct Timer {
        int id = 0;
        qint64 intervalMs = 0;
        Qt::TimerType type = Qt::CoarseTimer;
        QObject *object = nullptr;
        std::multimap<qint64, int>::iterator due;
    };

    void updateWatch(int fd, Watch &watch);
    void armTimer(Timer &timer, qint64 dueMs);
    void removeTimer(std::unordered_map<int, Timer>::iterator it);
    int timeoutMs(qint64 nowMs) const;
    bool activateTimers(qint64 nowMs);
    void activate(int fd, quint32 generation, quint32 events);
    void drainWake();

    int m_epoll = -1;
    int m_wake = -1;
    quint32 m_nextGeneration = 1;
    std::unordered_map<int, Watch> m_watches;
    std::unordered_map<int, Timer> m_timers;
    std::multimap<qint64, int> m_timerQueue; // due time (steady ms) → timer id
    std::unordered_map<QObject *, std::vector<int>> m_timersByObject;
    std::vector<int> m_expired;
    std::atomic<bool> m_wakePending { false };
    std::atomic<bool> m_interrupted { false };
};

} // namespace switchboard::server
