#include "report.h"

#include "timestamp.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace switchboard::ui {

namespace {

std::optional<double> seconds(const QJsonValue &value)
{
    return value.isDouble() ? std::optional<double>(value.toDouble()) : std::nullopt;
}

QList<Report::Row> rows(const QJsonValue &value, const QString &keyField)
{
    QList<Report::Row> result;
    const QJsonArray list = value.toArray();
    result.reserve(list.size());
    for (const QJsonValue &row : list)
        result.append(Report::Row::fromJson(row.toObject(), keyField));
    return result;
}

} // namespace

Report::Statistic Report::Statistic::fromJson(const QJsonObject &object)
{
    Statistic statistic;
    statistic.count = object.value(u"count"_s).toInt();
    statistic.median = seconds(object.value(u"median"_s));
    statistic.p90 = seconds(object.value(u"p90"_s));
    statistic.mean = seconds(object.value(u"mean"_s));
    return statistic;
}

Report::Row Report::Row::fromJson(const QJsonObject &object, const QString &keyField)
{
    Row row;
    row.key = object.value(keyField).toString();
    row.name = object.value(u"name"_s).toString();
    row.conversations = object.value(u"conversations"_s).toInt();
    row.closed = object.value(u"closed"_s).toInt();
    row.missed = object.value(u"missed"_s).toInt();
    row.firstResponseMedian = seconds(object.value(u"first_response_s_median"_s));
    row.firstResponseP90 = seconds(object.value(u"first_response_s_p90"_s));
    row.resolutionMedian = seconds(object.value(u"resolution_s_median"_s));
    row.resolutionP90 = seconds(object.value(u"resolution_s_p90"_s));
    row.queueWaitMedian = seconds(object.value(u"queue_wait_s_median"_s));
    row.queueWaitP90 = seconds(object.value(u"queue_wait_s_p90"_s));
    row.csatCount = object.value(u"csat_count"_s).toInt();
    row.csatMean = seconds(object.value(u"csat_mean"_s));
    row.csatSatisfiedShare = seconds(object.value(u"csat_satisfied_share"_s));
    return row;
}

Report Report::fromJson(const QJsonObject &frame)
{
    Report report;
    report.request = frame.value(u"request"_s).toString();
    report.fromMs = parseTimestamp(frame.value(u"from"_s).toString());
    report.toMs = parseTimestamp(frame.value(u"to"_s).toString());
    const QJsonObject summary = frame.value(u"summary"_s).toObject();
    report.conversations = summary.value(u"conversations"_s).toInt();
    report.closed = summary.value(u"closed"_s).toInt();
    report.missed = summary.value(u"missed"_s).toInt();
    report.firstResponse = Statistic::fromJson(summary.value(u"first_response_s"_s).toObject());
    report.resolution = Statistic::fromJson(summary.value(u"resolution_s"_s).toObject());
    report.queueWait = Statistic::fromJson(summary.value(u"queue_wait_s"_s).toObject());
    const QJsonObject csat = summary.value(u"csat"_s).toObject();
    report.csatCount = csat.value(u"count"_s).toInt();
    report.csatMean = seconds(csat.value(u"mean"_s));
    report.csatSatisfiedShare = seconds(csat.value(u"satisfied_share"_s));
    report.byAgent = rows(frame.value(u"by_agent"_s), u"login"_s);
    report.byTeam = rows(frame.value(u"by_team"_s), u"team"_s);
    report.byDay = rows(frame.value(u"by_day"_s), u"day"_s);
    return report;
}

} // namespace switchboard::ui
