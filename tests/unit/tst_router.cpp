// The router without sockets: decoded client messages in, frames/authentications/closes out,
// over a real StorageService on SQLite in a temporary directory.
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QMutex>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <algorithm>
#include <auth/passwordhasher.h>
#include <functional>
#include <gateway/outbox.h>
#include <manualclock.h>
#include <memory>
#include <metrics/metrics.h>
#include <optional>
#include <router/router.h>
#include <store/sqlitestore.h>
#include <store/storageservice.h>
#include <switchboard/clientmessage.h>
#include <switchboard/timeformat.h>

using namespace Qt::StringLiterals;
using namespace switchboard;
using namespace switchboard::server;
using protocol::ClientMessage;
using protocol::RoutingMode;

namespace {

const QString password = u"correct horse battery"_s;

// Everything the router told the transport, in order.
class RecordingOutbox final : public Outbox {
public:
    enum class Kind { Frame, Authenticate, Close };

    struct Event {
        Kind kind = Kind::Frame;
        ConnectionId connection = 0;
        QByteArray raw; // Frame: the text as sent
        QJsonObject frame; // Frame: parsed
        Role role = Role::Customer; // Authenticate
        int closeCode = 0; // Close
        QString reason; // Close
    };

    void send(ConnectionId connection, const QByteArray &frame, qint64 originNs) override
    {
        Q_UNUSED(originNs);
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(frame, &error);
        QMutexLocker lock(&m_lock);
        if (error.error != QJsonParseError::NoError || !document.isObject()
            || !document.object().value(u"type"_s).isString()) {
            m_invalid.append(frame);
        }
        m_events.append(Event { Kind::Frame, connection, frame, document.object(), {}, 0, {} });
    }

    void authenticate(ConnectionId connection, protocol::Role role) override
    {
        QMutexLocker lock(&m_lock);
        m_events.append(Event { Kind::Authenticate, connection, {}, {}, role, 0, {} });
    }

    void close(ConnectionId connection, int closeCode, const QString &reason) override
    {
        QMutexLocker lock(&m_lock);
        m_events.append(Event { Kind::Close, connection, {}, {}, {}, closeCode, reason });
    }

    QList<Event> events() const
    {
        QMutexLocker lock(&m_lock);
        return m_events;
    }

    // Frames to one connection, optionally of one type.
    QList<QJsonObject> frames(ConnectionId connection, const QString &type = {}) const
    {
        QList<QJsonObject> result;
        for (const Event &event : events()) {
            if (event.kind == Kind::Frame && event.connection == connection
                && (type.isEmpty() || event.frame.value(u"type"_s).toString() == type)) {
                result.append(event.frame);
            }
        }
        return result;
    }

    QList<QByteArray> rawFrames(ConnectionId connection) const
    {
        QList<QByteArray> result;
        for (const Event &event : events()) {
            if (event.kind == Kind::Frame && event.connection == connection)
                result.append(event.raw);
        }
        return result;
    }

    // Whether any frame to anyone contains `text`.
    bool anyFrameContains(const QString &text) const
    {
        const QByteArray needle = text.toUtf8();
        for (const Event &event : events()) {
            if (event.kind == Kind::Frame && event.raw.contains(needle))
                return true;
        }
        return false;
    }

    std::optional<int> closeCode(ConnectionId connection) const
    {
        for (const Event &event : events()) {
            if (event.kind == Kind::Close && event.connection == connection)
                return event.closeCode;
        }
        return std::nullopt;
    }

    std::optional<Role> authenticatedAs(ConnectionId connection) const
    {
        for (const Event &event : events()) {
            if (event.kind == Kind::Authenticate && event.connection == connection)
                return event.role;
        }
        return std::nullopt;
    }

    QList<QByteArray> invalidFrames() const
    {
        QMutexLocker lock(&m_lock);
        return m_invalid;
    }

private:
    mutable QMutex m_lock;
    QList<Event> m_events;
    QList<QByteArray> m_invalid;
};

struct Account {
    QString login;
    QString name;
    Role role = Role::Agent;
    QStringList teams;
};

struct Customer {
    ConnectionId connection = 0;
    QString conversation;
    QJsonObject welcome;
};

QString conversationIdOf(const QJsonObject &frame)
{
    const QJsonValue conversation = frame.value(u"conversation"_s);
    return conversation.isObject() ? conversation.toObject().value(u"id"_s).toString()
                                   : conversation.toString();
}

protocol::HelloMessage customerHello(const QString &name, const QString &team = {})
{
    protocol::HelloMessage hello;
    hello.role = Role::Customer;
    hello.name = name;
    hello.email = name.toLower() + u"@example.com"_s;
    hello.page = u"https://shop.example/cart"_s;
    hello.team = team;
    return hello;
}

protocol::SendMessage sendMessage(const QString &conversation, const QString &clientId,
    const QString &text, protocol::MessageKind kind = protocol::MessageKind::Text)
{
    protocol::SendMessage send;
    send.conversation = conversation;
    send.clientId = clientId;
    send.text = text;
    send.kind = kind;
    return send;
}

protocol::StatusMessage status(protocol::AgentStatus state)
{
    protocol::StatusMessage message;
    message.state = state;
    return message;
}

bool waitFor(const std::function<bool()> &predicate, int timeoutMs = 10000)
{
    return QTest::qWaitFor(predicate, timeoutMs);
}

} // namespace

class RouterTest final : public QObject {
    Q_OBJECT

private:
    QByteArray m_passwordHash;
    int m_run = 0;
    quint64 m_serial = 0;
    QHash<QString, qint64> m_userIds;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<StorageService> m_storage;
    std::unique_ptr<RecordingOutbox> m_outbox;
    std::unique_ptr<metrics::ServerMetrics> m_metrics;
    std::unique_ptr<Router> m_router;
    // Set before start() by tests that move time by hand; null: the system clock.
    std::unique_ptr<ManualClock> m_clock;

    static QList<Account> standardAccounts()
    {
        return {
            { u"alice"_s, u"Alice"_s, Role::Agent, { u"sales"_s } },
            { u"bob"_s, u"Bob"_s, Role::Agent, { u"billing"_s } },
            { u"sam"_s, u"Sam"_s, Role::Supervisor, {} },
        };
    }

    // Seeds the accounts with a separate connection, then starts storage and the router.
    bool start(RouterOptions options, const QList<Account> &accounts = standardAccounts())
    {
        m_dir = std::make_unique<QTemporaryDir>();
        if (!m_dir->isValid())
            return false;
        const QString path = m_dir->filePath(u"switchboard.db"_s);
        {
            SqliteStore seed(path, u"tst_router-seed-%1"_s.arg(++m_run));
            if (auto opened = seed.open(); !opened) {
                qWarning() << "seed store:" << opened.error().message;
                return false;
            }
            for (const Account &account : accounts) {
                const UserRecord user { 0, account.login, account.name, account.role, account.teams,
                    m_passwordHash, nowMs() };
                auto created = seed.createUser(user);
                if (!created) {
                    qWarning() << "seed user:" << created.error().message;
                    return false;
                }
                m_userIds.insert(account.login, created->id);
            }
            seed.close();
        }
        m_storage = std::make_unique<StorageService>(
            [path](const QString &name) { return std::make_unique<SqliteStore>(path, name); });
        if (auto started = m_storage->start(); !started) {
            qWarning() << "storage:" << started.error().message;
            return false;
        }
        m_outbox = std::make_unique<RecordingOutbox>();
        m_metrics = std::make_unique<metrics::ServerMetrics>();
        options.nodeId = u"node-test"_s;
        m_router
            = std::make_unique<Router>(options, m_storage.get(), m_outbox.get(), m_metrics.get());
        if (m_clock)
            m_router->setClock(*m_clock);
        if (auto restored = m_router->restore(); !restored) {
            qWarning() << "restore:" << restored.error().message;
            return false;
        }
        return true;
    }

    RouterOptions options(RoutingMode mode = RoutingMode::LeastLoaded) const
    {
        RouterOptions options;
        options.routing = mode;
        return options;
    }

    ConnectionId open(const QHostAddress &peer = QHostAddress(QHostAddress::LocalHost))
    {
        const ConnectionId id = makeConnectionId(1, ++m_serial);
        m_router->connectionOpened(id, ConnectionInfo { peer, {}, {} });
        return id;
    }

    void deliver(ConnectionId connection, ClientMessage message)
    {
        m_router->messageReceived(connection, std::move(message), 0);
    }

