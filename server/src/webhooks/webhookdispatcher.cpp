#include "webhookdispatcher.h"

#include "metrics/metrics.h"
#include "store/storageservice.h"

#include <QMetaEnum>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QThread>
#include <QTimer>
#include <QUrl>
#include <algorithm>
#include <limits>
#include <switchboard/displaytext.h>
#include <switchboard/logging.h>
#include <switchboard/timeformat.h>

using namespace Qt::StringLiterals;

namespace switchboard::server {

namespace {

Q_LOGGING_CATEGORY(lcWebhooks, "switchboard.server.webhooks", QtInfoMsg)

constexpr int maxReadRows = 500;

// One outbox row per URL, all in the caller's transaction.
StoreResult<Done> enqueueFor(
    Store &store, const QStringList &urls, const WebhookEvent &event, qint64 nowMs)
{
    WebhookDelivery delivery;
    delivery.eventType = event.typeName();
    delivery.body = event.toJson();
    delivery.nextAttemptMs = nowMs;
    delivery.createdMs = nowMs;
    for (const QString &url : urls) {
        delivery.url = url;
        if (auto queued = store.enqueueWebhook(delivery); !queued)
            return unexpected(queued.error());
    }
    return Done {};
}

QString hostOf(const QString &url)
{
    return QUrl(url).host();
}

// Why a request failed, without the URL (Qt's errorString() repeats it, query and all).
QString networkErrorText(QNetworkReply::NetworkError error, int timeoutMs)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
        return u"connection refused"_s;
    case QNetworkReply::RemoteHostClosedError:
        return u"the receiver closed the connection"_s;
    case QNetworkReply::HostNotFoundError:
        return u"host not found"_s;
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError: // what setTransferTimeout() ends with
        return u"no answer within %1 ms"_s.arg(timeoutMs);
    case QNetworkReply::SslHandshakeFailedError:
        return u"TLS handshake failed"_s;
    default:
        break;
    }
    const char *name = QMetaEnum::fromType<QNetworkReply::NetworkError>().valueToKey(error);
    return u"network error "_s + (name ? QString::fromLatin1(name) : QString::number(int(error)));
}

} // namespace

WebhookDispatcher::WebhookDispatcher(
    WebhookOptions options, StorageService *storage, metrics::ServerMetrics *metrics)
    : m_options(std::move(options))
    , m_storage(storage)
    , m_metrics(metrics)
    , m_signer(m_options.secret)
    , m_backoff(m_options.backoffBaseMs, m_options.backoffCapMs)
    , m_home(QThread::currentThread())
    , m_thread(std::make_unique<QThread>())
{
    Q_ASSERT(m_storage && m_metrics);
    m_thread->setObjectName(u"switchboard-webhooks"_s);
}

WebhookDispatcher::~WebhookDispatcher()
{
    stop();
}

void WebhookDispatcher::start()
{
    if (m_thread->isRunning())
        return;
    moveToThread(m_thread.get());
    m_thread->start();
    QMetaObject::invokeMethod(this, &WebhookDispatcher::onStarted, Qt::QueuedConnection);
}

