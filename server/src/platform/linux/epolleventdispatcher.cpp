#include "epolleventdispatcher.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTimerEvent>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <switchboard/logging.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace switchboard::server {

namespace {

constexpr quint64 wakeKey = ~quint64(0);

qint64 steadyMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

quint64 keyOf(int fd, quint32 generation)
{
    return (quint64(generation) << 32) | quint32(fd);
}

} // namespace

EpollEventDispatcher::EpollEventDispatcher(QObject *parent)
    : QAbstractEventDispatcher(parent)
    , m_epoll(::epoll_create1(EPOLL_CLOEXEC))
    , m_wake(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC))
{
    if (m_epoll >= 0 && m_wake >= 0) {
        epoll_event event {};
        event.events = EPOLLIN;
        event.data.u64 = wakeKey;
        if (::epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wake, &event) != 0) {
            ::close(m_wake);
            m_wake = -1;
        }
    }
    if (!isValid())
        qCWarning(lcGateway) << "cannot create an epoll event dispatcher:"
                             << qt_error_string(errno);
}

EpollEventDispatcher::~EpollEventDispatcher()
{
    if (m_wake >= 0)
        ::close(m_wake);
    if (m_epoll >= 0)
        ::close(m_epoll);
}

// ---- sockets -----------------------------------------------------------------------------

void EpollEventDispatcher::registerSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    auto [it, inserted] = m_watches.try_emplace(fd);
    Watch &watch = it->second;
    if (inserted)
        watch.generation = m_nextGeneration++;
    switch (notifier->type()) {
    case QSocketNotifier::Read:
        watch.read = notifier;
        break;
    case QSocketNotifier::Write:
        watch.write = notifier;
        break;
    case QSocketNotifier::Exception:
        watch.exception = notifier;
        break;
    }
    updateWatch(fd, watch);
}

void EpollEventDispatcher::unregisterSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    const auto it = m_watches.find(fd);
    if (it == m_watches.end())
        return;
    Watch &watch = it->second;
    if (watch.read == notifier)
        watch.read = nullptr;
    if (watch.write == notifier)
        watch.write = nullptr;
    if (watch.exception == notifier)
        watch.exception = nullptr;
    if (!watch.read && !watch.write && !watch.exception) {
        // The descriptor may already be closed, in which case epoll forgot it by itself.
        ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);
        m_watches.erase(it);
        return;
    }
    updateWatch(fd, watch);
}

void EpollEventDispatcher::updateWatch(int fd, Watch &watch)
{
    const quint32 events = (watch.read ? quint32(EPOLLIN) : 0u)
        | (watch.write ? quint32(EPOLLOUT) : 0u) | (watch.exception ? quint32(EPOLLPRI) : 0u);
    epoll_event event {};
    event.events = events;
    event.data.u64 = keyOf(fd, watch.generation);
    const bool known = watch.events != 0;
    int result = ::epoll_ctl(m_epoll, known ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &event);
    if (result != 0 && known && errno == ENOENT) // closed and reopened under the same number
        result = ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event);
    else if (result != 0 && !known && errno == EEXIST)
        result = ::epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &event);
    if (result != 0)
        qCWarning(lcGateway) << "epoll cannot watch descriptor" << fd << qt_error_string(errno);
    watch.events = events;
}

void EpollEventDispatcher::activate(int fd, quint32 generation, quint32 events)
{
    // Look the watch up again before each notifier: the one before may have closed the
    // socket, deleted the other notifiers, or a new socket may have taken the number.
    auto current = [&](QSocketNotifier *Watch::*which) -> QSocketNotifier * {
        const auto it = m_watches.find(fd);
        if (it == m_watches.end() || it->second.generation != generation)
            return nullptr;
        return it->second.*which;
    };
    const bool failed = events & (EPOLLERR | EPOLLHUP);
    QEvent event(QEvent::SockAct);
    if ((events & EPOLLIN) || failed) {
        if (QSocketNotifier *notifier = current(&Watch::read))
            QCoreApplication::sendEvent(notifier, &event);
    }
    if ((events & EPOLLOUT) || failed) {
        if (QSocketNotifier *notifier = current(&Watch::write))
            QCoreApplication::sendEvent(notifier, &event);
    }
    if (events & EPOLLPRI) {
        if (QSocketNotifier *notifier = current(&Watch::exception))
            QCoreApplication::sendEvent(notifier, &event);
    }
}

