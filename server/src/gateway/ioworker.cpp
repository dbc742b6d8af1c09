#include "ioworker.h"

#include "attachments/attachmentservice.h"
#include "directwritesocket.h"
#include "http/httpendpoints.h"
#include "metrics/metrics.h"
#include "metrics/steadyclock.h"
#include "socketwatch.h"
#include "tlscontext.h"
#include "tlssocket.h"

#include <QNetworkRequest>
#include <QTcpSocket>
#include <QWebSocket>
#include <QWebSocketServer>
#include <algorithm>
#include <switchboard/clientmessage.h>
#include <switchboard/ids.h>
#include <switchboard/logging.h>
#include <switchboard/servermessage.h>
#include <switchboard/timeformat.h>
#include <utility>

using namespace Qt::StringLiterals;

namespace switchboard::server {

using protocol::ErrorCode;

namespace {

constexpr qsizetype maxRequestHeadBytes = 8 * 1024;
// How long a closing client has to answer the close frame before the socket is cut.
constexpr int closeHandshakeTimeoutMs = 5000;

QString peerKey(const QHostAddress &address, quint16 port)
{
    return address.toString() + u'|' + QString::number(port);
}

QString roleLabel(const Connection &connection)
{
    return connection.authenticated ? protocol::roleName(connection.role) : u"unauthenticated"_s;
}

} // namespace

IoWorker::IoWorker(int index, const GatewayOptions &options, ClientEventSink *sink,
    const HttpEndpoints *http, metrics::ServerMetrics *metrics, Admission *admission,
    QObject *parent)
    : QObject(parent)
    , m_index(index)
    , m_options(options)
    , m_sink(sink)
    , m_http(http)
    , m_metrics(metrics)
    , m_admission(admission)
    , m_webSockets(new QWebSocketServer(u"Switchboard"_s, QWebSocketServer::NonSecureMode, this))
    , m_sweepTimer(this) // a child, so it moves to the worker's thread with us
{
    m_webSockets->setMaxPendingConnections(1 << 20);
    m_webSockets->setHandshakeTimeout(m_options.handshakeTimeoutSeconds * 1000);
    connect(m_webSockets, &QWebSocketServer::newConnection, this, &IoWorker::onWebSocketReady);
    connect(
        m_webSockets, &QWebSocketServer::serverError, this, [this](QWebSocketProtocol::CloseCode) {
            m_metrics->handshakeFailures[u"bad_request"].inc();
        });
    // Fine enough that an idle peer is cut within 2.5 heartbeats plus a twentieth of one.
    m_sweepTimer.setInterval(std::clamp(m_options.heartbeatSeconds * 1000 / 20, 20, 250));
    connect(&m_sweepTimer, &QTimer::timeout, this, &IoWorker::sweep);
}

IoWorker::~IoWorker()
{
    // Children outlive our members during ~QObject; cut their signals to us first.
    for (auto &entry : m_connections) {
        if (entry.second.socket)
            entry.second.socket->disconnect(this);
    }
    for (const PendingSocket &pending : std::as_const(m_pending))
        pending.socket->disconnect(this);
    m_webSockets->disconnect(this);
    // Accepted but not adopted yet (the node stops): a socket closes its descriptor when it
    // is deleted.
    for (const qintptr descriptor : m_accepted) {
        QTcpSocket unadopted;
        unadopted.setSocketDescriptor(descriptor);
    }
}

void IoWorker::startTimers()
{
    m_sweepTimer.start();
}

// ---- accepting ---------------------------------------------------------------------------

void IoWorker::enqueueAccepted(qintptr socketDescriptor)
{
    bool schedule = false;
    {
        QMutexLocker locker(&m_acceptedLock);
        m_accepted.push_back(socketDescriptor);
        schedule = !std::exchange(m_adoptScheduled, true);
    }
    if (schedule)
        QMetaObject::invokeMethod(this, &IoWorker::adoptQueued, Qt::QueuedConnection);
}

void IoWorker::adoptQueued()
{
    std::vector<qintptr> batch;
    bool more = false;
    {
        QMutexLocker locker(&m_acceptedLock);
        const auto count = std::min<std::size_t>(m_accepted.size(), adoptBatch);
        batch.assign(m_accepted.begin(), m_accepted.begin() + std::ptrdiff_t(count));
        m_accepted.erase(m_accepted.begin(), m_accepted.begin() + std::ptrdiff_t(count));
        more = !m_accepted.empty();
        m_adoptScheduled = more;
    }
    for (const qintptr descriptor : batch)
        adopt(descriptor);
    // Posted during this pass's posted events, so it runs in the next pass, after the
    // sockets that are ready now.
    if (more)
        QMetaObject::invokeMethod(this, &IoWorker::adoptQueued, Qt::QueuedConnection);
}

void IoWorker::adopt(qintptr socketDescriptor)
{
    QTcpSocket *socket = nullptr;
    if (m_options.tls)
        socket = new TlsSocket(this);
    else
        socket = new DirectWriteSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        qCWarning(lcGateway) << "cannot adopt an accepted socket:" << socket->errorString();
        socket->deleteLater();
        return;
    }
    // Without this, Nagle holds a small frame (an ack after a receipt, say) until the client's
    // delayed TCP ack or its next send: up to 40 ms added to an ack under a steady load.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    PendingSocket pending;
    pending.socket = socket;
    pending.acceptedMs = nowMs();
    pending.readConnection
        = connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onRequestBytes(socket); });
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
        if (takePending(socket).socket)
            socket->deleteLater();
    });
    m_pending.insert(socket, pending);
    if (m_options.tls) {
        startEncryption(socket); // readyRead then brings decrypted bytes
        return;
    }
    if (socket->bytesAvailable() > 0)
        onRequestBytes(socket);
}

