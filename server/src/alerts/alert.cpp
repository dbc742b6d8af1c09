#include "alert.h"

#include <QJsonObject>
#include <switchboard/servermessage.h>
#include <switchboard/timeformat.h>

using namespace Qt::StringLiterals;

namespace switchboard::server {

QByteArray Alert::toFrame() const
{
    return protocol::toFrame(QJsonObject {
        { u"type"_s, u"alert"_s },
        { u"id"_s, id },
        { u"rule"_s, rule },
        { u"severity"_s, severityName() },
        { u"state"_s, firing ? u"firing"_s : u"resolved"_s },
        { u"summary"_s, summary },
        { u"ts"_s, formatTimestamp(changedMs) },
        { u"since"_s, formatTimestamp(sinceMs) },
    });
}

} // namespace switchboard::server
