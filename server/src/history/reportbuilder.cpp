#include "reportbuilder.h"

#include <QDateTime>
#include <QJsonArray>
#include <QMap>
#include <algorithm>
#include <cmath>

namespace switchboard::server {

namespace {

constexpr int pageSize = 500;

// The figures of a group of conversations.
struct Figures {
    qint64 conversations = 0;
    qint64 closed = 0;
    qint64 missed = 0; // closed by the server: the visitor left and no agent answered
    qint64 idle = 0; // closed by the server: assigned, no message for idle-close-hours
    QList<double> firstResponse;
    QList<double> resolution;
    QList<double> queueWait;
};

struct AgentFigures {
    QString name;
    Figures figures;
};

void add(Figures &figures, qint64 created, qint64 firstAssigned, qint64 firstResponse,
    qint64 closed, const QString &closeReason)
{
    ++figures.conversations;
    if (closeReason == u"missed"_qs)
        ++figures.missed;
    else if (closeReason == u"idle"_qs)
        ++figures.idle;
    if (closed > 0) {
        ++figures.closed;
        figures.resolution.append(double(closed - created) / 1000.0);
    }
    if (firstResponse > 0)
        figures.firstResponse.append(double(firstResponse - created) / 1000.0);
    if (firstAssigned > 0)
        figures.queueWait.append(double(firstAssigned - created) / 1000.0);
}

QJsonObject statistic(const QList<double> &values)
{
    return QJsonObject {
        { u"count"_qs, qint64(values.size()) },
        { u"median"_qs, ReportBuilder::median(values) },
        { u"p90"_qs, ReportBuilder::percentile90(values) },
        { u"mean"_qs, ReportBuilder::mean(values) },
    };
}

// Medians in whole milliseconds, so 41.5 s stays 41.5 and not 41.499999.
double rounded(double seconds)
{
    return std::round(seconds * 1000.0) / 1000.0;
}

} // namespace

ReportBuilder::ReportBuilder(HistoryDatabase &database)
    : m_database(database)
{
}

QJsonValue ReportBuilder::median(QList<double> values)
{
    if (values.isEmpty())
        return QJsonValue(QJsonValue::Null);
    std::sort(values.begin(), values.end());
    const qsizetype middle = values.size() / 2;
    const double value = values.size() % 2 == 1 ? values.at(middle)
                                                : (values.at(middle - 1) + values.at(middle)) / 2.0;
    return rounded(value);
}

QJsonValue ReportBuilder::percentile90(QList<double> values)
{
    if (values.isEmpty())
        return QJsonValue(QJsonValue::Null);
    std::sort(values.begin(), values.end());
    const auto rank = qsizetype(std::ceil(0.9 * double(values.size())));
    return rounded(values.at(std::max<qsizetype>(rank, 1) - 1));
}

QJsonValue ReportBuilder::mean(const QList<double> &values)
{
    if (values.isEmpty())
        return QJsonValue(QJsonValue::Null);
    double sum = 0;
    for (const double value : values)
        sum += value;
    return rounded(sum / double(values.size()));
}

HistoryResult<QJsonObject> ReportBuilder::build(const ExportRange &range, int utcOffsetMinutes)
{
    const QString id = m_database.textKey(u"c.id"_qs);
    const QString pageSql
        = u"SELECT c.id, c.created_ms, c.first_assigned_ms, c.first_response_ms, c.closed_ms, "
          u"c.team, c.agent_id, COALESCE(u.login, ''), COALESCE(u.name, ''), c.close_reason "
          u"FROM conversations c LEFT JOIN users u ON u.id = c.agent_id "
          u"WHERE c.created_ms >= ? AND c.created_ms < ? AND (c.created_ms, "_qs
        + id + u") > (?, ?) ORDER BY c.created_ms, "_qs + id + u" LIMIT ?"_qs;

    Figures summary;
    QMap<QString, AgentFigures> byAgent; // by login
    QMap<QString, Figures> byTeam;
    QMap<QString, Figures> byDay; // "YYYY-MM-DD" sorts as dates do
    qint64 afterCreated = std::numeric_limits<qint64>::min();
    QString afterId;
    for (;;) {
        auto query = m_database.run(pageSql,
            { range.lowerBound(), range.upperBound(), afterCreated, afterId, pageSize },
            u"report conversations");
        if (!query)
            return unexpected(query.error());
        int fetched = 0;
        while (query->next()) {
            ++fetched;
            afterId = query->value(0).toString();
            const qint64 created = query->value(1).toLongLong();
            afterCreated = created;
            const qint64 firstAssigned = query->value(2).toLongLong();
            const qint64 firstResponse = query->value(3).toLongLong();
            const qint64 closed = query->value(4).toLongLong();
            const QString closeReason = query->value(9).toString();
            add(summary, created, firstAssigned, firstResponse, closed, closeReason);
            add(byTeam[query->value(5).toString()], created, firstAssigned, firstResponse, closed,
                closeReason);
            const QString day = QDateTime::fromMSecsSinceEpoch(
                created + qint64(utcOffsetMinutes) * 60 * 1000, Qt::UTC)
                                    .date()
                                    .toString(Qt::ISODate);
            add(byDay[day], created, firstAssigned, firstResponse, closed, closeReason);
            if (query->value(6).toLongLong() != 0) {
                // An account removed since keeps its conversations under its old id.
                QString login = query->value(7).toString();
                if (login.isEmpty())
                    login = u"removed-user-"_qs + query->value(6).toString();
                AgentFigures &agent = byAgent[login];
                agent.name = query->value(8).toString();
                add(agent.figures, created, firstAssigned, firstResponse, closed, closeReason);
            }
        }
        if (fetched < pageSize)
            break;
    }

    QJsonObject answer;
    answer.insert(u"summary"_qs,
        QJsonObject {
            { u"conversations"_qs, summary.conversations },
            { u"closed"_qs, summary.closed },
            { u"missed"_qs, summary.missed },
            { u"idle"_qs, summary.idle },
            { u"first_response_s"_qs, statistic(summary.firstResponse) },
            { u"resolution_s"_qs, statistic(summary.resolution) },
            { u"queue_wait_s"_qs, statistic(summary.queueWait) },
        });
    QJsonArray agents;
    for (auto it = byAgent.cbegin(); it != byAgent.cend(); ++it) {
        agents.append(QJsonObject {
            { u"login"_qs, it.key() },
            { u"name"_qs, it->name },
            { u"conversations"_qs, it->figures.conversations },
            { u"closed"_qs, it->figures.closed },
            { u"first_response_s_median"_qs, median(it->figures.firstResponse) },
            { u"resolution_s_median"_qs, median(it->figures.resolution) },
        });
    }
    answer.insert(u"by_agent"_qs, agents);
    // by_day rows also carry each figure's p90, for the dashboard's per-day p90 lines.
    const auto grouped
        = [](const QMap<QString, Figures> &groups, const QString &keyName, bool withP90) {
              QJsonArray rows;
              for (auto it = groups.cbegin(); it != groups.cend(); ++it) {
                  QJsonObject row {
                      { keyName, it.key() },
                      { u"conversations"_qs, it->conversations },
                      { u"closed"_qs, it->closed },
                      { u"missed"_qs, it->missed },
                      { u"idle"_qs, it->idle },
                      { u"first_response_s_median"_qs, median(it->firstResponse) },
                      { u"resolution_s_median"_qs, median(it->resolution) },
                      { u"queue_wait_s_median"_qs, median(it->queueWait) },
                  };
                  if (withP90) {
                      row.insert(u"first_response_s_p90"_qs, percentile90(it->firstResponse));
                      row.insert(u"resolution_s_p90"_qs, percentile90(it->resolution));
                      row.insert(u"queue_wait_s_p90"_qs, percentile90(it->queueWait));
                  }
                  rows.append(row);
              }
              return rows;
          };
    answer.insert(u"by_team"_qs, grouped(byTeam, u"team"_qs, false));
    answer.insert(u"by_day"_qs, grouped(byDay, u"day"_qs, true));
    return answer;
}

} // namespace switchboard::server
