#include "alertentry.h"

#include <client/timestamp.h>

using namespace Qt::StringLiterals;

namespace switchboard::ui {

AlertEntry AlertEntry::fromJson(const QJsonObject &frame)
{
    AlertEntry alert;
    alert.id = frame.value(u"id"_s).toString();
    alert.rule = frame.value(u"rule"_s).toString();
    alert.severity = frame.value(u"severity"_s).toString();
    alert.summary = frame.value(u"summary"_s).toString();
    alert.firing = frame.value(u"state"_s).toString() == u"firing";
    alert.changedMs = parseTimestamp(frame.value(u"ts"_s).toString());
    alert.sinceMs = parseTimestamp(frame.value(u"since"_s).toString());
    if (alert.sinceMs <= 0)
        alert.sinceMs = alert.changedMs;
    return alert;
}

} // namespace switchboard::ui
