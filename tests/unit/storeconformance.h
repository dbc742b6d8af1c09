#pragma once

#include <QJsonObject>
#include <QObject>
#include <QTest>
#include <algorithm>
#include <memory>
#include <store/store.h>

// The Store test cases every backend passes, shared by tst_sqlitestore and tst_postgresstore.
namespace switchboard::server {

// Readable failures for QCOMPARE on error kinds.
inline char *toString(StorageError::Kind kind)
{
    static const char *const names[]
        = { "Unavailable", "NotFound", "Conflict", "Corrupt", "TooNew", "Invalid" };
    return qstrdup(names[static_cast<int>(kind)]);
}

template<typename T> QByteArray errorText(const StoreResult<T> &result)
{
    return result.hasValue() ? QByteArray() : result.error().message.toUtf8();
}

} // namespace switchboard::server

// A StoreResult that must hold a value; on failure the store's message is shown.
#define VERIFY_OK(expression)                                                                      \
    do {                                                                                           \
        const auto &verifiedResult = (expression); /* evaluated once: it may write */              \
        QVERIFY2(verifiedResult.hasValue(), errorText(verifiedResult).constData());                \
    } while (false)

namespace switchboard::server {

// The behaviour every Store must have, written against the abstract interface only. A
// backend's test derives from it and says how to make an empty, opened store; the PostgreSQL
// store runs the same cases.
class StoreConformance : public QObject {
    Q_OBJECT

protected:
    // A freshly opened store on an empty database, or nullptr with a QFAIL already reported.
    virtual std::unique_ptr<Store> makeStore() = 0;
    virtual void dropStore() { }

    Store &store() { return *m_store; }

    qint64 addCustomer(const QString &name = QStringLiteral("Ada"))
    {
        auto customer = store().createCustomer(
            { 0, name, QStringLiteral("ada@example.com"), QStringLiteral("/pricing"), 100 });
        return customer ? customer->id : 0;
    }

    QString addConversation(
        qint64 customerId, qint64 nowMs = 1000, const QString &team = QStringLiteral("sales"))
    {
        auto conversation
            = store().createConversation(customerId, team, QStringLiteral("epoch-1"), nowMs);
        return conversation ? conversation->id : QString();
    }

    static NewMessage message(const QString &conversationId, const QString &senderKey,
        const QString &clientId, MessageKind kind = MessageKind::Text, Role role = Role::Customer)
    {
        NewMessage message;
        message.conversationId = conversationId;
        message.senderKey = senderKey;
        message.senderRole = role;
        message.senderName = QStringLiteral("Sender");
        message.clientId = clientId;
        message.kind = kind;
        message.text = QStringLiteral("text of ") + clientId;
        message.timestampMs = 5000;
        message.traceId = QStringLiteral("0af7651916cd43dd8448eb211c80319c");
        return message;
    }

    static QList<qint64> seqsOf(const QList<StoredMessage> &messages)
    {
        QList<qint64> seqs;
        for (const StoredMessage &message : messages)
            seqs.append(message.seq);
        return seqs;
    }

    static WebhookDelivery delivery(
        const QString &url, const QByteArray &body, qint64 nextAttemptMs, qint64 createdMs)
    {
        WebhookDelivery delivery;
        delivery.url = url;
        delivery.eventType = QStringLiteral("message.created");
        delivery.body = body;
        delivery.nextAttemptMs = nextAttemptMs;
        delivery.createdMs = createdMs;
        return delivery;
    }

    static QList<qint64> idsOf(const QList<WebhookDelivery> &rows)
    {
        QList<qint64> ids;
        for (const WebhookDelivery &row : rows)
            ids.append(row.id);
        return ids;
    }

    static QList<qint64> range(qint64 first, qint64 last)
    {
        QList<qint64> seqs;
        for (qint64 seq = first; seq <= last; ++seq)
            seqs.append(seq);
        return seqs;
    }

private Q_SLOTS:
    void init()
    {
        m_store = makeStore();
        QVERIFY(m_store);
    }

    void cleanup()
    {
        if (m_store)
            m_store->close();
        m_store.reset();
        dropStore();
    }

    void usersCrud()
    {
        UserRecord alice { 0, QStringLiteral("alice"), QStringLiteral("Alice A."), Role::Agent,
            { QStringLiteral("sales"), QStringLiteral("support") },
            QByteArrayLiteral("$argon2id$v=19$hash-a"), 111 };
        UserRecord bob { 0, QStringLiteral("bob"), QStringLiteral("Bob"), Role::Supervisor, {},
            QByteArray(), 222 };
        const auto createdBob = store().createUser(bob);
        VERIFY_OK(createdBob);
        const auto createdAlice = store().createUser(alice);
        VERIFY_OK(createdAlice);
        QVERIFY(createdAlice->id > 0);
        QVERIFY(createdAlice->id != createdBob->id);

        const auto byLogin = store().findUserByLogin(QStringLiteral("alice"));
        VERIFY_OK(byLogin);
        QVERIFY(byLogin->has_value());
        const UserRecord &found = **byLogin;
        QCOMPARE(found.id, createdAlice->id);
        QCOMPARE(found.name, alice.name);
        QCOMPARE(found.role, Role::Agent);
        QCOMPARE(found.teams, alice.teams);
        QCOMPARE(found.passwordHash, alice.passwordHash);
        QCOMPARE(found.createdMs, 111);

        const auto byId = store().findUserById(createdBob->id);
        VERIFY_OK(byId);
        QVERIFY(byId->has_value());
        QCOMPARE((*byId)->login, QStringLiteral("bob"));
        QCOMPARE((*byId)->role, Role::Supervisor);
        QVERIFY((*byId)->teams.isEmpty());

        const auto nobody = store().findUserByLogin(QStringLiteral("carol"));
        VERIFY_OK(nobody);
        QVERIFY(!nobody->has_value());

        const auto all = store().listUsers();
        VERIFY_OK(all);
        QCOMPARE(all->size(), 2);
        QCOMPARE(all->at(0).login, QStringLiteral("alice")); // ordered by login
        QCOMPARE(all->at(1).login, QStringLiteral("bob"));

        const auto changed = store().setPasswordHash(QStringLiteral("alice"), "$argon2id$new");
        VERIFY_OK(changed);
        QVERIFY(*changed);
        QCOMPARE((*store().findUserByLogin(QStringLiteral("alice")))->passwordHash,
            QByteArray("$argon2id$new"));
        const auto changedNobody = store().setPasswordHash(QStringLiteral("carol"), "x");
        VERIFY_OK(changedNobody);
        QVERIFY(!*changedNobody);

        const auto removed = store().removeUser(QStringLiteral("bob"));
        VERIFY_OK(removed);
        QVERIFY(*removed);
        QVERIFY(!store().findUserByLogin(QStringLiteral("bob"))->has_value());
        const auto removedAgain = store().removeUser(QStringLiteral("bob"));
        VERIFY_OK(removedAgain);
        QVERIFY(!*removedAgain);
        QCOMPARE(store().listUsers()->size(), 1);
    }

