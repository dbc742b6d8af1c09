#pragma once

#include "storageservice.h"

#include <QMutex>
#include <QString>
#include <QWaitCondition>
#include <atomic>
#include <chrono>
#include <deque>
#include <memory>
#include <vector>

class QThread;

class QElapsedTimer;

namespace switchboard::server {

// One storage thread of StorageService with its own Store and job queue. The writer commits
// everything queued as one transaction (group commit), each job in its own savepoint; the
// reader runs its jobs one at a time. Private to StorageService.
class StorageWorker final {
public:
    enum class Role { Writer, Reader };

    // Jobs per group commit: bounds the time one commit holds the write lock.
    static constexpr std::size_t maxGroupSize = 2000;
    // An idle writer proves the database still accepts commits, so /readyz recovers (or
    // notices a full disk) without traffic. It probes more often while writes fail.
    static constexpr std::chrono::milliseconds healthyProbeInterval { 15000 };
    static constexpr std::chrono::milliseconds failedProbeInterval { 2000 };

    StorageWorker(StorageService &service, Role role, QString connectionName);
    ~StorageWorker();
    Q_DISABLE_COPY_MOVE(StorageWorker)

    // Starts the thread, which makes and opens its own Store; returns the outcome of open().
    // On failure nothing keeps running.
    StoreResult<Done> start(const StorageService::StoreFactory &factory);
    // Refuses new jobs; the thread finishes what is queued, then ends.
    void requestStop();
    // Waits for the thread requestStop() ended.
    void wait();

    // False when the worker is not running: the caller owns the job's outcome then.
    bool enqueue(const std::shared_ptr<StorageJob> &job);
    int queued() const;
    quint64 commits() const { return m_commits.load(std::memory_order_relaxed); }

private:
    void loop(Store &store);
    void runGroup(Store &store, const std::vector<std::shared_ptr<StorageJob>> &group);
    void probe(Store &store);
    void observe(StorageService::Operation operation, const QElapsedTimer &clock) const;

    StorageService &m_service;
    const Role m_role;
    const QString m_connectionName;

    mutable QMutex m_lock;
    QWaitCondition m_wake;
    std::deque<std::shared_ptr<StorageJob>> m_queue; // guarded by m_lock
    bool m_accepting = false; // guarded by m_lock
    bool m_stopping = false; // guarded by m_lock

    std::unique_ptr<QThread> m_thread; // touched only by the owner's thread
    std::atomic<quint64> m_commits { 0 };
};

} // namespace switchboard::server
