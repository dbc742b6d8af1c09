#include "alert.h"

#include <QJsonObject>
#include <switchboard/servermessage.h>
#include <switchboard/timeformat.h>

namespace switchboard::server {

QByteArray Alert::toFrame() const
{
    return protocol::toFrame(QJsonObject {
        { u"type"_qs, u"alert"_qs },
        { u"id"_qs, id },
        { u"rule"_qs, rule },
        { u"severity"_qs, severityName() },
        { u"state"_qs, firing ? u"firing"_qs : u"resolved"_qs },
        { u"summary"_qs, summary },
        { u"ts"_qs, formatTimestamp(changedMs) },
        { u"since"_qs, formatTimestamp(sinceMs) },
    });
}

} // namespace switchboard::server