void WebhookDispatcher::stop()
{
    if (!m_thread->isRunning())
        return;
    QMetaObject::invokeMethod(this, &WebhookDispatcher::onStopping, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
}

bool WebhookDispatcher::isRunning() const
{
    return m_thread->isRunning();
}

void WebhookDispatcher::onStarted()
{
    m_network = std::make_unique<QNetworkAccessManager>();
    m_wakeTimer = std::make_unique<QTimer>();
    m_wakeTimer->setSingleShot(true);
    connect(m_wakeTimer.get(), &QTimer::timeout, this, &WebhookDispatcher::pump);
    m_running = true;
    qCInfo(lcWebhooks) << "webhook dispatcher started for" << m_options.urls.size() << "URL(s),"
                       << m_options.attempts << "attempts each";
    pump();
}

void WebhookDispatcher::onStopping()
{
    m_running = false;
    m_wakeTimer.reset();
    // Aborting finishes each reply at once; onReplied() sees m_running false and leaves the
    // row as it is, due again at the next start.
    const auto replies
        = m_network ? m_network->findChildren<QNetworkReply *>() : QList<QNetworkReply *>();
    for (QNetworkReply *reply : replies)
        reply->abort();
    m_network.reset();
    ++m_generation; // outcomes still on their way belong to this run, not the next
    m_busy.clear();
    m_settling.clear();
    m_reading = false;
    m_readAgain = false;
    // Pushed back so the owner can delete or restart it from its own thread.
    moveToThread(m_home);
}

void WebhookDispatcher::publish(const WebhookEvent &event)
{
    if (!isEnabled())
        return;
    const qint64 now = nowMs();
    m_storage->write<Done>(
        this,
        [urls = m_options.urls, event, now](
            Store &store) { return enqueueFor(store, urls, event, now); },
        [this, type = event.typeName()](StoreResult<Done> stored) {
            // Whatever run it belongs to: the rows are stored either way.
            if (!stored) {
                qCWarning(lcWebhooks).noquote()
                    << "webhook event" << type << "not stored:" << stored.error().message;
                return;
            }
            pump();
        });
}

StoreResult<Done> WebhookDispatcher::enqueue(
    Store &store, const WebhookEvent &event, qint64 nowMs) const
{
    return enqueueFor(store, m_options.urls, event, nowMs);
}

void WebhookDispatcher::wake()
{
    QMetaObject::invokeMethod(this, &WebhookDispatcher::pump, Qt::QueuedConnection);
}

// Reads what is due within the poll interval: due rows are sent, the earliest of the rest
// sets the next wake-up, and the poll interval bounds the sleep otherwise.
void WebhookDispatcher::pump()
{
    if (!m_running)
        return;
    if (m_reading) {
        m_readAgain = true;
        return;
    }
    m_reading = true;
    const qint64 horizon = nowMs() + m_options.pollIntervalMs;
    // Rows in flight come first (they are the longest due); read past them.
    const int limit
        = std::min(maxReadRows, int(m_busy.size()) + std::max(1, m_options.maxInFlight) + 1);
    m_storage->read<OutboxView>(
        this,
        [horizon, limit](Store &store) -> StoreResult<OutboxView> {
            OutboxView view;
            auto rows = store.dueWebhooks(horizon, limit);
            if (!rows)
                return unexpected(rows.error());
            view.rows = std::move(*rows);
            auto count = store.deadLetterCount();
            if (!count)
                return unexpected(count.error());
            view.deadLetters = *count;
            return view;
        },
        [this, generation = m_generation](StoreResult<OutboxView> view) {
            if (generation == m_generation)
                onRead(view);
        });
}

void WebhookDispatcher::onRead(const StoreResult<OutboxView> &view)
{
    m_reading = false;
    if (!m_running)
        return;
    const qint64 now = nowMs();
    qint64 next = now + m_options.pollIntervalMs;
    if (!view) {
        qCWarning(lcWebhooks).noquote()
            << "cannot read the webhook outbox:" << view.error().message;
    } else {
        setDeadLetterCount(view->deadLetters);
        for (const WebhookDelivery &row : view->rows) {
            if (m_busy.contains(row.id) || m_settling.contains(row.id))
                continue;
            if (row.nextAttemptMs > now) {
                next = std::min(next, row.nextAttemptMs);
                continue;
            }
            if (m_busy.size() >= m_options.maxInFlight)
                break; // the next reply to finish looks again
            send(row);
        }
    }
    // This read may have shown rows released meanwhile as they were; the next one will not.
    if (!m_settling.isEmpty()) {
        for (const qint64 id : std::as_const(m_settling))
            m_busy.remove(id);
        m_settling.clear();
        m_readAgain = true;
    }
    if (m_readAgain) {
        m_readAgain = false;
        pump();
        return;
    }
    wakeAt(next);
}

void WebhookDispatcher::send(const WebhookDelivery &delivery)
{
    m_busy.insert(delivery.id);
    const QNetworkRequest request = m_signer.request(delivery, nowMs(), m_options.timeoutMs);
    QNetworkReply *reply = m_network->post(request, delivery.body); // a child of m_network
    connect(reply, &QNetworkReply::finished, this,
        [this, reply, delivery] { onReplied(reply, delivery); });
}

void WebhookDispatcher::onReplied(QNetworkReply *reply, const WebhookDelivery &delivery)
{
    reply->deleteLater();
    if (!m_running)
        return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 200 && status < 300 && reply->error() == QNetworkReply::NoError) {
        delivered(delivery);
        return;
    }
    if (status > 0) {
        const QString reason = withoutControlCharacters(
            reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString().left(100));
        const QString summary = u"HTTP %1"_s.arg(status);
        failed(delivery, reason.isEmpty() ? summary : summary + QLatin1Char(' ') + reason, summary);
        return;
    }
    const QString error = networkErrorText(reply->error(), m_options.timeoutMs);
    failed(delivery, error, error);
}