void IoWorker::startEncryption(QTcpSocket *socket)
{
    auto *tls = static_cast<TlsSocket *>(socket);
    // A copy per connection: a reload (SIGHUP) changes what later handshakes present.
    tls->setSslConfiguration(m_options.tls->configuration());
    connect(tls, &QAbstractSocket::errorOccurred, this,
        [this, tls](QAbstractSocket::SocketError error) {
            // A TLS 1.1 client, plain HTTP on the TLS port, a client that does not trust the
            // certificate. A peer that just closes (a TCP health check) leaves by disconnected.
            if (error != QAbstractSocket::SslHandshakeFailedError || !m_pending.contains(tls))
                return;
            const PendingSocket pending = takePending(tls);
            disconnect(pending.readConnection);
            m_metrics->handshakeFailures[u"tls"].inc();
            qCDebug(lcGateway) << "TLS handshake failed:" << tls->errorString();
            QMetaObject::invokeMethod(tls, &QAbstractSocket::abort, Qt::QueuedConnection);
            tls->deleteLater();
        });
    tls->startServerEncryption();
}

void IoWorker::onRequestBytes(QTcpSocket *socket)
{
    // Peek, do not read: a WebSocket upgrade goes to QWebSocketServer with its bytes intact.
    const QByteArray head = socket->peek(maxRequestHeadBytes);
    const qsizetype end = head.indexOf("\r\n\r\n");
    if (end < 0) {
        if (head.size() >= maxRequestHeadBytes) {
            // refuseUpgrade() counts the failure.
            refuseUpgrade(socket, 431, "request head too large\n", "bad_request");
        }
        return;
    }
    const std::optional<HttpRequest> request = parseRequestHead(head.left(end + 4));
    if (!request) {
        refuseUpgrade(socket, 400, "malformed HTTP request\n", "bad_request");
        return;
    }
    if (m_options.attachments && AttachmentService::handles(*request)) {
        // An upload carries a body, read and answered asynchronously: the socket is the
        // attachment service's from here, and closes after its answer.
        disconnect(takePending(socket).readConnection);
        socket->read(end + 4);
        m_options.attachments->serve(socket, *request);
        return;
    }
    if (!(request->path == "/ws" && request->isWebSocketUpgrade())) {
        answerHttp(socket, *request, end + 4);
        return;
    }
    if (m_admission->draining.load()) {
        refuseUpgrade(
            socket, 503, "this node is shutting down; connect to another\n", "draining", true);
        return;
    }
    if (m_admission->full()) {
        refuseUpgrade(
            socket, 503, "the server is at capacity; try again shortly\n", "capacity", true);
        return;
    }
    // Browsers always send Origin on an upgrade; a client without one (the console, scripts)
    // is no page acting for a visitor, so only a present Origin is held to the list.
    const bool hasOrigin = request->headers.contains("origin");
    const QString origin = QString::fromUtf8(request->header("origin"));
    if (!m_options.allowedOrigins.isEmpty() && hasOrigin
        && !m_options.allowedOrigins.contains(origin)) {
        qCInfo(lcGateway) << "refused a handshake from an origin not on the allow-list";
        refuseUpgrade(socket, 403, "this origin is not allowed to connect\n", "origin");
        return;
    }
    // The same address the router's per-address limits use (X-Forwarded-For is known here).
    const QHostAddress client = ClientAddress::resolve(
        socket->peerAddress(), request->header("x-forwarded-for"), m_options.trustedProxies);
    if (!m_admission->pendingHellos.tryHold(client)) {
        // Refused before any QWebSocket is built: about a fifth of the CPU a handshake, a
        // hello and a close took (benchmarks.md), so a flood from one address leaves the
        // others' turns alone.
        if (m_admission->pendingHellos.firstRefusalThisMinute(client, nowMs()))
            qCInfo(lcGateway).noquote()
                << "refusing upgrades from address" << ClientAddress::logName(client)
                << "(pending-hellos-per-address" << m_admission->pendingHellos.limit()
                << "connections not yet signed in)";
        refuseUpgrade(socket, 429,
            "too many connections from this address are still signing in; try again shortly\n",
            "pending_hellos", true);
        return;
    }
    takePending(socket);
    socket->disconnect(this); // QWebSocketServer and then QWebSocket watch it from now on
    m_admission->connections.fetch_add(1);
    // Before QWebSocket connects to the socket, so the watch sees new bytes first.
    m_upgrading.insert(peerKey(socket->peerAddress(), socket->peerPort()),
        Upgrading { new SocketWatch(socket), client });
    m_webSockets->handleConnection(socket);
}

