#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <client/report.h>
#include <optional>

namespace switchboard::ui {

// One table of a `reports` answer: per agent, per team or per day. Times show as "42 s",
// "10 min 5 s" or "2 h 5 min", a figure no conversation has as "—". ExportFile::CsvRole gives
// the plain values (seconds, empty for none) and stable column names for the CSV export.
class ReportTableModel final : public QAbstractTableModel {
    Q_OBJECT

public:
    enum class Kind { Agents, Teams, Days };
    Q_ENUM(Kind)
    // What a column shows; which columns a kind has is columns(kind).
    enum class Measure {
        Name,
        Login,
        Team,
        Day,
        Conversations,
        Closed,
        Missed, // closed by the server: the visitor left and no agent answered
        FirstResponseMedian,
        FirstResponseP90,
        ResolutionMedian,
        ResolutionP90,
        QueueWaitMedian,
        QueueWaitP90,
        CsatCount, // customer satisfaction: conversations rated
        CsatMean, // mean rating, 1 to 5
        CsatSatisfied, // share of ratings that are 4 or 5, shown as a percentage
    };
    Q_ENUM(Measure)

    explicit ReportTableModel(Kind kind, QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(ReportTableModel)

    static QList<Measure> columns(Kind kind);
    static QString csvName(Measure measure);
    // "—" for none; seconds under a minute, then minutes and seconds, then hours and minutes.
    static QString formatSeconds(std::optional<double> seconds);
    // The plain value of a row for a measure (seconds for times; invalid for none).
    static QVariant value(const Report::Row &row, Measure measure);

    Kind kind() const { return m_kind; }
    void setRows(const QList<Report::Row> &rows);
    const QList<Report::Row> &rows() const { return m_rows; }
    int columnOf(Measure measure) const { return int(m_columns.indexOf(measure)); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString title(Measure measure) const;

    Kind m_kind;
    QList<Measure> m_columns;
    QList<Report::Row> m_rows;
};

} // namespace switchboard::ui
