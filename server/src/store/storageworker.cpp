#include "storageworker.h"

#include "grouplockorder.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QMutexLocker>
#include <QThread>
#include <algorithm>
#include <future>
#include <iterator>
#include <switchboard/logging.h>

using namespace Qt::StringLiterals;

namespace switchboard::server {

StorageWorker::StorageWorker(
    StorageService &service, Role role, QString connectionName, std::shared_ptr<JobQueue> queue)
    : m_service(service)
    , m_role(role)
    , m_connectionName(std::move(connectionName))
    , m_jobs(queue ? std::move(queue) : std::make_shared<JobQueue>())
{
}

StorageWorker::~StorageWorker()
{
    requestStop();
    wait();
}

StoreResult<Done> StorageWorker::start(const StorageService::StoreFactory &factory)
{
    if (m_thread)
        return Done {};
    {
        const QMutexLocker locker(&m_jobs->lock);
        m_jobs->stopping = false;
    }

    // Shared: the thread may still be inside set_value() when start() returns.
    auto opened = std::make_shared<std::promise<StoreResult<Done>>>();
    std::future<StoreResult<Done>> outcome = opened->get_future();
    // The Store is made, opened, used and destroyed on this one thread: a QSqlDatabase
    // connection must not cross threads.
    m_thread.reset(QThread::create([this, factory, opened] {
        std::unique_ptr<Store> store = factory ? factory(m_connectionName) : nullptr;
        if (!store) {
            opened->set_value(unexpected(StorageError { StorageError::Kind::Invalid,
                u"no store was made for %1"_s.arg(m_connectionName) }));
            return;
        }
        StoreResult<Done> result = store->open();
        const bool ok = result.hasValue();
        opened->set_value(std::move(result));
        if (!ok)
            return;
        loop(*store);
        store->close();
    }));
    m_thread->setObjectName(m_connectionName);
    m_thread->start();

    StoreResult<Done> result = outcome.get();
    if (!result) {
        m_thread->wait();
        m_thread.reset();
        return result;
    }
    const QMutexLocker locker(&m_jobs->lock);
    m_jobs->accepting = true;
    return result;
}

void StorageWorker::requestStop()
{
    const QMutexLocker locker(&m_jobs->lock);
    m_jobs->accepting = false;
    m_jobs->stopping = true;
    m_jobs->wake.wakeAll();
}

void StorageWorker::wait()
{
    if (!m_thread)
        return;
    m_thread->wait();
    m_thread.reset();
}

bool StorageWorker::enqueue(const std::shared_ptr<StorageJob> &job)
{
    const QMutexLocker locker(&m_jobs->lock);
    if (!m_jobs->accepting)
        return false;
    m_jobs->jobs.push_back({ job, std::chrono::steady_clock::now() });
    m_jobs->wake.wakeOne();
    return true;
}

int StorageWorker::queued() const
{
    const QMutexLocker locker(&m_jobs->lock);
    return int(m_jobs->jobs.size());
}

void StorageWorker::loop(Store &store)
{
    std::vector<std::shared_ptr<StorageJob>> batch;
    if (m_role == Role::Writer)
        catchUpSearchIndex(store); // what an earlier run committed but did not index
    for (;;) {
        bool probeDue = false;
        bool indexDue = false;
        {
            QMutexLocker locker(&m_jobs->lock);
            while (m_jobs->jobs.empty() && !m_jobs->stopping) {
                if (m_role == Role::Reader) {
                    m_jobs->wake.wait(&m_jobs->lock);
                    continue;
                }
                if (m_searchIndexBehind && m_service.isWritable()) {
                    // Idle with messages not yet searchable: index them soon, not in 15 s.
                    // (While writes fail, the probe below runs instead, so /readyz recovers.)
                    if (!m_jobs->wake.wait(&m_jobs->lock, QDeadlineTimer(searchIndexInterval))
                        && m_jobs->jobs.empty() && !m_jobs->stopping) {
                        indexDue = true;
                        break;
                    }
                    continue;
                }
                const auto idle
                    = m_service.isWritable() ? healthyProbeInterval : failedProbeInterval;
                if (!m_jobs->wake.wait(&m_jobs->lock, QDeadlineTimer(idle)) && m_jobs->jobs.empty()
                    && !m_jobs->stopping) {
                    probeDue = true;
                    break;
                }
            }
            if (!probeDue && !indexDue) {
                if (m_jobs->jobs.empty()) {
                    locker.unlock();
                    if (m_role == Role::Writer)
                        catchUpSearchIndex(store); // searchable at once after a restart
                    return; // stopping, and everything queued has been delivered
                }
                // Everything that queued up while the last commit ran goes into this one.
                takeBatch(m_role == Role::Writer ? std::min(m_jobs->jobs.size(), maxGroupSize) : 1,
                    batch);
            }
        }

        if (probeDue) {
            probe(store);
        } else if (indexDue) {
            catchUpSearchIndex(store);
        } else if (m_role == Role::Writer) {
            runGroup(store, batch);
            if (m_searchIndexBehind && m_sinceSearchIndex.hasExpired(searchIndexInterval.count()))
                catchUpSearchIndex(store);
        } else {
            for (const auto &job : batch) {
                QElapsedTimer clock;
                clock.start();
                job->run(store);
                observe(StorageService::Operation::Read, clock);
            }
            deliverOutcomes(batch);
        }
        if (!probeDue && !indexDue)
            m_service.notePoolRelease();
        batch.clear();
    }
}

// Indexing in batches after the commits keeps the full-text index out of the transactions
// that acks wait for: one FTS5 insert of a few thousand rows costs far less than a few
// thousand inserts spread over as many group commits.
void StorageWorker::catchUpSearchIndex(Store &store)
{
    m_sinceSearchIndex.start();
    const auto added = store.catchUpSearchIndex(maxSearchIndexBatch);
    if (!added) {
        if (!m_searchIndexFailing) { // once per failure streak, not every 200 ms
            qCWarning(lcStore).noquote()
                << "search index not brought up to date:" << added.error().message;
        }
        m_searchIndexFailing = true;
        m_searchIndexBehind = true; // try again after the interval
        return;
    }
    m_searchIndexFailing = false;
    // A full batch may have left more behind.
    m_searchIndexBehind = *added >= maxSearchIndexBatch;
}

// Called with the queue locked.
void StorageWorker::takeBatch(std::size_t take, std::vector<std::shared_ptr<StorageJob>> &batch)
{
    const auto now = std::chrono::steady_clock::now();
    const auto end = m_jobs->jobs.begin() + std::ptrdiff_t(take);
    for (auto entry = m_jobs->jobs.begin(); entry != end; ++entry) {
        batch.push_back(std::move(entry->job));
        const double waited = std::chrono::duration<double>(now - entry->queuedAt).count();
        m_service.notePoolWait(waited);
    }
    m_jobs->jobs.erase(m_jobs->jobs.begin(), end);
    m_service.notePoolAcquire();
}

void StorageWorker::runGroup(Store &store, const std::vector<std::shared_ptr<StorageJob>> &group)
{
    QElapsedTimer groupClock;
    groupClock.start();
    // Jobs rarely fail, so a group first runs without a savepoint per job (two statements
    // each); only when one does fail is the group run again with them.
    bool isolateJobs = false;
    const QStringList lockOrder = groupLockOrder(group);
    // A serialization failure or deadlock (PostgreSQL) undid the whole transaction: every job
    // of the group runs again, as the store's retry policy says.
    const auto failed = retryTransaction(
        store.retryPolicy(),
        [&]() -> std::optional<StorageError> {
            GroupOutcome outcome = runGroupOnce(store, group, lockOrder, isolateJobs);
            if (outcome.jobFailed && !isolateJobs) {
                isolateJobs = true; // not a retry: the same attempt, with savepoints
                outcome = runGroupOnce(store, group, lockOrder, isolateJobs);
            }
            return outcome.error;
        },
        [this](const StorageError &error, int) { m_service.noteRetry(error.sqlState); });
    if (!failed) {
        m_commits.fetch_add(1, std::memory_order_relaxed);
        m_service.setWritable(true, QString());
    } else {
        // Nothing of this group is durable, whatever each job's own outcome was.
        const StorageError error { StorageError::Kind::Unavailable, failed->message,
            failed->sqlState };
        for (const auto &job : group)
            job->fail(error);
        m_service.setWritable(false, error.message);
    }
    observe(StorageService::Operation::Commit, groupClock);
    m_searchIndexBehind = true;

    // Ack = committed: outcomes leave only now, in the order the jobs came.
    deliverOutcomes(group);
}

StorageWorker::GroupOutcome StorageWorker::runGroupOnce(Store &store,
    const std::vector<std::shared_ptr<StorageJob>> &group, const QStringList &lockOrder,
    bool isolateJobs)
{
    if (auto begun = store.begin(); !begun) {
        store.rollback();
        return { begun.error(), false };
    }
    if (auto locked = store.lockConversations(lockOrder); !locked) {
        store.rollback();
        return { locked.error(), false };
    }
    for (const auto &job : group) {
        if (isolateJobs) {
            if (auto saved = store.savepoint(); !saved) {
                job->fail(saved.error());
                continue;
            }
        }
        QElapsedTimer jobClock;
        jobClock.start();
        const bool ran = job->run(store);
        observe(StorageService::Operation::Write, jobClock);
        if (!isolateJobs) {
            if (ran)
                continue;
            store.rollback();
            // A deadlock or serialization failure undid the whole transaction: retried whole.
            if (const StorageError *failed = job->failure();
                failed && isRetryableState(failed->sqlState))
                return { *failed, false };
            // What this job half-wrote cannot be undone alone: start over with savepoints.
            return { std::nullopt, true };
        }
        if (!ran) {
            store.rollbackToSavepoint(); // undo this job only; its neighbours stay
            continue;
        }
        if (auto released = store.releaseSavepoint(); !released) {
            store.rollbackToSavepoint();
            job->fail(released.error());
        }
    }
    if (auto committed = store.commit(); !committed) {
        store.rollback();
        return { committed.error(), false };
    }
    return { std::nullopt, false };
}

void StorageWorker::observe(StorageService::Operation operation, const QElapsedTimer &clock) const
{
    if (m_service.m_queryObserver)
        m_service.m_queryObserver(operation, double(clock.nsecsElapsed()) / 1e9);
}

void StorageWorker::probe(Store &store)
{
    const auto probed = store.probeWrite();
    if (probed)
        m_service.setWritable(true, QString());
    else
        m_service.setWritable(false, probed.error().message);
}

void deliverOutcomes(const std::vector<std::shared_ptr<StorageJob>> &jobs)
{
    // Usually one context (the router) for the whole list; order is kept within each.
    std::vector<std::pair<QPointer<QObject>, std::vector<std::shared_ptr<StorageJob>>>> byContext;
    for (const auto &job : jobs) {
        QObject *context = job->context();
        if (!context)
            continue; // nobody waits for this outcome
        auto entry = std::find_if(byContext.begin(), byContext.end(),
            [context](const auto &candidate) { return candidate.first == context; });
        if (entry == byContext.end()) {
            byContext.emplace_back(context, std::vector<std::shared_ptr<StorageJob>> {});
            entry = std::prev(byContext.end());
        }
        entry->second.push_back(job);
    }
    for (auto &[context, outcomes] : byContext) {
        QMetaObject::invokeMethod(
            context.data(),
            [outcomes = std::move(outcomes)] {
                for (const auto &job : outcomes)
                    job->complete();
            },
            Qt::QueuedConnection);
    }
}

} // namespace switchboard::server
