#pragma once

#include "exportformat.h"
#include "historydatabase.h"

#include <QJsonObject>

namespace switchboard::server {

// The supervisors' reports over conversations created in a range (docs/protocol.md,
// "Reports"): first response (creation to the first staff text), resolution (creation to
// close) and queue wait (creation to the first assignment), as count, median, p90 and mean,
// overall and by agent (the one assigned last), team and calendar day at a UTC offset.
// Conversations are read in keyset pages; only three numbers per conversation are kept.
class ReportBuilder final {
public:
    explicit ReportBuilder(HistoryDatabase &database);
    Q_DISABLE_COPY_MOVE(ReportBuilder)

    // The answer's summary, by_agent, by_team and by_day members.
    HistoryResult<QJsonObject> build(const ExportRange &range, int utcOffsetMinutes);

    // Of the values given (any order): the median is the middle one, or the mean of the two
    // middle ones; p90 is the nearest rank (the ceil(0.9 n)-th smallest). Null when empty.
    static QJsonValue median(QList<double> values);
    static QJsonValue percentile90(QList<double> values);
    static QJsonValue mean(const QList<double> &values);

private:
    HistoryDatabase &m_database;
};

} // namespace switchboard::server
