#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace switchboard::ui {

// One entry of an `audit` answer (docs/protocol.md, "Audit log"): who did what to which
// target, when and from where. `detail` holds small facts, never message text.
struct AuditEntry {
    qint64 id = 0;
    qint64 timestampMs = 0;
    QString actor;
    QString actorRole;
    QString action;
    QString target;
    QJsonObject detail;
    QString address;

    static AuditEntry fromJson(const QJsonObject &object);
    bool operator==(const AuditEntry &other) const = default;
};

} // namespace switchboard::ui

Q_DECLARE_METATYPE(switchboard::ui::AuditEntry)
