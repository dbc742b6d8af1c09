#pragma once

#include "conversationbook.h"

#include <QHash>
#include <QString>
#include <functional>

namespace switchboard::server {

// What queued customers (and the staff who may take their conversations) were last told about
// queue positions. A burst of queue changes is announced once, when it is done (a group commit
// of 50 assignments moves every waiting position 50 times), and only where a position moved:
// announcing each move to every customer and eligible staff member would cost queue × staff
// frames per assignment. The router sends the frames. Lives on the router's thread.
class QueueAnnouncements final {
public:
    QueueAnnouncements() = default;
    Q_DISABLE_COPY_MOVE(QueueAnnouncements)

    // True for the first change of a burst: the caller schedules one announce() for when the
    // burst is done. False while one is already scheduled.
    bool startBurst();

    // Ends the burst: takes what moved in `book` since the last call and calls `left` for each
    // conversation that left the queue (staff who saw it queued learn where it went) and
    // `moved` for each queued one whose position differs from the one last announced.
    void announce(ConversationBook &book,
        const std::function<void(const ConversationRecord &conversation)> &left,
        const std::function<void(const ConversationRecord &conversation, int position)> &moved);

    // Queued again (requeued, or another node's change read): its position is announced afresh.
    void forget(const QString &conversationId) { m_announcedPositions.remove(conversationId); }
    qsizetype announcedCount() const { return m_announcedPositions.size(); }

private:
    QHash<QString, int> m_announcedPositions; // what each queued conversation was last told
    bool m_burstPending = false;
};

} // namespace switchboard::server
