#include "metricshistory.h"

#include <QDateTime>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace switchboard::ui {

MetricsHistory::MetricsHistory(qsizetype capacity)
    : m_capacity(std::max<qsizetype>(1, capacity))
{
    m_samples.reserve(m_capacity);
}

void MetricsHistory::append(const MetricsSample &sample)
{
    // Samples stay in time order; one older than the last (a clock step) replaces nothing.
    if (!m_samples.isEmpty() && sample.timestampMs < m_samples.last().timestampMs)
        return;
    if (m_samples.size() >= m_capacity)
        m_samples.remove(0, m_samples.size() - m_capacity + 1);
    m_samples.append(sample);
}

double MetricsHistory::value(const MetricsSample &sample, Field field)
{
    switch (field) {
    case Field::Customers:
        return sample.customers;
    case Field::Agents:
        return sample.agents;
    case Field::Supervisors:
        return sample.supervisors;
    case Field::MessagesPerSecond:
        return sample.messagesPerSecond;
    case Field::AckP50:
        return sample.ackP50Ms;
    case Field::AckP99:
        return sample.ackP99Ms;
    case Field::QueueWaiting:
        return sample.queueWaiting;
    case Field::LongestWait:
        return sample.longestWaitSeconds;
    case Field::AgentsAvailable:
        return sample.agentsAvailable;
    case Field::AgentsAway:
        return sample.agentsAway;
    }
    return 0.0;
}

QString MetricsHistory::fieldName(Field field)
{
    switch (field) {
    case Field::Customers:
        return u"connections_customer"_s;
    case Field::Agents:
        return u"connections_agent"_s;
    case Field::Supervisors:
        return u"connections_supervisor"_s;
    case Field::MessagesPerSecond:
        return u"messages_per_s"_s;
    case Field::AckP50:
        return u"ack_latency_p50_ms"_s;
    case Field::AckP99:
        return u"ack_latency_p99_ms"_s;
    case Field::QueueWaiting:
        return u"queue_waiting"_s;
    case Field::LongestWait:
        return u"queue_longest_wait_s"_s;
    case Field::AgentsAvailable:
        return u"agents_available"_s;
    case Field::AgentsAway:
        return u"agents_away"_s;
    }
    return {};
}

QList<MetricsHistory::Field> MetricsHistory::allFields()
{
    return { Field::Customers, Field::Agents, Field::Supervisors, Field::MessagesPerSecond,
        Field::AckP50, Field::AckP99, Field::QueueWaiting, Field::LongestWait,
        Field::AgentsAvailable, Field::AgentsAway };
}

QList<QPointF> MetricsHistory::points(Field field, qint64 fromMs) const
{
    const auto first = std::lower_bound(m_samples.cbegin(), m_samples.cend(), fromMs,
        [](const MetricsSample &sample, qint64 ms) { return sample.timestampMs < ms; });
    QList<QPointF> result;
    result.reserve(std::distance(first, m_samples.cend()));
    for (auto it = first; it != m_samples.cend(); ++it)
        result.append(QPointF(double(it->timestampMs), value(*it, field)));
    return result;
}

QString MetricsHistory::toCsv() const
{
    QString csv = u"time"_s;
    const QList<Field> fields = allFields();
    for (const Field field : fields)
        csv += u',' + fieldName(field);
    csv += u'\n';
    for (const MetricsSample &sample : m_samples) {
        csv += QDateTime::fromMSecsSinceEpoch(sample.timestampMs, Qt::UTC)
                   .toString(Qt::ISODateWithMs);
        for (const Field field : fields)
            csv += u',' + QString::number(value(sample, field), 'g', 10);
        csv += u'\n';
    }
    return csv;
}

} // namespace switchboard::ui