void IoWorker::answerHttp(QTcpSocket *socket, const HttpRequest &request, qsizetype headBytes)
{
    socket->read(headBytes);
    const HttpResponse response = m_http->respond(request);
    // HTTP/1.1 keeps the connection for the page's next request, within the policy's cap.
    const auto pending = m_pending.find(socket);
    bool keepAlive
        = pending != m_pending.end() && request.allowsKeepAlive() && !m_admission->draining.load();
    if (keepAlive && !pending->keptAlive) {
        keepAlive = m_http->keepAlive().tryHold(socket->peerAddress());
        pending->keptAlive = keepAlive;
        pending->heldAddress = socket->peerAddress();
    }
    socket->write(response.serialize(request.method == "HEAD",
        keepAlive ? HttpResponse::Connection::KeepAlive : HttpResponse::Connection::Close));
    if (keepAlive) {
        pending->acceptedMs = nowMs(); // the idle timeout runs from here
        if (socket->bytesAvailable() > 0) {
            // A pipelined request already buffered: readyRead will not tell us again.
            QMetaObject::invokeMethod(
                this,
                [this, socket] {
                    if (m_pending.contains(socket))
                        onRequestBytes(socket);
                },
                Qt::QueuedConnection);
        }
        return;
    }
    disconnect(takePending(socket).readConnection);
    // Before disconnectFromHost(), which emits disconnected() at once when nothing is unsent.
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    socket->disconnectFromHost();
}

IoWorker::PendingSocket IoWorker::takePending(QTcpSocket *socket)
{
    const PendingSocket pending = m_pending.take(socket);
    if (pending.keptAlive)
        m_http->keepAlive().release(pending.heldAddress);
    return pending;
}