    void loginIsUnique()
    {
        const UserRecord user { 0, QStringLiteral("alice"), QStringLiteral("Alice"), Role::Agent,
            {}, QByteArray(), 1 };
        VERIFY_OK(store().createUser(user));
        const auto again = store().createUser(user);
        QVERIFY(!again);
        QCOMPARE(again.error().kind, StorageError::Kind::Conflict);
        QCOMPARE(store().listUsers()->size(), 1);
    }

    void findToken_data()
    {
        QTest::addColumn<QByteArray>("digest");
        QTest::addColumn<qint64>("nowMs");
        QTest::addColumn<bool>("found");
        QTest::addColumn<int>("kind");
        QTest::addColumn<qint64>("subjectId");

        const int staff = int(TokenSubject::Kind::Staff);
        const int customer = int(TokenSubject::Kind::Customer);
        QTest::addRow("valid staff token")
            << QByteArray("digest-staff") << qint64(1500) << true << staff << qint64(7);
        QTest::addRow("valid customer token")
            << QByteArray("digest-customer") << qint64(1500) << true << customer << qint64(42);
        QTest::addRow("one ms before expiry")
            << QByteArray("digest-staff") << qint64(1999) << true << staff << qint64(7);
        QTest::addRow("at expiry")
            << QByteArray("digest-staff") << qint64(2000) << false << 0 << qint64(0);
        QTest::addRow("expired long ago")
            << QByteArray("digest-old") << qint64(1500) << false << 0 << qint64(0);
        QTest::addRow("unknown digest")
            << QByteArray("digest-unknown") << qint64(1500) << false << 0 << qint64(0);
    }

    void findToken()
    {
        QFETCH(QByteArray, digest);
        QFETCH(qint64, nowMs);
        QFETCH(bool, found);
        QFETCH(int, kind);
        QFETCH(qint64, subjectId);

        VERIFY_OK(
            store().insertToken("digest-staff", { TokenSubject::Kind::Staff, 7 }, 1000, 2000));
        VERIFY_OK(store().insertToken(
            "digest-customer", { TokenSubject::Kind::Customer, 42 }, 1000, 2000));
        VERIFY_OK(store().insertToken("digest-old", { TokenSubject::Kind::Staff, 7 }, 10, 20));

        const auto subject = store().findToken(digest, nowMs);
        VERIFY_OK(subject);
        QCOMPARE(subject->has_value(), found);
        if (found) {
            QCOMPARE(int((*subject)->kind), kind);
            QCOMPARE((*subject)->id, subjectId);
        }
    }

    void revokeTokens()
    {
        VERIFY_OK(store().insertToken("a", { TokenSubject::Kind::Staff, 7 }, 0, 10000));
        VERIFY_OK(store().insertToken("b", { TokenSubject::Kind::Staff, 7 }, 0, 10000));
        VERIFY_OK(store().insertToken("c", { TokenSubject::Kind::Customer, 7 }, 0, 10000));
        VERIFY_OK(store().insertToken("d", { TokenSubject::Kind::Staff, 8 }, 0, 10000));

        const auto duplicate = store().insertToken("a", { TokenSubject::Kind::Staff, 9 }, 0, 10000);
        QVERIFY(!duplicate);
        QCOMPARE(duplicate.error().kind, StorageError::Kind::Conflict);

        VERIFY_OK(store().revokeTokens({ TokenSubject::Kind::Staff, 7 }));
        QVERIFY(!store().findToken("a", 1)->has_value());
        QVERIFY(!store().findToken("b", 1)->has_value());
        // Same id, other kind, and other subjects are untouched.
        QVERIFY(store().findToken("c", 1)->has_value());
        QVERIFY(store().findToken("d", 1)->has_value());
    }

    void removingUserRevokesItsTokens()
    {
        const auto user = store().createUser(
            { 0, QStringLiteral("alice"), QString(), Role::Agent, {}, QByteArray(), 1 });
        VERIFY_OK(user);
        VERIFY_OK(
            store().insertToken("alice-token", { TokenSubject::Kind::Staff, user->id }, 0, 10000));
        VERIFY_OK(store().insertToken(
            "customer-token", { TokenSubject::Kind::Customer, user->id }, 0, 10000));
        QVERIFY(*store().removeUser(QStringLiteral("alice")));
        QVERIFY(!store().findToken("alice-token", 1)->has_value());
        QVERIFY(store().findToken("customer-token", 1)->has_value());
    }

    void customers()
    {
        const auto created = store().createCustomer({ 0, QStringLiteral("Ada"),
            QStringLiteral("ada@example.com"), QStringLiteral("/pricing"), 123 });
        VERIFY_OK(created);
        QVERIFY(created->id > 0);
        const auto anonymous = store().createCustomer({});
        VERIFY_OK(anonymous);
        QVERIFY(anonymous->id != created->id);

        auto found = store().findCustomer(created->id);
        VERIFY_OK(found);
        QVERIFY(found->has_value());
        QCOMPARE((*found)->name, QStringLiteral("Ada"));
        QCOMPARE((*found)->email, QStringLiteral("ada@example.com"));
        QCOMPARE((*found)->page, QStringLiteral("/pricing"));
        QCOMPARE((*found)->createdMs, 123);

        CustomerRecord changed = **found;
        changed.name = QStringLiteral("Ada L.");
        changed.email = QString();
        changed.page = QStringLiteral("/checkout");
        VERIFY_OK(store().updateCustomerProfile(changed));
        found = store().findCustomer(created->id);
        QCOMPARE((*found)->name, QStringLiteral("Ada L."));
        QVERIFY((*found)->email.isEmpty());
        QCOMPARE((*found)->page, QStringLiteral("/checkout"));
        QCOMPARE((*found)->createdMs, 123);

        changed.id = 999999;
        const auto missing = store().updateCustomerProfile(changed);
        QVERIFY(!missing);
        QCOMPARE(missing.error().kind, StorageError::Kind::NotFound);
        QVERIFY(!store().findCustomer(999999)->has_value());
    }

