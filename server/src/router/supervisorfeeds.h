#pragma once

#include "alerts/alert.h"
#include "gateway/outbox.h"
#include "metricsstream.h"

#include <QJsonArray>
#include <QList>
#include <QSet>
#include <functional>

namespace switchboard::server {

// The supervisors' live feeds: which connections subscribed to the once-a-second `metrics`
// frame and which to `alert` frames, and sending each what it asked for. The router checks
// that only supervisors subscribe and forgets a connection when it closes or is signed out.
// Lives on the router's thread.
class SupervisorFeeds final {
public:
    SupervisorFeeds(Outbox *outbox, const metrics::ServerMetrics &metrics);
    Q_DISABLE_COPY_MOVE(SupervisorFeeds)

    void subscribeMetrics(ConnectionId connection);
    // Subscribes to alerts and sends, at once, those `firing` now.
    void subscribeAlerts(ConnectionId connection, const QList<Alert> &firing);
    void forget(ConnectionId connection);

    // The next metrics frame, to every metrics subscriber. Called once a second whether or not
    // anyone listens (the stream's rates cover one interval); `staff`, the roster for the
    // dashboard, is built only when someone does.
    void publishMetrics(
        int queueWaiting, double longestWaitSeconds, const std::function<QJsonArray()> &staff);
    // A change of an alert, to every alert subscriber.
    void relayAlert(const Alert &alert);

private:
    Outbox *m_outbox;
    MetricsStream m_stream;
    QSet<ConnectionId> m_metricsSubscribers;
    QSet<ConnectionId> m_alertSubscribers;
};

} // namespace switchboard::server
