// The router's watch over visitors who leave before writing anything: which empty queued
// conversations it closes once the grace period has passed, and which it lets be.
#include <QSet>
#include <QTest>
#include <router/abandonedvisitors.h>

using namespace Qt::StringLiterals;

using namespace switchboard::server;

namespace {

constexpr qint64 graceMs = 1000;

ConversationRecord queued(const QString &id, qint64 customerId)
{
    ConversationRecord conversation;
    conversation.id = id;
    conversation.customerId = customerId;
    conversation.state = ConversationState::Queued;
    conversation.createdMs = 100;
    conversation.queuedSinceMs = 100;
    return conversation;
}

} // namespace

class TestAbandonedVisitors final : public QObject {
    Q_OBJECT

private:
    QSet<qint64> m_online; // customers with a connection
    std::function<bool(qint64)> online()
    {
        return [this](qint64 customerId) {
            return m_online.contains(customerId);
        };
    }

private Q_SLOTS:
    void init() { m_online.clear(); }

    void closedOnlyOnceTheGracePeriodHasPassed()
    {
        ConversationBook book;
        book.insert(queued(u"c1"_s, 1));
        AbandonedVisitors abandoned(graceMs);
        abandoned.visitorLeft(book.find(u"c1"_s), 5000);

        QVERIFY(abandoned.takeExpired(5000 + graceMs - 1, book, online()).isEmpty());
        QCOMPARE(abandoned.watchedCount(), 1);
        QCOMPARE(abandoned.takeExpired(5000 + graceMs, book, online()), QStringList { u"c1"_s });
        QCOMPARE(abandoned.watchedCount(), 0);
        // Named once: the router closes it, and the next check does not ask again.
        QVERIFY(abandoned.takeExpired(5000 + 10 * graceMs, book, online()).isEmpty());
    }

    void onlyEmptyQueuedConversationsAreWatched()
    {
        ConversationBook book;
        ConversationRecord written = queued(u"written"_s, 1);
        written.seq = 1;
        book.insert(written);
        ConversationRecord assigned = queued(u"assigned"_s, 2);
        assigned.state = ConversationState::Assigned;
        assigned.agentId = 7;
        book.insert(assigned);
        AbandonedVisitors abandoned(graceMs);
        abandoned.visitorLeft(book.find(u"written"_s), 0);
        abandoned.visitorLeft(book.find(u"assigned"_s), 0);
        abandoned.visitorLeft(nullptr, 0); // a visitor with no open conversation
        QCOMPARE(abandoned.watchedCount(), 0);
    }

    void whatChangedMeanwhileIsLeftOpen()
    {
        ConversationBook book;
        book.insert(queued(u"writes"_s, 1));
        book.insert(queued(u"back"_s, 2));
        book.insert(queued(u"gone"_s, 3));
        book.insert(queued(u"closed"_s, 4));
        AbandonedVisitors abandoned(graceMs);
        for (const QString &id : { u"writes"_s, u"back"_s, u"gone"_s, u"closed"_s })
            abandoned.visitorLeft(book.find(id), 0);

        book.find(u"writes"_s)->seq = 1; // a message stored after the visitor left
        m_online.insert(2); // the visitor returned in another tab
        book.remove(u"closed"_s);
        QCOMPARE(abandoned.takeExpired(graceMs, book, online()), QStringList { u"gone"_s });
        QCOMPARE(abandoned.watchedCount(), 0);
    }

    void forgottenWhenTheVisitorReturns()
    {
        ConversationBook book;
        book.insert(queued(u"c1"_s, 1));
        AbandonedVisitors abandoned(graceMs);
        abandoned.visitorLeft(book.find(u"c1"_s), 0);
        abandoned.forget(u"c1"_s);
        QVERIFY(abandoned.takeExpired(graceMs, book, online()).isEmpty());
    }

    void leavingAgainRestartsTheGracePeriod()
    {
        ConversationBook book;
        book.insert(queued(u"c1"_s, 1));
        AbandonedVisitors abandoned(graceMs);
        abandoned.visitorLeft(book.find(u"c1"_s), 0);
        abandoned.visitorLeft(book.find(u"c1"_s), 800);
        QVERIFY(abandoned.takeExpired(graceMs, book, online()).isEmpty());
        QCOMPARE(abandoned.takeExpired(800 + graceMs, book, online()), QStringList { u"c1"_s });
    }
};

QTEST_GUILESS_MAIN(TestAbandonedVisitors)
#include "tst_abandonedvisitors.moc"
