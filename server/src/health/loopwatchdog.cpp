#include "loopwatchdog.h"

#include <QMetaObject>
#include <QTimer>
#include <switchboard/timeformat.h>

namespace switchboard::server {

void LoopWatchdog::watch(QObject *loopOwner, const QString &name)
{
    auto loop = std::make_shared<Loop>();
    loop->name = name;
    loop->lastTickMs = nowMs();
    {
        QMutexLocker locker(&m_lock);
        m_loops.append(loop);
    }
    // The timer must be created on the owner's thread so it measures that loop.
    QMetaObject::invokeMethod(
        loopOwner,
        [loopOwner, loop] {
            auto *timer = new QTimer(loopOwner);
            timer->setInterval(1000);
            QObject::connect(
                timer, &QTimer::timeout, loopOwner, [loop] { loop->lastTickMs = nowMs(); });
            timer->start();
        },
        Qt::QueuedConnection);
}

QStringList LoopWatchdog::staleLoops() const
{
    const qint64 now = nowMs();
    QStringList stale;
    QMutexLocker locker(&m_lock);
    for (const auto &loop : m_loops) {
        if (now - loop->lastTickMs.load() > m_staleAfterMs)
            stale.append(loop->name);
    }
    return stale;
}

} // namespace switchboard::server
