#include "metricssample.h"

#include <client/timestamp.h>

using namespace Qt::StringLiterals;

namespace switchboard::ui {

MetricsSample MetricsSample::fromJson(const QJsonObject &frame, qint64 fallbackMs)
{
    MetricsSample sample;
    sample.timestampMs = parseTimestamp(frame.value(u"ts"_s).toString());
    if (sample.timestampMs <= 0)
        sample.timestampMs = fallbackMs;
    const QJsonObject connections = frame.value(u"connections"_s).toObject();
    sample.customers = connections.value(u"customer"_s).toInt();
    sample.agents = connections.value(u"agent"_s).toInt();
    sample.supervisors = connections.value(u"supervisor"_s).toInt();
    sample.messagesPerSecond = frame.value(u"messages_per_s"_s).toDouble();
    const QJsonObject latency = frame.value(u"ack_latency_ms"_s).toObject();
    sample.ackP50Ms = latency.value(u"p50"_s).toDouble();
    sample.ackP99Ms = latency.value(u"p99"_s).toDouble();
    const QJsonObject queue = frame.value(u"queue"_s).toObject();
    sample.queueWaiting = queue.value(u"waiting"_s).toInt();
    sample.longestWaitSeconds = queue.value(u"longest_wait_s"_s).toDouble();
    const QJsonObject agents = frame.value(u"agents"_s).toObject();
    sample.agentsAvailable = agents.value(u"available"_s).toInt();
    sample.agentsAway = agents.value(u"away"_s).toInt();
    return sample;
}

} // namespace switchboard::ui