void IoWorker::refuseUpgrade(QTcpSocket *socket, int status, const QByteArray &body,
    const QByteArray &reason, bool retryAfter)
{
    const PendingSocket pending = takePending(socket);
    disconnect(pending.readConnection);
    m_metrics->handshakeFailures[QString::fromLatin1(reason)].inc();
    HttpResponse response = HttpResponse::text(status, body);
    if (retryAfter)
        response.headers.append(qMakePair(QByteArray("Retry-After"), QByteArray("5")));
    socket->write(response.serialize());
    // Before disconnectFromHost(), which emits disconnected() at once when the kernel took
    // the whole answer: connected after it, the socket was never deleted.
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    socket->disconnectFromHost();
}

void IoWorker::onWebSocketReady()
{
    while (QWebSocket *socket = m_webSockets->nextPendingConnection()) {
        socket->setParent(this);
        const ConnectionId id = makeConnectionId(m_index, m_nextSerial++);
        const qint64 now = nowMs();
        Connection &connection = m_connections[id];
        connection.id = id;
        connection.socket = socket;
        connection.openedMs = now;
        connection.lastInboundMs = now;
        connection.lastPingMs = now;
        connection.limiter = RateLimiter(m_options.rateLimit, m_options.rateBurst);
        const Upgrading upgrading
            = m_upgrading.take(peerKey(socket->peerAddress(), socket->peerPort()));
        SocketWatch *watch = upgrading.watch;
        connection.transport = watch ? watch->tcpSocket() : nullptr;
        if (!upgrading.pendingFrom.isNull()) {
            connection.pendingHello = true; // counted since the upgrade request
            connection.pendingHelloFrom = upgrading.pendingFrom;
        }
        if (connection.transport) {
            // QWebSocketServer watches the TCP socket's disconnected() to delete it. Left in
            // place, every open connection stays in the server's list of senders, which
            // QObject::sender() walks on each disconnect: O(connections) per disconnect, and
            // a shutdown with 19,000 clients quadratic. We delete it ourselves instead.
            connection.transport->disconnect(m_webSockets);
        }
        socket->setMaxAllowedIncomingMessageSize(quint64(m_options.maxMessageBytes));
        connect(socket, &QWebSocket::textMessageReceived, this,
            [this, id](const QString &text) { onText(id, text); });
        connect(socket, &QWebSocket::binaryMessageReceived, this,
            [this, id](const QByteArray &) { onBinary(id); });
        connect(socket, &QWebSocket::pong, this, [this, id](quint64, const QByteArray &) {
            const auto it = m_connections.find(id);
            if (it != m_connections.end())
                it->second.lastInboundMs = nowMs();
        });
        // Queued: closing or writing may emit disconnected at once, and the connection must not
        // vanish from under a caller that still holds it.
        connect(
            socket, &QWebSocket::disconnected, this, [this, id] { onDisconnected(id); },
            Qt::QueuedConnection);
        // After our own slots, so a message is handled before the watch looks past it.
        if (watch) {
            connect(watch, &SocketWatch::unmasked, this, [this, id] { onUnmasked(id); });
            watch->attach(socket);
        }

        m_metrics->connections[u"unauthenticated"].add(1);
        ConnectionInfo info;
        info.peer = ClientAddress::resolve(socket->peerAddress(),
            socket->request().rawHeader("x-forwarded-for"), m_options.trustedProxies);
        info.origin = socket->origin();
        info.traceId = ids::traceIdFromTraceparent(socket->request().rawHeader("traceparent"));
        if (info.traceId.isEmpty())
            info.traceId = ids::newTraceId();
        m_sink->connectionOpened(id, info);
    }
}

// ---- inbound -----------------------------------------------------------------------------

