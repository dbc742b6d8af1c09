// The router's in-memory book of open conversations: the ordered queue, positions, and the
// changes it reports so the router re-announces only the positions that moved.
#include <QTest>
#include <router/conversationbook.h>

using namespace Qt::StringLiterals;

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
        book.insert(queued(u"c"_s, 300, 3));
        book.insert(queued(u"a"_s, 100, 1));
        book.insert(queued(u"b"_s, 200, 2));
        QCOMPARE(idsOf(book.queue()), (QStringList { u"a"_s, u"b"_s, u"c"_s }));
        QCOMPARE(book.oldestQueued()->id, u"a"_s);
        QCOMPARE(book.queuePosition(u"a"_s), 1);
        QCOMPARE(book.queuePosition(u"b"_s), 2);
        QCOMPARE(book.queuePosition(u"c"_s), 3);
        QCOMPARE(book.count(ConversationState::Queued), 3);
        QCOMPARE(book.count(ConversationState::Assigned), 0);
    }

    void positionsFollowAssignmentsAndRequeues()
    {
        ConversationBook book;
        for (int i = 0; i < 5; ++i)
            book.insert(queued(u"q%1"_s.arg(i), 100 + i, i + 1));
        book.route(u"q1"_s, ConversationState::Assigned, 7, 101);
        QCOMPARE(book.queuePosition(u"q1"_s), 0);
        QCOMPARE(book.queuePosition(u"q2"_s), 2);
        QCOMPARE(book.queuePosition(u"q4"_s), 4);
        QCOMPARE(book.loadOf(7), 1);
        QCOMPARE(book.count(ConversationState::Assigned), 1);
        // Back in the queue, it waits behind everyone already there.
        book.route(u"q1"_s, ConversationState::Queued, 0, 500);
        QCOMPARE(book.queuePosition(u"q1"_s), 5);
        QCOMPARE(book.loadOf(7), 0);
        book.remove(u"q0"_s);
        QCOMPARE(idsOf(book.queue()), (QStringList { u"q2"_s, u"q3"_s, u"q4"_s, u"q1"_s }));
        QVERIFY(!book.find(u"q0"_s));
        QVERIFY(!book.openOfCustomer(1));
    }

    void aNewcomerChangesOnlyItsOwnPosition()
    {
        ConversationBook book;
        for (int i = 0; i < 1000; ++i)
            book.insert(queued(u"q%1"_s.arg(i), 100 + i, i + 1));
        const ConversationBook::QueueChanges first = book.takeQueueChanges();
        QCOMPARE(first.firstPosition, 1);
        QCOMPARE(first.moved.size(), 1000);

        book.insert(queued(u"late"_s, 5000, 5000));
        const ConversationBook::QueueChanges changes = book.takeQueueChanges();
        QCOMPARE(changes.firstPosition, 1001);
        QCOMPARE(idsOf(changes.moved), QStringList { u"late"_s });
        QVERIFY(changes.left.isEmpty());

        const ConversationBook::QueueChanges none = book.takeQueueChanges();
        QVERIFY(none.moved.isEmpty());
        QVERIFY(none.left.isEmpty());
    }

    void aDepartureMovesEveryoneBehindIt()
    {
        ConversationBook book;
        for (int i = 0; i < 10; ++i)
            book.insert(queued(u"q%1"_s.arg(i), 100 + i, i + 1));
        book.takeQueueChanges();

        book.route(u"q6"_s, ConversationState::Assigned, 7, 106);
        book.remove(u"q8"_s);
        const ConversationBook::QueueChanges changes = book.takeQueueChanges();
        QCOMPARE(changes.firstPosition, 7);
        QCOMPARE(idsOf(changes.moved), (QStringList { u"q7"_s, u"q9"_s }));
        QCOMPARE(changes.left, (QStringList { u"q6"_s, u"q8"_s }));
    }

    void reloadingStartsAfresh()
    {
        ConversationBook book;
        book.insert(queued(u"old"_s, 100, 1));
        ConversationRecord assigned = queued(u"mine"_s, 50, 2);
        assigned.state = ConversationState::Assigned;
        assigned.agentId = 9;
        book.load({ assigned, queued(u"new"_s, 200, 3) });
        QVERIFY(!book.find(u"old"_s));
        QCOMPARE(idsOf(book.queue()), QStringList { u"new"_s });
        QCOMPARE(book.assignedTo(9), QList<QString> { u"mine"_s });
        const ConversationBook::QueueChanges changes = book.takeQueueChanges();
        QCOMPARE(idsOf(changes.moved), QStringList { u"new"_s });
        QVERIFY(changes.left.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestConversationBook)
#include "tst_conversationbook.moc"
