#pragma once

#include <QJsonObject>
#include <QString>

namespace switchboard::ui {

// One `metrics` frame of the supervisor stream, as numbers.
struct MetricsSample {
    qint64 timestampMs = 0;
    int customers = 0;
    int agents = 0;
    int supervisors = 0;
    double messagesPerSecond = 0.0;
    double ackP50Ms = 0.0;
    double ackP99Ms = 0.0;
    int queueWaiting = 0;
    double longestWaitSeconds = 0.0;
    int agentsAvailable = 0;
    int agentsAway = 0;

    // `fallbackMs` stands in when the frame's `ts` is missing or malformed.
    static MetricsSample fromJson(const QJsonObject &frame, qint64 fallbackMs);
};

} // namespace switchboard::ui
