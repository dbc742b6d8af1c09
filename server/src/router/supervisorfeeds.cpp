#include "supervisorfeeds.h"

namespace switchboard::server {

SupervisorFeeds::SupervisorFeeds(Outbox *outbox, const metrics::ServerMetrics &metrics)
    : m_outbox(outbox)
    , m_stream(metrics)
{
}

void SupervisorFeeds::subscribeMetrics(ConnectionId connection)
{
    m_metricsSubscribers.insert(connection);
}

void SupervisorFeeds::subscribeAlerts(ConnectionId connection, const QList<Alert> &firing)
{
    m_alertSubscribers.insert(connection);
    for (const Alert &alert : firing)
        m_outbox->send(connection, alert.toFrame());
}

void SupervisorFeeds::forget(ConnectionId connection)
{
    m_metricsSubscribers.remove(connection);
    m_alertSubscribers.remove(connection);
}

void SupervisorFeeds::publishMetrics(
    int queueWaiting, double longestWaitSeconds, const std::function<QJsonArray()> &staff)
{
    const QByteArray frame = m_stream.nextFrame(
        queueWaiting, longestWaitSeconds, m_metricsSubscribers.isEmpty() ? QJsonArray() : staff());
    for (const ConnectionId subscriber : std::as_const(m_metricsSubscribers))
        m_outbox->send(subscriber, frame);
}

void SupervisorFeeds::relayAlert(const Alert &alert)
{
    const QByteArray frame = alert.toFrame();
    for (const ConnectionId subscriber : std::as_const(m_alertSubscribers))
        m_outbox->send(subscriber, frame);
}

} // namespace switchboard::server