    void conversations()
    {
        const qint64 customerId = addCustomer();
        QVERIFY(customerId > 0);
        const auto created = store().createConversation(
            customerId, QStringLiteral("sales"), QStringLiteral("epoch-1"), 1000);
        VERIFY_OK(created);
        QVERIFY(!created->id.isEmpty());
        QCOMPARE(created->state, ConversationState::Queued);
        QCOMPARE(created->seq, 0);
        QCOMPARE(created->queuedSinceMs, 1000);
        QCOMPARE(created->customer.name, QStringLiteral("Ada"));

        const auto found = store().findConversation(created->id);
        VERIFY_OK(found);
        QVERIFY(found->has_value());
        const ConversationRecord &record = **found;
        QCOMPARE(record.id, created->id);
        QCOMPARE(record.customerId, customerId);
        QCOMPARE(record.customer.id, customerId);
        QCOMPARE(record.customer.email, QStringLiteral("ada@example.com"));
        QCOMPARE(record.team, QStringLiteral("sales"));
        QCOMPARE(record.state, ConversationState::Queued);
        QCOMPARE(record.agentId, 0);
        QCOMPARE(record.epoch, QStringLiteral("epoch-1"));
        QCOMPARE(record.createdMs, 1000);
        QCOMPARE(record.queuedSinceMs, 1000);
        QCOMPARE(record.closedMs, 0);

        // The newest wins, also when two were created in the same millisecond.
        const QString second = addConversation(customerId, 2000);
        const QString third = addConversation(customerId, 2000);
        QVERIFY(!second.isEmpty() && !third.isEmpty() && second != third);
        const auto latest = store().latestConversationOfCustomer(customerId);
        VERIFY_OK(latest);
        QVERIFY(latest->has_value());
        QCOMPARE((*latest)->id, third);

        const qint64 otherCustomer = addCustomer(QStringLiteral("Grace"));
        const auto none = store().latestConversationOfCustomer(otherCustomer);
        VERIFY_OK(none);
        QVERIFY(!none->has_value());

        const auto unknown = store().findConversation(QStringLiteral("no-such-id"));
        VERIFY_OK(unknown);
        QVERIFY(!unknown->has_value());

        const auto orphan = store().createConversation(987654, QString(), QStringLiteral("e"), 1);
        QVERIFY(!orphan);
        QCOMPARE(orphan.error().kind, StorageError::Kind::NotFound);
    }

    void routingChanges()
    {
        const QString id = addConversation(addCustomer(), 1000);
        QVERIFY(!id.isEmpty());
        const auto state = [&]() {
            return **store().findConversation(id);
        };

        VERIFY_OK(
            store().applyRoutingChange({ id, ConversationState::Assigned, 5, QString(), 2000 }));
        QCOMPARE(state().state, ConversationState::Assigned);
        QCOMPARE(state().agentId, 5);
        QCOMPARE(state().team, QStringLiteral("sales")); // empty team keeps the current one
        QCOMPARE(state().queuedSinceMs, 1000);

        // Transferred back to a team: it re-enters the queue now.
        VERIFY_OK(store().applyRoutingChange(
            { id, ConversationState::Queued, 0, QStringLiteral("billing"), 3000 }));
        QCOMPARE(state().state, ConversationState::Queued);
        QCOMPARE(state().agentId, 0);
        QCOMPARE(state().team, QStringLiteral("billing"));
        QCOMPARE(state().queuedSinceMs, 3000);

        // Moved between teams while waiting: it keeps its place.
        VERIFY_OK(store().applyRoutingChange(
            { id, ConversationState::Queued, 0, QStringLiteral("support"), 4000 }));
        QCOMPARE(state().team, QStringLiteral("support"));
        QCOMPARE(state().queuedSinceMs, 3000);

        VERIFY_OK(
            store().applyRoutingChange({ id, ConversationState::Closed, 0, QString(), 5000 }));
        QCOMPARE(state().state, ConversationState::Closed);
        QCOMPARE(state().closedMs, 5000);

        const auto missing = store().applyRoutingChange(
            { QStringLiteral("nope"), ConversationState::Closed, 0, QString(), 1 });
        QVERIFY(!missing);
        QCOMPARE(missing.error().kind, StorageError::Kind::NotFound);
    }

    void openConversationsInQueueOrder()
    {
        const qint64 ada = addCustomer(QStringLiteral("Ada"));
        const qint64 grace = addCustomer(QStringLiteral("Grace"));
        const qint64 linus = addCustomer(QStringLiteral("Linus"));
        const QString late = addConversation(ada, 3000);
        const QString early = addConversation(grace, 1000);
        const QString closed = addConversation(linus, 2000);
        const QString sameTime = addConversation(linus, 3000); // ties on queued_since
        VERIFY_OK(
            store().applyRoutingChange({ closed, ConversationState::Closed, 0, QString(), 4000 }));
        VERIFY_OK(
            store().applyRoutingChange({ early, ConversationState::Assigned, 9, QString(), 4000 }));

        const auto open = store().openConversations();
        VERIFY_OK(open);
        QStringList ids;
        for (const ConversationRecord &conversation : *open)
            ids.append(conversation.id);
        QCOMPARE(ids, (QStringList { early, late, sameTime }));
        QCOMPARE(open->at(0).state, ConversationState::Assigned);
        QCOMPARE(open->at(0).agentId, 9);
        QCOMPARE(open->at(0).customer.name, QStringLiteral("Grace"));
        QCOMPARE(open->at(1).customer.name, QStringLiteral("Ada"));
        QCOMPARE(open->at(2).customer.name, QStringLiteral("Linus"));
    }

    void appendAssignsGapFreeSeqs()
    {
        const QString id = addConversation(addCustomer());
        const QString other = addConversation(addCustomer(QStringLiteral("Grace")));
        QList<qint64> seqs;
        for (int i = 0; i < 20; ++i) {
            const bool fromCustomer = i % 3 != 0;
            const auto appended = store().appendMessage(
                message(id, fromCustomer ? QStringLiteral("c:1") : QStringLiteral("u:5"),
                    QStringLiteral("m%1").arg(i), MessageKind::Text,
                    fromCustomer ? Role::Customer : Role::Agent));
            VERIFY_OK(appended);
            QVERIFY(!appended->duplicate);
            seqs.append(appended->message.seq);
            if (i % 5 == 0) // another conversation's seqs are its own
                QCOMPARE(store()
                             .appendMessage(message(
                                 other, QStringLiteral("c:2"), QStringLiteral("x%1").arg(i)))
                             ->message.seq,
                    i / 5 + 1);
        }
        QCOMPARE(seqs, range(1, 20));
        QCOMPARE((*store().findConversation(id))->seq, 20);

        const auto page = store().messagesAfter(id, 0, 100, true);
        VERIFY_OK(page);
        QCOMPARE(seqsOf(page->messages), range(1, 20));
        const StoredMessage &first = page->messages.first();
        QCOMPARE(first.conversationId, id);
        QCOMPARE(first.senderKey, QStringLiteral("u:5"));
        QCOMPARE(first.senderRole, Role::Agent);
        QCOMPARE(first.senderName, QStringLiteral("Sender"));
        QCOMPARE(first.clientId, QStringLiteral("m0"));
        QCOMPARE(first.kind, MessageKind::Text);
        QCOMPARE(first.text, QStringLiteral("text of m0"));
        QCOMPARE(first.timestampMs, 5000);
        QCOMPARE(first.traceId, QStringLiteral("0af7651916cd43dd8448eb211c80319c"));
    }

