#include "queueannouncements.h"

namespace switchboard::server {

bool QueueAnnouncements::startBurst()
{
    if (m_burstPending)
        return false;
    m_burstPending = true;
    return true;
}

void QueueAnnouncements::announce(ConversationBook &book,
    const std::function<void(const ConversationRecord &conversation)> &left,
    const std::function<void(const ConversationRecord &conversation, int position)> &moved)
{
    m_burstPending = false;
    // Only what moved since the last call: a newcomer at the back is one entry, not the queue.
    const ConversationBook::QueueChanges changes = book.takeQueueChanges();
    for (const QString &leftId : changes.left) {
        const ConversationRecord *gone = book.find(leftId);
        if (gone && gone->state == ConversationState::Queued)
            continue; // queued again meanwhile: announced below with its new position
        // Also when it was never announced: it may have come and gone within one burst (a
        // visitor assigned at once), and staff must still learn it exists and where it went.
        m_announcedPositions.remove(leftId);
        if (gone)
            left(*gone);
    }
    int position = changes.firstPosition;
    for (const ConversationRecord *queued : changes.moved) {
        int &announced = m_announcedPositions[queued->id];
        if (announced != position) {
            announced = position;
            moved(*queued, position);
        }
        ++position;
    }
}

} // namespace switchboard::server
