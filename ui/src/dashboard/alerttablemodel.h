#pragma once

#include "alertentry.h"

#include <QAbstractTableModel>
#include <QList>

namespace switchboard::ui {

// Alerts as a table: either the ones firing now (newest first) or the resolved history
// (most recently resolved first, bounded). Both are fed the same `alert` frames.
class AlertTableModel final : public QAbstractTableModel {
    Q_OBJECT

public:
    enum class Kind { Firing, Resolved };
    enum Column { SeverityColumn, RuleColumn, TimeColumn, SummaryColumn, ColumnCount };
    enum Roles {
        IdRole = Qt::UserRole + 1,
        RuleRole,
        SeverityRole,
        SummaryRole,
        SinceRole,
        ChangedRole
    };

    static constexpr qsizetype historyLimit = 200;

    explicit AlertTableModel(Kind kind, QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(AlertTableModel)

    // Returns true when the frame changed this table.
    bool apply(const AlertEntry &alert);
    void clear();
    qsizetype indexOf(const QString &id) const;
    const AlertEntry &at(qsizetype row) const { return m_alerts.at(row); }
    Kind kind() const { return m_kind; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    Kind m_kind;
    QList<AlertEntry> m_alerts;
};

} // namespace switchboard::ui