    void duplicateClientIdReturnsEarlierCommit()
    {
        const QString id = addConversation(addCustomer());
        const auto first
            = store().appendMessage(message(id, QStringLiteral("c:1"), QStringLiteral("abc")));
        VERIFY_OK(first);
        QCOMPARE(first->message.seq, 1);
        QVERIFY(!first->duplicate);

        NewMessage retry = message(id, QStringLiteral("c:1"), QStringLiteral("abc"));
        retry.text = QStringLiteral("changed on retry");
        const auto again = store().appendMessage(retry);
        VERIFY_OK(again);
        QVERIFY(again->duplicate);
        QCOMPARE(again->message.seq, 1);
        QCOMPARE(again->message.text, QStringLiteral("text of abc")); // the stored one
        QCOMPARE((*store().findConversation(id))->seq, 1);
        QCOMPARE(store().messagesAfter(id, 0, 100, true)->messages.size(), 1);

        // The same client_id from another sender is another message.
        const auto agent = store().appendMessage(message(
            id, QStringLiteral("u:5"), QStringLiteral("abc"), MessageKind::Text, Role::Agent));
        VERIFY_OK(agent);
        QVERIFY(!agent->duplicate);
        QCOMPARE(agent->message.seq, 2);

        // Messages without a client_id (system events) never collide.
        const auto event1 = store().appendMessage(
            message(id, QStringLiteral("system"), QString(), MessageKind::Event, Role::System));
        const auto event2 = store().appendMessage(
            message(id, QStringLiteral("system"), QString(), MessageKind::Event, Role::System));
        VERIFY_OK(event1);
        VERIFY_OK(event2);
        QVERIFY(!event1->duplicate && !event2->duplicate);
        QCOMPARE(event2->message.seq, 4);
        QCOMPARE(store().messagesAfter(id, 0, 100, true)->messages.size(), 4);
    }

    void appendToUnknownConversation()
    {
        const auto appended = store().appendMessage(
            message(QStringLiteral("missing"), QStringLiteral("c:1"), QStringLiteral("a")));
        QVERIFY(!appended);
        QCOMPARE(appended.error().kind, StorageError::Kind::NotFound);

        const auto invalid
            = store().appendMessage(message(QString(), QString(), QStringLiteral("a")));
        QVERIFY(!invalid);
        QCOMPARE(invalid.error().kind, StorageError::Kind::Invalid);

        const auto page = store().messagesAfter(QStringLiteral("missing"), 0, 10, true);
        QVERIFY(!page);
        QCOMPARE(page.error().kind, StorageError::Kind::NotFound);
    }

    void notesAreExcludedOnRequest()
    {
        const QString id = addConversation(addCustomer());
        const MessageKind kinds[] = { MessageKind::Text, MessageKind::Note, MessageKind::Text,
            MessageKind::Event, MessageKind::Note };
        int n = 0;
        for (MessageKind kind : kinds)
            VERIFY_OK(store().appendMessage(message(
                id, QStringLiteral("u:5"), QStringLiteral("k%1").arg(n++), kind, Role::Agent)));

        const auto staff = store().messagesAfter(id, 0, 100, true);
        VERIFY_OK(staff);
        QCOMPARE(seqsOf(staff->messages), range(1, 5));
        QCOMPARE(staff->messages.at(1).kind, MessageKind::Note);

        const auto customer = store().messagesAfter(id, 0, 100, false);
        VERIFY_OK(customer);
        QCOMPARE(seqsOf(customer->messages), (QList<qint64> { 1, 3, 4 }));
        QCOMPARE(customer->latestSeq, 5);
        QVERIFY(!customer->hasMore); // only a note follows, and notes are not for this reader

        const auto history = store().messagesBefore(id, 0, 2, false);
        VERIFY_OK(history);
        QCOMPARE(seqsOf(history->messages), (QList<qint64> { 3, 4 }));
        QVERIFY(history->hasMore);
        const auto older = store().messagesBefore(id, 3, 2, false);
        QCOMPARE(seqsOf(older->messages), (QList<qint64> { 1 }));
        QVERIFY(!older->hasMore);
    }

    void paging_data()
    {
        QTest::addColumn<bool>("after");
        QTest::addColumn<qint64>("seq");
        QTest::addColumn<int>("limit");
        QTest::addColumn<QList<qint64>>("expected");
        QTest::addColumn<bool>("hasMore");

        QTest::addRow("after 0, first page") << true << qint64(0) << 4 << range(1, 4) << true;
        QTest::addRow("after 4, middle page") << true << qint64(4) << 4 << range(5, 8) << true;
        QTest::addRow("after 8, short last page")
            << true << qint64(8) << 4 << range(9, 10) << false;
        QTest::addRow("after 6, page ends exactly")
            << true << qint64(6) << 4 << range(7, 10) << false;
        QTest::addRow("after the newest") << true << qint64(10) << 4 << QList<qint64>() << false;
        QTest::addRow("after 0, limit 0") << true << qint64(0) << 0 << QList<qint64>() << true;
        QTest::addRow("before newest") << false << qint64(0) << 4 << range(7, 10) << true;
        QTest::addRow("before 7") << false << qint64(7) << 4 << range(3, 6) << true;
        QTest::addRow("before 5, reaches the first")
            << false << qint64(5) << 4 << range(1, 4) << false;
        QTest::addRow("before 3, short page") << false << qint64(3) << 4 << range(1, 2) << false;
        QTest::addRow("before the first") << false << qint64(1) << 4 << QList<qint64>() << false;
        QTest::addRow("before newest, all of it")
            << false << qint64(0) << 50 << range(1, 10) << false;
    }

    void paging()
    {
        QFETCH(bool, after);
        QFETCH(qint64, seq);
        QFETCH(int, limit);
        QFETCH(QList<qint64>, expected);
        QFETCH(bool, hasMore);

        const QString id = addConversation(addCustomer());
        for (int i = 1; i <= 10; ++i)
            VERIFY_OK(
                store().appendMessage(message(id, QStringLiteral("c:1"), QString::number(i))));

        const auto page = after ? store().messagesAfter(id, seq, limit, true)
                                : store().messagesBefore(id, seq, limit, true);
        VERIFY_OK(page);
        QCOMPARE(seqsOf(page->messages), expected);
        QCOMPARE(page->hasMore, hasMore);
        QCOMPARE(page->latestSeq, 10);
        QCOMPARE(page->epoch, QStringLiteral("epoch-1"));
    }

    void receipts_data()
    {
        QTest::addColumn<int>("side");
        QTest::addColumn<int>("kind");
        QTest::addRow("customer delivered")
            << int(ReceiptSide::Customer) << int(protocol::ReceiptKind::Delivered);
        QTest::addRow("customer read")
            << int(ReceiptSide::Customer) << int(protocol::ReceiptKind::Read);
        QTest::addRow("agent delivered")
            << int(ReceiptSide::Agent) << int(protocol::ReceiptKind::Delivered);
        QTest::addRow("agent read") << int(ReceiptSide::Agent) << int(protocol::ReceiptKind::Read);
    }

