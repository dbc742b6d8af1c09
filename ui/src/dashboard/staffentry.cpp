#include "staffentry.h"

#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace switchboard::ui {

QList<StaffEntry> StaffEntry::listFromJson(const QJsonArray &array)
{
    QList<StaffEntry> staff;
    staff.reserve(array.size());
    for (const QJsonValue &value : array) {
        const QJsonObject object = value.toObject();
        StaffEntry entry;
        entry.login = object.value(u"login"_s).toString();
        if (entry.login.isEmpty())
            continue;
        entry.name = object.value(u"name"_s).toString();
        entry.role = object.value(u"role"_s).toString();
        entry.status = object.value(u"status"_s).toString();
        entry.connections = object.value(u"connections"_s).toInt();
        entry.openConversations = object.value(u"open"_s).toInt();
        staff.append(entry);
    }
    return staff;
}

} // namespace switchboard::ui
