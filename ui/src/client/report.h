#pragma once

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <optional>

namespace switchboard::ui {

// A `reports` answer: figures over the conversations created in a range (docs/protocol.md,
// "Reports"). Times are in seconds; a figure no conversation has is empty (the protocol's null).
struct Report {
    // One figure over the conversations that have it.
    struct Statistic {
        int count = 0;
        std::optional<double> median;
        std::optional<double> p90;
        std::optional<double> mean;

        static Statistic fromJson(const QJsonObject &object);
    };
    // One row of by_agent (key: login), by_team (key: team, "" for none) or by_day
    // (key: the day, yyyy-MM-dd). Only by_day carries the p90s; by_agent has no queue wait.
    struct Row {
        QString key;
        QString name;
        int conversations = 0;
        int closed = 0;
        int missed = 0; // closed as missed: the visitor left and no agent answered
        std::optional<double> firstResponseMedian;
        std::optional<double> firstResponseP90;
        std::optional<double> resolutionMedian;
        std::optional<double> resolutionP90;
        std::optional<double> queueWaitMedian;
        std::optional<double> queueWaitP90;
        // Customer satisfaction: how many rated, the mean (1 to 5) and the share of 4 and 5
        // (0 to 1); empty without ratings.
        int csatCount = 0;
        std::optional<double> csatMean;
        std::optional<double> csatSatisfiedShare;

        static Row fromJson(const QJsonObject &object, const QString &keyField);
    };

    QString request;
    qint64 fromMs = 0; // 0: open-ended
    qint64 toMs = 0;
    int conversations = 0;
    int closed = 0;
    int missed = 0;
    Statistic firstResponse;
    Statistic resolution;
    Statistic queueWait;
    int csatCount = 0;
    std::optional<double> csatMean;
    std::optional<double> csatSatisfiedShare;
    QList<Row> byAgent;
    QList<Row> byTeam;
    QList<Row> byDay;

    bool isEmpty() const { return conversations == 0; }
    static Report fromJson(const QJsonObject &frame);
};

} // namespace switchboard::ui

Q_DECLARE_METATYPE(switchboard::ui::Report)
