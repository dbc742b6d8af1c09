#pragma once

#include "historydatabase.h"
#include "retentionscheduler.h"

#include <QObject>
#include <QPointer>
#include <QThread>
#include <functional>
#include <memory>

namespace switchboard::server {

// The history thread: exports, reports and retention run here on the module's own database
// connection (SQLite or PostgreSQL, as the node's store), so a long export or a year of reports
// never sits in front of the storage reader that answers `sync` and `history` for live
// conversations, and never on the router's loop. Work is queued in order; each outcome comes back
// as a queued call on the caller's context.
class HistoryService final : public QObject {
    Q_OBJECT

public:
    // Makes the connection, given a connection name; called on the history thread.
    using DatabaseFactory
        = std::function<std::unique_ptr<HistoryDatabase>(const QString &connectionName)>;

    HistoryService(QString databasePath, int busyTimeoutMs, QObject *parent = nullptr);
    explicit HistoryService(DatabaseFactory makeDatabase, QObject *parent = nullptr);
    ~HistoryService() override;
    Q_DISABLE_COPY_MOVE(HistoryService)

    // Starts the thread and opens the connection there; the database must exist (migrated).
    HistoryResult<Done> start();
    // Finishes queued work, closes the connection and joins the thread.
    void stop();

    template<typename T>
    void run(
        QObject *context, std::function<T(HistoryDatabase &)> work, std::function<void(T)> done)
    {
        QPointer<QObject> target(context);
        post([target, work = std::move(work), done = std::move(done)](HistoryDatabase &database) {
            T result = work(database);
            if (!target)
                return;
            QMetaObject::invokeMethod(
                target.data(), [done, result = std::move(result)]() mutable { done(result); },
                Qt::QueuedConnection);
        });
    }

    // Schedules retention on the history thread: the first run after `firstDelayMs`, then
    // daily. Nothing is scheduled when both settings are 0. Call after start().
    void startRetention(RetentionSettings settings, metrics::ServerMetrics *metrics,
        RetentionScheduler::AuditSink audit, int firstDelayMs);

private:
    void post(std::function<void(HistoryDatabase &)> work);

    DatabaseFactory m_makeDatabase;
    QThread m_thread;
    std::unique_ptr<QObject> m_worker; // lives on m_thread
    std::unique_ptr<HistoryDatabase> m_database; // used on m_thread only
    std::unique_ptr<RetentionScheduler> m_retention; // lives and dies on m_thread
    bool m_running = false;
};

} // namespace switchboard::server
