#include "conversationinfo.h"

#include "timestamp.h"

using namespace Qt::StringLiterals;

namespace switchboard::ui {

ConversationInfo ConversationInfo::fromJson(const QJsonObject &object)
{
    ConversationInfo info;
    info.id = object.value(u"id"_s).toString();
    info.seq = object.value(u"seq"_s).toInteger();
    info.epoch = object.value(u"epoch"_s).toString();
    info.state = protocol::stateFromName(object.value(u"state"_s).toString())
                     .value_or(protocol::ConversationState::Queued);
    info.team = object.value(u"team"_s).toString();
    const QJsonObject customer = object.value(u"customer"_s).toObject();
    info.customerName = customer.value(u"name"_s).toString();
    info.customerEmail = customer.value(u"email"_s).toString();
    info.customerPage = customer.value(u"page"_s).toString();
    info.customerOnline = customer.value(u"online"_s).toBool();
    info.unread = object.value(u"unread"_s).toInt();
    const QJsonObject agent = object.value(u"agent"_s).toObject();
    info.agentLogin = agent.value(u"login"_s).toString();
    info.agentName = agent.value(u"name"_s).toString();
    info.queuePosition = object.value(u"queue_position"_s).toInt();
    info.createdMs = parseTimestamp(object.value(u"created"_s).toString());
    info.waitingSinceMs = parseTimestamp(object.value(u"waiting_since"_s).toString());
    return info;
}

} // namespace switchboard::ui
