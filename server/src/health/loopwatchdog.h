#pragma once

#include <QList>
#include <QMutex>
#include <QString>
#include <QStringList>
#include <atomic>
#include <memory>

class QObject;

namespace switchboard::server {

// Liveness of the server's event loops: each loop ticks a heartbeat from a timer on its own
// thread, so a loop that hangs stops ticking and /healthz turns 503.
class LoopWatchdog final {
public:
    explicit LoopWatchdog(int staleAfterMs = 10000)
        : m_staleAfterMs(staleAfterMs)
    {
    }
    Q_DISABLE_COPY_MOVE(LoopWatchdog)

    // Starts a 1 s ticking timer owned by `loopOwner`, on the owner's thread.
    void watch(QObject *loopOwner, const QString &name);
    QStringList staleLoops() const;
    bool allAlive() const { return staleLoops().isEmpty(); }

private:
    struct Loop {
        QString name;
        std::atomic<qint64> lastTickMs { 0 };
    };
    int m_staleAfterMs;
    mutable QMutex m_lock;
    QList<std::shared_ptr<Loop>> m_loops;
};

} // namespace switchboard::server