    // Signs a staff member in on a new connection; 0 when no welcome came.
    ConnectionId signIn(const QString &login, Role role = Role::Agent,
        const QHostAddress &peer = QHostAddress(QHostAddress::LocalHost))
    {
        const ConnectionId connection = open(peer);
        protocol::HelloMessage hello;
        hello.role = role;
        hello.login = login;
        hello.password = password;
        deliver(connection, hello);
        const bool answered = waitFor([&] {
            return !m_outbox->frames(connection, u"welcome"_s).isEmpty()
                || m_outbox->closeCode(connection).has_value();
        });
        if (!answered || m_outbox->frames(connection, u"welcome"_s).isEmpty()) {
            qWarning() << "no welcome for" << login << m_outbox->rawFrames(connection);
            return 0;
        }
        return connection;
    }

    // Starts a customer chat; an empty conversation when no welcome came.
    Customer startCustomer(const QString &name, const QString &team = {})
    {
        Customer customer;
        customer.connection = open();
        deliver(customer.connection, customerHello(name, team));
        if (!waitFor(
                [&] { return !m_outbox->frames(customer.connection, u"welcome"_s).isEmpty(); })) {
            qWarning() << "no welcome for customer" << name
                       << m_outbox->rawFrames(customer.connection);
            return customer;
        }
        customer.welcome = m_outbox->frames(customer.connection, u"welcome"_s).constFirst();
        customer.conversation = conversationIdOf(customer.welcome);
        return customer;
    }

    // Runs what the router and the storage still have to do until it is all done: a write and a
    // read queued behind everything asked for so far answer after the earlier outcomes (each
    // storage thread and the router's event queue keep their order), the password pool is
    // waited for, and that repeats until two rounds in a row changed nothing. "Nothing more
    // followed" asserted after this cannot pass because the work was merely late, as it could
    // after a fixed wait. (The router's timers are not run: time-driven work is the clock's.)
    bool settle()
    {
        int quietRounds = 0;
        for (int round = 0; round < 200 && quietRounds < 2; ++round) {
            const qsizetype eventsBefore = m_outbox->events().size();
            auto wrote = std::make_shared<bool>(false);
            auto read = std::make_shared<bool>(false);
            m_storage->write<Done>(
                m_router.get(), [](Store &) -> StoreResult<Done> { return Done {}; },
                [wrote](StoreResult<Done>) { *wrote = true; });
            m_storage->read<Done>(
                m_router.get(), [](Store &) -> StoreResult<Done> { return Done {}; },
                [read](StoreResult<Done>) { *read = true; });
            if (!waitFor([&] { return *wrote && *read; }))
                return false;
            QThreadPool::globalInstance()->waitForDone(10000);
            QCoreApplication::processEvents(); // zero-delay timers: queue announcements
            const bool quiet = m_outbox->events().size() == eventsBefore
                && m_storage->pendingWrites() == 0 && m_storage->waitingReads() == 0
                && QThreadPool::globalInstance()->activeThreadCount() == 0;
            quietRounds = quiet ? quietRounds + 1 : 0;
        }
        return quietRounds >= 2;
    }

    // Waits until the router's periodic grace check has looked at the manual clock since its
    // last advance, then lets what that check started finish.
    bool graceCheckRan()
    {
        return waitFor([this] { return m_clock->readingsSinceAdvance() > 0; }) && settle();
    }

    // Conversation ids in the `assigned` frames a staff connection received, in order.
    QStringList assignedTo(ConnectionId staff) const
    {
        QStringList ids;
        for (const QJsonObject &frame : m_outbox->frames(staff, u"assigned"_s))
            ids.append(conversationIdOf(frame));
        return ids;
    }

    bool changeStatus(ConnectionId staff, protocol::AgentStatus state)
    {
        const qsizetype before = m_outbox->frames(staff, u"status"_s).size();
        deliver(staff, status(state));
        return waitFor([&] {
            const auto frames = m_outbox->frames(staff, u"status"_s);
            return frames.size() > before
                && frames.constLast().value(u"state"_s).toString() == protocol::statusName(state);
        });
    }

    // The last `conversation` update a customer received.
    QJsonObject lastUpdate(ConnectionId customer) const
    {
        const auto updates = m_outbox->frames(customer, u"conversation"_s);
        return updates.isEmpty() ? QJsonObject()
                                 : updates.constLast().value(u"conversation"_s).toObject();
    }

    QJsonObject lastError(ConnectionId connection) const
    {
        const auto errors = m_outbox->frames(connection, u"error"_s);
        return errors.isEmpty() ? QJsonObject() : errors.constLast();
    }

    qsizetype errorCount(ConnectionId connection) const
    {
        return m_outbox->frames(connection, u"error"_s).size();
    }

private Q_SLOTS:
    void initTestCase()
    {
        // Routine progress lines drown the test log; warnings stay visible.
        QLoggingCategory::setFilterRules(u"switchboard.*.info=false"_s);
        QVERIFY(PasswordHasher::initialize());
        m_passwordHash = PasswordHasher::hash(password);
        QVERIFY(!m_passwordHash.isEmpty());
    }

    void cleanup()
    {
        if (m_outbox)
            QCOMPARE(m_outbox->invalidFrames(), QList<QByteArray>());
        // Password checks run on the global pool and call back into the router.
        QThreadPool::globalInstance()->waitForDone(10000);
        if (m_storage)
            m_storage->stop();
        m_router.reset(); // drops the storage outcomes still posted to it
        m_clock.reset();
        m_storage.reset();
        m_metrics.reset();
        m_outbox.reset();
        m_dir.reset();
        m_userIds.clear();
    }

    // ---- sessions ------------------------------------------------------------------------

    void customerHelloIsWelcomedIntoTheQueue()
    {
        RouterOptions opts = options();
        opts.heartbeatSeconds = 17;
        QVERIFY(start(opts));

        const Customer ann = startCustomer(u"Ann"_s);
        QVERIFY(!ann.conversation.isEmpty());
        QCOMPARE(m_outbox->authenticatedAs(ann.connection), std::optional<Role>(Role::Customer));
        QCOMPARE(ann.welcome.value(u"v"_s).toInt(), 1);
        QCOMPARE(ann.welcome.value(u"role"_s).toString(), u"customer"_s);
        QVERIFY(ann.welcome.value(u"token"_s).toString().size() >= 22);
        QCOMPARE(ann.welcome.value(u"heartbeat_s"_s).toInt(), 17);
        QCOMPARE(ann.welcome.value(u"node"_s).toString(), u"node-test"_s);
        const QJsonObject conversation = ann.welcome.value(u"conversation"_s).toObject();
        QCOMPARE(conversation.value(u"state"_s).toString(), u"queued"_s);
        QCOMPARE(conversation.value(u"queue_position"_s).toInt(), 1);
        QCOMPARE(conversation.value(u"seq"_s).toInt(-1), 0);
        QVERIFY(!conversation.value(u"epoch"_s).toString().isEmpty());
        QVERIFY(!m_outbox->closeCode(ann.connection));

        const Customer bo = startCustomer(u"Bo"_s);
        QVERIFY(!bo.conversation.isEmpty());
        QVERIFY(bo.conversation != ann.conversation);
        QCOMPARE(bo.welcome.value(u"conversation"_s)[u"queue_position"_s].toInt(), 2);
        QVERIFY(ann.welcome.value(u"token"_s) != bo.welcome.value(u"token"_s));
    }

    void customerTokenResumesTheConversation()
    {
        QVERIFY(start(options()));
        const Customer ann = startCustomer(u"Ann"_s);
        QVERIFY(!ann.conversation.isEmpty());
        m_router->connectionClosed(ann.connection);

        const ConnectionId again = open();
        protocol::HelloMessage hello = customerHello(u"Ann"_s);
        hello.token = ann.welcome.value(u"token"_s).toString();
        deliver(again, hello);
        QTRY_COMPARE(m_outbox->frames(again, u"welcome"_s).size(), 1);
        QCOMPARE(
            conversationIdOf(m_outbox->frames(again, u"welcome"_s).constFirst()), ann.conversation);

        const ConnectionId forged = open();
        hello.token = u"not-a-token-we-issued-0123456789"_s;
        deliver(forged, hello);
        QTRY_COMPARE(m_outbox->closeCode(forged), std::optional<int>(protocol::close::policy));
        QCOMPARE(lastError(forged).value(u"code"_s).toString(), u"unauthenticated"_s);
        QVERIFY(m_outbox->frames(forged, u"welcome"_s).isEmpty());
        QVERIFY(!m_outbox->authenticatedAs(forged));
    }

    void messagesBeforeWelcomeAreUnauthenticated()
    {
        QVERIFY(start(options()));
        const ConnectionId connection = open();
        deliver(connection, protocol::PingMessage {});
        deliver(connection, sendMessage(u"c1"_s, u"k1"_s, u"hi"_s));
        QTRY_COMPARE(errorCount(connection), 2);
        for (const QJsonObject &error : m_outbox->frames(connection, u"error"_s))
            QCOMPARE(error.value(u"code"_s).toString(), u"unauthenticated"_s);
        QVERIFY(m_outbox->frames(connection, u"pong"_s).isEmpty());
    }

