#pragma once

#include "admission.h"
#include "clienteventsink.h"
#include "gatewayoptions.h"
#include "outbox.h"

#include <QHostAddress>
#include <QObject>
#include <memory>
#include <switchboard/expected.h>
#include <vector>

class QThread;

namespace switchboard::server {

class Acceptor;
class HttpEndpoints;
class IoWorker;
class LoopWatchdog;
namespace metrics {
struct ServerMetrics;
}

// The transport: one listening socket with a large backlog, N I/O threads each owning its
// share of the connections, and the Outbox the router writes through.
class Gateway final : public QObject, public Outbox {
    Q_OBJECT

public:
    Gateway(GatewayOptions options, ClientEventSink *sink, const HttpEndpoints *http,
        metrics::ServerMetrics *metrics, LoopWatchdog *watchdog, QObject *parent = nullptr);
    ~Gateway() override;
    Q_DISABLE_COPY_MOVE(Gateway)

    // Where decoded client messages go; set before start().
    void setSink(ClientEventSink *sink) { m_sink = sink; }
    // Starts the I/O threads and listens. The error is one line, e.g. the port is in use.
    Expected<quint16, QString> start(const QHostAddress &address, quint16 port);
    // Refuses new connections (503) from now on; /readyz reports it.
    void beginDraining();
    bool isDraining() const { return m_admission.draining.load(); }
    // Asks every client to go (close code), waiting up to timeoutMs for them to leave.
    void closeAll(int closeCode, const QString &reason, int timeoutMs);
    void stop();

    int connectionCount() const { return m_admission.connections.load(); }
    int maxConnections() const { return m_admission.maxConnections; }
    quint16 port() const { return m_port; }

    void send(ConnectionId connection, const QByteArray &frame, qint64 originNs = 0) override;
    void sendLater(ConnectionId connection, const QByteArray &frame, qint64 originNs = 0) override;
    void wakePending() override;
    void authenticate(ConnectionId connection, protocol::Role role) override;
    void close(ConnectionId connection, int closeCode, const QString &reason) override;

    static int connectionCapFromFileLimit();

private:
    IoWorker *workerFor(ConnectionId connection) const;

    GatewayOptions m_options;
    ClientEventSink *m_sink;
    const HttpEndpoints *m_http;
    metrics::ServerMetrics *m_metrics;
    LoopWatchdog *m_watchdog;
    Admission m_admission;
    std::vector<std::unique_ptr<QThread>> m_threads;
    std::vector<IoWorker *> m_workers; // deleted on their own threads at stop()
    Acceptor *m_acceptor = nullptr;
    quint16 m_port = 0;
};

} // namespace switchboard::server
