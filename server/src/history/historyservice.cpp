#include "historyservice.h"

#include <switchboard/logging.h>

using namespace Qt::StringLiterals;

namespace switchboard::server {

HistoryService::HistoryService(QString databasePath, int busyTimeoutMs, QObject *parent)
    : HistoryService(
        [databasePath, busyTimeoutMs](const QString &connectionName) {
            return std::make_unique<HistoryDatabase>(databasePath, connectionName, busyTimeoutMs);
        },
        parent)
{
}

HistoryService::HistoryService(DatabaseFactory makeDatabase, QObject *parent)
    : QObject(parent)
    , m_makeDatabase(std::move(makeDatabase))
{
    m_thread.setObjectName(u"history"_s);
}

HistoryService::~HistoryService()
{
    stop();
}

HistoryResult<Done> HistoryService::start()
{
    if (m_running)
        return Done {};
    m_worker = std::make_unique<QObject>();
    m_worker->moveToThread(&m_thread);
    m_thread.start();
    HistoryResult<Done> opened = Done {};
    QMetaObject::invokeMethod(
        m_worker.get(),
        [this, &opened] {
            m_database
                = m_makeDatabase(u"switchboard-history"_s + QString::number(quintptr(this), 16));
            opened = m_database->open();
        },
        Qt::BlockingQueuedConnection);
    if (!opened) {
        stop();
        return opened;
    }
    m_running = true;
    return Done {};
}

void HistoryService::stop()
{
    if (!m_thread.isRunning()) {
        m_worker.reset();
        return;
    }
    // Everything queued before runs first; the connection closes on its own thread.
    QMetaObject::invokeMethod(
        m_worker.get(),
        [this] {
            m_retention.reset();
            m_database.reset();
            m_worker->moveToThread(nullptr);
        },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    m_worker.reset();
    m_running = false;
}

void HistoryService::startRetention(RetentionSettings settings, metrics::ServerMetrics *metrics,
    RetentionScheduler::AuditSink audit, int firstDelayMs)
{
    if (!m_running || !settings.enabled())
        return;
    QMetaObject::invokeMethod(
        m_worker.get(),
        [this, settings, metrics, audit = std::move(audit), firstDelayMs]() mutable {
            m_retention = std::make_unique<RetentionScheduler>(
                *m_database, settings, metrics, std::move(audit));
            m_retention->start(firstDelayMs);
            qCInfo(lcHistory).noquote()
                << "retention: deleting closed conversations after" << settings.deleteDays
                << "days, redacting customers after" << settings.redactDays
                << "days (0 = off); first run in" << firstDelayMs / 1000 << "s";
        },
        Qt::QueuedConnection);
}

void HistoryService::post(std::function<void(HistoryDatabase &)> work)
{
    if (!m_worker)
        return;
    QMetaObject::invokeMethod(
        m_worker.get(),
        [this, work = std::move(work)] {
            if (m_database)
                work(*m_database);
        },
        Qt::QueuedConnection);
}

} // namespace switchboard::server
