#include "retentionscheduler.h"

#include "metrics/metrics.h"

#include <QJsonObject>
#include <switchboard/logging.h>
#include <switchboard/timeformat.h>

using namespace Qt::StringLiterals;

namespace switchboard::server {

namespace {

constexpr qint64 dayMs = 24LL * 60 * 60 * 1000;

AuditEntry retentionEntry(
    qint64 nowMs, const QString &actor, const QString &action, QJsonObject detail)
{
    AuditEntry entry;
    entry.timestampMs = nowMs;
    entry.actor = actor;
    entry.actorRole = actor;
    entry.action = action;
    entry.detail = std::move(detail);
    return entry;
}

} // namespace

RetentionScheduler::RetentionScheduler(HistoryDatabase &database, RetentionSettings settings,
    metrics::ServerMetrics *metrics, AuditSink audit, QObject *parent)
    : QObject(parent)
    , m_database(database)
    , m_settings(settings)
    , m_metrics(metrics)
    , m_audit(std::move(audit))
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::VeryCoarseTimer);
    connect(&m_timer, &QTimer::timeout, this, &RetentionScheduler::runNow);
}

void RetentionScheduler::start(int firstDelayMs, qint64 intervalMs)
{
    m_intervalMs = intervalMs;
    if (!m_settings.enabled())
        return;
    m_timer.start(firstDelayMs);
}

void RetentionScheduler::runNow()
{
    const auto counts = runOnce(m_database, m_settings, nowMs(), m_metrics, m_audit);
    // A failed run (say the database stayed locked) is tried again in an hour, not a day.
    m_timer.start(int(std::min<qint64>(counts ? m_intervalMs : dayMs / 24, INT_MAX)));
    if (counts)
        Q_EMIT ran(counts->deletedConversations, counts->redactedCustomers);
}

HistoryResult<RetentionCounts> RetentionScheduler::runOnce(HistoryDatabase &database,
    const RetentionSettings &settings, qint64 nowMs, metrics::ServerMetrics *metrics,
    const AuditSink &audit, const QString &actor)
{
    RetentionSweeper sweeper(database);
    RetentionCounts total;
    // Redaction first: a customer whose last conversation is deleted in this run is still
    // found (and blanked) while the conversation exists.
    if (settings.redactDays > 0) {
        auto redacted = sweeper.redactClosedBefore(nowMs - settings.redactDays * dayMs);
        if (!redacted) {
            qCWarning(lcHistory).noquote()
                << "retention: redacting customers failed:" << redacted.error().message;
            return redacted;
        }
        total.redactedCustomers = redacted->redactedCustomers;
        if (audit)
            audit(retentionEntry(nowMs, actor, u"retention_redact"_s,
                { { u"customers"_s, total.redactedCustomers },
                    { u"older_than_days"_s, settings.redactDays } }));
    }
    if (settings.deleteDays > 0) {
        auto deleted = sweeper.deleteClosedBefore(nowMs - settings.deleteDays * dayMs);
        if (!deleted) {
            qCWarning(lcHistory).noquote()
                << "retention: deleting old conversations failed:" << deleted.error().message;
            return deleted;
        }
        total.deletedConversations = deleted->deletedConversations;
        total.deletedMessages = deleted->deletedMessages;
        if (audit)
            audit(retentionEntry(nowMs, actor, u"retention_delete"_s,
                { { u"conversations"_s, total.deletedConversations },
                    { u"messages"_s, total.deletedMessages },
                    { u"older_than_days"_s, settings.deleteDays } }));
    }
    if (metrics) {
        metrics->retentionRuns.inc();
        metrics->retentionDeletedConversations.inc(quint64(total.deletedConversations));
        metrics->retentionRedactedCustomers.inc(quint64(total.redactedCustomers));
    }
    qCInfo(lcHistory).noquote() << "retention run: deleted" << total.deletedConversations
                                << "conversations and" << total.deletedMessages
                                << "messages, redacted" << total.redactedCustomers << "customers";
    return total;
}

} // namespace switchboard::server
