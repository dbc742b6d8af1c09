#include "abandonedvisitors.h"

namespace switchboard::server {

AbandonedVisitors::AbandonedVisitors(qint64 graceMs)
    : m_graceMs(graceMs)
{
}

bool AbandonedVisitors::isEmptyAndQueued(const ConversationRecord &conversation)
{
    return conversation.state == ConversationState::Queued && conversation.seq == 0;
}

void AbandonedVisitors::visitorLeft(const ConversationRecord *open, qint64 nowMs)
{
    if (open && isEmptyAndQueued(*open))
        m_leftAtMs.insert(open->id, nowMs);
}

void AbandonedVisitors::forget(const QString &conversationId)
{
    m_leftAtMs.remove(conversationId);
}

QStringList AbandonedVisitors::takeExpired(qint64 nowMs, const ConversationBook &book,
    const std::function<bool(qint64 customerId)> &customerOnline)
{
    QStringList expired;
    for (auto it = m_leftAtMs.cbegin(); it != m_leftAtMs.cend(); ++it) {
        if (nowMs - it.value() >= m_graceMs)
            expired.append(it.key());
    }
    QStringList toClose;
    for (const QString &conversationId : std::as_const(expired)) {
        m_leftAtMs.remove(conversationId);
        const ConversationRecord *conversation = book.find(conversationId);
        // It may have been written to, assigned or rejoined by its visitor meanwhile.
        if (conversation && isEmptyAndQueued(*conversation)
            && !customerOnline(conversation->customerId))
            toClose.append(conversationId);
    }
    return toClose;
}

} // namespace switchboard::server
