// Router: closing what nobody is there for, as MissedChatSweeper finds it (missed, idle).
#include "router.h"

#include <switchboard/logging.h>

using namespace Qt::StringLiterals;

namespace switchboard::server {

void Router::closeUnattended(qint64 nowMs)
{
    if (m_shuttingDown)
        return;
    const auto customerOnline = [this](qint64 customerId) {
        return m_sessions.customerOnline(customerId);
    };
    const auto agentHere = [this](qint64 agentId) {
        const AgentEntry *agent = m_roster.find(agentId);
        return agent && agent->connections > 0;
    };
    const QList<MissedChatSweeper::Closing> closing
        = m_unattended.sweep(m_book, nowMs, customerOnline, agentHere, m_cluster != nullptr);
    for (const MissedChatSweeper::Closing &unattended : closing) {
        const bool missed = unattended.reason == u"missed"_s;
        // Ids only: the visitor's name and messages stay out of the log.
        qCInfo(lcRouter).noquote()
            << "closing" << unattended.conversationId << "as" << unattended.reason;
        closeConversation(unattended.conversationId,
            missed ? u"Nobody could answer before the visitor left; closed as missed"_s
                   : u"Closed after a long time without a message"_s,
            unattended.reason);
    }
}

} // namespace switchboard::server