void WebhookDispatcher::delivered(const WebhookDelivery &delivery)
{
    m_metrics->webhookDeliveries[u"delivered"].inc();
    qCDebug(lcWebhooks) << "webhook" << delivery.eventType << "delivered to" << hostOf(delivery.url)
                        << "on attempt" << delivery.attempts + 1;
    const qint64 id = delivery.id;
    m_storage->write<Done>(
        this, [id](Store &store) { return store.deleteWebhook(id); },
        [this, id, generation = m_generation](StoreResult<Done> deleted) {
            if (generation != m_generation)
                return;
            // NotFound: replayed or purged meanwhile; nothing left to do.
            if (!deleted && deleted.error().kind != StorageError::Kind::NotFound) {
                qCWarning(lcWebhooks).noquote()
                    << "delivered webhook stays in the outbox and will be sent again:"
                    << deleted.error().message;
            }
            release(id);
            pump();
        });
}

void WebhookDispatcher::failed(
    const WebhookDelivery &delivery, const QString &error, const QString &summary)
{
    m_metrics->webhookDeliveries[u"failed"].inc();
    const qint64 id = delivery.id;
    const int attempts = delivery.attempts + 1;
    const qint64 now = nowMs();
    const QString what = u"webhook delivery %1 to %2 failed: %3 (attempt %4 of %5)"_s.arg(
        QString::number(id), hostOf(delivery.url), summary, QString::number(attempts),
        QString::number(m_options.attempts));

    if (attempts >= m_options.attempts) {
        qCWarning(lcWebhooks).noquote() << what << "- moved to the dead letters";
        m_storage->write<qint64>(
            this,
            [id, attempts, error, now](Store &store) -> StoreResult<qint64> {
                if (auto marked = store.markWebhookAttempt(id, attempts, now, error); !marked)
                    return unexpected(marked.error());
                if (auto moved = store.moveToDeadLetters(id, error, now); !moved)
                    return unexpected(moved.error());
                return store.deadLetterCount();
            },
            [this, id, generation = m_generation](StoreResult<qint64> count) {
                if (generation != m_generation)
                    return;
                release(id);
                if (!count) {
                    qCWarning(lcWebhooks).noquote()
                        << "cannot dead-letter a webhook delivery:" << count.error().message;
                    return;
                }
                m_metrics->webhookDeliveries[u"dead_lettered"].inc();
                setDeadLetterCount(*count);
            });
        return;
    }

    const int delayMs = m_backoff.delayMs(attempts - 1);
    const qint64 nextAttemptMs = now + delayMs;
    qCWarning(lcWebhooks).noquote() << what << "- next attempt in" << delayMs << "ms";
    m_storage->write<Done>(
        this,
        [id, attempts, nextAttemptMs, error](
            Store &store) { return store.markWebhookAttempt(id, attempts, nextAttemptMs, error); },
        [this, id, generation = m_generation](StoreResult<Done> marked) {
            if (generation != m_generation)
                return;
            release(id);
            if (!marked && marked.error().kind != StorageError::Kind::NotFound) {
                qCWarning(lcWebhooks).noquote()
                    << "cannot record a webhook attempt:" << marked.error().message;
            }
            pump(); // sets the wake-up to the retry time, and sends what waited for a slot
        });
}

void WebhookDispatcher::release(qint64 id)
{
    if (m_reading)
        m_settling.insert(id); // onRead() frees it
    else
        m_busy.remove(id);
}

void WebhookDispatcher::wakeAt(qint64 atMs)
{
    if (!m_running || !m_wakeTimer)
        return;
    if (m_wakeTimer->isActive() && m_wakeAtMs <= atMs)
        return;
    m_wakeAtMs = atMs;
    m_wakeTimer->start(int(std::clamp<qint64>(atMs - nowMs(), 0, m_options.pollIntervalMs)));
}

void WebhookDispatcher::setDeadLetterCount(qint64 count)
{
    const int value = int(std::min<qint64>(count, std::numeric_limits<int>::max()));
    m_metrics->deadLetters.set(double(value));
    if (m_deadLetterCount.exchange(value, std::memory_order_relaxed) != value)
        Q_EMIT deadLetterCountChanged(value);
}

} // namespace switchboard::server
