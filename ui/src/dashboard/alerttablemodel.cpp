#include "alerttablemodel.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>

using namespace Qt::StringLiterals;

namespace switchboard::ui {

AlertTableModel::AlertTableModel(Kind kind, QObject *parent)
    : QAbstractTableModel(parent)
    , m_kind(kind)
{
}

bool AlertTableModel::apply(const AlertEntry &alert)
{
    if (alert.id.isEmpty())
        return false;
    const qsizetype row = indexOf(alert.id);
    if (m_kind == Kind::Firing) {
        if (alert.firing) {
            if (row >= 0) {
                m_alerts[row] = alert;
                Q_EMIT dataChanged(index(int(row), 0), index(int(row), ColumnCount - 1));
                return true;
            }
            beginInsertRows({}, 0, 0);
            m_alerts.prepend(alert);
            endInsertRows();
            return true;
        }
        if (row < 0)
            return false;
        beginRemoveRows({}, int(row), int(row));
        m_alerts.removeAt(row);
        endRemoveRows();
        return true;
    }
    // The resolved history: each resolution once, the newest on top.
    if (alert.firing)
        return false;
    for (const AlertEntry &known : std::as_const(m_alerts)) {
        if (known.id == alert.id && known.changedMs == alert.changedMs)
            return false;
    }
    beginInsertRows({}, 0, 0);
    m_alerts.prepend(alert);
    endInsertRows();
    if (m_alerts.size() > historyLimit) {
        beginRemoveRows({}, int(historyLimit), int(m_alerts.size() - 1));
        m_alerts.resize(historyLimit);
        endRemoveRows();
    }
    return true;
}

void AlertTableModel::clear()
{
    if (m_alerts.isEmpty())
        return;
    beginResetModel();
    m_alerts.clear();
    endResetModel();
}

qsizetype AlertTableModel::indexOf(const QString &id) const
{
    for (qsizetype row = 0; row < m_alerts.size(); ++row) {
        if (m_alerts.at(row).id == id)
            return row;
    }
    return -1;
}

int AlertTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_alerts.size());
}

int AlertTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AlertTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AlertEntry &alert = m_alerts.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SeverityColumn:
            return alert.severity == u"critical" ? tr("Critical") : tr("Warning");
        case RuleColumn:
            return alert.rule;
        case TimeColumn: {
            const qint64 ms = m_kind == Kind::Firing ? alert.sinceMs : alert.changedMs;
            const QDateTime time = QDateTime::fromMSecsSinceEpoch(ms);
            return time.date() == QDate::currentDate() ? time.toString(u"HH:mm:ss"_s)
                                                       : time.toString(u"yyyy-MM-dd HH:mm"_s);
        }
        case SummaryColumn:
            return alert.summary;
        default:
            return {};
        }
    case Qt::ToolTipRole:
        return alert.summary;
    case Qt::ForegroundRole:
        if (index.column() == SeverityColumn && m_kind == Kind::Firing)
            return QBrush(alert.severity == u"critical" ? QColor(0xb7, 0x1c, 0x1c)
                                                        : QColor(0xb2, 0x6a, 0x00));
        return {};
    case IdRole:
        return alert.id;
    case RuleRole:
        return alert.rule;
    case SeverityRole:
        return alert.severity;
    case SummaryRole:
        return alert.summary;
    case SinceRole:
        return alert.sinceMs;
    case ChangedRole:
        return alert.changedMs;
    default:
        return {};
    }
}

QVariant AlertTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SeverityColumn:
        return tr("Severity");
    case RuleColumn:
        return tr("Alert");
    case TimeColumn:
        return m_kind == Kind::Firing ? tr("Since") : tr("Resolved");
    case SummaryColumn:
        return tr("Summary");
    default:
        return {};
    }
}

QHash<int, QByteArray> AlertTableModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(IdRole, "alertId");
    names.insert(RuleRole, "rule");
    names.insert(SeverityRole, "severity");
    names.insert(SummaryRole, "summary");
    names.insert(SinceRole, "since");
    names.insert(ChangedRole, "changed");
    return names;
}

} // namespace switchboard::ui
