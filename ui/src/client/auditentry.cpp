#include "auditentry.h"

#include "timestamp.h"

using namespace Qt::StringLiterals;

namespace switchboard::ui {

AuditEntry AuditEntry::fromJson(const QJsonObject &object)
{
    AuditEntry entry;
    entry.id = object.value(u"id"_s).toInteger();
    entry.timestampMs = parseTimestamp(object.value(u"ts"_s).toString());
    entry.actor = object.value(u"actor"_s).toString();
    entry.actorRole = object.value(u"actor_role"_s).toString();
    entry.action = object.value(u"action"_s).toString();
    entry.target = object.value(u"target"_s).toString();
    entry.detail = object.value(u"detail"_s).toObject();
    entry.address = object.value(u"address"_s).toString();
    return entry;
}

} // namespace switchboard::ui
