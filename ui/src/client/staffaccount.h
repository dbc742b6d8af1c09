#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <switchboard/protocol.h>

namespace switchboard::ui {

// One staff account as the `staff` and `staff_changed` answers describe it (docs/protocol.md,
// "Staff accounts"). Never holds a password.
struct StaffAccount {
    QString login;
    QString name;
    protocol::Role role = protocol::Role::Agent;
    QStringList teams;
    bool receivesChats = true;
    bool online = false;
    qint64 createdMs = 0;

    static StaffAccount fromJson(const QJsonObject &object);
    bool operator==(const StaffAccount &other) const = default;
};

} // namespace switchboard::ui

Q_DECLARE_METATYPE(switchboard::ui::StaffAccount)
