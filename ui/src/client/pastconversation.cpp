#include "pastconversation.h"

#include "timestamp.h"

using namespace Qt::StringLiterals;

namespace switchboard::ui {

PastConversation PastConversation::fromJson(const QJsonObject &object)
{
    PastConversation past;
    past.id = object.value(u"id"_s).toString();
    past.state = protocol::stateFromName(object.value(u"state"_s).toString())
                     .value_or(protocol::ConversationState::Closed);
    past.team = object.value(u"team"_s).toString();
    past.createdMs = parseTimestamp(object.value(u"created"_s).toString());
    past.closedMs = parseTimestamp(object.value(u"closed"_s).toString());
    const QJsonObject agent = object.value(u"agent"_s).toObject();
    past.agentLogin = agent.value(u"login"_s).toString();
    past.agentName = agent.value(u"name"_s).toString();
    past.messages = object.value(u"messages"_s).toInt();
    past.lastText = object.value(u"last_text"_s).toString();
    return past;
}

} // namespace switchboard::ui
