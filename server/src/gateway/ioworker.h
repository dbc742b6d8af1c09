#pragma once

#include "admission.h"
#include "clienteventsink.h"
#include "connection.h"
#include "gatewayoptions.h"
#include "socketwatch.h"

#include <QHash>
#include <QHostAddress>
#include <QMutex>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <deque>
#include <switchboard/protocol.h>
#include <unordered_map>
#include <utility>
#include <vector>

class QTcpSocket;
class QWebSocketServer;

namespace switchboard::server {

class HttpEndpoints;
struct HttpRequest;
namespace metrics {
struct ServerMetrics;
}

// One I/O thread's share of the clients. It reads the HTTP request head of each accepted
// socket, answers plain HTTP itself, hands WebSocket upgrades to its own QWebSocketServer,
// decodes frames, answers what needs no routing (ping, malformed input, traffic before hello)
// and passes the rest to the router. Everything here runs on the worker's thread except post().
class IoWorker final : public QObject {
    Q_OBJECT

public:
    struct OutboxItem {
        // CutOff: the connection's queued frames passed the outbound cap before this thread
        // could write them (its client reads slower than the router produces).
        enum class Action { Send, Authenticate, Close, CutOff };
        Action action = Action::Send;
        ConnectionId connection = 0;
        QByteArray frame;
        qint64 originNs = 0;
        protocol::Role role = protocol::Role::Customer;
        int closeCode = 0;
        QString reason;
    };

    IoWorker(int index, const GatewayOptions &options, ClientEventSink *sink,
        const HttpEndpoints *http, metrics::ServerMetrics *metrics, Admission *admission,
        QObject *parent = nullptr);
    ~IoWorker() override;
    Q_DISABLE_COPY_MOVE(IoWorker)

    // From any thread (the acceptor's): queues an accepted descriptor for adopt().
    void enqueueAccepted(qintptr socketDescriptor);

    // On the worker's thread.
    void adopt(qintptr socketDescriptor);
    void closeAll(int closeCode, const QString &reason);
    void startTimers();

    // From any thread; keeps order per connection.
    enum class Wake { Now, Later };
    // Wake::Later leaves the thread asleep until wakeIfPending() (or the next Wake::Now).
    void post(OutboxItem item, Wake wake = Wake::Now);
    void wakeIfPending();

private:
    struct PendingSocket {
        QTcpSocket *socket = nullptr;
        qint64 acceptedMs = 0; // or, once kept alive, when its last answer went out
        QMetaObject::Connection readConnection;
        bool keptAlive = false; // counted in KeepAlivePolicy under heldAddress
        QHostAddress heldAddress;
    };

    // Removes a socket from m_pending, giving back its keep-alive hold.
    PendingSocket takePending(QTcpSocket *socket);
    void answerHttp(QTcpSocket *socket, const HttpRequest &request, qsizetype headBytes);
    void startEncryption(QTcpSocket *socket);

    // Adopts at most adoptBatch queued descriptors, then lets the event loop serve the ready
    // sockets before the next batch: a burst of new connections (a flood from one address)
    // is taken in turns with the connections already signed in, not all in one pass.
    static constexpr int adoptBatch = 32;
    void adoptQueued();

    void onRequestBytes(QTcpSocket *socket);
    void refuseUpgrade(QTcpSocket *socket, int status, const QByteArray &body,
        const QByteArray &reason, bool retryAfter = false);
    void onWebSocketReady();
    void onText(ConnectionId id, const QString &text);
    void onBinary(ConnectionId id);
    void onUnmasked(ConnectionId id);
    void onDisconnected(ConnectionId id);
    void drainOutbox();
    void apply(const OutboxItem &item);
    void sweep();
    // Frames up to this size are framed here and written to the TCP socket; larger ones go
    // through QWebSocket, which splits them into fragments.
    static constexpr qsizetype maxDirectFrameBytes = 65535;
    void sendFrame(Connection &connection, const QByteArray &frame, qint64 originNs = 0);
    void closeConnection(Connection &connection, int closeCode, const QString &reason);
    void abortLater(QWebSocket *socket);
    void reject(Connection &connection, protocol::ErrorCode code, const QString &message,
        const QString &ref = {});

    int m_index;
    GatewayOptions m_options;
    ClientEventSink *m_sink;
    const HttpEndpoints *m_http;
    metrics::ServerMetrics *m_metrics;
    Admission *m_admission;
    QWebSocketServer *m_webSockets;
    QTimer m_sweepTimer;
    quint64 m_nextSerial = 1;
    QHash<QTcpSocket *, PendingSocket> m_pending;
    // A socket handed to QWebSocketServer, until its upgrade completes: its watch, and the
    // client address it is counted under in Admission::pendingHellos.
    struct Upgrading {
        QPointer<SocketWatch> watch;
        QHostAddress pendingFrom;
    };
    // By peer (address and port).
    QHash<QString, Upgrading> m_upgrading;
    // Gives back the connection's count in Admission::pendingHellos, if it still holds one.
    void releasePendingHello(Connection &connection);
    std::unordered_map<ConnectionId, Connection> m_connections;

    void disconnectSlowConsumer(Connection &connection, qint64 unsentBytes);

    QMutex m_outboxLock;
    std::vector<OutboxItem> m_outbox;
    // Bytes of frames queued per connection and not yet written; -1 once cut off. A producer
    // faster than this thread must not pile up frames for one client without bound.
    QHash<ConnectionId, qint64> m_queuedBytes; // guarded by m_outboxLock
    bool m_drainScheduled = false;

    QMutex m_acceptedLock;
    std::deque<qintptr> m_accepted; // guarded by m_acceptedLock
    bool m_adoptScheduled = false; // guarded by m_acceptedLock
};

} // namespace switchboard::server