    void receipts()
    {
        QFETCH(int, side);
        QFETCH(int, kind);
        const auto receiptSide = ReceiptSide(side);
        const auto receiptKind = protocol::ReceiptKind(kind);

        const QString id = addConversation(addCustomer());
        for (int i = 1; i <= 10; ++i)
            VERIFY_OK(
                store().appendMessage(message(id, QStringLiteral("c:1"), QString::number(i))));

        const auto seqs = [&]() {
            const ConversationRecord c = **store().findConversation(id);
            return QList<qint64> { c.customerDeliveredSeq, c.customerReadSeq, c.agentDeliveredSeq,
                c.agentReadSeq };
        };
        const int column = (receiptSide == ReceiptSide::Customer ? 0 : 2)
            + (receiptKind == protocol::ReceiptKind::Read ? 1 : 0);
        const auto expect = [&](qint64 value) {
            QList<qint64> expected { 0, 0, 0, 0 };
            expected[column] = value;
            if (receiptKind == protocol::ReceiptKind::Read)
                expected[column - 1] = value; // read implies delivered
            return expected;
        };

        VERIFY_OK(store().recordReceipt(id, receiptSide, receiptKind, 5));
        QCOMPARE(seqs(), expect(5));
        VERIFY_OK(store().recordReceipt(id, receiptSide, receiptKind, 3)); // older: no effect
        QCOMPARE(seqs(), expect(5));
        VERIFY_OK(store().recordReceipt(id, receiptSide, receiptKind, 8));
        QCOMPARE(seqs(), expect(8));
        VERIFY_OK(store().recordReceipt(id, receiptSide, receiptKind, 99)); // beyond the newest
        QCOMPARE(seqs(), expect(10));

        const auto missing
            = store().recordReceipt(QStringLiteral("nope"), receiptSide, receiptKind, 1);
        QVERIFY(!missing);
        QCOMPARE(missing.error().kind, StorageError::Kind::NotFound);
    }

    void unreadCustomerSeqs()
    {
        const QString id = addConversation(addCustomer());
        int n = 0;
        const auto append = [&](const QString &sender, Role role, MessageKind kind) {
            return store().appendMessage(
                message(id, sender, QStringLiteral("u%1").arg(++n), kind, role));
        };
        VERIFY_OK(append(QStringLiteral("c:1"), Role::Customer, MessageKind::Text)); // 1
        VERIFY_OK(append(QStringLiteral("c:1"), Role::Customer, MessageKind::Text)); // 2
        VERIFY_OK(append(QStringLiteral("u:5"), Role::Agent, MessageKind::Text)); // 3
        VERIFY_OK(append(QStringLiteral("c:1"), Role::Customer, MessageKind::Text)); // 4
        VERIFY_OK(append(QStringLiteral("u:5"), Role::Agent, MessageKind::Note)); // 5
        VERIFY_OK(append(QStringLiteral("system"), Role::System, MessageKind::Event)); // 6
        VERIFY_OK(append(QStringLiteral("c:1"), Role::Customer, MessageKind::Text)); // 7

        const auto unread = [&]() {
            return (*store().findConversation(id))->unreadCustomerSeqs;
        };
        QCOMPARE(unread(), (QList<qint64> { 1, 2, 4, 7 }));
        QCOMPARE(store().openConversations()->first().unreadCustomerSeqs,
            (QList<qint64> { 1, 2, 4, 7 }));

        VERIFY_OK(store().recordReceipt(id, ReceiptSide::Agent, protocol::ReceiptKind::Read, 2));
        QCOMPARE(unread(), (QList<qint64> { 4, 7 }));
        // The customer reading, or the agent's device receiving, changes nothing.
        VERIFY_OK(store().recordReceipt(id, ReceiptSide::Customer, protocol::ReceiptKind::Read, 7));
        VERIFY_OK(
            store().recordReceipt(id, ReceiptSide::Agent, protocol::ReceiptKind::Delivered, 7));
        QCOMPARE(unread(), (QList<qint64> { 4, 7 }));
        VERIFY_OK(store().recordReceipt(id, ReceiptSide::Agent, protocol::ReceiptKind::Read, 7));
        QVERIFY(unread().isEmpty());
    }

    void unreadSeqsAreCapped()
    {
        const QString id = addConversation(addCustomer());
        VERIFY_OK(store().begin());
        for (int i = 1; i <= 1005; ++i)
            VERIFY_OK(
                store().appendMessage(message(id, QStringLiteral("c:1"), QString::number(i))));
        VERIFY_OK(store().commit());
        const auto unread = (*store().findConversation(id))->unreadCustomerSeqs;
        QCOMPARE(unread.size(), 1000);
        QCOMPARE(unread.first(), 6); // the newest thousand, oldest first
        QCOMPARE(unread.last(), 1005);
    }

    void savepointsUndoOnlyTheirOwnWork()
    {
        const QString id = addConversation(addCustomer());
        VERIFY_OK(store().begin());
        VERIFY_OK(store().savepoint());
        VERIFY_OK(
            store().appendMessage(message(id, QStringLiteral("c:1"), QStringLiteral("kept-1"))));
        VERIFY_OK(store().releaseSavepoint());
        VERIFY_OK(store().savepoint());
        VERIFY_OK(
            store().appendMessage(message(id, QStringLiteral("c:1"), QStringLiteral("undone"))));
        store().rollbackToSavepoint();
        VERIFY_OK(store().savepoint());
        const auto kept
            = store().appendMessage(message(id, QStringLiteral("c:1"), QStringLiteral("kept-2")));
        VERIFY_OK(kept);
        QCOMPARE(kept->message.seq, 2); // the undone seq is handed out again: no gap
        VERIFY_OK(store().releaseSavepoint());
        VERIFY_OK(store().commit());

        const auto page = store().messagesAfter(id, 0, 10, true);
        QCOMPARE(seqsOf(page->messages), (QList<qint64> { 1, 2 }));
        QCOMPARE(page->messages.at(1).clientId, QStringLiteral("kept-2"));

        // A rolled back transaction leaves nothing behind.
        VERIFY_OK(store().begin());
        VERIFY_OK(
            store().appendMessage(message(id, QStringLiteral("c:1"), QStringLiteral("gone"))));
        store().rollback();
        QCOMPARE((*store().findConversation(id))->seq, 2);
        QCOMPARE(store().messagesAfter(id, 0, 10, true)->messages.size(), 2);
    }

    void probeWrite() { VERIFY_OK(store().probeWrite()); }

