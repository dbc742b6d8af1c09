// The supervisors' live feeds without the router: who receives the metrics and alert frames,
// and that the dashboard's staff roster is built only when someone listens.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <metrics/metrics.h>
#include <router/supervisorfeeds.h>

using namespace Qt::StringLiterals;

using namespace switchboard::server;

namespace {

// The frames sent, by connection, parsed.
class CollectingOutbox final : public Outbox {
public:
    void send(ConnectionId connection, const QByteArray &frame, qint64) override
    {
        m_frames[connection].append(QJsonDocument::fromJson(frame).object());
    }
    void authenticate(ConnectionId, switchboard::protocol::Role) override { }
    void close(ConnectionId, int, const QString &) override { }

    QList<QJsonObject> frames(ConnectionId connection) const { return m_frames.value(connection); }

private:
    QHash<ConnectionId, QList<QJsonObject>> m_frames;
};

Alert alert(const QString &rule, bool firing)
{
    Alert result;
    result.id = rule + u"@node-a"_s;
    result.rule = rule;
    result.firing = firing;
    result.summary = u"Something needs a look"_s;
    return result;
}

constexpr ConnectionId metricsWatcher = 11;
constexpr ConnectionId alertWatcher = 12;
constexpr ConnectionId bystander = 13;

} // namespace

class TestSupervisorFeeds final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void metricsGoToTheirSubscribersOnly()
    {
        CollectingOutbox outbox;
        metrics::ServerMetrics serverMetrics;
        SupervisorFeeds feeds(&outbox, serverMetrics);
        feeds.subscribeMetrics(metricsWatcher);
        feeds.subscribeAlerts(alertWatcher, {});

        int rostersBuilt = 0;
        const auto roster = [&rostersBuilt] {
            ++rostersBuilt;
            return QJsonArray { QJsonObject { { u"login"_s, u"alice"_s } } };
        };
        feeds.publishMetrics(3, 1.5, roster);
        feeds.publishMetrics(2, 0.5, roster);
        QCOMPARE(rostersBuilt, 2);
        const QList<QJsonObject> frames = outbox.frames(metricsWatcher);
        QCOMPARE(frames.size(), 2);
        QCOMPARE(frames.at(0).value(u"type"_s).toString(), u"metrics"_s);
        QCOMPARE(frames.at(0)[u"staff"_s].toArray().size(), 1);
        QVERIFY(outbox.frames(alertWatcher).isEmpty());
        QVERIFY(outbox.frames(bystander).isEmpty());
    }

    void rosterIsNotBuiltWithoutMetricsSubscribers()
    {
        CollectingOutbox outbox;
        metrics::ServerMetrics serverMetrics;
        SupervisorFeeds feeds(&outbox, serverMetrics);
        feeds.subscribeAlerts(alertWatcher, {});
        feeds.subscribeMetrics(metricsWatcher);
        feeds.forget(metricsWatcher); // signed out

        int rostersBuilt = 0;
        feeds.publishMetrics(0, 0, [&rostersBuilt] {
            ++rostersBuilt;
            return QJsonArray();
        });
        QCOMPARE(rostersBuilt, 0);
        QVERIFY(outbox.frames(metricsWatcher).isEmpty());
        QVERIFY(outbox.frames(alertWatcher).isEmpty());
    }

    void alertSubscribersGetWhatFiresThenEveryChange()
    {
        CollectingOutbox outbox;
        metrics::ServerMetrics serverMetrics;
        SupervisorFeeds feeds(&outbox, serverMetrics);
        feeds.subscribeMetrics(metricsWatcher);
        feeds.subscribeAlerts(alertWatcher, { alert(u"LongQueueWait"_s, true) });
        QCOMPARE(outbox.frames(alertWatcher).size(), 1);
        QCOMPARE(outbox.frames(alertWatcher).at(0).value(u"state"_s).toString(), u"firing"_s);

        feeds.relayAlert(alert(u"LongQueueWait"_s, false));
        QCOMPARE(outbox.frames(alertWatcher).size(), 2);
        QCOMPARE(outbox.frames(alertWatcher).at(1).value(u"state"_s).toString(), u"resolved"_s);
        QVERIFY(outbox.frames(metricsWatcher).isEmpty());

        feeds.forget(alertWatcher); // the connection closed
        feeds.relayAlert(alert(u"LongQueueWait"_s, true));
        QCOMPARE(outbox.frames(alertWatcher).size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestSupervisorFeeds)
#include "tst_supervisorfeeds.moc"
