#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <client/auditentry.h>

namespace switchboard::ui {

// The audit log entries the viewer has loaded, newest first: time, who (and in which role),
// what, on which target, the details in words, and the address it came from. Pages are
// appended as "More" loads them. ExportFile::CsvRole gives the raw values (RFC 3339 time,
// the action's protocol name, the details as JSON) for the CSV export.
class AuditTableModel final : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        IdColumn,
        TimeColumn,
        ActorColumn,
        RoleColumn,
        ActionColumn,
        TargetColumn,
        DetailColumn,
        AddressColumn,
        ColumnCount
    };
    enum Roles { IdRole = Qt::UserRole + 1, ActionRole };

    explicit AuditTableModel(QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(AuditTableModel)

    // The protocol's action names, in the order the filter offers them, and their labels.
    static QStringList actions();
    static QString actionLabel(const QString &action);
    // The details as "key: value" pairs in words, e.g. "to team: billing; rows: 12".
    static QString describeDetail(const QJsonObject &detail);

    void clear();
    void append(const QList<AuditEntry> &entries);
    const QList<AuditEntry> &entries() const { return m_entries; }
    const AuditEntry &at(int row) const { return m_entries.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    QList<AuditEntry> m_entries;
};

} // namespace switchboard::ui
