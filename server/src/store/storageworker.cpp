#include "storageworker.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QMutexLocker>
#include <QThread>
#include <algorithm>
#include <future>
#include <iterator>
#include <switchboard/logging.h>

namespace switchboard::server {

StorageWorker::StorageWorker(StorageService &service, Role role, QString connectionName)
    : m_service(service)
    , m_role(role)
    , m_connectionName(std::move(connectionName))
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
        const QMutexLocker locker(&m_lock);
        m_stopping = false;
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
                QStringLiteral("no store was made for %1").arg(m_connectionName) }));
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
    const QMutexLocker locker(&m_lock);
    m_accepting = true;
    return result;
}

void StorageWorker::requestStop()
{
    const QMutexLocker locker(&m_lock);
    m_accepting = false;
    m_stopping = true;
    m_wake.wakeAll();
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
    const QMutexLocker locker(&m_lock);
    if (!m_accepting)
        return false;
    m_queue.push_back(job);
    m_wake.wakeOne();
    return true;
}

int StorageWorker::queued() const
{
    const QMutexLocker locker(&m_lock);
    return int(m_queue.size());
}

void StorageWorker::loop(Store &store)
{
    std::vector<std::shared_ptr<StorageJob>> batch;
    for (;;) {
        bool probeDue = false;
        {
            QMutexLocker locker(&m_lock);
            while (m_queue.empty() && !m_stopping) {
                if (m_role == Role::Reader) {
                    m_wake.wait(&m_lock);
                    continue;
                }
                const auto idle
                    = m_service.isWritable() ? healthyProbeInterval : failedProbeInterval;
                if (!m_wake.wait(&m_lock, QDeadlineTimer(idle)) && m_queue.empty() && !m_stopping) {
                    probeDue = true;
                    break;
                }
            }
            if (!probeDue) {
                if (m_queue.empty())
                    return; // stopping, and everything queued has been delivered
                // Everything that queued up while the last commit ran goes into this one.
                const std::size_t take
                    = m_role == Role::Writer ? std::min(m_queue.size(), maxGroupSize) : 1;
                const auto end = m_queue.begin() + std::ptrdiff_t(take);
                batch.assign(
                    std::make_move_iterator(m_queue.begin()), std::make_move_iterator(end));
                m_queue.erase(m_queue.begin(), end);
            }
        }

        if (probeDue) {
            probe(store);
        } else if (m_role == Role::Writer) {
            runGroup(store, batch);
        } else {
            for (const auto &job : batch) {
                QElapsedTimer clock;
                clock.start();
                job->run(store);
                observe(StorageService::Operation::Read, clock);
                job->deliver();
            }
        }
        batch.clear();
    }
}

void StorageWorker::runGroup(Store &store, const std::vector<std::shared_ptr<StorageJob>> &group)
{
    const auto failAll = [&](const StorageError &cause) {
        // Nothing of this group is durable, whatever each job's own outcome was.
        const StorageError error { StorageError::Kind::Unavailable, cause.message };
        for (const auto &job : group)
            job->fail(error);
        m_service.setWritable(false, error.message);
    };

    QElapsedTimer groupClock;
    groupClock.start();
    if (auto begun = store.begin(); !begun) {
        store.rollback();
        failAll(begun.error());
    } else {
        for (const auto &job : group) {
            if (auto saved = store.savepoint(); !saved) {
                job->fail(saved.error());
                continue;
            }
            QElapsedTimer jobClock;
            jobClock.start();
            const bool ran = job->run(store);
            observe(StorageService::Operation::Write, jobClock);
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
            failAll(committed.error());
        } else {
            m_commits.fetch_add(1, std::memory_order_relaxed);
            m_service.setWritable(true, QString());
        }
    }
    observe(StorageService::Operation::Commit, groupClock);

    // Ack = committed: outcomes leave only now, in the order the jobs came.
    for (const auto &job : group)
        job->deliver();
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

} // namespace switchboard::server
