#include "conversationinfo.h"

namespace switchboard::ui {

ConversationInfo ConversationInfo::fromView(const protocol::ConversationView &view)
{
    ConversationInfo info;
    info.id = view.id;
    info.seq = view.seq;
    info.epoch = view.epoch;
    info.state = view.state;
    info.team = view.team;
    if (view.customer) {
        info.customerName = view.customer->name;
        info.customerEmail = view.customer->email;
        info.customerPage = view.customer->page;
        info.customerOnline = view.customer->online;
    }
    info.unread = view.unread.value_or(0);
    info.agentLogin = view.agentLogin;
    info.agentName = view.agentName;
    info.queuePosition = view.queuePosition.value_or(0);
    info.createdMs = view.createdMs;
    info.waitingSinceMs = view.waitingSinceMs;
    return info;
}

} // namespace switchboard::ui