// ---- timers ------------------------------------------------------------------------------

void EpollEventDispatcher::registerTimer(
    int timerId, qint64 interval, Qt::TimerType timerType, QObject *object)
{
    Timer &timer = m_timers[timerId];
    const bool fresh = timer.object == nullptr;
    timer.id = timerId;
    timer.type = timerType;
    timer.object = object;
    // Very coarse timers keep whole seconds, as Qt's own dispatchers do.
    timer.intervalMs = timerType == Qt::VeryCoarseTimer ? (interval + 500) / 1000 * 1000
                                                        : std::max<qint64>(0, interval);
    if (fresh) {
        timer.due = m_timerQueue.end();
        m_timersByObject[object].push_back(timerId);
    }
    armTimer(timer, steadyMs() + timer.intervalMs);
}

void EpollEventDispatcher::armTimer(Timer &timer, qint64 dueMs)
{
    if (timer.due != m_timerQueue.end())
        m_timerQueue.erase(timer.due);
    timer.due = m_timerQueue.emplace(dueMs, timer.id);
}

void EpollEventDispatcher::removeTimer(std::unordered_map<int, Timer>::iterator it)
{
    if (it->second.due != m_timerQueue.end())
        m_timerQueue.erase(it->second.due);
    const auto owner = m_timersByObject.find(it->second.object);
    if (owner != m_timersByObject.end()) {
        std::vector<int> &ids = owner->second;
        ids.erase(std::remove(ids.begin(), ids.end(), it->first), ids.end());
        if (ids.empty())
            m_timersByObject.erase(owner);
    }
    m_timers.erase(it);
}

bool EpollEventDispatcher::unregisterTimer(int timerId)
{
    const auto it = m_timers.find(timerId);
    if (it == m_timers.end())
        return false;
    removeTimer(it);
    return true;
}

bool EpollEventDispatcher::unregisterTimers(QObject *object)
{
    const auto owner = m_timersByObject.find(object);
    if (owner == m_timersByObject.end())
        return false;
    const std::vector<int> ids = owner->second;
    for (const int id : ids)
        unregisterTimer(id);
    return true;
}

QList<QAbstractEventDispatcher::TimerInfo> EpollEventDispatcher::registeredTimers(
    QObject *object) const
{
    QList<TimerInfo> list;
    const auto owner = m_timersByObject.find(object);
    if (owner == m_timersByObject.end())
        return list;
    for (const int id : owner->second) {
        const Timer &timer = m_timers.at(id);
        list.append(TimerInfo(id, int(timer.intervalMs), timer.type));
    }
    return list;
}

int EpollEventDispatcher::remainingTime(int timerId)
{
    const auto it = m_timers.find(timerId);
    if (it == m_timers.end())
        return -1;
    return int(std::max<qint64>(0, it->second.due->first - steadyMs()));
}

int EpollEventDispatcher::timeoutMs(qint64 nowMs) const
{
    if (m_timerQueue.empty())
        return -1;
    return int(std::clamp<qint64>(m_timerQueue.begin()->first - nowMs, 0, 24 * 3600 * 1000));
}