    // ---- assignment ----------------------------------------------------------------------

    void leastLoadedSpreadsEvenly()
    {
        QVERIFY(start(options(RoutingMode::LeastLoaded),
            { { u"alice"_s, u"Alice"_s, Role::Agent, { u"sales"_s } },
                { u"bob"_s, u"Bob"_s, Role::Agent, { u"sales"_s } } }));
        const ConnectionId alice = signIn(u"alice"_s);
        const ConnectionId bob = signIn(u"bob"_s);
        QVERIFY(alice && bob);

        // All four arrive at once.
        QList<ConnectionId> customers;
        for (int i = 0; i < 4; ++i) {
            customers.append(open());
            deliver(customers.last(), customerHello(u"Customer %1"_s.arg(i)));
        }
        QTRY_COMPARE(assignedTo(alice).size() + assignedTo(bob).size(), 4);
        QVERIFY(settle()); // nothing more may follow

        QCOMPARE(assignedTo(alice).size(), 2);
        QCOMPARE(assignedTo(bob).size(), 2);
        QStringList all = assignedTo(alice) + assignedTo(bob);
        all.removeDuplicates();
        QCOMPARE(all.size(), 4); // never one conversation twice

        QStringList expected;
        for (const ConnectionId customer : customers) {
            QCOMPARE(m_outbox->frames(customer, u"welcome"_s).size(), 1);
            const QString id = conversationIdOf(m_outbox->frames(customer, u"welcome"_s).first());
            expected.append(id);
            const QJsonObject update = lastUpdate(customer);
            QCOMPARE(update.value(u"state"_s).toString(), u"assigned"_s);
            const QString agent = update.value(u"agent"_s)[u"name"_s].toString();
            QCOMPARE(agent, assignedTo(alice).contains(id) ? u"Alice"_s : u"Bob"_s);
        }
        expected.sort();
        all.sort();
        QCOMPARE(all, expected);
    }

    void roundRobinAlternates()
    {
        QVERIFY(start(options(RoutingMode::RoundRobin),
            { { u"alice"_s, u"Alice"_s, Role::Agent, {} },
                { u"bob"_s, u"Bob"_s, Role::Agent, {} } }));
        const ConnectionId alice = signIn(u"alice"_s);
        const ConnectionId bob = signIn(u"bob"_s);
        QVERIFY(alice && bob);

        // Bob gets two while Alice is away, so least-loaded would now pick Alice every time.
        // The ring is ordered by user id: after Bob it wraps around to Alice.
        QVERIFY(m_userIds.value(u"alice"_s) < m_userIds.value(u"bob"_s));
        QVERIFY(changeStatus(alice, protocol::AgentStatus::Away));
        for (int i = 0; i < 2; ++i) {
            const Customer customer = startCustomer(u"Early %1"_s.arg(i));
            QVERIFY(!customer.conversation.isEmpty());
            QTRY_VERIFY(assignedTo(bob).contains(customer.conversation));
        }
        QVERIFY(changeStatus(alice, protocol::AgentStatus::Available));

        QStringList order;
        for (int i = 0; i < 4; ++i) {
            const Customer customer = startCustomer(u"Later %1"_s.arg(i));
            QVERIFY(!customer.conversation.isEmpty());
            QTRY_VERIFY(assignedTo(alice).contains(customer.conversation)
                || assignedTo(bob).contains(customer.conversation));
            order.append(assignedTo(alice).contains(customer.conversation) ? u"alice"_s : u"bob"_s);
        }
        QCOMPARE(order, QStringList({ u"alice"_s, u"bob"_s, u"alice"_s, u"bob"_s }));
        QCOMPARE(assignedTo(alice).size(), 2);
        QCOMPARE(assignedTo(bob).size(), 4);
    }

    void manualModeWaitsForAccept()
    {
        QVERIFY(start(options(RoutingMode::Manual)));
        const ConnectionId alice = signIn(u"alice"_s);
        const ConnectionId bob = signIn(u"bob"_s);
        QVERIFY(alice && bob);
        const Customer ann = startCustomer(u"Ann"_s);
        QVERIFY(!ann.conversation.isEmpty());

        QVERIFY(settle());
        QVERIFY(assignedTo(alice).isEmpty());
        QVERIFY(assignedTo(bob).isEmpty());
        QCOMPARE(ann.welcome.value(u"conversation"_s)[u"state"_s].toString(), u"queued"_s);
        QVERIFY(lastUpdate(ann.connection).value(u"state"_s).toString() != u"assigned"_s);

        deliver(alice, protocol::AcceptMessage { ann.conversation });
        QTRY_COMPARE(assignedTo(alice), QStringList { ann.conversation });
        QTRY_COMPARE(lastUpdate(ann.connection).value(u"state"_s).toString(), u"assigned"_s);
        QCOMPARE(lastUpdate(ann.connection).value(u"agent"_s)[u"name"_s].toString(), u"Alice"_s);

        // Taken: nobody else may accept it.
        deliver(bob, protocol::AcceptMessage { ann.conversation });
        QTRY_COMPARE(errorCount(bob), 1);
        QCOMPARE(lastError(bob).value(u"code"_s).toString(), u"forbidden"_s);
        QVERIFY(assignedTo(bob).isEmpty());

        deliver(bob, protocol::AcceptMessage { u"no-such-conversation"_s });
        QTRY_COMPARE(errorCount(bob), 2);
        QCOMPARE(lastError(bob).value(u"code"_s).toString(), u"not_found"_s);
    }

