// How a conversation looks to its customer and to staff, without the router: over a real
// ConversationBook, AgentRoster and SessionRegistry.
#include <QTest>
#include <router/conversationviews.h>

using namespace Qt::StringLiterals;

using namespace switchboard::server;
using switchboard::protocol::Role;

namespace {

constexpr qint64 aliceId = 7;
constexpr qint64 annId = 21; // a customer
constexpr qint64 benId = 22;

ConversationRecord conversation(const QString &id, qint64 customerId, qint64 queuedSinceMs)
{
    ConversationRecord record;
    record.id = id;
    record.customerId = customerId;
    record.customer = CustomerRecord { customerId, u"Ann"_s, u"ann@example.com"_s,
        u"https://shop.example/cart"_s, 50 };
    record.state = ConversationState::Queued;
    record.team = u"sales"_s;
    record.epoch = u"e1"_s;
    record.createdMs = queuedSinceMs;
    record.queuedSinceMs = queuedSinceMs;
    return record;
}

} // namespace

class TestConversationViews final : public QObject {
    Q_OBJECT

private:
    ConversationBook m_book;
    AgentRoster m_roster;
    SessionRegistry m_sessions;
    ConversationViews m_views { m_book, m_roster, m_sessions };

private Q_SLOTS:
    void initTestCase()
    {
        m_roster.upsert(
            UserRecord { aliceId, u"alice"_s, u"Alice"_s, Role::Agent, { u"sales"_s }, {}, 0 });
        m_book.insert(conversation(u"first"_s, benId, 100));
        m_book.insert(conversation(u"second"_s, annId, 200));
        ConversationRecord assigned = conversation(u"assigned"_s, benId, 50);
        assigned.state = ConversationState::Assigned;
        assigned.agentId = aliceId;
        assigned.unreadCustomerSeqs = { 3, 4 };
        m_book.insert(assigned);
        // Ann has a connection; Ben has none.
        m_sessions.open(1, ConnectionInfo {});
        m_sessions.bind(1, Role::Customer, annId);
    }

    void queuedForTheCustomerShowsItsPositionOnly()
    {
        const auto view = m_views.viewOf(*m_book.find(u"second"_s), false);
        QCOMPARE(view.queuePosition, std::optional<int>(2));
        QVERIFY(!view.customer);
        QVERIFY(!view.unread);
        QVERIFY(view.team.isEmpty());
        QVERIFY(view.agentName.isEmpty());
        // A position the caller already knows is taken as given.
        QCOMPARE(m_views.viewOf(*m_book.find(u"second"_s), false, 5).queuePosition,
            std::optional<int>(5));
    }

    void queuedForStaffShowsTheCustomerAndWhetherItIsHere()
    {
        const auto view = m_views.viewOf(*m_book.find(u"second"_s), true);
        QCOMPARE(view.queuePosition, std::optional<int>(2));
        QCOMPARE(view.team, u"sales"_s);
        QVERIFY(view.customer);
        QCOMPARE(view.customer->name, u"Ann"_s);
        QVERIFY(view.customer->online);
        QCOMPARE(view.waitingSinceMs, 200);
        QVERIFY(!m_views.viewOf(*m_book.find(u"first"_s), true).customer->online);
    }

    void assignedNamesItsAgent()
    {
        const ConversationRecord &assigned = *m_book.find(u"assigned"_s);
        const auto forCustomer = m_views.viewOf(assigned, false);
        QCOMPARE(forCustomer.agentName, u"Alice"_s);
        QVERIFY(forCustomer.agentLogin.isEmpty()); // logins are for staff
        QCOMPARE(forCustomer.queuePosition, std::optional<int>(0));
        const auto forStaff = m_views.viewOf(assigned, true);
        QCOMPARE(forStaff.agentLogin, u"alice"_s);
        QCOMPARE(forStaff.unread, std::optional<int>(2));
        QVERIFY(!forStaff.queuePosition);
        QCOMPARE(m_views.agentName(aliceId), u"Alice"_s);
        QVERIFY(m_views.agentName(999).isEmpty());
    }

    void closedCarriesWhyTheServerClosedIt()
    {
        ConversationRecord closed = conversation(u"closed"_s, benId, 10);
        closed.state = ConversationState::Closed;
        closed.closeReason = u"missed"_s;
        const auto view = m_views.viewOf(closed, false);
        QCOMPARE(view.closedReason, u"missed"_s);
        QCOMPARE(view.queuePosition, std::optional<int>(0));
    }
};

QTEST_GUILESS_MAIN(TestConversationViews)
#include "tst_conversationviews.moc"
