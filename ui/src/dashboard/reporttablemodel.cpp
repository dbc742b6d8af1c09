#include "reporttablemodel.h"

#include "exportfile.h"

#include <QLocale>
#include <cmath>

using namespace Qt::StringLiterals;

namespace switchboard::ui {

namespace {

bool isTime(ReportTableModel::Measure measure)
{
    using Measure = ReportTableModel::Measure;
    return measure >= Measure::FirstResponseMedian && measure <= Measure::QueueWaitP90;
}

bool isNumber(ReportTableModel::Measure measure)
{
    using Measure = ReportTableModel::Measure;
    return measure == Measure::Conversations || measure == Measure::Closed
        || measure == Measure::Missed || isTime(measure) || measure >= Measure::CsatCount;
}

QVariant optional(std::optional<double> value)
{
    return value ? QVariant(*value) : QVariant();
}

} // namespace

ReportTableModel::ReportTableModel(Kind kind, QObject *parent)
    : QAbstractTableModel(parent)
    , m_kind(kind)
    , m_columns(columns(kind))
{
}

QList<ReportTableModel::Measure> ReportTableModel::columns(Kind kind)
{
    switch (kind) {
    case Kind::Agents:
        return { Measure::Name, Measure::Login, Measure::Conversations, Measure::Closed,
            Measure::FirstResponseMedian, Measure::ResolutionMedian, Measure::CsatCount,
            Measure::CsatMean, Measure::CsatSatisfied };
    case Kind::Teams:
        return { Measure::Team, Measure::Conversations, Measure::Closed, Measure::Missed,
            Measure::FirstResponseMedian, Measure::ResolutionMedian, Measure::QueueWaitMedian,
            Measure::CsatCount, Measure::CsatMean, Measure::CsatSatisfied };
    case Kind::Days:
        return { Measure::Day, Measure::Conversations, Measure::Closed, Measure::Missed,
            Measure::FirstResponseMedian, Measure::FirstResponseP90, Measure::ResolutionMedian,
            Measure::ResolutionP90, Measure::QueueWaitMedian, Measure::QueueWaitP90,
            Measure::CsatCount, Measure::CsatMean, Measure::CsatSatisfied };
    }
    return {};
}

QString ReportTableModel::csvName(Measure measure)
{
    switch (measure) {
    case Measure::Name:
        return u"name"_s;
    case Measure::Login:
        return u"login"_s;
    case Measure::Team:
        return u"team"_s;
    case Measure::Day:
        return u"day"_s;
    case Measure::Conversations:
        return u"conversations"_s;
    case Measure::Closed:
        return u"closed"_s;
    case Measure::Missed:
        return u"missed"_s;
    case Measure::FirstResponseMedian:
        return u"first_response_s_median"_s;
    case Measure::FirstResponseP90:
        return u"first_response_s_p90"_s;
    case Measure::ResolutionMedian:
        return u"resolution_s_median"_s;
    case Measure::ResolutionP90:
        return u"resolution_s_p90"_s;
    case Measure::QueueWaitMedian:
        return u"queue_wait_s_median"_s;
    case Measure::QueueWaitP90:
        return u"queue_wait_s_p90"_s;
    case Measure::CsatCount:
        return u"csat_count"_s;
    case Measure::CsatMean:
        return u"csat_mean"_s;
    case Measure::CsatSatisfied:
        return u"csat_satisfied_share"_s;
    }
    return {};
}

QString ReportTableModel::formatSeconds(std::optional<double> seconds)
{
    if (!seconds || !std::isfinite(*seconds))
        return tr("—");
    const double value = std::max(0.0, *seconds);
    const QLocale locale;
    if (value < 10.0)
        return tr("%1 s").arg(locale.toString(value, 'f', 1));
    const qint64 whole = std::llround(value);
    if (whole < 60)
        return tr("%1 s").arg(whole);
    if (whole < 3600)
        return tr("%1 min %2 s").arg(whole / 60).arg(whole % 60);
    return tr("%1 h %2 min").arg(whole / 3600).arg((whole % 3600) / 60);
}

QVariant ReportTableModel::value(const Report::Row &row, Measure measure)
{
    switch (measure) {
    case Measure::Name:
        return row.name;
    case Measure::Login:
    case Measure::Team:
    case Measure::Day:
        return row.key;
    case Measure::Conversations:
        return row.conversations;
    case Measure::Closed:
        return row.closed;
    case Measure::Missed:
        return row.missed;
    case Measure::FirstResponseMedian:
        return optional(row.firstResponseMedian);
    case Measure::FirstResponseP90:
        return optional(row.firstResponseP90);
    case Measure::ResolutionMedian:
        return optional(row.resolutionMedian);
    case Measure::ResolutionP90:
        return optional(row.resolutionP90);
    case Measure::QueueWaitMedian:
        return optional(row.queueWaitMedian);
    case Measure::QueueWaitP90:
        return optional(row.queueWaitP90);
    case Measure::CsatCount:
        return row.csatCount;
    case Measure::CsatMean:
        return optional(row.csatMean);
    case Measure::CsatSatisfied:
        return optional(row.csatSatisfiedShare);
    }
    return {};
}

void ReportTableModel::setRows(const QList<Report::Row> &rows)
{
    beginResetModel();
    m_rows = rows;
    endResetModel();
}

int ReportTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ReportTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant ReportTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Report::Row &row = m_rows.at(index.row());
    const Measure measure = m_columns.at(index.column());
    switch (role) {
    case Qt::DisplayRole: {
        const QVariant plain = value(row, measure);
        if (isTime(measure))
            return formatSeconds(plain.isValid() ? std::optional(plain.toDouble()) : std::nullopt);
        if (measure == Measure::Team && row.key.isEmpty())
            return tr("(no team)");
        if (measure == Measure::CsatMean)
            return plain.isValid() ? QLocale().toString(plain.toDouble(), 'f', 2) : tr("—");
        if (measure == Measure::CsatSatisfied)
            return plain.isValid() ? tr("%1 %").arg(std::llround(plain.toDouble() * 100.0))
                                   : tr("—");
        return plain;
    }
    case Qt::ToolTipRole:
        if (measure == Measure::Name)
            return row.key;
        return {};
    case Qt::TextAlignmentRole:
        return isNumber(measure) ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    case ExportFile::CsvRole:
        return value(row, measure);
    default:
        return {};
    }
}

