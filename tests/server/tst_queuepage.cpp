// A staff welcome with more queued than it lists (docs/protocol.md, "Staff views of
// conversations"): the longest-waiting protocol::welcomeQueueLimit with queue_total, the rest
// a page at a time with queue_page, against a real server on a seeded queue.
#include "historyseed.h"
#include "testclient.h"
#include "testserver.h"

#include <QJsonArray>
#include <QTest>
#include <switchboard/timeformat.h>

using namespace Qt::StringLiterals;
using namespace switchboard;
using namespace switchboard::server;

namespace {

const QString password = u"correct horse battery"_s;
constexpr int queued = protocol::welcomeQueueLimit + 50;

QList<int> positionsOf(const QJsonArray &conversations)
{
    QList<int> positions;
    for (const QJsonValue &value : conversations) {
        const QJsonObject conversation = value.toObject();
        if (conversation[u"state"_s].toString() == u"queued"_s)
            positions.append(conversation[u"queue_position"_s].toInt());
    }
    return positions;
}

QList<int> range(int first, int last)
{
    QList<int> numbers;
    for (int n = first; n <= last; ++n)
        numbers.append(n);
    return numbers;
}

} // namespace

class tst_QueuePage final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;

private Q_SLOTS:
    void initTestCase()
    {
        m_server = std::make_unique<TestServer>();
        QVERIFY(m_server->addUser(u"sup"_s, u"supervisor"_s, {}, password));
        {
            SqliteStore store(m_server->databasePath(), u"seed"_s);
            QVERIFY(store.open());
            const qint64 ann
                = historyseed::addCustomer(store, u"Ann"_s, u"ann@example.com"_s, 1000);
            QVERIFY(ann);
            QVERIFY(store.begin());
            for (int i = 0; i < queued; ++i)
                QVERIFY(store.createConversation(ann, {}, u"e"_s, nowMs() - 100000 + i));
            QVERIFY(store.commit());
        }
        QVERIFY(m_server->start());
    }

    void cleanupTestCase() { m_server.reset(); }

    void welcomeListsTheLongestWaitingAndTheTotal()
    {
        TestClient supervisor;
        QVERIFY(supervisor.open(m_server->url()));
        const QJsonObject welcome = supervisor.helloStaff(u"sup"_s, password, u"supervisor"_s);
        QCOMPARE(welcome[u"queue_total"_s].toInt(), queued);
        const QJsonArray listed = welcome[u"conversations"_s].toArray();
        QCOMPARE(listed.size(), protocol::welcomeQueueLimit);
        QCOMPARE(positionsOf(listed), range(1, protocol::welcomeQueueLimit));
    }

    void pagesBringTheRestOnce()
    {
        TestClient supervisor;
        QVERIFY(supervisor.open(m_server->url()));
        QVERIFY(!supervisor.helloStaff(u"sup"_s, password, u"supervisor"_s).isEmpty());
        supervisor.send({ { u"type"_s, u"queue_page"_s }, { u"request"_s, u"q1"_s },
            { u"after_position"_s, protocol::welcomeQueueLimit }, { u"limit"_s, 30 } });
        const QJsonObject first = supervisor.take(u"queue_page"_s);
        QCOMPARE(first[u"request"_s].toString(), u"q1"_s);
        QCOMPARE(first[u"total"_s].toInt(), queued);
        QCOMPARE(first[u"more"_s].toBool(), true);
        QCOMPARE(positionsOf(first[u"conversations"_s].toArray()),
            range(protocol::welcomeQueueLimit + 1, protocol::welcomeQueueLimit + 30));

        supervisor.send({ { u"type"_s, u"queue_page"_s },
            { u"after_position"_s, protocol::welcomeQueueLimit + 30 } });
        const QJsonObject last = supervisor.take(u"queue_page"_s);
        QCOMPARE(last[u"more"_s].toBool(), false);
        QCOMPARE(positionsOf(last[u"conversations"_s].toArray()),
            range(protocol::welcomeQueueLimit + 31, queued));
    }

    void badPagesAreRefused()
    {
        TestClient supervisor;
        QVERIFY(supervisor.open(m_server->url()));
        QVERIFY(!supervisor.helloStaff(u"sup"_s, password, u"supervisor"_s).isEmpty());
        supervisor.send({ { u"type"_s, u"queue_page"_s }, { u"limit"_s, 0 } });
        QCOMPARE(supervisor.take(u"error"_s)[u"code"_s].toString(), u"bad_request"_s);
        supervisor.send(
            { { u"type"_s, u"queue_page"_s }, { u"limit"_s, protocol::maxQueuePageLimit + 1 } });
        QCOMPARE(supervisor.take(u"error"_s)[u"code"_s].toString(), u"bad_request"_s);

        TestClient customer;
        QVERIFY(customer.open(m_server->url()));
        QVERIFY(!customer.helloCustomer(u"Bo"_s).isEmpty());
        customer.send({ { u"type"_s, u"queue_page"_s } });
        QCOMPARE(customer.take(u"error"_s)[u"code"_s].toString(), u"forbidden"_s);
    }
};

QTEST_GUILESS_MAIN(tst_QueuePage)
#include "tst_queuepage.moc"
