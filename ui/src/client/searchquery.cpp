#include "searchquery.h"

#include <switchboard/timeformat.h>

using namespace Qt::StringLiterals;

namespace switchboard::ui {

QJsonObject SearchQuery::toJson(const QString &request) const
{
    QJsonObject frame { { u"type"_s, u"search"_s }, { u"request"_s, request },
        { u"limit"_s, limit }, { u"offset"_s, offset } };
    const auto addText = [&frame](const QString &key, const QString &value) {
        if (!value.trimmed().isEmpty())
            frame.insert(key, value.trimmed());
    };
    addText(u"text"_s, text);
    addText(u"agent"_s, agent);
    addText(u"team"_s, team);
    addText(u"customer"_s, customer);
    if (fromMs > 0)
        frame.insert(u"from"_s, formatTimestamp(fromMs));
    if (toMs > 0)
        frame.insert(u"to"_s, formatTimestamp(toMs));
    if (state)
        frame.insert(u"state"_s, protocol::stateName(*state));
    return frame;
}

} // namespace switchboard::ui
