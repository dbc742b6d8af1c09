// The router's in-memory book of open conversations: the ordered queue, positions, and the
// changes it reports so the router re-announces only the positions that moved.
#include <QTest>
#include <router/conversationbook.h>

using namespace switchboard::server;

namespace {

ConversationRecord queued(const QString &id, qint64 queuedSinceMs, qint64 customerId)
{
    ConversationRecord conversation;
    conversation.id = id;
    conversation.customerId = customerId;
    conversation.state = ConversationState::Queued;
    conversation.createdMs = queuedSinceMs;
    conversation.queuedSinceMs = queuedSinceMs;
    return conversation;
}

QStringList idsOf(const QList<const ConversationRecord *> &conversations)
{
    QStringList ids;
    for (const ConversationRecord *conversation : conversations)
        ids.append(conversation->id);
    return ids;
}

} // namespace

class TestConversationBook final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void queueIsLongestWaitingFirstWhateverTheInsertOrder()
    {
        ConversationBook book;
        book.insert(queued(u"c"_qs, 300, 3));
        book.insert(queued(u"a"_qs, 100, 1));
        book.insert(queued(u"b"_qs, 200, 2));
        QCOMPARE(idsOf(book.queue()), (QStringList { u"a"_qs, u"b"_qs, u"c"_qs }));
        QCOMPARE(book.oldestQueued()->id, u"a"_qs);
        QCOMPARE(book.queuePosition(u"a"_qs), 1);
        QCOMPARE(book.queuePosition(u"b"_qs), 2);
        QCOMPARE(book.queuePosition(u"c"_qs), 3);
        QCOMPARE(book.count(ConversationState::Queued), 3);
        QCOMPARE(book.count(ConversationState::Assigned), 0);
    }

    void positionsFollowAssignmentsAndRequeues()
    {
        ConversationBook book;
        for (int i = 0; i < 5; ++i)
            book.insert(queued(u"q%1"_qs.arg(i), 100 + i, i + 1));
        book.route(u"q1"_qs, ConversationState::Assigned, 7, 101);
        QCOMPARE(book.queuePosition(u"q1"_qs), 0);
        QCOMPARE(book.queuePosition(u"q2"_qs), 2);
        QCOMPARE(book.queuePosition(u"q4"_qs), 4);
        QCOMPARE(book.loadOf(7), 1);
        QCOMPARE(book.count(ConversationState::Assigned), 1);
        // Back in the queue, it waits behind everyone already there.
        book.route(u"q1"_qs, ConversationState::Queued, 0, 500);
        QCOMPARE(book.queuePosition(u"q1"_qs), 5);
        QCOMPARE(book.loadOf(7), 0);
        book.remove(u"q0"_qs);
        QCOMPARE(idsOf(book.queue()), (QStringList { u"q2"_qs, u"q3"_qs, u"q4"_qs, u"q1"_qs }));
        QVERIFY(!book.find(u"q0"_qs));
        QVERIFY(!book.openOfCustomer(1));
    }

    void aNewcomerChangesOnlyItsOwnPosition()
    {
        ConversationBook book;
        for (int i = 0; i < 1000; ++i)
            book.insert(queued(u"q%1"_qs.arg(i), 100 + i, i + 1));
        const ConversationBook::QueueChanges first = book.takeQueueChanges();
        QCOMPARE(first.firstPosition, 1);
        QCOMPARE(first.moved.size(), 1000);

        book.insert(queued(u"late"_qs, 5000, 5000));
        const ConversationBook::QueueChanges changes = book.takeQueueChanges();
        QCOMPARE(changes.firstPosition, 1001);
        QCOMPARE(idsOf(changes.moved), QStringList { u"late"_qs });
        QVERIFY(changes.left.isEmpty());

        const ConversationBook::QueueChanges none = book.takeQueueChanges();
        QVERIFY(none.moved.isEmpty());
        QVERIFY(none.left.isEmpty());
    }

    void aDepartureMovesEveryoneBehindIt()
    {
        ConversationBook book;
        for (int i = 0; i < 10; ++i)
            book.insert(queued(u"q%1"_qs.arg(i), 100 + i, i + 1));
        book.takeQueueChanges();

        book.route(u"q6"_qs, ConversationState::Assigned, 7, 106);
        book.remove(u"q8"_qs);
        const ConversationBook::QueueChanges changes = book.takeQueueChanges();
        QCOMPARE(changes.firstPosition, 7);
        QCOMPARE(idsOf(changes.moved), (QStringList { u"q7"_qs, u"q9"_qs }));
        QCOMPARE(changes.left, (QStringList { u"q6"_qs, u"q8"_qs }));
    }

    void reloadingStartsAfresh()
    {
        ConversationBook book;
        book.insert(queued(u"old"_qs, 100, 1));
        ConversationRecord assigned = queued(u"mine"_qs, 50, 2);
        assigned.state = ConversationState::Assigned;
        assigned.agentId = 9;
        book.load({ assigned, queued(u"new"_qs, 200, 3) });
        QVERIFY(!book.find(u"old"_qs));
        QCOMPARE(idsOf(book.queue()), QStringList { u"new"_qs });
        QCOMPARE(book.assignedTo(9), QList<QString> { u"mine"_qs });
        const ConversationBook::QueueChanges changes = book.takeQueueChanges();
        QCOMPARE(idsOf(changes.moved), QStringList { u"new"_qs });
        QVERIFY(changes.left.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestConversationBook)
#include "tst_conversationbook.moc"
