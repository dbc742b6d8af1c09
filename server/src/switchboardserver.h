#pragma once

#include "config/serverconfig.h"

#include <QObject>
#include <memory>
#include <switchboard/expected.h>

class QThread;

namespace switchboard::server {

class AttachmentService;
class ClusterBusThread;
class ClusterHealth;
class Gateway;
class HistoryService;
class HttpEndpoints;
class LoopWatchdog;
class Router;
class StorageService;
class TlsContext;
class WebhookDispatcher;
namespace metrics {
struct ServerMetrics;
}

// One Switchboard node, wired: storage threads, the router thread, the I/O threads and the
// HTTP endpoints. The headless server's main() and the console's embedded server both own
// one of these; neither runs any of it on their own (GUI) thread.
class SwitchboardServer final : public QObject {
    Q_OBJECT

public:
    explicit SwitchboardServer(ServerConfig config, QObject *parent = nullptr);
    ~SwitchboardServer() override;
    Q_DISABLE_COPY_MOVE(SwitchboardServer)

    // Opens storage, restores state and listens. The error is one line for the operator.
    Expected<quint16, QString> start();
    // Graceful stop: /readyz turns 503 first, clients get 1001, queued writes are committed.
    void stop();

    // SIGHUP: reads tls-cert and tls-key again; new handshakes use them, open connections
    // keep theirs. A pair that cannot be used is logged and counted, and the old one stays.
    // Without TLS there is nothing to read: an error saying so.
    Expected<Done, QString> reloadTls();
    bool usesTls() const { return m_tls != nullptr; }

    quint16 port() const;
    QString nodeId() const { return m_config.nodeId; }
    const ServerConfig &config() const { return m_config; }
    metrics::ServerMetrics &metrics() { return *m_metrics; }
    QStringList notReadyReasons() const;
    QStringList degradedReasons() const; // ready, but not all there (Redis away)
    const LoopWatchdog &loops() const { return *m_watchdog; }

private:
    void joinCluster(Router *router);

    ServerConfig m_config;
    std::unique_ptr<metrics::ServerMetrics> m_metrics;
    std::unique_ptr<LoopWatchdog> m_watchdog;
    std::unique_ptr<StorageService> m_storage;
    std::unique_ptr<HistoryService> m_history; // exports, reports, retention
    std::unique_ptr<WebhookDispatcher> m_webhooks;
    std::unique_ptr<HttpEndpoints> m_http;
    std::shared_ptr<TlsContext> m_tls; // null: plain ws:// and http://
    std::unique_ptr<ClusterHealth> m_clusterHealth; // only in a cluster
    std::unique_ptr<QThread> m_routerThread;
    Router *m_router = nullptr; // lives on m_routerThread, deleted there
    // On a thread of its own (heartbeats never wait for the router); null alone. Outlives the
    // router, which holds it as its ClusterLink.
    std::unique_ptr<ClusterBusThread> m_clusterBus;
    // Before the gateway: its I/O threads serve /attachments through it until they stop.
    std::unique_ptr<AttachmentService> m_attachments;
    std::unique_ptr<Gateway> m_gateway;
    bool m_running = false;
};

} // namespace switchboard::server
