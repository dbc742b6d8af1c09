#include "staffaccount.h"

#include "timestamp.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace switchboard::ui {

StaffAccount StaffAccount::fromJson(const QJsonObject &object)
{
    StaffAccount account;
    account.login = object.value(u"login"_s).toString();
    account.name = object.value(u"name"_s).toString();
    account.role = protocol::roleFromName(object.value(u"role"_s).toString())
                       .value_or(protocol::Role::Agent);
    for (const QJsonValue &team : object.value(u"teams"_s).toArray())
        account.teams.append(team.toString());
    account.receivesChats = object.value(u"receives_chats"_s).toBool();
    account.online = object.value(u"online"_s).toBool();
    account.createdMs = parseTimestamp(object.value(u"created"_s).toString());
    return account;
}

} // namespace switchboard::ui