    void onlySupervisorsAcceptInAutomaticModes_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addRow("least_loaded") << int(RoutingMode::LeastLoaded);
        QTest::addRow("round_robin") << int(RoutingMode::RoundRobin);
    }

    void onlySupervisorsAcceptInAutomaticModes()
    {
        QFETCH(int, mode);
        QVERIFY(start(options(RoutingMode(mode))));
        const ConnectionId alice = signIn(u"alice"_s);
        QVERIFY(alice);
        QVERIFY(changeStatus(alice, protocol::AgentStatus::Away)); // keeps the queue waiting
        const Customer ann = startCustomer(u"Ann"_s);
        QVERIFY(!ann.conversation.isEmpty());

        deliver(alice, protocol::AcceptMessage { ann.conversation });
        QTRY_COMPARE(errorCount(alice), 1);
        QCOMPARE(lastError(alice).value(u"code"_s).toString(), u"forbidden"_s);
        QVERIFY(assignedTo(alice).isEmpty());

        const ConnectionId sam = signIn(u"sam"_s, Role::Supervisor);
        QVERIFY(sam);
        QCOMPARE(m_outbox->authenticatedAs(sam), std::optional<Role>(Role::Supervisor));
        QCOMPARE(m_outbox->frames(sam, u"welcome"_s).constFirst().value(u"role"_s).toString(),
            u"supervisor"_s);
        deliver(sam, protocol::AcceptMessage { ann.conversation });
        QTRY_COMPARE(assignedTo(sam), QStringList { ann.conversation });
        QTRY_COMPARE(lastUpdate(ann.connection).value(u"agent"_s)[u"name"_s].toString(), u"Sam"_s);
        QCOMPARE(errorCount(sam), 0);
        QVERIFY(assignedTo(alice).isEmpty());
    }

    void capacityKeepsTheQueue()
    {
        RouterOptions opts = options();
        opts.agentCapacity = 1;
        QVERIFY(start(opts));
        const ConnectionId alice = signIn(u"alice"_s);
        QVERIFY(alice);

        const Customer first = startCustomer(u"First"_s);
        QTRY_COMPARE(assignedTo(alice), QStringList { first.conversation });
        const Customer second = startCustomer(u"Second"_s);
        QVERIFY(!second.conversation.isEmpty());
        QVERIFY(settle());
        QCOMPARE(assignedTo(alice), QStringList { first.conversation });
        QCOMPARE(second.welcome.value(u"conversation"_s)[u"state"_s].toString(), u"queued"_s);

        deliver(alice, protocol::CloseMessage { first.conversation });
        QTRY_COMPARE(assignedTo(alice), QStringList({ first.conversation, second.conversation }));
        QTRY_COMPARE(lastUpdate(second.connection).value(u"state"_s).toString(), u"assigned"_s);
        QCOMPARE(errorCount(alice), 0);
    }

    void teamsRouteToTheirAgents()
    {
        QVERIFY(start(options()));
        // Alice (sales) has the lower id, so she would win every tie if teams were ignored.
        QVERIFY(m_userIds.value(u"alice"_s) < m_userIds.value(u"bob"_s));
        const ConnectionId alice = signIn(u"alice"_s);
        const ConnectionId bob = signIn(u"bob"_s);
        QVERIFY(alice && bob);

        const Customer billing = startCustomer(u"Billing one"_s, u"billing"_s);
        QTRY_COMPARE(assignedTo(bob), QStringList { billing.conversation });
        QVERIFY(assignedTo(alice).isEmpty());

        // With the billing agent away, a billing customer waits rather than going to sales.
        QVERIFY(changeStatus(bob, protocol::AgentStatus::Away));
        const Customer waiting = startCustomer(u"Billing two"_s, u"billing"_s);
        QVERIFY(!waiting.conversation.isEmpty());
        QVERIFY(settle());
        QVERIFY(!assignedTo(alice).contains(waiting.conversation));
        QVERIFY(!assignedTo(bob).contains(waiting.conversation));

        // An unknown team means any agent.
        const Customer anyone = startCustomer(u"Anyone"_s, u"no-such-team"_s);
        QTRY_COMPARE(assignedTo(alice), QStringList { anyone.conversation });

        QVERIFY(changeStatus(bob, protocol::AgentStatus::Available));
        QTRY_COMPARE(assignedTo(bob), QStringList({ billing.conversation, waiting.conversation }));
        QCOMPARE(assignedTo(alice), QStringList { anyone.conversation });
    }

    void awayStopsAssignmentsAndAvailableResumes()
    {
        QVERIFY(start(options()));
        const ConnectionId alice = signIn(u"alice"_s);
        QVERIFY(alice);
        QVERIFY(changeStatus(alice, protocol::AgentStatus::Away));

        const Customer ann = startCustomer(u"Ann"_s);
        QVERIFY(!ann.conversation.isEmpty());
        QVERIFY(settle());
        QVERIFY(assignedTo(alice).isEmpty());

        QVERIFY(changeStatus(alice, protocol::AgentStatus::Available));
        QTRY_COMPARE(assignedTo(alice), QStringList { ann.conversation });
    }

    // ---- transfer and close --------------------------------------------------------------

    void transferToAnotherAgent()
    {
        QVERIFY(start(options()));
        const ConnectionId alice = signIn(u"alice"_s);
        QVERIFY(alice);
        const Customer ann = startCustomer(u"Ann"_s);
        QTRY_COMPARE(assignedTo(alice), QStringList { ann.conversation });
        const ConnectionId bob = signIn(u"bob"_s);
        QVERIFY(bob);

        protocol::TransferMessage transfer;
        transfer.conversation = ann.conversation;
        transfer.toAgent = u"bob"_s;
        deliver(alice, transfer);

        QTRY_COMPARE(assignedTo(bob), QStringList { ann.conversation });
        QTRY_COMPARE(m_outbox->frames(alice, u"unassigned"_s).size(), 1);
        const QJsonObject unassigned = m_outbox->frames(alice, u"unassigned"_s).constFirst();
        QCOMPARE(unassigned.value(u"conversation"_s).toString(), ann.conversation);
        QCOMPARE(unassigned.value(u"reason"_s).toString(), u"transferred"_s);
        QCOMPARE(assignedTo(alice), QStringList { ann.conversation }); // not assigned again
        QTRY_COMPARE(lastUpdate(ann.connection).value(u"agent"_s)[u"name"_s].toString(), u"Bob"_s);
        QCOMPARE(errorCount(alice), 0);

        // Alice no longer writes there; Bob does.
        deliver(alice, sendMessage(ann.conversation, u"a-1"_s, u"still me"_s));
        QTRY_COMPARE(errorCount(alice), 1);
        QCOMPARE(lastError(alice).value(u"code"_s).toString(), u"forbidden"_s);
        deliver(bob, sendMessage(ann.conversation, u"b-1"_s, u"Bob here"_s));
        QTRY_COMPARE(m_outbox->frames(bob, u"ack"_s).size(), 1);
    }

    void transferToUnknownTargets_data()
    {
        QTest::addColumn<QString>("toAgent");
        QTest::addColumn<QString>("toTeam");
        QTest::addRow("agent that does not exist") << u"zed"_s << QString();
        QTest::addRow("agent that is not signed in") << u"bob"_s << QString();
        QTest::addRow("team that does not exist") << QString() << u"no-such-team"_s;
    }

    void transferToUnknownTargets()
    {
        QFETCH(QString, toAgent);
        QFETCH(QString, toTeam);
        QVERIFY(start(options()));
        const ConnectionId alice = signIn(u"alice"_s);
        QVERIFY(alice);
        const Customer ann = startCustomer(u"Ann"_s);
        QTRY_COMPARE(assignedTo(alice), QStringList { ann.conversation });

        protocol::TransferMessage transfer;
        transfer.conversation = ann.conversation;
        transfer.toAgent = toAgent;
        transfer.toTeam = toTeam;
        deliver(alice, transfer);
        QTRY_COMPARE(errorCount(alice), 1);
        QCOMPARE(lastError(alice).value(u"code"_s).toString(), u"not_found"_s);
        QVERIFY(settle());
        QVERIFY(m_outbox->frames(alice, u"unassigned"_s).isEmpty());
        QCOMPARE(lastUpdate(ann.connection).value(u"agent"_s)[u"name"_s].toString(), u"Alice"_s);
    }

    void closeNotifiesTheCustomer_data()
    {
        QTest::addColumn<bool>("byCustomer");
        QTest::addRow("closed by the agent") << false;
        QTest::addRow("closed by the customer") << true;
    }

    void closeNotifiesTheCustomer()
    {
        QFETCH(bool, byCustomer);
        QVERIFY(start(options()));
        const ConnectionId alice = signIn(u"alice"_s);
        QVERIFY(alice);
        const Customer ann = startCustomer(u"Ann"_s);
        QTRY_COMPARE(assignedTo(alice), QStringList { ann.conversation });
        const qsizetype messagesBefore = m_outbox->frames(ann.connection, u"message"_s).size();

        if (byCustomer)
            deliver(ann.connection, protocol::CloseMessage {}); // its own conversation
        else
            deliver(alice, protocol::CloseMessage { ann.conversation });

        QTRY_COMPARE(lastUpdate(ann.connection).value(u"state"_s).toString(), u"closed"_s);
        QCOMPARE(lastUpdate(ann.connection).value(u"id"_s).toString(), ann.conversation);
        const auto messages = m_outbox->frames(ann.connection, u"message"_s);
        QCOMPARE(messages.size(), messagesBefore + 1);
        const QJsonObject event = messages.constLast();
        QCOMPARE(event.value(u"conversation"_s).toString(), ann.conversation);
        QCOMPARE(event.value(u"kind"_s).toString(), u"event"_s);
        QCOMPARE(event.value(u"from"_s)[u"role"_s].toString(), u"system"_s);
        QVERIFY(event.value(u"seq"_s).toInt() > 0);
        QCOMPARE(errorCount(alice), 0);
        QCOMPARE(errorCount(ann.connection), 0);

        // Closed means closed: the customer can no longer write there.
        deliver(ann.connection, sendMessage({}, u"late-1"_s, u"are you there?"_s));
        QTRY_COMPARE(errorCount(ann.connection), 1);
        QCOMPARE(lastError(ann.connection).value(u"code"_s).toString(), u"forbidden"_s);
        QCOMPARE(lastError(ann.connection).value(u"ref"_s).toString(), u"late-1"_s);
    }

    // ---- a returning customer's earlier conversations ------------------------------------

    void customerConversationsListTheVisitorsOthersNewestFirst()
    {
        QVERIFY(start(options()));
        const ConnectionId alice = signIn(u"alice"_s);
        QVERIFY(alice);

        // Ann comes back twice; each visit is served by Alice and closed but the last.
        Customer ann = startCustomer(u"Ann"_s);
        QVERIFY(!ann.conversation.isEmpty());
        const QString token = ann.welcome.value(u"token"_s).toString();
        QStringList annConversations { ann.conversation };
        const auto visit = [&](const QStringList &texts) {
            const QString conversation = annConversations.constLast();
            QTRY_VERIFY(assignedTo(alice).contains(conversation));
            for (qsizetype i = 0; i < texts.size(); ++i) {
                deliver(i % 2 == 0 ? ann.connection : alice,
                    sendMessage(i % 2 == 0 ? QString() : conversation,
                        u"v%1-%2"_s.arg(annConversations.size()).arg(i), texts.at(i)));
                QTRY_VERIFY(m_outbox->anyFrameContains(texts.at(i)));
            }
        };
        const auto closeAndReturn = [&] {
            deliver(alice, protocol::CloseMessage { annConversations.constLast() });
            QTRY_COMPARE(lastUpdate(ann.connection).value(u"state"_s).toString(), u"closed"_s);
            m_router->connectionClosed(ann.connection);
            ann.connection = open();
            protocol::HelloMessage hello = customerHello(u"Ann"_s);
            hello.token = token;
            deliver(ann.connection, hello);
            QTRY_COMPARE(m_outbox->frames(ann.connection, u"welcome"_s).size(), 1);
            annConversations.append(
                conversationIdOf(m_outbox->frames(ann.connection, u"welcome"_s).constFirst()));
        };
        visit({ u"first visit: where is order 17?"_s, u"first visit: it ships today"_s });
        closeAndReturn();
        visit({ u"second visit: thanks, it came"_s });
        closeAndReturn();
        QTRY_VERIFY(assignedTo(alice).contains(annConversations.at(2)));
        QCOMPARE(QSet<QString>(annConversations.begin(), annConversations.end()).size(), 3);

        // Ben, another visitor Alice served, must never show up in Ann's list.
        const Customer ben = startCustomer(u"Ben"_s);
        QTRY_VERIFY(assignedTo(alice).contains(ben.conversation));

        const auto listFor
            = [&](ConnectionId staff, const QString &conversation, int limit) -> QJsonObject {
            const qsizetype before = m_outbox->frames(staff, u"customer_conversations"_s).size();
            const qsizetype errorsBefore = errorCount(staff);
            deliver(staff, protocol::CustomerConversationsMessage { conversation, limit });
            if (!waitFor([&] {
                    return m_outbox->frames(staff, u"customer_conversations"_s).size() > before
                        || errorCount(staff) > errorsBefore;
                })) {
                return {};
            }
            if (errorCount(staff) > errorsBefore)
                return lastError(staff);
            return m_outbox->frames(staff, u"customer_conversations"_s).constLast();
        };
        const auto idsOf = [](const QJsonObject &frame) {
            QStringList ids;
            for (const QJsonValue &value : frame.value(u"conversations"_s).toArray())
                ids.append(value[u"id"_s].toString());
            return ids;
        };

        const QJsonObject list = listFor(alice, annConversations.at(2), 20);
        QCOMPARE(list.value(u"type"_s).toString(), u"customer_conversations"_s);
        QCOMPARE(list.value(u"conversation"_s).toString(), annConversations.at(2));
        QCOMPARE(idsOf(list), (QStringList { annConversations.at(1), annConversations.at(0) }));
        const QJsonArray rows = list.value(u"conversations"_s).toArray();
        const QJsonObject second = rows.at(0).toObject();
        const QJsonObject first = rows.at(1).toObject();
        QCOMPARE(second.value(u"state"_s).toString(), u"closed"_s);
        QCOMPARE(second.value(u"messages"_s).toInt(), 1);
        QCOMPARE(second.value(u"last_text"_s).toString(), u"second visit: thanks, it came"_s);
        QCOMPARE(first.value(u"messages"_s).toInt(), 2);
        QCOMPARE(first.value(u"last_text"_s).toString(), u"first visit: it ships today"_s);
        QCOMPARE(first.value(u"agent"_s)[u"login"_s].toString(), u"alice"_s);
        QCOMPARE(first.value(u"agent"_s)[u"name"_s].toString(), u"Alice"_s);
        QVERIFY(first.value(u"closed"_s).isString());
        QVERIFY(!first.value(u"created"_s).toString().isEmpty());
        QVERIFY(first.value(u"created"_s).toString() <= second.value(u"created"_s).toString());
        QVERIFY(!idsOf(list).contains(ben.conversation));

        // Asked through an earlier conversation: the others, the open one first.
        QCOMPARE(idsOf(listFor(alice, annConversations.at(0), 20)),
            (QStringList { annConversations.at(2), annConversations.at(1) }));
        QCOMPARE(idsOf(listFor(alice, annConversations.at(2), 1)),
            QStringList { annConversations.at(1) });
        QCOMPARE(idsOf(listFor(alice, ben.conversation, 20)), QStringList());
        QVERIFY(listFor(alice, ben.conversation, 20).contains(u"conversations"_s));

        // Alice serves Ann now, so she may open Ann's earlier transcripts.
        const qsizetype historiesBefore = m_outbox->frames(alice, u"history"_s).size();
        deliver(alice, protocol::HistoryMessage { annConversations.at(0), std::nullopt, 50 });
        QTRY_COMPARE(m_outbox->frames(alice, u"history"_s).size(), historiesBefore + 1);
        const QJsonObject history = m_outbox->frames(alice, u"history"_s).constLast();
        QCOMPARE(history.value(u"conversation"_s).toString(), annConversations.at(0));
        QVERIFY(QJsonDocument(history).toJson().contains("first visit: where is order 17?"));

        // The supervisor sees it all; a stranger, a customer and an unknown id do not.
        const ConnectionId sam = signIn(u"sam"_s, Role::Supervisor);
        QVERIFY(sam);
        QCOMPARE(idsOf(listFor(sam, annConversations.at(2), 20)),
            (QStringList { annConversations.at(1), annConversations.at(0) }));
        const ConnectionId bob = signIn(u"bob"_s);
        QVERIFY(bob);
        QCOMPARE(
            listFor(bob, annConversations.at(2), 20).value(u"code"_s).toString(), u"forbidden"_s);
        QCOMPARE(
            listFor(bob, annConversations.at(0), 20).value(u"code"_s).toString(), u"forbidden"_s);
        deliver(bob, protocol::HistoryMessage { annConversations.at(0), std::nullopt, 50 });
        QTRY_COMPARE(errorCount(bob), 3);
        QCOMPARE(lastError(bob).value(u"code"_s).toString(), u"forbidden"_s);
        QCOMPARE(listFor(ann.connection, annConversations.at(2), 20).value(u"code"_s).toString(),
            u"forbidden"_s);
        QCOMPARE(listFor(alice, u"c_no_such_conversation"_s, 20).value(u"code"_s).toString(),
            u"not_found"_s);
        QVERIFY(m_outbox->frames(bob, u"customer_conversations"_s).isEmpty());
        QVERIFY(m_outbox->frames(ann.connection, u"customer_conversations"_s).isEmpty());
        QVERIFY(m_outbox->frames(bob, u"history"_s).isEmpty());

        // The widened read scope is narrow: Cat was served by Bob; while her new conversation
        // is Alice's, Alice may read the earlier one, and once it closes she may not.
        Customer cat = startCustomer(u"Cat"_s, u"billing"_s);
        QTRY_VERIFY(assignedTo(bob).contains(cat.conversation));
        const QString catEarlier = cat.conversation;
        const qsizetype aliceErrorsBefore = errorCount(alice);
        deliver(alice, protocol::HistoryMessage { catEarlier, std::nullopt, 50 });
        QTRY_COMPARE(errorCount(alice), aliceErrorsBefore + 1);
        QCOMPARE(lastError(alice).value(u"code"_s).toString(), u"forbidden"_s);
        const qsizetype aliceErrors = errorCount(alice);
        deliver(bob, protocol::CloseMessage { catEarlier });
        QTRY_COMPARE(lastUpdate(cat.connection).value(u"state"_s).toString(), u"closed"_s);
        m_router->connectionClosed(cat.connection);
        cat.connection = open();
        protocol::HelloMessage catHello = customerHello(u"Cat"_s, u"sales"_s);
        catHello.token = cat.welcome.value(u"token"_s).toString();
        deliver(cat.connection, catHello);
        QTRY_COMPARE(m_outbox->frames(cat.connection, u"welcome"_s).size(), 1);
        const QString catNow
            = conversationIdOf(m_outbox->frames(cat.connection, u"welcome"_s).constFirst());
        QVERIFY(catNow != catEarlier);
        QTRY_VERIFY(assignedTo(alice).contains(catNow));
        QCOMPARE(idsOf(listFor(alice, catNow, 20)), QStringList { catEarlier });
        const qsizetype aliceHistories = m_outbox->frames(alice, u"history"_s).size();
        deliver(alice, protocol::HistoryMessage { catEarlier, std::nullopt, 50 });
        QTRY_COMPARE(m_outbox->frames(alice, u"history"_s).size(), aliceHistories + 1);
        QCOMPARE(errorCount(alice), aliceErrors);
        deliver(alice, protocol::CloseMessage { catNow });
        QTRY_COMPARE(lastUpdate(cat.connection).value(u"state"_s).toString(), u"closed"_s);
        QTRY_VERIFY(!m_outbox->frames(alice, u"conversation"_s).isEmpty());
        QVERIFY(settle()); // the close commits, then the book drops it
        deliver(alice, protocol::HistoryMessage { catEarlier, std::nullopt, 50 });
        QTRY_COMPARE(errorCount(alice), aliceErrors + 1);
        QCOMPARE(lastError(alice).value(u"code"_s).toString(), u"forbidden"_s);
        QCOMPARE(listFor(alice, catEarlier, 20).value(u"code"_s).toString(), u"forbidden"_s);
        QCOMPARE(m_outbox->frames(alice, u"history"_s).size(), aliceHistories + 1);
    }

    // ---- agents going offline ------------------------------------------------------------

    void requeuedAfterTheGracePeriod()
    {
        RouterOptions opts = options();
        opts.graceSeconds = 1;
        m_clock = std::make_unique<ManualClock>();
        QVERIFY(start(opts));
        const ConnectionId alice = signIn(u"alice"_s);
        QVERIFY(alice);
        const Customer ann = startCustomer(u"Ann"_s);
        QTRY_COMPARE(assignedTo(alice), QStringList { ann.conversation });
        const ConnectionId bob = signIn(u"bob"_s);
        QVERIFY(bob);
        QVERIFY(assignedTo(bob).isEmpty());
        const qsizetype updatesBefore = m_outbox->frames(ann.connection, u"conversation"_s).size();

        m_router->connectionClosed(alice);
        QVERIFY(settle());

        // A millisecond short of the grace period, a grace check leaves the conversation be.
        m_clock->advance(999);
        QVERIFY(graceCheckRan());
        QVERIFY2(assignedTo(bob).isEmpty(), "reassigned inside the grace period");
        QCOMPARE(m_outbox->frames(ann.connection, u"conversation"_s).size(), updatesBefore);

        m_clock->advance(1);
        QTRY_COMPARE_WITH_TIMEOUT(assignedTo(bob), QStringList { ann.conversation }, 5000);
        QTRY_COMPARE(lastUpdate(ann.connection).value(u"agent"_s)[u"name"_s].toString(), u"Bob"_s);
        QCOMPARE(lastUpdate(ann.connection).value(u"state"_s).toString(), u"assigned"_s);
    }

    void agentBackWithinGraceKeepsConversations()
    {
        RouterOptions opts = options();
        opts.graceSeconds = 1;
        m_clock = std::make_unique<ManualClock>();
        QVERIFY(start(opts));
        const ConnectionId alice = signIn(u"alice"_s);
        QVERIFY(alice);
        const Customer ann = startCustomer(u"Ann"_s);
        QTRY_COMPARE(assignedTo(alice), QStringList { ann.conversation });
        const ConnectionId bob = signIn(u"bob"_s);
        QVERIFY(bob);

        // Back with the token of her first welcome: no password hashing, so well inside grace.
        const QString token
            = m_outbox->frames(alice, u"welcome"_s).constFirst().value(u"token"_s).toString();
        QVERIFY(!token.isEmpty());
        m_router->connectionClosed(alice);
        QVERIFY(settle());
        const ConnectionId aliceAgain = open();
        protocol::HelloMessage hello;
        hello.role = Role::Agent;
        hello.token = token;
        deliver(aliceAgain, hello);
        QTRY_COMPARE(m_outbox->frames(aliceAgain, u"welcome"_s).size(), 1);
        QCOMPARE(m_outbox->authenticatedAs(aliceAgain), std::optional<Role>(Role::Agent));
        const QJsonArray listed
            = m_outbox->frames(aliceAgain, u"welcome"_s).constFirst()[u"conversations"_s].toArray();
        QCOMPARE(listed.size(), 1);
        QCOMPARE(listed.at(0)[u"id"_s].toString(), ann.conversation);
        QCOMPARE(listed.at(0)[u"state"_s].toString(), u"assigned"_s);

        m_clock->advance(1500); // well past the grace period
        QVERIFY(graceCheckRan());
        QVERIFY(assignedTo(bob).isEmpty());
        QVERIFY(m_outbox->frames(aliceAgain, u"unassigned"_s).isEmpty());
    }

    // ---- sign-in -------------------------------------------------------------------------

    void loginThrottleRefusesAfterFailures()
    {
        RouterOptions opts = options();
        opts.loginAttemptsPerMinute = 2;
        QVERIFY(start(opts));
        const QHostAddress attacker(u"192.0.2.7"_s);

        for (int attempt = 0; attempt < 2; ++attempt) {
            const ConnectionId connection = open(attacker);
            protocol::HelloMessage hello;
            hello.role = Role::Agent;
            hello.login = u"alice"_s;
            hello.password = u"wrong password %1"_s.arg(attempt);
            deliver(connection, hello);
            QTRY_COMPARE(
                m_outbox->closeCode(connection), std::optional<int>(protocol::close::policy));
            QCOMPARE(lastError(connection).value(u"code"_s).toString(), u"unauthenticated"_s);
            QVERIFY(!m_outbox->authenticatedAs(connection));
            m_router->connectionClosed(connection);
        }

        // The right password now, from the same address: refused without a check.
        const ConnectionId third = open(attacker);
        protocol::HelloMessage hello;
        hello.role = Role::Agent;
        hello.login = u"alice"_s;
        hello.password = password;
        deliver(third, hello);
        QTRY_COMPARE(m_outbox->closeCode(third), std::optional<int>(protocol::close::policy));
        QCOMPARE(lastError(third).value(u"code"_s).toString(), u"rate_limited"_s);
        QVERIFY(settle());
        QVERIFY(m_outbox->frames(third, u"welcome"_s).isEmpty());
        QVERIFY(!m_outbox->authenticatedAs(third));

        // Other addresses are not affected.
        QVERIFY(signIn(u"alice"_s, Role::Agent, QHostAddress(u"198.51.100.1"_s)));
    }

    void loginThrottleCountsParallelAttempts()
    {
        RouterOptions opts = options();
        opts.loginAttemptsPerMinute = 2;
        QVERIFY(start(opts));
        const QHostAddress attacker(u"192.0.2.8"_s);

        // Six guesses at once, each on its own connection, before any answer came back.
        QList<ConnectionId> connections;
        for (int attempt = 0; attempt < 6; ++attempt) {
            connections.append(open(attacker));
            protocol::HelloMessage hello;
            hello.role = Role::Agent;
            hello.login = u"alice"_s;
            hello.password = u"guess %1"_s.arg(attempt);
            deliver(connections.last(), hello);
        }
        QTRY_VERIFY(std::all_of(connections.cbegin(), connections.cend(),
            [this](ConnectionId c) { return m_outbox->closeCode(c).has_value(); }));
        int checked = 0;
        int refused = 0;
        for (const ConnectionId connection : std::as_const(connections)) {
            QCOMPARE(m_outbox->closeCode(connection), std::optional<int>(protocol::close::policy));
            const QString code = lastError(connection).value(u"code"_s).toString();
            if (code == u"unauthenticated")
                ++checked;
            else if (code == u"rate_limited")
                ++refused;
        }
        QCOMPARE(checked + refused, 6);
        // Only as many passwords may be tried per minute as the limit allows.
        QVERIFY2(checked <= 2,
            qPrintable(u"%1 of 6 parallel guesses had their password checked "
                       "with a limit of 2 per minute"_s.arg(checked)));
    }

    void loginThrottleIsNotResetByAnotherAccount()
    {
        RouterOptions opts = options();
        opts.loginAttemptsPerMinute = 2;
        QVERIFY(start(opts));
        const QHostAddress insider(u"192.0.2.9"_s);

        // Someone with an account of their own guesses at Bob's password, signing in as
        // themselves between guesses.
        int checked = 0;
        for (int guess = 0; guess < 4; ++guess) {
            const ConnectionId connection = open(insider);
            protocol::HelloMessage hello;
            hello.role = Role::Agent;
            hello.login = u"bob"_s;
            hello.password = u"guess %1"_s.arg(guess);
            deliver(connection, hello);
            QTRY_VERIFY(m_outbox->closeCode(connection).has_value());
            if (lastError(connection).value(u"code"_s).toString() == u"unauthenticated")
                ++checked;
            m_router->connectionClosed(connection);

            const ConnectionId own = open(insider);
            hello.login = u"alice"_s;
            hello.password = password;
            deliver(own, hello);
            QTRY_VERIFY(!m_outbox->frames(own, u"welcome"_s).isEmpty()
                || m_outbox->closeCode(own).has_value());
            m_router->connectionClosed(own);
        }
        QCOMPARE(checked, 2);
    }

    void wrongPasswordAndWrongRoleAreUnauthenticated_data()
    {
        QTest::addColumn<QString>("login");
        QTest::addColumn<QString>("secret");
        QTest::addColumn<int>("role");
        QTest::addRow("wrong password") << u"alice"_s << u"nope"_s << int(Role::Agent);
        QTest::addRow("unknown login") << u"nobody"_s << password << int(Role::Agent);
        QTest::addRow("agent signing in as supervisor")
            << u"alice"_s << password << int(Role::Supervisor);
    }

    void wrongPasswordAndWrongRoleAreUnauthenticated()
    {
        QFETCH(QString, login);
        QFETCH(QString, secret);
        QFETCH(int, role);
        QVERIFY(start(options()));
        const ConnectionId connection = open();
        protocol::HelloMessage hello;
        hello.role = Role(role);
        hello.login = login;
        hello.password = secret;
        deliver(connection, hello);
        QTRY_COMPARE(m_outbox->closeCode(connection), std::optional<int>(protocol::close::policy));
        QCOMPARE(lastError(connection).value(u"code"_s).toString(), u"unauthenticated"_s);
        QVERIFY(m_outbox->frames(connection, u"welcome"_s).isEmpty());
        QVERIFY(!m_outbox->authenticatedAs(connection));
        QVERIFY(!m_outbox->anyFrameContains(secret));
    }

    // ---- S3: conversations belong to their agent -----------------------------------------

    void agentCannotWriteIntoAnotherAgentsConversation()
    {
        QVERIFY(start(options()));
        const ConnectionId alice = signIn(u"alice"_s);
        QVERIFY(alice);
        const Customer ann = startCustomer(u"Ann"_s);
        QTRY_COMPARE(assignedTo(alice), QStringList { ann.conversation });
        const ConnectionId bob = signIn(u"bob"_s);
        QVERIFY(bob);

        // The owner's message goes through, so a refusal below is about ownership.
        deliver(alice, sendMessage(ann.conversation, u"a-1"_s, u"How can I help?"_s));
        QTRY_COMPARE(m_outbox->frames(alice, u"ack"_s).size(), 1);
        QTRY_VERIFY(m_outbox->anyFrameContains(u"How can I help?"_s));

        const QString intrusion = u"intruder text 5f1c"_s;
        const QString note = u"intruder note 9d2e"_s;
        deliver(bob, sendMessage(ann.conversation, u"b-1"_s, intrusion));
        deliver(bob, sendMessage(ann.conversation, u"b-2"_s, note, protocol::MessageKind::Note));
        QTRY_COMPARE(errorCount(bob), 2);
        const auto errors = m_outbox->frames(bob, u"error"_s);
        QCOMPARE(errors.at(0).value(u"code"_s).toString(), u"forbidden"_s);
        QCOMPARE(errors.at(0).value(u"ref"_s).toString(), u"b-1"_s);
        QCOMPARE(errors.at(1).value(u"code"_s).toString(), u"forbidden"_s);
        QCOMPARE(errors.at(1).value(u"ref"_s).toString(), u"b-2"_s);

        // Also no routing actions on it.
        deliver(bob, protocol::CloseMessage { ann.conversation });
        protocol::TransferMessage transfer;
        transfer.conversation = ann.conversation;
        transfer.toAgent = u"bob"_s;
        deliver(bob, transfer);
        QTRY_COMPARE(errorCount(bob), 4);
        QCOMPARE(lastError(bob).value(u"code"_s).toString(), u"forbidden"_s);
        QCOMPARE(
            m_outbox->frames(bob, u"error"_s).at(2).value(u"code"_s).toString(), u"forbidden"_s);

        QVERIFY(settle());
        QVERIFY(m_outbox->frames(bob, u"ack"_s).isEmpty());
        QVERIFY2(!m_outbox->anyFrameContains(intrusion), "the refused text reached someone");
        QVERIFY2(!m_outbox->anyFrameContains(note), "the refused note reached someone");
        QVERIFY(assignedTo(bob).isEmpty());
        QCOMPARE(lastUpdate(ann.connection).value(u"state"_s).toString(), u"assigned"_s);
        QCOMPARE(lastUpdate(ann.connection).value(u"agent"_s)[u"name"_s].toString(), u"Alice"_s);
    }

    // ---- staff accounts (supervisors) ----------------------------------------------------

