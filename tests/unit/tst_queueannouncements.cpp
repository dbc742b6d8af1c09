// What queued customers and staff are told about queue positions, over a real ConversationBook
// and without the router: once per burst, and only where a position moved.
#include <QTest>
#include <router/queueannouncements.h>

using namespace Qt::StringLiterals;

using namespace switchboard::server;

namespace {

ConversationRecord queued(const QString &id, qint64 queuedSinceMs)
{
    ConversationRecord conversation;
    conversation.id = id;
    conversation.customerId = queuedSinceMs;
    conversation.state = ConversationState::Queued;
    conversation.createdMs = queuedSinceMs;
    conversation.queuedSinceMs = queuedSinceMs;
    return conversation;
}

// One announce(): who left the queue, and "id@position" for each position announced.
struct Told {
    QStringList left;
    QStringList moved;
};

Told announce(QueueAnnouncements &announcements, ConversationBook &book)
{
    Told told;
    announcements.announce(
        book, [&told](const ConversationRecord &left) { told.left.append(left.id); },
        [&told](const ConversationRecord &conversation, int position) {
            told.moved.append(u"%1@%2"_s.arg(conversation.id).arg(position));
        });
    return told;
}

} // namespace

class TestQueueAnnouncements final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void oneAnnouncementPerBurst()
    {
        QueueAnnouncements announcements;
        QVERIFY(announcements.startBurst());
        QVERIFY(!announcements.startBurst()); // already scheduled
        ConversationBook book;
        announce(announcements, book);
        QVERIFY(announcements.startBurst()); // the next burst
    }

    void onlyPositionsThatMovedAreAnnounced()
    {
        ConversationBook book;
        QueueAnnouncements announcements;
        book.insert(queued(u"a"_s, 100));
        book.insert(queued(u"b"_s, 200));
        book.insert(queued(u"c"_s, 300));
        Told told = announce(announcements, book);
        QCOMPARE(told.moved, QStringList({ u"a@1"_s, u"b@2"_s, u"c@3"_s }));
        QVERIFY(told.left.isEmpty());

        QVERIFY(announce(announcements, book).moved.isEmpty()); // nothing changed

        book.insert(queued(u"d"_s, 400)); // a newcomer at the back moves nobody else
        QCOMPARE(announce(announcements, book).moved, QStringList { u"d@4"_s });

        book.route(u"a"_s, ConversationState::Assigned, 7, 100);
        told = announce(announcements, book);
        QCOMPARE(told.left, QStringList { u"a"_s });
        QCOMPARE(told.moved, QStringList({ u"b@1"_s, u"c@2"_s, u"d@3"_s }));
        QCOMPARE(announcements.announcedCount(), 3);
    }

    void aConversationThatCameAndWentInOneBurstIsStillAnnouncedAsLeft()
    {
        ConversationBook book;
        QueueAnnouncements announcements;
        book.insert(queued(u"a"_s, 100));
        book.route(u"a"_s, ConversationState::Assigned, 7, 100); // assigned at once
        const Told told = announce(announcements, book);
        QCOMPARE(told.left, QStringList { u"a"_s });
        QVERIFY(told.moved.isEmpty());
        QCOMPARE(announcements.announcedCount(), 0);
    }

    void queuedAgainMeanwhileIsNotAnnouncedAsLeft()
    {
        ConversationBook book;
        QueueAnnouncements announcements;
        book.insert(queued(u"a"_s, 100));
        announce(announcements, book);
        book.route(u"a"_s, ConversationState::Assigned, 7, 100);
        book.route(u"a"_s, ConversationState::Queued, 0, 100); // the write failed: put back
        const Told told = announce(announcements, book);
        QVERIFY(told.left.isEmpty());
        QVERIFY(told.moved.isEmpty()); // still first, as it was told
    }

    void forgottenPositionsAreAnnouncedAfresh()
    {
        ConversationBook book;
        QueueAnnouncements announcements;
        book.insert(queued(u"a"_s, 100));
        announce(announcements, book);
        book.route(u"a"_s, ConversationState::Assigned, 7, 100);
        announcements.forget(u"a"_s); // requeued: its customer hears its position again
        book.route(u"a"_s, ConversationState::Queued, 0, 100);
        QCOMPARE(announce(announcements, book).moved, QStringList { u"a@1"_s });
    }

    void closedAndRemovedConversationsAreForgotten()
    {
        ConversationBook book;
        QueueAnnouncements announcements;
        book.insert(queued(u"a"_s, 100));
        book.insert(queued(u"b"_s, 200));
        announce(announcements, book);
        book.remove(u"a"_s);
        const Told told = announce(announcements, book);
        QVERIFY(told.left.isEmpty()); // nothing left in the book to describe
        QCOMPARE(told.moved, QStringList { u"b@1"_s });
        QCOMPARE(announcements.announcedCount(), 1);
    }
};

QTEST_GUILESS_MAIN(TestQueueAnnouncements)
#include "tst_queueannouncements.moc"
