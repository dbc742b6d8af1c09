#include "storageservice.h"

#include "storageworker.h"
#include "walcheckpointer.h"

#include <QMutexLocker>
#include <switchboard/logging.h>

using namespace Qt::StringLiterals;

namespace switchboard::server {

namespace {

StorageError notRunning()
{
    return StorageError { StorageError::Kind::Unavailable, u"storage is not running"_s, QString() };
}

} // namespace

StorageService::StorageService(StoreFactory factory, QObject *parent)
    : QObject(parent)
    , m_factory(std::move(factory))
{
    // QSqlDatabase connection names are process-wide; several services (tests, an embedded
    // server restarted by the console) must not take each other's connections.
    static std::atomic<int> instances { 0 };
    const int instance = instances.fetch_add(1, std::memory_order_relaxed);
    const QString suffix = instance == 0 ? QString() : u"-%1"_s.arg(instance + 1);
    m_writer = std::make_unique<StorageWorker>(
        *this, StorageWorker::Role::Writer, u"switchboard-writer"_s + suffix);
    m_readerName = u"switchboard-reader"_s + suffix;
    m_readers.push_back(
        std::make_unique<StorageWorker>(*this, StorageWorker::Role::Reader, m_readerName));
    m_checkpointName = u"switchboard-checkpoint"_s + suffix;
    m_checkpointer = std::make_unique<WalCheckpointer>();
}

StorageService::~StorageService()
{
    stop();
}

StoreResult<Done> StorageService::start()
{
    // The writer opens first: it creates and migrates the file before the reader looks at it.
    if (auto started = m_writer->start(m_factory); !started) {
        setWritable(false, started.error().message);
        return started;
    }
    for (const auto &reader : m_readers) {
        if (auto started = reader->start(m_factory); !started) {
            m_writer->requestStop();
            for (const auto &other : m_readers)
                other->requestStop();
            m_writer->wait();
            for (const auto &other : m_readers)
                other->wait();
            setWritable(false, started.error().message);
            return started;
        }
    }
    // Once another connection checkpoints, the writer's commits stop doing it themselves.
    if (m_checkpointer->start(m_factory, m_checkpointName)) {
        enqueueWrite(std::make_shared<TypedStorageJob<Done>>(
            nullptr,
            [](Store &store) -> StoreResult<Done> {
                store.leaveCheckpointsToOthers();
                return Done {};
            },
            nullptr));
    }
    setWritable(true, QString());
    return Done {};
}

void StorageService::stop()
{
    // Both drain in parallel; every queued job is delivered before the threads end.
    m_writer->requestStop();
    for (const auto &reader : m_readers)
        reader->requestStop();
    m_writer->wait();
    for (const auto &reader : m_readers)
        reader->wait();
    m_checkpointer->stop();
}

void StorageService::enqueueWrite(std::shared_ptr<StorageJob> job)
{
    if (!m_writer->enqueue(job)) {
        job->fail(notRunning());
        deliverOutcome(job);
    }
}

void StorageService::enqueueRead(std::shared_ptr<StorageJob> job)
{
    // Any reader takes it: they share one queue.
    if (!m_readers.front()->enqueue(job)) {
        job->fail(notRunning());
        deliverOutcome(job);
    }
}

void StorageService::appendAudit(AuditEntry entry)
{
    // No caller waits: the outcome is checked on the writer thread itself.
    enqueueWrite(std::make_shared<TypedStorageJob<Done>>(
        nullptr,
        [entry = std::move(entry)](Store &store) -> StoreResult<Done> {
            const auto stored = store.appendAudit(entry);
            if (!stored) {
                qCWarning(lcStore).noquote()
                    << "audit entry" << entry.action << "not recorded:" << stored.error().message;
                return unexpected(stored.error());
            }
            return Done {};
        },
        nullptr));
}

QString StorageService::lastError() const
{
    const QMutexLocker locker(&m_errorLock);
    return m_lastError;
}

int StorageService::pendingWrites() const
{
    return m_writer->queued();
}

quint64 StorageService::commitCount() const
{
    return m_writer->commits();
}

void StorageService::setReaderCount(int readers)
{
    const auto queue = m_readers.front()->sharedQueue();
    while (int(m_readers.size()) < std::max(1, readers)) {
        m_readers.push_back(std::make_unique<StorageWorker>(*this, StorageWorker::Role::Reader,
            m_readerName + u"-%1"_s.arg(m_readers.size() + 1), queue));
    }
}

int StorageService::waitingReads() const
{
    return m_readers.front()->queued();
}

void StorageService::notePoolWait(double seconds)
{
    if (m_poolObserver)
        m_poolObserver(seconds, m_busy.load(std::memory_order_relaxed));
}

void StorageService::notePoolAcquire()
{
    const int busy = m_busy.fetch_add(1, std::memory_order_relaxed) + 1;
    if (m_poolObserver)
        m_poolObserver(-1.0, busy);
}

void StorageService::notePoolRelease()
{
    const int busy = m_busy.fetch_sub(1, std::memory_order_relaxed) - 1;
    if (m_poolObserver)
        m_poolObserver(-1.0, busy);
}

void StorageService::noteRetry(const QString &sqlState)
{
    m_retries.fetch_add(1, std::memory_order_relaxed);
    qCInfo(lcStore).noquote() << "running a group transaction again after SQLSTATE" << sqlState;
    if (m_retryObserver)
        m_retryObserver(sqlState);
}

// Called on the writer thread; receivers in other threads get writableChanged queued.
void StorageService::setWritable(bool writable, const QString &error)
{
    if (!writable) {
        const QMutexLocker locker(&m_errorLock);
        m_lastError = error;
    }
    if (m_writable.exchange(writable, std::memory_order_relaxed) == writable)
        return;
    if (writable)
        qCInfo(lcStore) << "storage accepts writes again";
    else
        qCWarning(lcStore).noquote() << "storage cannot write:" << error;
    Q_EMIT writableChanged(writable);
}

} // namespace switchboard::server