void IoWorker::onText(ConnectionId id, const QString &text)
{
    const auto it = m_connections.find(id);
    if (it == m_connections.end() || it->second.closing)
        return;
    Connection &connection = it->second;
    const qint64 receivedNs = metrics::steadyNowNs();
    const qint64 now = nowMs();
    connection.lastInboundMs = now;

    if (!connection.limiter.tryTake(now)) {
        m_metrics->rateLimited.inc();
        if (++connection.rejectedInARow > m_options.rateBurst) {
            reject(connection, ErrorCode::RateLimited,
                u"still over the message rate; closing the connection"_s);
            closeConnection(connection, protocol::close::policy, u"rate limit"_s);
        } else {
            reject(connection, ErrorCode::RateLimited,
                u"too many messages; slow down to %1 per second"_s.arg(m_options.rateLimit));
        }
        return;
    }
    connection.rejectedInARow = 0;

    auto decoded = protocol::decodeClientFrame(text);
    if (!decoded) {
        m_metrics->receivedMessages[u"invalid"].inc();
        const protocol::DecodeError &error = decoded.error();
        reject(connection, error.code, error.message, error.ref);
        if (error.code == ErrorCode::UnsupportedVersion || error.code == ErrorCode::Unauthenticated)
            closeConnection(connection, protocol::close::policy, error.message);
        return;
    }
    protocol::ClientMessage &message = *decoded;
    m_metrics->receivedMessages[protocol::messageTypeName(message)].inc();
    const bool isHello = std::holds_alternative<protocol::HelloMessage>(message);
    if (std::holds_alternative<protocol::PingMessage>(message) && connection.helloSeen) {
        sendFrame(connection, protocol::encodePong());
        return;
    }
    if (!connection.authenticated && !isHello && !connection.helloSeen) {
        reject(connection, ErrorCode::Unauthenticated, u"send hello first"_s);
        closeConnection(connection, protocol::close::policy, u"hello first"_s);
        return;
    }
    if (isHello)
        connection.helloSeen = true;
    m_sink->messageReceived(id, std::move(message), receivedNs);
}

void IoWorker::onBinary(ConnectionId id)
{
    const auto it = m_connections.find(id);
    if (it == m_connections.end())
        return;
    m_metrics->receivedMessages[u"invalid"].inc();
    closeConnection(it->second, protocol::close::unsupportedData,
        u"binary frames are not accepted; send JSON text"_s);
}

void IoWorker::onUnmasked(ConnectionId id)
{
    const auto it = m_connections.find(id);
    if (it == m_connections.end())
        return;
    m_metrics->receivedMessages[u"invalid"].inc();
    closeConnection(it->second, protocol::close::protocolError,
        u"client frames must be masked (RFC 6455 section 5.1)"_s);
}

void IoWorker::onDisconnected(ConnectionId id)
{
    const auto it = m_connections.find(id);
    if (it == m_connections.end())
        return;
    Connection &connection = it->second;
    m_metrics->connections[roleLabel(connection)].add(-1);
    int code = connection.socket ? int(connection.socket->closeCode()) : 1006;
    if (const SocketWatch *watch = SocketWatch::of(connection.socket); watch && watch->closeCode())
        code = watch->closeCode(); // a close the watch carried out, past QWebSocket
    m_metrics->connectionsClosed[QString::number(code)].inc();
    if (connection.socket)
        connection.socket->deleteLater();
    if (connection.transport)
        connection.transport->deleteLater(); // after its QWebSocket, which still uses it
    releasePendingHello(connection);
    m_connections.erase(it);
    m_admission->connections.fetch_sub(1);
    m_sink->connectionClosed(id);
}

// ---- outbound ----------------------------------------------------------------------------

void IoWorker::post(OutboxItem item, Wake wake)
{
    bool schedule = false;
    {
        QMutexLocker locker(&m_outboxLock);
        if (item.action == OutboxItem::Action::Send) {
            qint64 &queued = m_queuedBytes[item.connection];
            if (queued < 0)
                return; // cut off already: the client resumes with sync when it returns
            queued += item.frame.size();
            if (queued > m_options.outboundCapBytes) {
                item.action = OutboxItem::Action::CutOff;
                item.frame.clear();
                queued = -1;
            }
        }
        m_metrics->outboundQueueMessages.add(1);
        m_outbox.push_back(std::move(item));
        schedule = wake == Wake::Now && !m_drainScheduled;
        m_drainScheduled = m_drainScheduled || schedule;
    }
    if (schedule)
        QMetaObject::invokeMethod(this, &IoWorker::drainOutbox, Qt::QueuedConnection);
}

void IoWorker::wakeIfPending()
{
    bool schedule = false;
    {
        QMutexLocker locker(&m_outboxLock);
        schedule = !m_outbox.empty() && !m_drainScheduled;
        m_drainScheduled = m_drainScheduled || schedule;
    }
    if (schedule)
        QMetaObject::invokeMethod(this, &IoWorker::drainOutbox, Qt::QueuedConnection);
}

