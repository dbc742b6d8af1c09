#pragma once

#include "store.h"

#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <functional>
#include <memory>

namespace switchboard::server {

// One unit of storage work, type-erased so writer and reader threads can queue any of them.
// run() executes on the storage thread; deliver() posts the outcome to the caller's thread.
class StorageJob {
public:
    virtual ~StorageJob() = default;
    // Returns false when the work failed and its savepoint must be rolled back.
    virtual bool run(Store &store) = 0;
    // Overrides the outcome, e.g. when the group's commit failed after run() succeeded.
    virtual void fail(const StorageError &error) = 0;
    virtual void deliver() = 0;
};

template<typename T>
class TypedStorageJob final : public StorageJob,
                              public std::enable_shared_from_this<TypedStorageJob<T>> {
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

    void deliver() override
    {
        if (!m_context || !m_done)
            return; // the caller is gone; nobody waits for this outcome
        auto self = this->shared_from_this();
        QMetaObject::invokeMethod(
            m_context.data(), [self] { self->m_done(std::move(*self->m_result)); },
            Qt::QueuedConnection);
    }

private:
    QPointer<QObject> m_context;
    Work m_work;
    Done m_done;
    std::unique_ptr<StoreResult<T>> m_result;
};

} // namespace switchboard::server
