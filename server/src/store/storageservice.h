#pragma once

#include "storagejob.h"

#include <QMutex>
#include <QObject>
#include <atomic>
#include <functional>
#include <memory>
#include <vector>

namespace switchboard::server {

class StorageWorker;
class WalCheckpointer;

// Runs storage work off the caller's thread: writes on one writer thread, grouped so that
// everything queued while a commit runs goes into the next commit (one fsync for many
// messages); reads on a reader thread with its own connection. Outcomes come back as
// queued calls on the caller's thread. Ack = committed: `done` of a write runs only after
// its group commit returned.
class StorageService final : public QObject {
    Q_OBJECT

public:
    // Makes one Store per storage thread; the name is unique per thread (QSqlDatabase needs it).
    using StoreFactory = std::function<std::unique_ptr<Store>(const QString &connectionName)>;

    explicit StorageService(StoreFactory factory, QObject *parent = nullptr);
    ~StorageService() override;
    Q_DISABLE_COPY_MOVE(StorageService)

    // Reader threads (connections) sharing one queue; a read waits for whichever is free.
    // SQLite keeps one; PostgreSQL takes db-pool-size - 1. Set before start().
    void setReaderCount(int readers);
    // The connections of the pool: the writer plus the readers.
    int poolSize() const { return 1 + int(m_readers.size()); }
    int busyConnections() const { return m_busy.load(std::memory_order_relaxed); }
    // Reads waiting for a free reader connection.
    int waitingReads() const;

    // Told on a storage thread each time a connection takes a job, with how long the job waited
    // for it (waitedSeconds >= 0), and each time the connection is free again (-1); busy is the
    // number of busy connections after the change. Set before start().
    using PoolObserver = std::function<void(double waitedSeconds, int busy)>;
    void setPoolObserver(PoolObserver observer) { m_poolObserver = std::move(observer); }

    // Opens the stores on their threads and waits for them. An error (e.g. a database from a
    // newer version) leaves the service stopped.
    StoreResult<Done> start();
    // Finishes every queued job, then stops the threads.
    void stop();

    template<typename T>
    void write(QObject *context, std::function<StoreResult<T>(Store &)> work,
        std::function<void(StoreResult<T>)> done)
    {
        enqueueWrite(
            std::make_shared<TypedStorageJob<T>>(context, std::move(work), std::move(done)));
    }

    // As write(), for work that locks conversation rows (appends, routing changes, receipts):
    // `conversations` names them, so the group takes every row it needs up front in one order.
    template<typename T>
    void writeLocking(QObject *context, LockedConversations conversations,
        std::function<StoreResult<T>(Store &)> work, std::function<void(StoreResult<T>)> done)
    {
        auto job = std::make_shared<TypedStorageJob<T>>(context, std::move(work), std::move(done));
        job->setConversationsToLock(std::move(conversations));
        enqueueWrite(std::move(job));
    }
    template<typename T>
    void writeLocking(QObject *context, const QString &conversationId,
        std::function<StoreResult<T>(Store &)> work, std::function<void(StoreResult<T>)> done)
    {
        writeLocking<T>(
            context, [conversationId] { return QStringList { conversationId }; }, std::move(work),
            std::move(done));
    }

    template<typename T>
    void read(QObject *context, std::function<StoreResult<T>(Store &)> work,
        std::function<void(StoreResult<T>)> done)
    {
        enqueueRead(
            std::make_shared<TypedStorageJob<T>>(context, std::move(work), std::move(done)));
    }

    // Appends an audit entry on the writer thread, in the next group commit, without waiting
    // for it (fire-and-forget); a failure is logged there. Any thread may call it.
    void appendAudit(AuditEntry entry);

    // Told how long each read, each write job and each group commit took, on the storage
    // threads (so it must be thread-safe, as metrics are). Set before start().
    enum class Operation { Read, Write, Commit };
    using QueryObserver = std::function<void(Operation, double seconds)>;
    void setQueryObserver(QueryObserver observer) { m_queryObserver = std::move(observer); }
    // Told the SQLSTATE each time a whole group transaction is run again (40001, 40P01), on
    // the storage thread. Set before start().
    using RetryObserver = std::function<void(const QString &sqlState)>;
    void setRetryObserver(RetryObserver observer) { m_retryObserver = std::move(observer); }
    // Group transactions run again after a serialization failure or deadlock.
    quint64 transactionRetries() const { return m_retries.load(std::memory_order_relaxed); }

    // Whether the last commit (or probe) succeeded; drives /readyz.
    bool isWritable() const { return m_writable.load(std::memory_order_relaxed); }
    QString lastError() const;
    // Writes waiting for the next commit (a gauge for /metrics).
    int pendingWrites() const;
    // Group commits that succeeded since the service was made; against the number of writes
    // it shows how well writes are batched.
    quint64 commitCount() const;

Q_SIGNALS:
    void writableChanged(bool writable);

private:
    void enqueueWrite(std::shared_ptr<StorageJob> job);
    void enqueueRead(std::shared_ptr<StorageJob> job);
    void setWritable(bool writable, const QString &error);
    void noteRetry(const QString &sqlState);
    void notePoolWait(double seconds);
    void notePoolAcquire();
    void notePoolRelease();

    friend class StorageWorker;
    QueryObserver m_queryObserver;
    RetryObserver m_retryObserver;
    std::atomic<quint64> m_retries { 0 };
    StoreFactory m_factory;
    std::unique_ptr<StorageWorker> m_writer;
    std::vector<std::unique_ptr<StorageWorker>> m_readers; // share one queue
    std::unique_ptr<WalCheckpointer> m_checkpointer; // SQLite only
    QString m_readerName;
    QString m_checkpointName;
    PoolObserver m_poolObserver;
    std::atomic<int> m_busy { 0 };
    std::atomic<bool> m_writable { true };
    mutable QMutex m_errorLock;
    QString m_lastError;
};

} // namespace switchboard::server
