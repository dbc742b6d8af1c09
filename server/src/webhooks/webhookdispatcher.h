#pragma once

#include "store/store.h"
#include "webhookevent.h"
#include "webhookoptions.h"
#include "webhooksigner.h"

#include <QObject>
#include <QSet>
#include <atomic>
#include <memory>
#include <switchboard/backoffpolicy.h>

class QNetworkAccessManager;
class QNetworkReply;
class QThread;
class QTimer;

namespace switchboard::server {

class StorageService;
namespace metrics {
struct ServerMetrics;
}

// Delivers conversation events to the shop's webhook URLs. publish() stores one outbox row per
// URL (so a restart loses nothing); the dispatcher's own thread POSTs due rows, signed by
// WebhookSigner. A 2xx deletes the row. A failure is retried after an exponential backoff
// with full jitter; after the last attempt the row moves to the dead letters, where
// `switchboard-server deadletters` lists, replays or purges it. Delivery is at least once:
// a row whose request was cut short by a stop or a crash is sent again, with the same
// X-Switchboard-Delivery id.
//
// Metrics: webhookDeliveries{delivered, failed, dead_lettered} per attempt, and the
// deadLetters gauge. Logs name the receiver's host, the status and the attempt, never a body.
class WebhookDispatcher final : public QObject {
    Q_OBJECT

public:
    // `storage` and `metrics` must outlive the dispatcher; storage must run while it does.
    WebhookDispatcher(
        WebhookOptions options, StorageService *storage, metrics::ServerMetrics *metrics);
    ~WebhookDispatcher() override;
    Q_DISABLE_COPY_MOVE(WebhookDispatcher)

    // Start and stop are called from the thread that made the dispatcher. start() moves it to
    // its own thread and sends whatever the outbox holds; stop() aborts requests in flight
    // (their rows stay due, attempts unchanged), ends the thread and brings the dispatcher
    // back to the caller's thread. Stop it before the storage service.
    void start();
    void stop();
    bool isRunning() const;

    // Any thread. Stores the event for every URL, then wakes the dispatcher. Does nothing
    // when no URL is configured.
    void publish(const WebhookEvent &event);
    // On a storage thread, inside the caller's transaction: the rows publish() would store,
    // for callers that want the event committed atomically with what caused it. Call
    // wake() after the commit.
    StoreResult<Done> enqueue(Store &store, const WebhookEvent &event, qint64 nowMs) const;
    // Any thread: look at the outbox now rather than at the next poll.
    void wake();

    bool isEnabled() const { return !m_options.urls.isEmpty(); }
    // Any thread; the alert engine reads it. Refreshed on every poll, so dead letters the CLI
    // replays or purges are noticed within pollIntervalMs.
    int deadLetterCount() const { return m_deadLetterCount.load(std::memory_order_relaxed); }

Q_SIGNALS:
    // Emitted on the dispatcher's thread when the count changes.
    void deadLetterCountChanged(int count);

private:
    // What one look at the outbox returns.
    struct OutboxView {
        QList<WebhookDelivery> rows; // due within the poll interval, earliest first
        qint64 deadLetters = 0;
    };

    void onStarted();
    void onStopping();
    void pump();
    void onRead(const StoreResult<OutboxView> &view);
    void send(const WebhookDelivery &delivery);
    void onReplied(QNetworkReply *reply, const WebhookDelivery &delivery);
    void delivered(const WebhookDelivery &delivery);
    void failed(const WebhookDelivery &delivery, const QString &error, const QString &summary);
    void release(qint64 id);
    void wakeAt(qint64 atMs);
    void setDeadLetterCount(qint64 count);

    const WebhookOptions m_options;
    StorageService *const m_storage;
    metrics::ServerMetrics *const m_metrics;
    const WebhookSigner m_signer;
    const BackoffPolicy m_backoff;
    QThread *const m_home; // the thread that made the dispatcher
    std::unique_ptr<QThread> m_thread;

    // Only on the dispatcher's thread.
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<QTimer> m_wakeTimer;
    qint64 m_wakeAtMs = 0;
    bool m_running = false;
    quint64 m_generation = 0; // one per run, so a stopped run's outcomes are told apart
    bool m_reading = false; // one outbox read at a time
    bool m_readAgain = false; // something changed while the read ran
    QSet<qint64> m_busy; // ids being sent, or whose outcome is being written
    // Ids released while a read ran: that read may still show them as they were before.
    QSet<qint64> m_settling;

    std::atomic<int> m_deadLetterCount { 0 };
};

} // namespace switchboard::server
