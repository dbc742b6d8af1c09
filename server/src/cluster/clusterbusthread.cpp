#include "clusterbusthread.h"

#include <QPointer>

using namespace Qt::StringLiterals;

namespace switchboard::server {

ClusterBusThread::ClusterBusThread(
    ClusterBusOptions options, ClusterHealth *health, metrics::ServerMetrics *metrics)
    : m_bus(new ClusterBus(std::move(options), health, metrics))
{
    m_thread.setObjectName(u"switchboard-cluster"_s);
    // Its timers and Redis connections are its children: they move with it, and nothing has
    // connected yet.
    m_bus->moveToThread(&m_thread);
}

ClusterBusThread::~ClusterBusThread()
{
    if (m_thread.isRunning()) {
        // Deleted on its own thread, where its sockets and timers live.
        QMetaObject::invokeMethod(
            m_bus, [bus = m_bus] { delete bus; }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    } else {
        delete m_bus; // never started: no socket was made
    }
}

void ClusterBusThread::setHandlers(QObject *context, ClusterBus::Handlers handlers)
{
    // Each handler is posted to the context's thread; a context gone by then gets nothing.
    QPointer<QObject> target(context);
    ClusterBus::Handlers posted;
    if (handlers.event) {
        posted.event = [target, handler = handlers.event](const ClusterEvent &event) {
            if (target)
                QMetaObject::invokeMethod(
                    target.data(), [handler, event] { handler(event); }, Qt::QueuedConnection);
        };
    }
    if (handlers.nodes) {
        posted.nodes = [target, handler = handlers.nodes](const QList<ClusterNode> &nodes) {
            if (target)
                QMetaObject::invokeMethod(
                    target.data(), [handler, nodes] { handler(nodes); }, Qt::QueuedConnection);
        };
    }
    if (handlers.resynced) {
        posted.resynced = [target, handler = handlers.resynced] {
            if (target)
                QMetaObject::invokeMethod(target.data(), handler, Qt::QueuedConnection);
        };
    }
    m_bus->setHandlers(std::move(posted)); // before start(): nothing runs on the bus yet
}

void ClusterBusThread::start()
{
    m_thread.start();
    QMetaObject::invokeMethod(m_bus, &ClusterBus::start, Qt::QueuedConnection);
}

void ClusterBusThread::leave()
{
    if (m_thread.isRunning())
        QMetaObject::invokeMethod(m_bus, &ClusterBus::leave, Qt::BlockingQueuedConnection);
}

void ClusterBusThread::publish(const ClusterEvent &event)
{
    QMetaObject::invokeMethod(
        m_bus, [bus = m_bus, event] { bus->publish(event); }, Qt::QueuedConnection);
}

void ClusterBusThread::setLocalAgents(const QHash<qint64, protocol::AgentStatus> &agents)
{
    QMetaObject::invokeMethod(
        m_bus, [bus = m_bus, agents] { bus->setLocalAgents(agents); }, Qt::QueuedConnection);
}

} // namespace switchboard::server