void IoWorker::drainOutbox()
{
    std::vector<OutboxItem> items;
    {
        QMutexLocker locker(&m_outboxLock);
        items.swap(m_outbox);
        m_drainScheduled = false;
        for (const OutboxItem &item : items) {
            const bool cutOff = item.action == OutboxItem::Action::CutOff;
            if (item.action != OutboxItem::Action::Send && !cutOff)
                continue;
            const auto queued = m_queuedBytes.find(item.connection);
            if (queued == m_queuedBytes.end())
                continue;
            if (cutOff || (*queued -= item.frame.size()) <= 0)
                m_queuedBytes.erase(queued);
        }
    }
    m_metrics->outboundQueueMessages.add(-double(items.size()));
    for (const OutboxItem &item : items)
        apply(item);
}

void IoWorker::apply(const OutboxItem &item)
{
    const auto it = m_connections.find(item.connection);
    if (it == m_connections.end())
        return;
    Connection &connection = it->second;
    switch (item.action) {
    case OutboxItem::Action::Send:
        sendFrame(connection, item.frame, item.originNs);
        break;
    case OutboxItem::Action::Authenticate:
        m_metrics->connections[u"unauthenticated"].add(-1);
        connection.authenticated = true;
        releasePendingHello(connection);
        connection.role = item.role;
        m_metrics->connections[protocol::roleName(item.role)].add(1);
        m_metrics->connectionsOpened[protocol::roleName(item.role)].inc();
        break;
    case OutboxItem::Action::Close:
        closeConnection(connection, item.closeCode, item.reason);
        break;
    case OutboxItem::Action::CutOff:
        if (!connection.closing && connection.socket)
            disconnectSlowConsumer(connection, connection.socket->bytesToWrite());
        break;
    }
}

void IoWorker::sendFrame(Connection &connection, const QByteArray &frame, qint64 originNs)
{
    if (connection.closing || !connection.socket)
        return;
    if (connection.transport && frame.size() <= maxDirectFrameBytes) {
        // Our frames are UTF-8 already: QWebSocket would decode them to UTF-16 and encode them
        // back before framing. A server's frame is unmasked, so its header is all it needs.
        char header[4] = { char(0x81) }; // FIN + text
        qsizetype headerSize = 2;
        if (frame.size() < 126) {
            header[1] = char(frame.size());
        } else {
            header[1] = char(126);
            header[2] = char((frame.size() >> 8) & 0xff);
            header[3] = char(frame.size() & 0xff);
            headerSize = 4;
        }
        connection.transport->write(header, headerSize);
        connection.transport->write(frame);
    } else {
        connection.socket->sendTextMessage(QString::fromUtf8(frame));
    }
    if (originNs > 0)
        m_metrics->deliveryDuration.observe(double(metrics::steadyNowNs() - originNs) / 1e9);
    if (connection.socket->bytesToWrite() > m_options.outboundCapBytes)
        disconnectSlowConsumer(connection, connection.socket->bytesToWrite());
}

void IoWorker::releasePendingHello(Connection &connection)
{
    if (!std::exchange(connection.pendingHello, false))
        return;
    m_admission->pendingHellos.release(connection.pendingHelloFrom);
}

void IoWorker::disconnectSlowConsumer(Connection &connection, qint64 unsentBytes)
{
    // A client that does not read would make us buffer without bound: let it go.
    qCInfo(lcGateway) << "disconnecting a slow consumer with" << unsentBytes << "bytes unsent";
    m_metrics->slowConsumerDisconnects.inc();
    connection.closing = true;
    abortLater(connection.socket);
}

void IoWorker::reject(
    Connection &connection, ErrorCode code, const QString &message, const QString &ref)
{
    m_metrics->protocolErrors[protocol::errorCodeName(code)].inc();
    sendFrame(connection, protocol::encodeError(code, message, ref));
}

