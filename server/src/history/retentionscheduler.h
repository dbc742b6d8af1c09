#pragma once

#include "retentionsweeper.h"
#include "store/records.h"

#include <QObject>
#include <QTimer>
#include <functional>

namespace switchboard::server {

namespace metrics {
struct ServerMetrics;
}

struct RetentionSettings {
    int deleteDays = 0; // 0: off
    int redactDays = 0; // 0: off
    bool enabled() const { return deleteDays > 0 || redactDays > 0; }
};

// Runs retention once a short while after start-up and then every 24 hours, on the thread it
// lives on (the history thread). Each run is logged (counts only), counted in metrics and
// recorded in the audit log as retention_delete / retention_redact by actor "system".
class RetentionScheduler final : public QObject {
    Q_OBJECT

public:
    using AuditSink = std::function<void(AuditEntry)>;

    RetentionScheduler(HistoryDatabase &database, RetentionSettings settings,
        metrics::ServerMetrics *metrics, AuditSink audit, QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(RetentionScheduler)

    // The first run after `firstDelayMs`, then every `intervalMs`.
    void start(int firstDelayMs, qint64 intervalMs = 24LL * 60 * 60 * 1000);

    // One run, as the scheduler and `switchboard-server retention --run-now` do it; `actor`
    // goes into the audit entries. `metrics` may be null.
    static HistoryResult<RetentionCounts> runOnce(HistoryDatabase &database,
        const RetentionSettings &settings, qint64 nowMs, metrics::ServerMetrics *metrics,
        const AuditSink &audit, const QString &actor = QStringLiteral("system"));

Q_SIGNALS:
    void ran(qint64 deletedConversations, qint64 redactedCustomers);

private:
    void runNow();

    HistoryDatabase &m_database;
    RetentionSettings m_settings;
    metrics::ServerMetrics *m_metrics;
    AuditSink m_audit;
    QTimer m_timer { this };
    qint64 m_intervalMs = 0;
};

} // namespace switchboard::server