    void webhookOutbox()
    {
        // Bytes as signed: not necessarily text, so they must come back exactly.
        const QByteArray body
            = QByteArray("{\"text\":\"\xc3\xa9\"}") + QByteArray(1, '\0') + '\xff';
        const auto first = store().enqueueWebhook(
            delivery(QStringLiteral("https://a.example/h"), body, 2000, 1000));
        VERIFY_OK(first);
        QVERIFY(first->id > 0);
        const auto second = store().enqueueWebhook(
            delivery(QStringLiteral("https://b.example/h"), QByteArray(), 1500, 1000));
        VERIFY_OK(second);
        const auto later = store().enqueueWebhook(
            delivery(QStringLiteral("https://c.example/h"), "{}", 9000, 1000));
        VERIFY_OK(later);
        QVERIFY(first->id != second->id && second->id != later->id);

        // Due ones only, earliest first, bounded.
        auto due = store().dueWebhooks(2000, 10);
        VERIFY_OK(due);
        QCOMPARE(idsOf(*due), (QList<qint64> { second->id, first->id }));
        const WebhookDelivery &row = due->at(1);
        QCOMPARE(row.url, QStringLiteral("https://a.example/h"));
        QCOMPARE(row.eventType, QStringLiteral("message.created"));
        QCOMPARE(row.body, body);
        QCOMPARE(row.attempts, 0);
        QCOMPARE(row.nextAttemptMs, 2000);
        QCOMPARE(row.createdMs, 1000);
        QVERIFY(row.lastError.isEmpty());
        QVERIFY(due->at(0).body.isEmpty());
        QCOMPARE(idsOf(*store().dueWebhooks(2000, 1)), QList<qint64> { second->id });
        QVERIFY(store().dueWebhooks(1499, 10)->isEmpty());

        // A failed attempt moves the row back in line.
        VERIFY_OK(store().markWebhookAttempt(second->id, 1, 5000, QStringLiteral("HTTP 500")));
        due = store().dueWebhooks(5000, 10);
        QCOMPARE(idsOf(*due), (QList<qint64> { first->id, second->id }));
        QCOMPARE(due->at(1).attempts, 1);
        QCOMPARE(due->at(1).nextAttemptMs, 5000);
        QCOMPARE(due->at(1).lastError, QStringLiteral("HTTP 500"));

        VERIFY_OK(store().deleteWebhook(first->id));
        QCOMPARE(idsOf(*store().dueWebhooks(10000, 10)), (QList<qint64> { second->id, later->id }));
        const auto deletedAgain = store().deleteWebhook(first->id);
        QVERIFY(!deletedAgain);
        QCOMPARE(deletedAgain.error().kind, StorageError::Kind::NotFound);
        const auto markedGone = store().markWebhookAttempt(first->id, 2, 1, QString());
        QVERIFY(!markedGone);
        QCOMPARE(markedGone.error().kind, StorageError::Kind::NotFound);

        const auto invalid = store().enqueueWebhook(delivery(QString(), "{}", 0, 0));
        QVERIFY(!invalid);
        QCOMPARE(invalid.error().kind, StorageError::Kind::Invalid);
    }

    void deadLetters()
    {
        const QByteArray body("{\"type\":\"conversation.closed\"}");
        const auto kept = store().enqueueWebhook(
            delivery(QStringLiteral("https://ok.example/h"), "{}", 1000, 1000));
        const auto failing = store().enqueueWebhook(
            delivery(QStringLiteral("https://down.example/h"), body, 1000, 900));
        VERIFY_OK(kept);
        VERIFY_OK(failing);
        VERIFY_OK(store().markWebhookAttempt(failing->id, 5, 3000, QStringLiteral("HTTP 502")));
        QCOMPARE(*store().deadLetterCount(), 0);
        QVERIFY(store().listDeadLetters()->isEmpty());

        VERIFY_OK(store().moveToDeadLetters(failing->id, QStringLiteral("HTTP 503"), 4000));
        QCOMPARE(idsOf(*store().dueWebhooks(10000, 10)), QList<qint64> { kept->id });
        QCOMPARE(*store().deadLetterCount(), 1);
        auto letters = store().listDeadLetters();
        VERIFY_OK(letters);
        QCOMPARE(letters->size(), 1);
        const DeadLetter &letter = letters->first();
        QCOMPARE(letter.id, failing->id); // the delivery id receivers saw
        QCOMPARE(letter.url, QStringLiteral("https://down.example/h"));
        QCOMPARE(letter.eventType, QStringLiteral("message.created"));
        QCOMPARE(letter.body, body);
        QCOMPARE(letter.attempts, 5);
        QCOMPARE(letter.lastError, QStringLiteral("HTTP 503"));
        QCOMPARE(letter.createdMs, 900);
        QCOMPARE(letter.failedMs, 4000);

        const auto movedAgain = store().moveToDeadLetters(failing->id, QString(), 5000);
        QVERIFY(!movedAgain);
        QCOMPARE(movedAgain.error().kind, StorageError::Kind::NotFound);

        // New events never take a dead letter's id, so it can always go back under it.
        const auto newer = store().enqueueWebhook(
            delivery(QStringLiteral("https://ok.example/h"), "{}", 1000, 1000));
        VERIFY_OK(newer);
        QVERIFY(newer->id > failing->id);

        VERIFY_OK(store().replayDeadLetter(failing->id, 6000));
        QCOMPARE(*store().deadLetterCount(), 0);
        auto due = store().dueWebhooks(6000, 10);
        QCOMPARE(idsOf(*due), (QList<qint64> { kept->id, newer->id, failing->id }));
        const WebhookDelivery &replayed = due->last();
        QCOMPARE(replayed.attempts, 0);
        QCOMPARE(replayed.nextAttemptMs, 6000);
        QCOMPARE(replayed.createdMs, 900);
        QCOMPARE(replayed.body, body);
        QCOMPARE(replayed.url, QStringLiteral("https://down.example/h"));

        const auto unknown = store().replayDeadLetter(999999, 6000);
        QVERIFY(!unknown);
        QCOMPARE(unknown.error().kind, StorageError::Kind::NotFound);
        const auto replayedTwice = store().replayDeadLetter(failing->id, 6000);
        QVERIFY(!replayedTwice);
        QCOMPARE(replayedTwice.error().kind, StorageError::Kind::NotFound);

        // Failing for good again, then purged with another one.
        VERIFY_OK(store().moveToDeadLetters(failing->id, QStringLiteral("HTTP 500"), 8000));
        VERIFY_OK(store().moveToDeadLetters(kept->id, QStringLiteral("timed out"), 7000));
        letters = store().listDeadLetters();
        QCOMPARE(letters->size(), 2);
        QCOMPARE(letters->at(0).id, kept->id); // oldest failure first
        QCOMPARE(letters->at(1).id, failing->id);
        const auto purged = store().purgeDeadLetters();
        VERIFY_OK(purged);
        QCOMPARE(*purged, 2);
        QCOMPARE(*store().deadLetterCount(), 0);
        QCOMPARE(*store().purgeDeadLetters(), 0);
        QCOMPARE(idsOf(*store().dueWebhooks(10000, 10)), QList<qint64> { newer->id });
    }

