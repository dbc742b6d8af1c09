#pragma once

#include <QJsonArray>
#include <QList>
#include <QString>

namespace switchboard::ui {

// One staff member in the `staff` array of a `metrics` frame (docs/protocol.md, Part 2).
struct StaffEntry {
    QString login;
    QString name;
    QString role; // "agent" or "supervisor"
    QString status; // "available", "away" or "offline"
    int connections = 0;
    int openConversations = 0;

    friend bool operator==(const StaffEntry &, const StaffEntry &) = default;
    static QList<StaffEntry> listFromJson(const QJsonArray &array);
};

} // namespace switchboard::ui
