#include "storageservice.h"

#include "storageworker.h"

#include <QMutexLocker>
#include <switchboard/logging.h>

namespace switchboard::server {

namespace {

StorageError notRunning()
{
    return StorageError { StorageError::Kind::Unavailable, QStringLiteral("storage is not running"),
        QString() };
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
    const QString suffix = instance == 0 ? QString() : QStringLiteral("-%1").arg(instance + 1);
    m_writer = std::make_unique<StorageWorker>(
        *this, StorageWorker::Role::Writer, QStringLiteral("switchboard-writer") + suffix);
    m_reader = std::make_unique<StorageWorker>(
        *this, StorageWorker::Role::Reader, QStringLiteral("switchboard-reader") + suffix);
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
    if (auto started = m_reader->start(m_factory); !started) {
        m_writer->requestStop();
        m_writer->wait();
        setWritable(false, started.error().message);
        return started;
    }
    setWritable(true, QString());
    return Done {};
}

void StorageService::stop()
{
    // Both drain in parallel; every queued job is delivered before the threads end.
    m_writer->requestStop();
    m_reader->requestStop();
    m_writer->wait();
    m_reader->wait();
}

void StorageService::enqueueWrite(std::shared_ptr<StorageJob> job)
{
    if (!m_writer->enqueue(job)) {
        job->fail(notRunning());
        job->deliver();
    }
}

void StorageService::enqueueRead(std::shared_ptr<StorageJob> job)
{
    if (!m_reader->enqueue(job)) {
        job->fail(notRunning());
        job->deliver();
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
