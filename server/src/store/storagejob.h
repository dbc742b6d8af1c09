#pragma once

#include "store.h"

#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <functional>
#include <memory>
#include <vector>

namespace switchboard::server {

// One unit of storage work, type-erased so writer and reader threads can queue any of them.
// run() executes on the storage thread (possibly more than once, when its group is run again);
// complete() hands the outcome over on the caller's thread, the one context() lives on.
class StorageJob {
public:
    virtual ~StorageJob() = default;
    // Returns false when the work failed and what it wrote must be undone.
    virtual bool run(Store &store) = 0;
    // Overrides the outcome, e.g. when the group's commit failed after run() succeeded.
    virtual void fail(const StorageError &error) = 0;
    // Why the last run() failed; nullptr when it did not.
    virtual const StorageError *failure() const = 0;
    // The object whose thread takes the outcome; nullptr when nobody waits for it.
    virtual QObject *context() const = 0;
    virtual void complete() = 0;
    // The conversations whose rows run() locks, asked once on the writer before the first run:
    // the group's transaction locks them all first, in id order (Store::lockConversations).
    virtual QStringList conversationsToLock() { return {}; }
};

// What a write job will lock, asked on the writer thread just before its group runs (so a job
// that gathers its work late, like the receipt batch, can name what it gathered).
using LockedConversations = std::function<QStringList()>;

// Hands each job's outcome to its context's thread, in order: one queued call per context for
// the whole list, so a group commit of many acks wakes the router once, not once per job.
void deliverOutcomes(const std::vector<std::shared_ptr<StorageJob>> &jobs);
inline void deliverOutcome(const std::shared_ptr<StorageJob> &job)
{
    deliverOutcomes({ job });
}

template<typename T> class TypedStorageJob final : public StorageJob {
public:
    using Work = std::function<StoreResult<T>(Store &)>;
    using Done = std::function<void(StoreResult<T>)>;

    TypedStorageJob(QObject *context, Work work, Done done)
        : m_context(context)
        , m_work(std::move(work))
        , m_done(std::move(done))
    {
    }

    bool run(Store &store) override
    {
        m_result = std::make_unique<StoreResult<T>>(m_work(store));
        return m_result->hasValue();
    }

    void fail(const StorageError &error) override
    {
        m_result = std::make_unique<StoreResult<T>>(unexpected(error));
    }

    const StorageError *failure() const override
    {
        return m_result && !m_result->hasValue() ? &m_result->error() : nullptr;
    }

    QObject *context() const override { return m_done ? m_context.data() : nullptr; }

    void setConversationsToLock(LockedConversations locks) { m_locks = std::move(locks); }
    QStringList conversationsToLock() override { return m_locks ? m_locks() : QStringList(); }

    void complete() override
    {
        if (m_done && m_result)
            m_done(std::move(*m_result));
    }

private:
    QPointer<QObject> m_context;
    Work m_work;
    Done m_done;
    std::unique_ptr<StoreResult<T>> m_result;
    LockedConversations m_locks;
};

} // namespace switchboard::server
