#include "gateway.h"

#include "acceptor.h"
#include "health/loopwatchdog.h"
#include "ioworker.h"
#include "platform/platform.h"

#include <QAbstractEventDispatcher>
#include <QElapsedTimer>
#include <QThread>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <switchboard/logging.h>
#include <utility>

using namespace Qt::StringLiterals;

namespace switchboard::server {

Gateway::Gateway(GatewayOptions options, ClientEventSink *sink, const HttpEndpoints *http,
    metrics::ServerMetrics *metrics, LoopWatchdog *watchdog, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_sink(sink)
    , m_http(http)
    , m_metrics(metrics)
    , m_watchdog(watchdog)
{
    m_admission.maxConnections
        = m_options.maxConnections > 0 ? m_options.maxConnections : connectionCapFromFileLimit();
    m_admission.pendingHellos.setLimit(m_options.pendingHellosPerAddress);
}

Gateway::~Gateway()
{
    stop();
}

int Gateway::connectionCapFromFileLimit()
{
    // Leave room for the database, logs, listening sockets and handshakes in flight.
    const std::optional<double> limit = platform::openFileLimit();
    if (!limit || std::isinf(*limit))
        return 10000; // unlimited, or a platform without RLIMIT_NOFILE
    const auto files = qint64(*limit);
    const qint64 reserve = std::max<qint64>(64, files / 20);
    return int(std::max<qint64>(16, files - reserve));
}

Expected<quint16, QString> Gateway::start(const QHostAddress &address, quint16 port)
{
    const int threadCount
        = m_options.ioThreads > 0 ? m_options.ioThreads : std::max(1, QThread::idealThreadCount());
    for (int i = 0; i < threadCount; ++i) {
        auto thread = std::make_unique<QThread>();
        thread->setObjectName(u"switchboard-io-%1"_s.arg(i));
        // The platform's dispatcher for many sockets (platform.h); null means Qt's own.
        if (auto dispatcher = platform::makeEventDispatcher())
            thread->setEventDispatcher(dispatcher.release()); // the thread owns it
        auto *worker = new IoWorker(i, m_options, m_sink, m_http, m_metrics, &m_admission);
        worker->moveToThread(thread.get());
        thread->start();
        QMetaObject::invokeMethod(worker, &IoWorker::startTimers, Qt::QueuedConnection);
        if (m_watchdog)
            m_watchdog->watch(worker, thread->objectName());
        m_workers.push_back(worker);
        m_threads.push_back(std::move(thread));
    }

    // The acceptor lives on the first I/O thread and spreads sockets round-robin.
    auto next = std::make_shared<std::atomic<quint64>>(0);
    m_acceptor = new Acceptor([this, next](qintptr descriptor) {
        IoWorker *worker = m_workers[std::size_t(next->fetch_add(1) % m_workers.size())];
        worker->enqueueAccepted(descriptor);
    });
    m_acceptor->moveToThread(m_threads.front().get());
    QString error;
    bool listening = false;
    QMetaObject::invokeMethod(
        m_acceptor,
        [&] {
            m_acceptor->setListenBacklogSize(m_options.listenBacklog);
            listening = m_acceptor->listen(address, port);
            if (listening)
                m_port = m_acceptor->serverPort();
            else
                error = m_acceptor->errorString();
        },
        Qt::BlockingQueuedConnection);
    if (!listening) {
        const QString where = address.protocol() == QAbstractSocket::IPv6Protocol
            ? u"[%1]:%2"_s.arg(address.toString()).arg(port)
            : u"%1:%2"_s.arg(address.toString()).arg(port);
        stop();
        return unexpected(u"cannot listen on %1: %2"_s.arg(where, error));
    }
    qCInfo(lcGateway) << "listening on" << address.toString() << m_port << "with" << threadCount
                      << "I/O threads; connection cap" << m_admission.maxConnections;
    return m_port;
}

void Gateway::beginDraining()
{
    m_admission.draining = true;
}

void Gateway::closeAll(int closeCode, const QString &reason, int timeoutMs)
{
    for (IoWorker *worker : m_workers) {
        QMetaObject::invokeMethod(
            worker, [worker, closeCode, reason] { worker->closeAll(closeCode, reason); },
            Qt::QueuedConnection);
    }
    QElapsedTimer clock;
    clock.start();
    while (m_admission.connections.load() > 0 && clock.elapsed() < timeoutMs)
        QThread::msleep(20);
}

void Gateway::stop()
{
    if (m_acceptor) {
        Acceptor *acceptor = std::exchange(m_acceptor, nullptr);
        QMetaObject::invokeMethod(acceptor, &QTcpServer::close, Qt::BlockingQueuedConnection);
        acceptor->deleteLater();
    }
    // Objects die on their own thread: a finishing QThread runs its deferred deletions.
    for (IoWorker *worker : m_workers)
        worker->deleteLater();
    for (auto &thread : m_threads) {
        thread->quit();
        thread->wait();
    }
    m_workers.clear();
    m_threads.clear();
}

IoWorker *Gateway::workerFor(ConnectionId connection) const
{
    const auto index = std::size_t(workerOf(connection));
    return index < m_workers.size() ? m_workers[index] : nullptr;
}

void Gateway::send(ConnectionId connection, const QByteArray &frame, qint64 originNs)
{
    if (IoWorker *worker = workerFor(connection)) {
        IoWorker::OutboxItem item;
        item.connection = connection;
        item.frame = frame;
        item.originNs = originNs;
        worker->post(std::move(item));
    }
}

void Gateway::sendLater(ConnectionId connection, const QByteArray &frame, qint64 originNs)
{
    if (IoWorker *worker = workerFor(connection)) {
        IoWorker::OutboxItem item;
        item.connection = connection;
        item.frame = frame;
        item.originNs = originNs;
        worker->post(std::move(item), IoWorker::Wake::Later);
    }
}

void Gateway::wakePending()
{
    for (IoWorker *worker : m_workers)
        worker->wakeIfPending();
}

void Gateway::authenticate(ConnectionId connection, protocol::Role role)
{
    if (IoWorker *worker = workerFor(connection)) {
        IoWorker::OutboxItem item;
        item.action = IoWorker::OutboxItem::Action::Authenticate;
        item.connection = connection;
        item.role = role;
        worker->post(std::move(item));
    }
}

void Gateway::close(ConnectionId connection, int closeCode, const QString &reason)
{
    if (IoWorker *worker = workerFor(connection)) {
        IoWorker::OutboxItem item;
        item.action = IoWorker::OutboxItem::Action::Close;
        item.connection = connection;
        item.closeCode = closeCode;
        item.reason = reason;
        worker->post(std::move(item));
    }
}

} // namespace switchboard::server
