#pragma once

#include "metricssample.h"

#include <QList>
#include <QPointF>
#include <QString>

namespace switchboard::ui {

// The samples the dashboard has seen, oldest first, bounded to the longest chart window (one
// hour at one sample a second, plus a margin), so memory stays flat however long it runs. It
// outlives connections: a dropped stream leaves a gap, never an empty chart.
class MetricsHistory final {
public:
    enum class Field {
        Customers,
        Agents,
        Supervisors,
        MessagesPerSecond,
        AckP50,
        AckP99,
        QueueWaiting,
        LongestWait,
        AgentsAvailable,
        AgentsAway,
    };

    static constexpr qsizetype defaultCapacity = 3600 + 60;

    explicit MetricsHistory(qsizetype capacity = defaultCapacity);

    void append(const MetricsSample &sample);
    void clear() { m_samples.clear(); }
    qsizetype size() const { return m_samples.size(); }
    qsizetype capacity() const { return m_capacity; }
    const QList<MetricsSample> &samples() const { return m_samples; }
    qint64 lastTimestampMs() const
    {
        return m_samples.isEmpty() ? 0 : m_samples.last().timestampMs;
    }

    static double value(const MetricsSample &sample, Field field);
    static QString fieldName(Field field); // the CSV column
    static QList<Field> allFields();

    // (milliseconds since the epoch, value) for every sample at or after `fromMs`.
    QList<QPointF> points(Field field, qint64 fromMs) const;
    // One header row, then one row per sample: ISO time, then every field.
    QString toCsv() const;

private:
    qsizetype m_capacity;
    QList<MetricsSample> m_samples;
};

} // namespace switchboard::ui
