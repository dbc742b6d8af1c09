#pragma once

#include "storageservice.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QString>
#include <QWaitCondition>
#include <atomic>
#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

class QThread;

namespace switchboard::server {

// One storage thread of StorageService with its own Store and job queue. The writer commits
// everything queued as one transaction (group commit), undoing a failed job alone; the
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
    // Committed messages become searchable within this (plus one index batch's time).
    static constexpr std::chrono::milliseconds searchIndexInterval { 200 };
    static constexpr int maxSearchIndexBatch = 5000;

    // Jobs waiting for a storage thread; the readers of one service share one, so a read
    // waits only until any reader connection is free.
    struct JobQueue {
        struct Entry {
            std::shared_ptr<StorageJob> job;
            std::chrono::steady_clock::time_point queuedAt;
        };
        QMutex lock;
        QWaitCondition wake;
        std::deque<Entry> jobs; // guarded by lock
        bool accepting = false; // guarded by lock
        bool stopping = false; // guarded by lock
    };

    // `queue` is shared with the other workers of the same role; nullptr: one of its own.
    StorageWorker(StorageService &service, Role role, QString connectionName,
        std::shared_ptr<JobQueue> queue = nullptr);
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
    std::shared_ptr<JobQueue> sharedQueue() const { return m_jobs; }
    quint64 commits() const { return m_commits.load(std::memory_order_relaxed); }

private:
    void loop(Store &store);
    void runGroup(Store &store, const std::vector<std::shared_ptr<StorageJob>> &group);
    struct GroupOutcome {
        std::optional<StorageError> error; // what undid the whole transaction, if anything
        bool jobFailed = false; // a job failed without a savepoint of its own: rolled back
    };
    // One transaction over the group, which first locks the conversations in `lockOrder`; with
    // isolateJobs each job runs in its own savepoint.
    GroupOutcome runGroupOnce(Store &store, const std::vector<std::shared_ptr<StorageJob>> &group,
        const QStringList &lockOrder, bool isolateJobs);
    void catchUpSearchIndex(Store &store);
    void probe(Store &store);
    void observe(StorageService::Operation operation, const QElapsedTimer &clock) const;
    // Takes jobs off the queue: reports how long each waited and that this connection is busy.
    void takeBatch(std::size_t take, std::vector<std::shared_ptr<StorageJob>> &batch);

    StorageService &m_service;
    const Role m_role;
    const QString m_connectionName;

    const std::shared_ptr<JobQueue> m_jobs;

    std::unique_ptr<QThread> m_thread; // touched only by the owner's thread
    std::atomic<quint64> m_commits { 0 };
    // Writer only, on its thread: whether committed messages may still wait for the index.
    bool m_searchIndexBehind = true;
    bool m_searchIndexFailing = false;
    QElapsedTimer m_sinceSearchIndex;
};

} // namespace switchboard::server
