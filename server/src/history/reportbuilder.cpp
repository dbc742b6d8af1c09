#include "reportbuilder.h"

#include <QDateTime>
#include <QJsonArray>
#include <QMap>
#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

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
    QList<double> ratings; // customer satisfaction, 1 to 5, of the rated conversations
};

struct AgentFigures {
    QString name;
    Figures figures;
};

// One conversation's numbers as the report reads them.
struct Row {
    qint64 created = 0;
    qint64 firstAssigned = 0;
    qint64 firstResponse = 0;
    qint64 closed = 0;
    QString closeReason;
    int rating = 0; // 0: not rated
};

void add(Figures &figures, const Row &row)
{
    const qint64 created = row.created;
    const qint64 firstAssigned = row.firstAssigned;
    const qint64 firstResponse = row.firstResponse;
    const qint64 closed = row.closed;
    const QString &closeReason = row.closeReason;
    ++figures.conversations;
    if (row.rating > 0)
        figures.ratings.append(double(row.rating));
    if (closeReason == u"missed"_s)
        ++figures.missed;
    else if (closeReason == u"idle"_s)
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
        { u"count"_s, qint64(values.size()) },
        { u"median"_s, ReportBuilder::median(values) },
        { u"p90"_s, ReportBuilder::percentile90(values) },
        { u"mean"_s, ReportBuilder::mean(values) },
    };
}

// Medians in whole milliseconds, so 41.5 s stays 41.5 and not 41.499999.
double rounded(double seconds)
{
    return std::round(seconds * 1000.0) / 1000.0;
}

// The share of ratings that are 4 or 5 ("satisfied"), from 0 to 1; null without ratings.
QJsonValue satisfiedShare(const QList<double> &ratings)
{
    if (ratings.isEmpty())
        return QJsonValue(QJsonValue::Null);
    const auto satisfied = std::count_if(
        ratings.cbegin(), ratings.cend(), [](double rating) { return rating >= 4.0; });
    return rounded(double(satisfied) / double(ratings.size()));
}

// The CSAT members of a by_agent, by_team or by_day row.
void insertCsat(QJsonObject &row, const QList<double> &ratings)
{
    row.insert(u"csat_count"_s, qint64(ratings.size()));
    row.insert(u"csat_mean"_s, ReportBuilder::mean(ratings));
    row.insert(u"csat_satisfied_share"_s, satisfiedShare(ratings));
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
    const QString id = m_database.textKey(u"c.id"_s);
    const QString pageSql
        = u"SELECT c.id, c.created_ms, c.first_assigned_ms, c.first_response_ms, c.closed_ms, "
          u"c.team, c.agent_id, COALESCE(u.login, ''), COALESCE(u.name, ''), c.close_reason, "
          u"COALESCE(r.rating, 0) "
          u"FROM conversations c LEFT JOIN users u ON u.id = c.agent_id "
          u"LEFT JOIN conversation_ratings r ON r.conversation_id = c.id "
          u"WHERE c.created_ms >= ? AND c.created_ms < ? AND (c.created_ms, "_s
        + id + u") > (?, ?) ORDER BY c.created_ms, "_s + id + u" LIMIT ?"_s;

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
            Row row;
            row.created = query->value(1).toLongLong();
            const qint64 created = row.created;
            afterCreated = created;
            row.firstAssigned = query->value(2).toLongLong();
            row.firstResponse = query->value(3).toLongLong();
            row.closed = query->value(4).toLongLong();
            row.closeReason = query->value(9).toString();
            row.rating = query->value(10).toInt();
            add(summary, row);
            add(byTeam[query->value(5).toString()], row);
            const QString day = QDateTime::fromMSecsSinceEpoch(
                created + qint64(utcOffsetMinutes) * 60 * 1000, Qt::UTC)
                                    .date()
                                    .toString(Qt::ISODate);
            add(byDay[day], row);
            if (query->value(6).toLongLong() != 0) {
                // An account removed since keeps its conversations under its old id.
                QString login = query->value(7).toString();
                if (login.isEmpty())
                    login = u"removed-user-"_s + query->value(6).toString();
                AgentFigures &agent = byAgent[login];
                agent.name = query->value(8).toString();
                add(agent.figures, row);
            }
        }
        if (fetched < pageSize)
            break;
    }

    QJsonObject answer;
    answer.insert(u"summary"_s,
        QJsonObject {
            { u"conversations"_s, summary.conversations },
            { u"closed"_s, summary.closed },
            { u"missed"_s, summary.missed },
            { u"idle"_s, summary.idle },
            { u"first_response_s"_s, statistic(summary.firstResponse) },
            { u"resolution_s"_s, statistic(summary.resolution) },
            { u"queue_wait_s"_s, statistic(summary.queueWait) },
            { u"csat"_s,
                QJsonObject {
                    { u"count"_s, qint64(summary.ratings.size()) },
                    { u"mean"_s, mean(summary.ratings) },
                    { u"satisfied_share"_s, satisfiedShare(summary.ratings) },
                } },
        });
    QJsonArray agents;
    for (auto it = byAgent.cbegin(); it != byAgent.cend(); ++it) {
        QJsonObject agent {
            { u"login"_s, it.key() },
            { u"name"_s, it->name },
            { u"conversations"_s, it->figures.conversations },
            { u"closed"_s, it->figures.closed },
            { u"first_response_s_median"_s, median(it->figures.firstResponse) },
            { u"resolution_s_median"_s, median(it->figures.resolution) },
        };
        insertCsat(agent, it->figures.ratings);
        agents.append(agent);
    }
    answer.insert(u"by_agent"_s, agents);
    // by_day rows also carry each figure's p90, for the dashboard's per-day p90 lines.
    const auto grouped
        = [](const QMap<QString, Figures> &groups, const QString &keyName, bool withP90) {
              QJsonArray rows;
              for (auto it = groups.cbegin(); it != groups.cend(); ++it) {
                  QJsonObject row {
                      { keyName, it.key() },
                      { u"conversations"_s, it->conversations },
                      { u"closed"_s, it->closed },
                      { u"missed"_s, it->missed },
                      { u"idle"_s, it->idle },
                      { u"first_response_s_median"_s, median(it->firstResponse) },
                      { u"resolution_s_median"_s, median(it->resolution) },
                      { u"queue_wait_s_median"_s, median(it->queueWait) },
                  };
                  insertCsat(row, it->ratings);
                  if (withP90) {
                      row.insert(u"first_response_s_p90"_s, percentile90(it->firstResponse));
                      row.insert(u"resolution_s_p90"_s, percentile90(it->resolution));
                      row.insert(u"queue_wait_s_p90"_s, percentile90(it->queueWait));
                  }
                  rows.append(row);
              }
              return rows;
          };
    answer.insert(u"by_team"_s, grouped(byTeam, u"team"_s, false));
    answer.insert(u"by_day"_s, grouped(byDay, u"day"_s, true));
    return answer;
}

} // namespace switchboard::server