    // The audit log: appended entries come back newest first, every filter narrows, paging
    // walks them without overlap, and the detail object survives the round trip.
    void auditLog()
    {
        const auto entry
            = [](qint64 ts, const QString &actor, const QString &action, const QString &target) {
                  AuditEntry e;
                  e.timestampMs = ts;
                  e.actor = actor;
                  e.actorRole = actor.isEmpty() ? QString() : QStringLiteral("agent");
                  e.action = action;
                  e.target = target;
                  e.address = QStringLiteral("127.0.0.1");
                  return e;
              };
        AuditEntry transfer = entry(
            3000, QStringLiteral("alice"), QStringLiteral("transfer"), QStringLiteral("conv-1"));
        transfer.detail = QJsonObject { { QStringLiteral("to_team"), QStringLiteral("billing") } };
        QList<qint64> ids;
        for (const AuditEntry &e : { entry(1000, QStringLiteral("alice"), QStringLiteral("login"),
                                         QStringLiteral("alice")),
                 entry(2000, QString(), QStringLiteral("login_failed"), QString()), transfer,
                 entry(4000, QStringLiteral("bob"), QStringLiteral("login"), QStringLiteral("bob")),
                 entry(5000, QStringLiteral("alice"), QStringLiteral("close"),
                     QStringLiteral("conv-1")) }) {
            const auto stored = store().appendAudit(e);
            VERIFY_OK(stored);
            QVERIFY(stored->id > 0);
            ids.append(stored->id);
        }
        QVERIFY(std::is_sorted(ids.cbegin(), ids.cend()));
        const auto idsOfPage = [](const StoreResult<AuditPage> &page) {
            QList<qint64> found;
            for (const AuditEntry &e : page->entries)
                found.append(e.id);
            return found;
        };

        auto all = store().listAudit({});
        VERIFY_OK(all);
        QCOMPARE(idsOfPage(all), (QList<qint64> { ids[4], ids[3], ids[2], ids[1], ids[0] }));
        QVERIFY(!all->hasMore);
        const AuditEntry &read = all->entries.at(2);
        QCOMPARE(read.timestampMs, 3000);
        QCOMPARE(read.actor, QStringLiteral("alice"));
        QCOMPARE(read.actorRole, QStringLiteral("agent"));
        QCOMPARE(read.action, QStringLiteral("transfer"));
        QCOMPARE(read.target, QStringLiteral("conv-1"));
        QCOMPARE(read.address, QStringLiteral("127.0.0.1"));
        QCOMPARE(read.detail, transfer.detail);

        AuditFilter filter;
        filter.actor = QStringLiteral("alice");
        QCOMPARE(idsOfPage(store().listAudit(filter)), (QList<qint64> { ids[4], ids[2], ids[0] }));
        filter.action = QStringLiteral("login");
        QCOMPARE(idsOfPage(store().listAudit(filter)), QList<qint64> { ids[0] });
        filter = {};
        filter.actor = QString(); // the unknown login of a failed sign-in
        QCOMPARE(idsOfPage(store().listAudit(filter)), QList<qint64> { ids[1] });
        filter = {};
        filter.fromMs = 2000; // inclusive
        filter.toMs = 4000; // exclusive
        QCOMPARE(idsOfPage(store().listAudit(filter)), (QList<qint64> { ids[2], ids[1] }));
        filter = {};
        filter.action = QStringLiteral("user_remove");
        QVERIFY(store().listAudit(filter)->entries.isEmpty());

        filter = {};
        filter.limit = 2;
        auto page = store().listAudit(filter);
        QCOMPARE(idsOfPage(page), (QList<qint64> { ids[4], ids[3] }));
        QVERIFY(page->hasMore);
        filter.offset = 2;
        page = store().listAudit(filter);
        QCOMPARE(idsOfPage(page), (QList<qint64> { ids[2], ids[1] }));
        QVERIFY(page->hasMore);
        filter.offset = 4;
        page = store().listAudit(filter);
        QCOMPARE(idsOfPage(page), QList<qint64> { ids[0] });
        QVERIFY(!page->hasMore);

        AuditEntry nameless;
        QCOMPARE(store().appendAudit(nameless).error().kind, StorageError::Kind::Invalid);
    }

    // first_assigned_ms and first_response_ms are set once, by the write path.
    void firstAssignmentAndFirstResponse()
    {
        const QString id = addConversation(addCustomer(), 1000);
        auto conversation = store().findConversation(id);
        QCOMPARE((*conversation)->firstAssignedMs, 0);
        QCOMPARE((*conversation)->firstResponseMs, 0);

        NewMessage fromCustomer = message(id, QStringLiteral("c:1"), QStringLiteral("c1"));
        fromCustomer.timestampMs = 1500;
        VERIFY_OK(store().appendMessage(fromCustomer));
        VERIFY_OK(
            store().applyRoutingChange({ id, ConversationState::Assigned, 7, QString(), 2000 }));
        NewMessage note = message(
            id, QStringLiteral("u:7"), QStringLiteral("n1"), MessageKind::Note, Role::Agent);
        note.timestampMs = 2500;
        VERIFY_OK(store().appendMessage(note)); // a note is not a response
        NewMessage event = message(id, QStringLiteral("system"), QStringLiteral("sys-1"),
            MessageKind::Event, Role::System);
        event.timestampMs = 2600;
        VERIFY_OK(store().appendMessage(event));
        conversation = store().findConversation(id);
        QCOMPARE((*conversation)->firstAssignedMs, 2000);
        QCOMPARE((*conversation)->firstResponseMs, 0);

        NewMessage reply = message(
            id, QStringLiteral("u:7"), QStringLiteral("r1"), MessageKind::Text, Role::Agent);
        reply.timestampMs = 3000;
        VERIFY_OK(store().appendMessage(reply));
        NewMessage later = reply;
        later.clientId = QStringLiteral("r2");
        later.timestampMs = 4000;
        VERIFY_OK(store().appendMessage(later));
        // Transferred back to the queue and to another agent: the first assignment stays.
        VERIFY_OK(
            store().applyRoutingChange({ id, ConversationState::Queued, 0, QString(), 5000 }));
        VERIFY_OK(
            store().applyRoutingChange({ id, ConversationState::Assigned, 8, QString(), 6000 }));
        conversation = store().findConversation(id);
        QCOMPARE((*conversation)->firstAssignedMs, 2000);
        QCOMPARE((*conversation)->firstResponseMs, 3000);
        const auto open = store().openConversations();
        QCOMPARE(open->first().firstAssignedMs, 2000);
        QCOMPARE(open->first().firstResponseMs, 3000);
    }

