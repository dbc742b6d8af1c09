#pragma once

#include "attachmentinspector.h"

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QThreadPool>
#include <functional>

class QTcpSocket;

namespace switchboard::server {

class StorageService;
class WebhookDispatcher;
struct HttpRequest;
struct StoredMessage;
class RateLimiter;
namespace metrics {
struct ServerMetrics;
}

struct AttachmentOptions {
    AttachmentLimits limits;
    // Uploads per second and at once per signed-in identity (the connection's rate limit).
    double rateLimit = 20.0;
    int rateBurst = 40;
    // How long the body of an upload may take to arrive.
    int bodyTimeoutMs = 30'000;
};

// The attachments endpoints on the server's port (docs/protocol.md, "Attachments"):
// POST /attachments stores a file and its message of kind 'attachment' in one transaction;
// GET /attachments/<id> serves it to those who may read its conversation. Shared by the I/O
// threads: each request is served on the thread of its socket, images are inspected on the
// service's own thread pool, and the database is reached through StorageService, never on the
// router's thread.
class AttachmentService final {
public:
    // Told on the storing I/O thread of each new attachment message, to pass to the router.
    using Announce = std::function<void(const StoredMessage &message)>;

    AttachmentService(
        AttachmentOptions options, StorageService *storage, metrics::ServerMetrics *metrics);
    ~AttachmentService();
    Q_DISABLE_COPY_MOVE(AttachmentService)

    // Set before the gateway starts.
    void setAnnounce(Announce announce) { m_announce = std::move(announce); }
    // Set before the gateway starts: each new attachment message's message.created event is
    // committed with it, as a sent message's is.
    void setWebhooks(const WebhookDispatcher *webhooks) { m_webhooks = webhooks; }
    const WebhookDispatcher *webhooks() const { return m_webhooks; }

    static bool handles(const HttpRequest &request);
    // Takes the socket (its head already read): answers, then closes it.
    void serve(QTcpSocket *socket, const HttpRequest &request);

    const AttachmentOptions &options() const { return m_options; }
    StorageService *storage() const { return m_storage; }
    metrics::ServerMetrics *metrics() const { return m_metrics; }
    void announce(const StoredMessage &message) const;
    // Where uploads are inspected (decoded, re-encoded): never an I/O or the router's thread.
    QThreadPool &inspectors() { return m_inspectors; }
    // Waits for the inspections under way; the node calls it before its I/O threads stop,
    // since each hands its outcome to one of them.
    void waitForInspections() { m_inspectors.waitForDone(); }
    // Counts an upload against its identity's bucket; false: over the rate.
    bool tryTakeUpload(const QByteArray &tokenDigest, qint64 nowMs);

private:
    AttachmentOptions m_options;
    StorageService *m_storage;
    metrics::ServerMetrics *m_metrics;
    Announce m_announce;
    const WebhookDispatcher *m_webhooks = nullptr;
    QMutex m_limitersLock;
    QHash<QByteArray, RateLimiter> m_limiters; // by token digest; guarded by m_limitersLock
    QThreadPool m_inspectors;
};

} // namespace switchboard::server
