#include "audittablemodel.h"

#include "exportfile.h"

#include <QColor>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <switchboard/timeformat.h>

using namespace Qt::StringLiterals;

namespace switchboard::ui {

namespace {

QString describeValue(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Double:
        return QString::number(value.toDouble(), 'g', 15);
    case QJsonValue::Bool:
        return value.toBool() ? AuditTableModel::tr("yes") : AuditTableModel::tr("no");
    case QJsonValue::Array: {
        QStringList parts;
        const QJsonArray array = value.toArray();
        for (const QJsonValue &item : array)
            parts.append(describeValue(item));
        return parts.join(u", "_s);
    }
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return AuditTableModel::tr("—");
}

} // namespace

AuditTableModel::AuditTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

QStringList AuditTableModel::actions()
{
    return { u"login"_s, u"login_failed"_s, u"logout"_s, u"transfer"_s, u"close"_s, u"monitor"_s,
        u"whisper"_s, u"export"_s, u"retention_delete"_s, u"retention_redact"_s, u"user_create"_s,
        u"user_remove"_s, u"user_passwd"_s };
}

QString AuditTableModel::actionLabel(const QString &action)
{
    if (action == u"login")
        return tr("Signed in");
    if (action == u"login_failed")
        return tr("Sign-in failed");
    if (action == u"logout")
        return tr("Signed out");
    if (action == u"transfer")
        return tr("Transfer");
    if (action == u"close")
        return tr("Close");
    if (action == u"monitor")
        return tr("Monitoring");
    if (action == u"whisper")
        return tr("Whisper");
    if (action == u"export")
        return tr("Export");
    if (action == u"retention_delete")
        return tr("Retention: deleted");
    if (action == u"retention_redact")
        return tr("Retention: redacted");
    if (action == u"user_create")
        return tr("Account created");
    if (action == u"user_remove")
        return tr("Account removed");
    if (action == u"user_passwd")
        return tr("Password changed");
    return action; // an action newer than this console
}

QString AuditTableModel::describeDetail(const QJsonObject &detail)
{
    QStringList parts;
    for (auto it = detail.constBegin(); it != detail.constEnd(); ++it) {
        QString key = it.key();
        key.replace(u'_', u' ');
        parts.append(u"%1: %2"_s.arg(key, describeValue(it.value())));
    }
    return parts.join(u"; "_s);
}

void AuditTableModel::clear()
{
    if (m_entries.isEmpty())
        return;
    beginResetModel();
    m_entries.clear();
    endResetModel();
}

void AuditTableModel::append(const QList<AuditEntry> &entries)
{
    if (entries.isEmpty())
        return;
    const int first = int(m_entries.size());
    beginInsertRows({}, first, first + int(entries.size()) - 1);
    m_entries.append(entries);
    endInsertRows();
}

int AuditTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int AuditTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AuditTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AuditEntry &entry = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case IdColumn:
            return entry.id;
        case TimeColumn:
            return QDateTime::fromMSecsSinceEpoch(entry.timestampMs)
                .toString(u"yyyy-MM-dd HH:mm:ss"_s);
        case ActorColumn:
            return entry.actor.isEmpty() ? tr("(unknown account)") : entry.actor;
        case RoleColumn:
            return entry.actorRole;
        case ActionColumn:
            return actionLabel(entry.action);
        case TargetColumn:
            return entry.target;
        case DetailColumn:
            return describeDetail(entry.detail);
        case AddressColumn:
            return entry.address;
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == DetailColumn || index.column() == TargetColumn)
            return data(index, Qt::DisplayRole);
        return {};
    case Qt::ForegroundRole:
        if (index.column() == ActionColumn && entry.action == u"login_failed")
            return QColor(0xb2, 0x6a, 0x00);
        return {};
    case ExportFile::CsvRole:
        switch (index.column()) {
        case IdColumn:
            return entry.id;
        case TimeColumn:
            return formatTimestamp(entry.timestampMs);
        case ActorColumn:
            return entry.actor;
        case RoleColumn:
            return entry.actorRole;
        case ActionColumn:
            return entry.action;
        case TargetColumn:
            return entry.target;
        case DetailColumn:
            return QString::fromUtf8(QJsonDocument(entry.detail).toJson(QJsonDocument::Compact));
        case AddressColumn:
            return entry.address;
        default:
            return {};
        }
    case IdRole:
        return entry.id;
    case ActionRole:
        return entry.action;
    default:
        return {};
    }
}

QVariant AuditTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == ExportFile::CsvRole) {
        static const QStringList names { u"id"_s, u"ts"_s, u"actor"_s, u"actor_role"_s, u"action"_s,
            u"target"_s, u"detail"_s, u"address"_s };
        return names.value(section);
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IdColumn:
        return tr("#");
    case TimeColumn:
        return tr("Time");
    case ActorColumn:
        return tr("Who");
    case RoleColumn:
        return tr("Role");
    case ActionColumn:
        return tr("Action");
    case TargetColumn:
        return tr("Target");
    case DetailColumn:
        return tr("Details");
    case AddressColumn:
        return tr("Address");
    default:
        return {};
    }
}

QHash<int, QByteArray> AuditTableModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(IdRole, "auditId");
    names.insert(ActionRole, "action");
    return names;
}

} // namespace switchboard::ui