QString ReportTableModel::title(Measure measure) const
{
    switch (measure) {
    case Measure::Name:
        return tr("Agent");
    case Measure::Login:
        return tr("Login");
    case Measure::Team:
        return tr("Team");
    case Measure::Day:
        return tr("Day");
    case Measure::Conversations:
        return tr("Conversations");
    case Measure::Closed:
        return tr("Closed");
    case Measure::Missed:
        return tr("Missed");
    case Measure::FirstResponseMedian:
        return tr("First response (median)");
    case Measure::FirstResponseP90:
        return tr("First response (p90)");
    case Measure::ResolutionMedian:
        return tr("Resolution (median)");
    case Measure::ResolutionP90:
        return tr("Resolution (p90)");
    case Measure::QueueWaitMedian:
        return tr("Queue wait (median)");
    case Measure::QueueWaitP90:
        return tr("Queue wait (p90)");
    case Measure::CsatCount:
        return tr("Rated");
    case Measure::CsatMean:
        return tr("CSAT (mean of 1–5)");
    case Measure::CsatSatisfied:
        return tr("Satisfied (4–5)");
    }
    return {};
}

QVariant ReportTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= m_columns.size())
        return {};
    if (role == Qt::DisplayRole)
        return title(m_columns.at(section));
    if (role == ExportFile::CsvRole)
        return csvName(m_columns.at(section));
    return {};
}

} // namespace switchboard::ui