private:
    // The answer to a staff request: its reply (staff, staff_changed) or the error whose ref
    // names it; empty while none has come.
    QJsonObject staffAnswer(ConnectionId connection, const QString &request) const
    {
        for (const QJsonObject &frame : m_outbox->frames(connection)) {
            const QString type = frame.value(u"type"_s).toString();
            if (((type == u"staff" || type == u"staff_changed")
                    && frame.value(u"request"_s).toString() == request)
                || (type == u"error" && frame.value(u"ref"_s).toString() == request))
                return frame;
        }
        return {};
    }

    QJsonObject askStaff(ConnectionId connection, ClientMessage message, const QString &request)
    {
        deliver(connection, std::move(message));
        waitFor([&] { return !staffAnswer(connection, request).isEmpty(); });
        return staffAnswer(connection, request);
    }

    static protocol::StaffAddMessage staffAdd(const QString &request, const QString &login,
        Role role = Role::Agent, const QStringList &teams = {})
    {
        protocol::StaffAddMessage add;
        add.request = request;
        add.login = login;
        add.name = login.toUpper();
        add.role = role;
        add.teams = teams;
        add.password = u"a new password"_s;
        return add;
    }

    QList<AuditEntry> auditEntries(const QString &action)
    {
        QList<AuditEntry> entries;
        bool done = false;
        AuditFilter filter;
        filter.action = action;
        filter.limit = 100;
        m_storage->read<AuditPage>(
            this, [filter](Store &store) { return store.listAudit(filter); },
            [&](StoreResult<AuditPage> page) {
                if (page)
                    entries = page->entries;
                done = true;
            });
        waitFor([&] { return done; });
        return entries;
    }

    ConnectionId signInWith(const QString &login, const QString &secret)
    {
        const ConnectionId connection = open();
        protocol::HelloMessage hello;
        hello.role = Role::Agent;
        hello.login = login;
        hello.password = secret;
        deliver(connection, hello);
        waitFor([&] {
            return !m_outbox->frames(connection, u"welcome"_s).isEmpty()
                || m_outbox->closeCode(connection).has_value();
        });
        return connection;
    }