bool EpollEventDispatcher::activateTimers(qint64 nowMs)
{
    // Take the expired ones first: a timer re-armed (or registered) while we fire the others
    // waits for the next pass, so zero-interval timers cannot starve the loop.
    m_expired.clear();
    for (auto it = m_timerQueue.begin(); it != m_timerQueue.end() && it->first <= nowMs; ++it)
        m_expired.push_back(it->second);
    for (const int id : m_expired) {
        const auto it = m_timers.find(id);
        if (it == m_timers.end() || it->second.due->first > nowMs)
            continue; // killed or restarted by an earlier handler
        Timer &timer = it->second;
        // Keep the cadence, but never fire a burst to catch up after a stall.
        qint64 next = timer.due->first + timer.intervalMs;
        if (next <= nowMs)
            next = nowMs + timer.intervalMs;
        armTimer(timer, next);
        QTimerEvent event(id);
        QCoreApplication::sendEvent(timer.object, &event);
        if (m_interrupted.load(std::memory_order_relaxed))
            break;
    }
    return !m_expired.empty();
}

// ---- the loop ----------------------------------------------------------------------------

void EpollEventDispatcher::wakeUp()
{
    if (m_wakePending.exchange(true, std::memory_order_acq_rel))
        return;
    const quint64 one = 1;
    while (::write(m_wake, &one, sizeof one) < 0 && errno == EINTR) { }
}

void EpollEventDispatcher::interrupt()
{
    m_interrupted.store(true, std::memory_order_relaxed);
    wakeUp();
}

void EpollEventDispatcher::drainWake()
{
    // Read first, then clear: cleared first, a wakeUp() in between would write, have its
    // count eaten by this read and leave the flag set, and every later wakeUp() would skip
    // the write, so the loop slept through posted events and quit() until a timer fired.
    quint64 count = 0;
    while (::read(m_wake, &count, sizeof count) < 0 && errno == EINTR) { }
    m_wakePending.store(false, std::memory_order_release);
}

bool EpollEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    m_interrupted.store(false, std::memory_order_relaxed);
    Q_EMIT awake();
    // Posted events (queued calls, deferred deletes); anything posted meanwhile, by this
    // thread or another, writes the eventfd, so the wait below cannot sleep through it.
    QCoreApplication::sendPostedEvents();
    if (m_interrupted.load(std::memory_order_relaxed))
        return false;

    const bool canWait = flags.testFlag(QEventLoop::WaitForMoreEvents);
    const bool sockets = !flags.testFlag(QEventLoop::ExcludeSocketNotifiers);
    int timeout = canWait ? timeoutMs(steadyMs()) : 0;
    if (canWait)
        Q_EMIT aboutToBlock();

    constexpr int batch = 256;
    epoll_event events[batch];
    int ready = 0;
    if (sockets) {
        ready = ::epoll_wait(m_epoll, events, batch, timeout);
    } else {
        // Only the wake-up counts now; ready sockets must not end the wait.
        const int waitOnly = ::epoll_create1(EPOLL_CLOEXEC);
        epoll_event event {};
        event.events = EPOLLIN;
        event.data.u64 = wakeKey;
        ::epoll_ctl(waitOnly, EPOLL_CTL_ADD, m_wake, &event);
        ready = ::epoll_wait(waitOnly, events, 1, timeout);
        ::close(waitOnly);
    }
    if (ready < 0 && errno != EINTR)
        qCWarning(lcGateway) << "epoll_wait failed:" << qt_error_string(errno);
    if (canWait)
        Q_EMIT awake();

    bool handled = false;
    for (int i = 0; i < ready; ++i) {
        if (events[i].data.u64 == wakeKey) {
            drainWake();
            handled = true;
            continue;
        }
        if (m_interrupted.load(std::memory_order_relaxed))
            continue; // level-triggered: what is left is reported again next pass
        activate(
            int(quint32(events[i].data.u64)), quint32(events[i].data.u64 >> 32), events[i].events);
        handled = true;
    }
    if (!m_interrupted.load(std::memory_order_relaxed))
        handled = activateTimers(steadyMs()) || handled;
    return handled;
}

} // namespace switchboard::server
