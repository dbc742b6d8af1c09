#include "searchhit.h"

#include "timestamp.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace switchboard::ui {

SearchHit SearchHit::fromJson(const QJsonObject &object)
{
    SearchHit hit;
    hit.conversation = object.value(u"conversation"_s).toString();
    hit.seq = object.value(u"seq"_s).toInteger();
    hit.timestampMs = parseTimestamp(object.value(u"ts"_s).toString());
    hit.kind = object.value(u"kind"_s).toString();
    const QJsonObject from = object.value(u"from"_s).toObject();
    hit.fromRole = protocol::roleFromName(from.value(u"role"_s).toString())
                       .value_or(protocol::Role::Customer);
    hit.fromName = from.value(u"name"_s).toString();
    hit.snippet = object.value(u"snippet"_s).toString();
    const qsizetype length = hit.snippet.size();
    for (const QJsonValue &value : object.value(u"highlights"_s).toArray()) {
        const QJsonArray pair = value.toArray();
        const int offset = pair.at(0).toInt(-1);
        const int size = pair.at(1).toInt(0);
        // Ranges outside the snippet are a server's mistake; they are not drawn.
        if (offset >= 0 && size > 0 && offset + size <= length)
            hit.highlights.append(Range { offset, size });
    }
    hit.state = protocol::stateFromName(object.value(u"state"_s).toString())
                    .value_or(protocol::ConversationState::Closed);
    hit.team = object.value(u"team"_s).toString();
    const QJsonObject customer = object.value(u"customer"_s).toObject();
    hit.customerName = customer.value(u"name"_s).toString();
    hit.customerEmail = customer.value(u"email"_s).toString();
    const QJsonObject agent = object.value(u"agent"_s).toObject();
    hit.agentLogin = agent.value(u"login"_s).toString();
    hit.agentName = agent.value(u"name"_s).toString();
    hit.createdMs = parseTimestamp(object.value(u"created"_s).toString());
    return hit;
}

} // namespace switchboard::ui
