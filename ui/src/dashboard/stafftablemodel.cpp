#include "stafftablemodel.h"

#include <QBrush>
#include <QColor>

using namespace Qt::StringLiterals;

namespace switchboard::ui {

StaffTableModel::StaffTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void StaffTableModel::setStaff(const QList<StaffEntry> &staff)
{
    if (staff == m_staff)
        return;
    const bool sameRows = staff.size() == m_staff.size()
        && std::equal(staff.cbegin(), staff.cend(), m_staff.cbegin(),
            [](const StaffEntry &a, const StaffEntry &b) { return a.login == b.login; });
    if (sameRows) {
        m_staff = staff;
        Q_EMIT dataChanged(index(0, 0), index(int(m_staff.size()) - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_staff = staff;
    endResetModel();
}

qsizetype StaffTableModel::indexOf(const QString &login) const
{
    for (qsizetype row = 0; row < m_staff.size(); ++row) {
        if (m_staff.at(row).login == login)
            return row;
    }
    return -1;
}

int StaffTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_staff.size());
}

int StaffTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StaffTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const StaffEntry &entry = m_staff.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return entry.role == u"supervisor" ? tr("%1 (supervisor)").arg(entry.name) : entry.name;
        case LoginColumn:
            return entry.login;
        case StatusColumn:
            if (entry.status == u"available")
                return tr("Available");
            if (entry.status == u"away")
                return tr("Away");
            return tr("Offline");
        case OpenColumn:
            return entry.openConversations;
        default:
            return {};
        }
    case Qt::ForegroundRole:
        if (index.column() != StatusColumn)
            return {};
        if (entry.status == u"available")
            return QBrush(QColor(0x2e, 0x7d, 0x32));
        if (entry.status == u"away")
            return QBrush(QColor(0xb2, 0x6a, 0x00));
        return QBrush(QColor(0x75, 0x75, 0x75));
    case Qt::TextAlignmentRole:
        return index.column() == OpenColumn ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter))
                                            : QVariant();
    case LoginRole:
        return entry.login;
    case StatusRole:
        return entry.status;
    case OpenRole:
        return entry.openConversations;
    case RoleRole:
        return entry.role;
    default:
        return {};
    }
}

QVariant StaffTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Agent");
    case LoginColumn:
        return tr("Login");
    case StatusColumn:
        return tr("Status");
    case OpenColumn:
        return tr("Open");
    default:
        return {};
    }
}

QHash<int, QByteArray> StaffTableModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(LoginRole, "login");
    names.insert(StatusRole, "status");
    names.insert(OpenRole, "openConversations");
    names.insert(RoleRole, "staffRole");
    return names;
}

} // namespace switchboard::ui
