#pragma once

#include "staffentry.h"

#include <QAbstractTableModel>
#include <QList>

namespace switchboard::ui {

// The live operations table of staff: name, login, status and open conversations, from the
// `staff` array of each `metrics` frame.
class StaffTableModel final : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { NameColumn, LoginColumn, StatusColumn, OpenColumn, ColumnCount };
    enum Roles { LoginRole = Qt::UserRole + 1, StatusRole, OpenRole, RoleRole };

    explicit StaffTableModel(QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(StaffTableModel)

    void setStaff(const QList<StaffEntry> &staff);
    const QList<StaffEntry> &staff() const { return m_staff; }
    qsizetype indexOf(const QString &login) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    QList<StaffEntry> m_staff;
};

} // namespace switchboard::ui
