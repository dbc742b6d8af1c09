#include "searchquery.h"

namespace switchboard::ui {

protocol::SearchMessage SearchQuery::toMessage(const QString &request) const
{
    protocol::SearchMessage message;
    message.request = request;
    message.text = text.trimmed();
    message.agent = agent.trimmed();
    message.team = team.trimmed();
    message.customer = customer.trimmed();
    if (fromMs > 0)
        message.range.fromMs = fromMs;
    if (toMs > 0)
        message.range.toMs = toMs;
    message.state = state;
    message.limit = limit;
    message.offset = offset;
    return message;
}

} // namespace switchboard::ui