void IoWorker::closeConnection(Connection &connection, int closeCode, const QString &reason)
{
    if (connection.closing || !connection.socket)
        return;
    connection.closing = true;
    if (SocketWatch *watch = SocketWatch::of(connection.socket)) {
        // Close frame, half-close, drain: the client gets everything sent before it.
        watch->closeGracefully(closeCode, reason, closeHandshakeTimeoutMs);
        return;
    }
    connection.socket->close(QWebSocketProtocol::CloseCode(closeCode), reason);
    // A peer that never answers the close handshake is cut off after a few seconds.
    QPointer<QWebSocket> socket = connection.socket;
    QTimer::singleShot(closeHandshakeTimeoutMs, this, [socket] {
        if (socket && socket->state() != QAbstractSocket::UnconnectedState)
            socket->abort();
    });
}

void IoWorker::abortLater(QWebSocket *socket)
{
    // Aborting emits disconnected at once, which erases the connection; never do that while
    // a caller still holds it or iterates the table.
    QMetaObject::invokeMethod(socket, &QWebSocket::abort, Qt::QueuedConnection);
}

void IoWorker::closeAll(int closeCode, const QString &reason)
{
    std::vector<ConnectionId> ids;
    for (const auto &entry : m_connections)
        ids.push_back(entry.first);
    for (const ConnectionId id : ids) {
        const auto it = m_connections.find(id);
        if (it != m_connections.end())
            closeConnection(it->second, closeCode, reason);
    }
}

// ---- timers ------------------------------------------------------------------------------

void IoWorker::sweep()
{
    const qint64 now = nowMs();
    // Handshakes QWebSocketServer refused: it deleted their sockets.
    m_upgrading.removeIf([this](const auto &entry) {
        if (!entry.value().watch.isNull())
            return false;
        if (!entry.value().pendingFrom.isNull())
            m_admission->pendingHellos.release(entry.value().pendingFrom);
        return true;
    });
    const qint64 handshakeLimit = qint64(m_options.handshakeTimeoutSeconds) * 1000;
    std::vector<QTcpSocket *> idleKeptAlive;
    for (auto it = m_pending.begin(); it != m_pending.end();) {
        if (it->keptAlive) {
            if (now - it->acceptedMs > KeepAlivePolicy::idleTimeoutMs)
                idleKeptAlive.push_back(it->socket);
            ++it;
        } else if (now - it->acceptedMs > handshakeLimit) {
            QTcpSocket *socket = it->socket;
            it = m_pending.erase(it);
            m_metrics->handshakeFailures[u"timeout"].inc();
            socket->abort();
            socket->deleteLater();
        } else {
            ++it;
        }
    }
    for (QTcpSocket *socket : idleKeptAlive) {
        // Between requests nothing is lost: close politely, the browser opens another.
        disconnect(takePending(socket).readConnection);
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        socket->disconnectFromHost();
    }
    const qint64 heartbeatMs = qint64(m_options.heartbeatSeconds) * 1000;
    const qint64 idleLimit = heartbeatMs * 5 / 2;
    const qint64 helloLimit = qint64(m_options.helloTimeoutSeconds) * 1000;
    // Decide first, act after: closing may erase entries from the table being walked.
    std::vector<ConnectionId> helloLate;
    std::vector<ConnectionId> idle;
    for (auto &[id, connection] : m_connections) {
        if (connection.closing || !connection.socket)
            continue;
        if (!connection.authenticated && !connection.helloSeen
            && now - connection.openedMs > helloLimit) {
            helloLate.push_back(id);
        } else if (now - connection.lastInboundMs > idleLimit) {
            idle.push_back(id);
        } else if (now - connection.lastPingMs >= heartbeatMs) {
            connection.lastPingMs = now;
            connection.socket->ping();
        }
    }
    for (const ConnectionId id : helloLate) {
        const auto it = m_connections.find(id);
        if (it != m_connections.end())
            closeConnection(it->second, protocol::close::helloTimeout, u"no hello in time"_s);
    }
    for (const ConnectionId id : idle) {
        const auto it = m_connections.find(id);
        if (it == m_connections.end())
            continue;
        closeConnection(it->second, protocol::close::idle, u"idle"_s);
        // The peer is likely gone; do not wait for its close handshake.
        abortLater(it->second.socket);
    }
}

} // namespace switchboard::server