    // A restored database's conversation gets a new epoch once, however many ask at once;
    // its seqs and messages stay as they are.
    // A customer rates its own closed conversation once; a new rating replaces it within the
    // change window, after which it is final. Open, unknown or someone else's conversations
    // are refused without writing anything.
    void ratings()
    {
        using Result = RatingOutcome::Result;
        const qint64 ann = addCustomer();
        const qint64 bo = addCustomer(QStringLiteral("Bo"));
        const QString conversation = addConversation(ann, 1000);
        const qint64 window = 600000;
        const auto rate = [&](qint64 customer, int stars, qint64 atMs, const QString &id) {
            return store().rateConversation(
                { id, customer, stars, QStringLiteral("comment %1").arg(stars), atMs, window });
        };

        auto open = rate(ann, 4, 2000, conversation);
        VERIFY_OK(open);
        QCOMPARE(open->result, Result::NotClosed);
        QVERIFY(!store().findRating(conversation)->has_value());

        VERIFY_OK(store().applyRoutingChange(
            { conversation, ConversationState::Assigned, 7, QStringLiteral("sales"), 2500 }));
        VERIFY_OK(store().applyRoutingChange(
            { conversation, ConversationState::Closed, 7, QStringLiteral("sales"), 3000 }));
        QCOMPARE(rate(bo, 4, 3500, conversation)->result, Result::NotTheCustomer);
        QCOMPARE(
            rate(ann, 4, 3500, QStringLiteral("no-such-id"))->result, Result::NoSuchConversation);
        QVERIFY(!store().findRating(conversation)->has_value());

        auto first = rate(ann, 2, 4000, conversation);
        VERIFY_OK(first);
        QCOMPARE(first->result, Result::Stored);
        QCOMPARE(first->rating.rating, 2);
        QCOMPARE(first->rating.firstRatedMs, 4000);
        QCOMPARE(first->rating.agentId, 7);
        QCOMPARE(first->rating.team, QStringLiteral("sales"));

        auto replaced = rate(ann, 5, 4000 + window - 1, conversation);
        VERIFY_OK(replaced);
        QCOMPARE(replaced->result, Result::Replaced);
        QCOMPARE(replaced->rating.firstRatedMs, 4000);
        QCOMPARE(replaced->rating.ratedMs, 4000 + window - 1);

        auto final = rate(ann, 1, 4000 + window, conversation);
        VERIFY_OK(final);
        QCOMPARE(final->result, Result::Final);
        QCOMPARE(final->rating.rating, 5); // the one that stays

        const auto stored = store().findRating(conversation);
        VERIFY_OK(stored);
        QVERIFY(stored->has_value());
        QCOMPARE((*stored)->rating, 5);
        QCOMPARE((*stored)->comment, QStringLiteral("comment 5"));
        QCOMPARE((*stored)->firstRatedMs, 4000);
        QCOMPARE((*stored)->ratedMs, 4000 + window - 1);
        QCOMPARE((*stored)->agentId, 7);

        const auto outOfRange
            = store().rateConversation({ conversation, ann, 6, QString(), 5000, window });
        QVERIFY(!outOfRange);
        QCOMPARE(outOfRange.error().kind, StorageError::Kind::Invalid);
    }

    void rotateEpochOnce()
    {
        const QString id = addConversation(addCustomer());
        VERIFY_OK(store().appendMessage(message(id, QStringLiteral("c:1"), QStringLiteral("a"))));
        const auto rotated
            = store().rotateEpoch(id, QStringLiteral("epoch-1"), QStringLiteral("epoch-2"));
        VERIFY_OK(rotated);
        QCOMPARE(*rotated, QStringLiteral("epoch-2"));
        // A second caller that read the old epoch finds the first one's.
        const auto again
            = store().rotateEpoch(id, QStringLiteral("epoch-1"), QStringLiteral("epoch-3"));
        VERIFY_OK(again);
        QCOMPARE(*again, QStringLiteral("epoch-2"));
        const auto page = store().messagesAfter(id, 0, 10, true);
        VERIFY_OK(page);
        QCOMPARE(page->epoch, QStringLiteral("epoch-2"));
        QCOMPARE(page->latestSeq, qint64(1));
        QCOMPARE((*store().findConversation(id))->epoch, QStringLiteral("epoch-2"));
        QCOMPARE(store()
                     .rotateEpoch(QStringLiteral("no-such"), QStringLiteral("epoch-1"),
                         QStringLiteral("epoch-2"))
                     .error()
                     .kind,
            StorageError::Kind::NotFound);
    }

    // Chinese and Japanese are written without spaces: a word is found inside a sentence
    // (once the index caught up with it), while other scripts keep their words and prefixes.
    void searchFindsCjkWordsInsideSentences()
    {
        const QString id = addConversation(addCustomer(), 1000);
        const QString texts[] = {
            QStringLiteral("我的订单没有到"),
            QStringLiteral("昨日注文した商品がまだ届きません"),
            QStringLiteral("주문이 아직 안 왔어요"),
            QStringLiteral("Crème BRÛLÉE for the refund desk"),
            QStringLiteral("iPhone订单 shipped"),
        };
        for (qsizetype i = 0; i < qsizetype(std::size(texts)); ++i) {
            NewMessage m = message(id, QStringLiteral("c:1"), QStringLiteral("m%1").arg(i));
            m.text = texts[i];
            VERIFY_OK(store().appendMessage(m));
        }
        VERIFY_OK(store().catchUpSearchIndex(1000));
        const auto seqsFound = [this](const QString &text) {
            SearchQuery query;
            query.everything = true;
            query.text = text;
            const auto found = store().search(query);
            QList<qint64> seqs;
            if (found) {
                for (const SearchHit &hit : found->hits)
                    seqs.prepend(hit.seq); // hits come newest first
            } else {
                qWarning("%s", qPrintable(found.error().message));
            }
            return seqs;
        };
        QCOMPARE(seqsFound(QStringLiteral("订单")), (QList<qint64> { 1, 5 }));
        QCOMPARE(seqsFound(QStringLiteral("订单没有")), QList<qint64> { 1 });
        QCOMPARE(seqsFound(QStringLiteral("到")), QList<qint64> { 1 }); // a run's last character
        QCOMPARE(seqsFound(QStringLiteral("订")), (QList<qint64> { 1, 5 }));
        QCOMPARE(seqsFound(QStringLiteral("单订")), QList<qint64> {}); // not in that order
        QCOMPARE(seqsFound(QStringLiteral("注文")), QList<qint64> { 2 });
        QCOMPARE(seqsFound(QStringLiteral("商品 届き")), QList<qint64> { 2 });
        QCOMPARE(seqsFound(QStringLiteral("주문")), QList<qint64> { 3 });
        QCOMPARE(seqsFound(QStringLiteral("iphone订单")), QList<qint64> { 5 });
        QCOMPARE(seqsFound(QStringLiteral("订单 shipp")), QList<qint64> { 5 });
        // Other scripts as before: whole words, the last one also as a prefix, folded.
        QCOMPARE(seqsFound(QStringLiteral("creme brul")), QList<qint64> { 4 });
        QCOMPARE(seqsFound(QStringLiteral("refund")), QList<qint64> { 4 });
        QCOMPARE(seqsFound(QStringLiteral("efund")), QList<qint64> {});
        QCOMPARE(seqsFound(QStringLiteral("desk refu")), QList<qint64> { 4 });

        SearchQuery query;
        query.everything = true;
        query.text = QStringLiteral("订单");
        const auto found = store().search(query);
        VERIFY_OK(found);
        const SearchHit &first = found->hits.last(); // seq 1
        QCOMPARE(first.snippet, QStringLiteral("我的订单没有到"));
        QCOMPARE(first.highlights, (QList<QPair<int, int>> { { 2, 2 } }));

        // A message stored later is found once the index catches up with it.
        NewMessage later = message(id, QStringLiteral("c:1"), QStringLiteral("later"));
        later.text = QStringLiteral("请帮我取消订单");
        VERIFY_OK(store().appendMessage(later));
        VERIFY_OK(store().catchUpSearchIndex(1000));
        QCOMPARE(seqsFound(QStringLiteral("取消订单")), QList<qint64> { 6 });
    }

protected:
    std::unique_ptr<Store> m_store;
};

} // namespace switchboard::server