private Q_SLOTS:
    void staffRequestsAreForbiddenToAgentsAndCustomers()
    {
        QVERIFY(start(options()));
        const ConnectionId alice = signIn(u"alice"_s);
        QVERIFY(alice);
        const Customer ann = startCustomer(u"Ann"_s);
        QVERIFY(!ann.conversation.isEmpty());

        for (const ConnectionId who : { alice, ann.connection }) {
            QCOMPARE(askStaff(who, protocol::StaffListMessage { u"l1"_s }, u"l1"_s)
                         .value(u"code"_s)
                         .toString(),
                u"forbidden"_s);
            QCOMPARE(askStaff(who, staffAdd(u"a1"_s, u"mallory"_s, Role::Supervisor), u"a1"_s)
                         .value(u"code"_s)
                         .toString(),
                u"forbidden"_s);
            QCOMPARE(askStaff(who, protocol::StaffRemoveMessage { u"r1"_s, u"bob"_s }, u"r1"_s)
                         .value(u"code"_s)
                         .toString(),
                u"forbidden"_s);
            QCOMPARE(askStaff(who,
                         protocol::StaffPasswordMessage { u"p1"_s, u"bob"_s, u"a new password"_s },
                         u"p1"_s)
                         .value(u"code"_s)
                         .toString(),
                u"forbidden"_s);
        }
        QVERIFY(settle());
        QVERIFY(auditEntries(u"user_create"_s).isEmpty());
        QVERIFY(auditEntries(u"user_remove"_s).isEmpty());
        // bob is still there and still signs in with his password.
        QVERIFY(signIn(u"bob"_s));
        QVERIFY(!m_outbox->closeCode(alice));
    }

    void supervisorAddsListsUpdatesAndRemovesAnAccount()
    {
        QVERIFY(start(options()));
        const ConnectionId sam = signIn(u"sam"_s, Role::Supervisor);
        QVERIFY(sam);

        const QJsonObject added
            = askStaff(sam, staffAdd(u"a1"_s, u"carol"_s, Role::Agent, { u"sales"_s }), u"a1"_s);
        QCOMPARE(added.value(u"type"_s).toString(), u"staff_changed"_s);
        QCOMPARE(added.value(u"change"_s).toString(), u"added"_s);
        QCOMPARE(added[u"account"_s][u"login"_s].toString(), u"carol"_s);
        QCOMPARE(added[u"account"_s][u"name"_s].toString(), u"CAROL"_s);
        QCOMPARE(added[u"account"_s][u"role"_s].toString(), u"agent"_s);
        QCOMPARE(added[u"account"_s][u"receives_chats"_s].toBool(), true);
        QVERIFY(!m_outbox->anyFrameContains(u"a new password"_s));

        const QJsonObject listed = askStaff(sam, protocol::StaffListMessage { u"l1"_s }, u"l1"_s);
        QCOMPARE(listed.value(u"type"_s).toString(), u"staff"_s);
        QStringList logins;
        for (const QJsonValue &account : listed.value(u"accounts"_s).toArray())
            logins.append(account[u"login"_s].toString());
        QCOMPARE(logins, QStringList({ u"alice"_s, u"bob"_s, u"carol"_s, u"sam"_s }));
        for (const QJsonValue &account : listed.value(u"accounts"_s).toArray()) {
            QCOMPARE(account[u"online"_s].toBool(), account[u"login"_s].toString() == u"sam");
            QCOMPARE(
                account[u"receives_chats"_s].toBool(), account[u"role"_s].toString() == u"agent");
        }

        // The new agent signs in with the password the supervisor chose, and serves sales.
        const ConnectionId carol = signInWith(u"carol"_s, u"a new password"_s);
        QCOMPARE(m_outbox->frames(carol, u"welcome"_s).size(), 1);
        const Customer ann = startCustomer(u"Ann"_s, u"sales"_s);
        QTRY_COMPARE(assignedTo(carol), QStringList { ann.conversation });

        protocol::StaffUpdateMessage update;
        update.request = u"u1"_s;
        update.login = u"carol"_s;
        update.teams = QStringList { u"billing"_s, u"sales"_s };
        update.name = u"Carol C."_s;
        const QJsonObject updated = askStaff(sam, update, u"u1"_s);
        QCOMPARE(updated.value(u"change"_s).toString(), u"updated"_s);
        QCOMPARE(
            updated[u"account"_s][u"teams"_s].toArray(), QJsonArray({ u"billing"_s, u"sales"_s }));
        QCOMPARE(updated[u"account"_s][u"name"_s].toString(), u"Carol C."_s);
        QCOMPARE(updated[u"account"_s][u"online"_s].toBool(), true);
        // carol's own console hears about it too.
        QTRY_COMPARE(m_outbox->frames(carol, u"staff_changed"_s).size(), 1);

        // Removed: carol's open connection is signed out at once, her customer waits again.
        const QJsonObject removed
            = askStaff(sam, protocol::StaffRemoveMessage { u"r1"_s, u"carol"_s }, u"r1"_s);
        QCOMPARE(removed.value(u"change"_s).toString(), u"removed"_s);
        QTRY_COMPARE(m_outbox->closeCode(carol), std::optional<int>(protocol::close::policy));
        QCOMPARE(lastError(carol).value(u"code"_s).toString(), u"unauthenticated"_s);
        QTRY_COMPARE(lastUpdate(ann.connection).value(u"state"_s).toString(), u"queued"_s);
        const ConnectionId again = signInWith(u"carol"_s, u"a new password"_s);
        QCOMPARE(m_outbox->closeCode(again), std::optional<int>(protocol::close::policy));
        QVERIFY(m_outbox->frames(again, u"welcome"_s).isEmpty());

        // Each change is in the audit log, by sam, without the password.
        const QList<AuditEntry> creates = auditEntries(u"user_create"_s);
        QCOMPARE(creates.size(), 1);
        QCOMPARE(creates.first().actor, u"sam"_s);
        QCOMPARE(creates.first().actorRole, u"supervisor"_s);
        QCOMPARE(creates.first().target, u"carol"_s);
        QCOMPARE(creates.first().address, u"127.0.0.1"_s);
        QVERIFY(!QJsonDocument(creates.first().detail).toJson().contains("a new password"));
        const QList<AuditEntry> updates = auditEntries(u"user_update"_s);
        QCOMPARE(updates.size(), 1);
        QCOMPARE(updates.first().detail.value(u"teams"_s).toArray().size(), 2);
        QCOMPARE(auditEntries(u"user_remove"_s).size(), 1);
        QCOMPARE(auditEntries(u"user_remove"_s).first().actor, u"sam"_s);
    }

    void staffChangesRefuseConflictsAndUnknownLogins()
    {
        QVERIFY(start(options()));
        const ConnectionId sam = signIn(u"sam"_s, Role::Supervisor);
        QVERIFY(sam);
        const auto code = [this, sam](ClientMessage message, const QString &request) {
            return askStaff(sam, std::move(message), request).value(u"code"_s).toString();
        };

        QCOMPARE(code(staffAdd(u"a1"_s, u"alice"_s), u"a1"_s), u"conflict"_s);
        QCOMPARE(code(protocol::StaffRemoveMessage { u"r1"_s, u"sam"_s }, u"r1"_s), u"conflict"_s);
        protocol::StaffUpdateMessage demote;
        demote.request = u"u1"_s;
        demote.login = u"sam"_s;
        demote.role = Role::Agent;
        QCOMPARE(code(demote, u"u1"_s), u"conflict"_s);
        QCOMPARE(
            code(protocol::StaffRemoveMessage { u"r2"_s, u"nobody"_s }, u"r2"_s), u"not_found"_s);
        QCOMPARE(code(protocol::StaffPasswordMessage { u"p1"_s, u"nobody"_s, u"long enough"_s },
                     u"p1"_s),
            u"not_found"_s);
        demote.request = u"u2"_s;
        demote.login = u"nobody"_s;
        QCOMPARE(code(demote, u"u2"_s), u"not_found"_s);
        QVERIFY(!askStaff(sam, protocol::StaffRemoveMessage { u"r1"_s, u"sam"_s }, u"r1"_s)
                     .value(u"message"_s)
                     .toString()
                     .isEmpty());

        // Nothing changed: sam is still the supervisor, alice still signs in.
        QVERIFY(auditEntries(u"user_create"_s).isEmpty());
        QVERIFY(auditEntries(u"user_update"_s).isEmpty());
        QVERIFY(auditEntries(u"user_remove"_s).isEmpty());
        QVERIFY(signIn(u"alice"_s));
        QVERIFY(!m_outbox->closeCode(sam));
    }

    void passwordResetEndsTheAccountsSessions()
    {
        QVERIFY(start(options()));
        const ConnectionId sam = signIn(u"sam"_s, Role::Supervisor);
        const ConnectionId desk = signIn(u"alice"_s);
        const ConnectionId laptop = signIn(u"alice"_s);
        const ConnectionId bob = signIn(u"bob"_s);
        QVERIFY(sam && desk && laptop && bob);
        const QString token
            = m_outbox->frames(desk, u"welcome"_s).constFirst().value(u"token"_s).toString();

        const QJsonObject changed = askStaff(sam,
            protocol::StaffPasswordMessage { u"p1"_s, u"alice"_s, u"brand new secret"_s }, u"p1"_s);
        QCOMPARE(changed.value(u"change"_s).toString(), u"password"_s);
        QCOMPARE(m_outbox->closeCode(desk), std::optional<int>(protocol::close::policy));
        QCOMPARE(m_outbox->closeCode(laptop), std::optional<int>(protocol::close::policy));
        QCOMPARE(lastError(desk).value(u"code"_s).toString(), u"unauthenticated"_s);
        QVERIFY(!m_outbox->closeCode(bob));
        QVERIFY(!m_outbox->closeCode(sam));
        QVERIFY(!m_outbox->anyFrameContains(u"brand new secret"_s));

        // The old token and the old password no longer sign in; the new password does.
        const ConnectionId resumed = open();
        protocol::HelloMessage hello;
        hello.role = Role::Agent;
        hello.token = token;
        deliver(resumed, hello);
        QTRY_COMPARE(m_outbox->closeCode(resumed), std::optional<int>(protocol::close::policy));
        QCOMPARE(m_outbox->closeCode(signInWith(u"alice"_s, password)),
            std::optional<int>(protocol::close::policy));
        QCOMPARE(
            m_outbox->frames(signInWith(u"alice"_s, u"brand new secret"_s), u"welcome"_s).size(),
            1);
        const QList<AuditEntry> entries = auditEntries(u"user_passwd"_s);
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries.first().actor, u"sam"_s);
        QCOMPARE(entries.first().target, u"alice"_s);
    }

    // Item 4 of issue 21: a one-person shop does not wait on itself.
    void loneSupervisorWhoReceivesChatsIsAssignedAtOnce()
    {
        QVERIFY(start(options(), { { u"owner"_s, u"Owner"_s, Role::Supervisor, {} } }));
        const ConnectionId owner = signIn(u"owner"_s, Role::Supervisor);
        QVERIFY(owner);
        const QJsonObject welcome = m_outbox->frames(owner, u"welcome"_s).constFirst();
        QCOMPARE(welcome[u"agent"_s][u"receives_chats"_s].toBool(true), false);
        QCOMPARE(welcome.value(u"routing"_s).toString(), u"least_loaded"_s);

        // Without the choice a customer waits for Accept.
        const Customer ann = startCustomer(u"Ann"_s);
        QVERIFY(settle());
        QVERIFY(assignedTo(owner).isEmpty());

        protocol::StaffUpdateMessage choose;
        choose.request = u"u1"_s;
        choose.login = u"owner"_s;
        choose.receivesChats = true;
        QCOMPARE(
            askStaff(owner, choose, u"u1"_s)[u"account"_s][u"receives_chats"_s].toBool(), true);
        // The waiting one comes at once, and so does the next.
        QTRY_COMPARE(assignedTo(owner), QStringList { ann.conversation });
        const Customer bo = startCustomer(u"Bo"_s);
        QTRY_COMPARE(assignedTo(owner), QStringList({ ann.conversation, bo.conversation }));
        QTRY_COMPARE(lastUpdate(bo.connection).value(u"state"_s).toString(), u"assigned"_s);
    }
};

QTEST_GUILESS_MAIN(RouterTest)
#include "tst_router.moc"
