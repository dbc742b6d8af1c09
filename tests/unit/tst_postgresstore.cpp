#include "storeconformance.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <algorithm>
#include <atomic>
#include <memory>
#include <store/postgresstore.h>
#include <store/receiptbatcher.h>
#include <store/storageservice.h>
#include <testpostgres.h>
#include <vector>

using namespace Qt::StringLiterals;

using namespace switchboard;
using namespace switchboard::server;

// The Store cases against a real PostgreSQL server, each in a fresh schema that is dropped
// afterwards, plus what only a shared database has: concurrent writers, deadlocks, the
// statement timeout, concurrent migrators. tools/test.sh starts PostgreSQL on loopback and
// sets SWITCHBOARD_TEST_POSTGRES_URL; without it every case fails saying so.
class tst_PostgresStore final : public StoreConformance {
    Q_OBJECT

protected:
    std::unique_ptr<Store> makeStore() override
    {
        if (!m_base)
            return nullptr;
        m_schema = newSchemaName();
        m_connectionName = nextConnectionName();
        auto store = std::make_unique<PostgresStore>(optionsFor(m_schema), m_connectionName);
        const auto opened = store->open();
        if (!opened) {
            qWarning("%s", qPrintable(opened.error().message));
            return nullptr;
        }
        return store;
    }

    void dropStore() override
    {
        if (!m_schema.isEmpty())
            rawExec({ u"DROP SCHEMA IF EXISTS \"%1\" CASCADE"_s.arg(m_schema) });
        m_schema.clear();
    }

    PostgresOptions optionsFor(const QString &schema) const
    {
        PostgresOptions options = *m_base;
        options.schema = schema;
        return options;
    }

    static QString newSchemaName()
    {
        return u"sbtest_%1"_s.arg(
            QRandomGenerator::global()->generate64(), 16, 16, QLatin1Char('0'));
    }

    static QString nextConnectionName()
    {
        static std::atomic<int> counter { 0 };
        return u"pg-test-%1"_s.arg(counter.fetch_add(1));
    }

    // Statements on a connection of the test's own (not the store's), in the current schema.
    bool rawExec(const QStringList &statements, QSqlDatabase *db = nullptr)
    {
        QSqlDatabase target = db ? *db : QSqlDatabase::database(u"pg-raw"_s);
        for (const QString &sql : statements) {
            QSqlQuery query(target);
            if (!query.exec(sql)) {
                qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
                return false;
            }
        }
        return true;
    }

    QVariant rawScalar(const QString &sql)
    {
        QSqlQuery query(QSqlDatabase::database(u"pg-raw"_s));
        if (!query.exec(sql) || !query.next()) {
            qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
            return {};
        }
        return query.value(0);
    }

    // A second connection that takes locks while the store works.
    QSqlDatabase openRival(const QString &name)
    {
        QSqlDatabase db = TestPostgres::addRawConnection(*m_base, name);
        if (!db.open())
            qWarning("rival connection: %s", qPrintable(db.lastError().text()));
        QSqlQuery(db).exec(u"SET search_path TO \"%1\""_s.arg(m_schema));
        return db;
    }

    static void closeRival(const QString &name)
    {
        {
            QSqlDatabase db = QSqlDatabase::database(name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
    }

private Q_SLOTS:
    void initTestCase()
    {
        const auto postgres = TestPostgres::fromEnvironment();
        if (!postgres)
            QFAIL(qPrintable(postgres.error()));
        m_base = postgres->options;
        QSqlDatabase raw = TestPostgres::addRawConnection(*m_base, u"pg-raw"_s);
        if (!raw.open()) {
            const QString reason = raw.lastError().text();
            m_base.reset();
            QFAIL(qPrintable(u"cannot connect to SWITCHBOARD_TEST_POSTGRES_URL "_s
                + postgres->options.masked() + u": "_s + reason));
        }
    }

    void cleanupTestCase()
    {
        {
            QSqlDatabase raw = QSqlDatabase::database(u"pg-raw"_s, false);
            raw.close();
        }
        QSqlDatabase::removeDatabase(u"pg-raw"_s);
    }

    void backendName() { QCOMPARE(store().backendName(), u"postgresql"_s); }

    void reopenKeepsData()
    {
        auto *postgres = static_cast<PostgresStore *>(m_store.get());
        const auto databaseId = postgres->databaseId();
        VERIFY_OK(databaseId);
        const qint64 customer = addCustomer();
        const QString conversation = addConversation(customer);
        VERIFY_OK(store().appendMessage(message(conversation, u"c:1"_s, u"m-1"_s)));
        m_store->close();

        PostgresStore reopened(optionsFor(m_schema), nextConnectionName());
        VERIFY_OK(reopened.open());
        QCOMPARE(*reopened.databaseId(), *databaseId);
        const auto page = reopened.messagesAfter(conversation, 0, 10, true);
        VERIFY_OK(page);
        QCOMPARE(seqsOf(page->messages), QList<qint64> { 1 });
    }

    // Two nodes' writers append to one conversation at once, each append its own
    // transaction on its own connection: the row lock hands out every seq exactly once.
    void concurrentWritersGetGapFreeSeqs()
    {
        const QString conversation = addConversation(addCustomer());
        QVERIFY(!conversation.isEmpty());
        constexpr int perWriter = 500;
        std::vector<QList<qint64>> seqs(2);
        std::vector<QString> failures(2);
        std::vector<std::unique_ptr<QThread>> writers;
        for (int w = 0; w < 2; ++w) {
            writers.emplace_back(QThread::create([&, w] {
                PostgresStore writer(optionsFor(m_schema), nextConnectionName());
                if (auto opened = writer.open(); !opened) {
                    failures[std::size_t(w)] = opened.error().message;
                    return;
                }
                for (int i = 0; i < perWriter; ++i) {
                    const auto appended = writer.appendMessage(
                        message(conversation, u"c:%1"_s.arg(w), u"w%1-%2"_s.arg(w).arg(i)));
                    if (!appended) {
                        failures[std::size_t(w)] = appended.error().message;
                        return;
                    }
                    seqs[std::size_t(w)].append(appended->message.seq);
                }
            }));
            writers.back()->start();
        }
        for (auto &writer : writers)
            QVERIFY(writer->wait(QDeadlineTimer(120000)));
        QVERIFY2(failures[0].isEmpty(), qPrintable(failures[0]));
        QVERIFY2(failures[1].isEmpty(), qPrintable(failures[1]));
        QList<qint64> all = seqs[0] + seqs[1];
        std::sort(all.begin(), all.end());
        QCOMPARE(all, range(1, 2 * perWriter));
        // Each writer saw its own seqs rise.
        QVERIFY(std::is_sorted(seqs[0].begin(), seqs[0].end()));
        QVERIFY(std::is_sorted(seqs[1].begin(), seqs[1].end()));
        const auto page = store().messagesAfter(conversation, 0, 5000, true);
        VERIFY_OK(page);
        QCOMPARE(seqsOf(page->messages), range(1, 2 * perWriter));
        QCOMPARE(page->latestSeq, qint64(2 * perWriter));
    }

    // The same client_id sent through two nodes at once is stored once; both get its seq.
    void concurrentDuplicatesAreStoredOnce()
    {
        const QString conversation = addConversation(addCustomer());
        constexpr int rounds = 100;
        std::vector<QList<qint64>> seqs(2);
        std::vector<std::unique_ptr<QThread>> writers;
        for (int w = 0; w < 2; ++w) {
            writers.emplace_back(QThread::create([&, w] {
                PostgresStore writer(optionsFor(m_schema), nextConnectionName());
                if (!writer.open())
                    return;
                for (int i = 0; i < rounds; ++i) {
                    const auto appended = writer.appendMessage(
                        message(conversation, u"c:1"_s, u"same-%1"_s.arg(i)));
                    seqs[std::size_t(w)].append(appended ? appended->message.seq : -1);
                }
            }));
            writers.back()->start();
        }
        for (auto &writer : writers)
            QVERIFY(writer->wait(QDeadlineTimer(60000)));
        QCOMPARE(seqs[0], range(1, rounds));
        QCOMPARE(seqs[1], range(1, rounds));
        const auto page = store().messagesAfter(conversation, 0, 1000, true);
        VERIFY_OK(page);
        QCOMPARE(page->messages.size(), rounds);
    }

    // A rival transaction locks the conversations in the opposite order to a group commit;
    // PostgreSQL aborts the group with 40P01 and the writer runs the whole group again.
    void deadlockedGroupIsRetried()
    {
        const qint64 customer = addCustomer();
        const QString first = addConversation(customer);
        const QString second = addConversation(customer);
        QVERIFY(!first.isEmpty() && !second.isEmpty());

        StorageService service([this](const QString &name) -> std::unique_ptr<Store> {
            return std::make_unique<PostgresStore>(optionsFor(m_schema), u"pg-svc-"_s + name);
        });
        QStringList retried;
        service.setRetryObserver([&retried](const QString &sqlState) { retried.append(sqlState); });
        VERIFY_OK(service.start());

        QSqlDatabase rival = openRival(u"pg-rival"_s);
        QVERIFY(rawExec(
            { u"BEGIN"_s, u"UPDATE conversations SET team = team WHERE id = '%1'"_s.arg(second) },
            &rival));

        QObject context;
        std::optional<StoreResult<AppendResult>> outcome;
        // Locks `first`, then waits for `second`, which the rival holds.
        service.write<AppendResult>(
            &context,
            [&](Store &store) -> StoreResult<AppendResult> {
                auto one = store.appendMessage(message(first, u"c:1"_s, u"a"_s));
                if (!one)
                    return one;
                return store.appendMessage(message(second, u"c:1"_s, u"b"_s));
            },
            [&](StoreResult<AppendResult> result) { outcome = std::move(result); });
        QThread::msleep(300); // the group now waits for the rival's lock
        // The rival now waits for `first`: a cycle. The group waited longer, so its deadlock
        // check runs first and it is the one aborted; the rival then gets its lock.
        QVERIFY(rawExec(
            { u"UPDATE conversations SET team = team WHERE id = '%1'"_s.arg(first), u"COMMIT"_s },
            &rival));
        rival = QSqlDatabase();
        closeRival(u"pg-rival"_s);

        QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 15000);
        VERIFY_OK(*outcome);
        QCOMPARE((*outcome)->message.seq, qint64(1));
        QVERIFY(retried.contains(u"40P01"_s));
        QVERIFY(service.transactionRetries() >= 1);
        service.stop();

        // Both appends of the retried group are stored once each.
        QCOMPARE(seqsOf(store().messagesAfter(first, 0, 10, true)->messages), QList<qint64> { 1 });
        QCOMPARE(seqsOf(store().messagesAfter(second, 0, 10, true)->messages), QList<qint64> { 1 });
    }

    // A receipt never waits behind another node's lock: the receipts of conversations no one
    // holds are written at once, those of a held one once its holder commits.
    void receiptsSkipConversationsAnotherWriterHolds()
    {
        const QString held = addConversation(addCustomer());
        const QString free = addConversation(addCustomer());
        VERIFY_OK(store().appendMessage(message(held, u"c:1"_s, u"h-1"_s)));
        VERIFY_OK(store().appendMessage(message(free, u"c:2"_s, u"f-1"_s)));

        StorageService service([this](const QString &name) -> std::unique_ptr<Store> {
            return std::make_unique<PostgresStore>(optionsFor(m_schema), u"pg-receipts-"_s + name);
        });
        VERIFY_OK(service.start());
        const auto stopService = qScopeGuard([&service] { service.stop(); });
        ReceiptBatcher receipts(service);

        QSqlDatabase rival = openRival(u"pg-rival"_s);
        QVERIFY(rawExec({ u"BEGIN"_s,
                            u"SELECT 1 FROM conversations WHERE id = '%1' FOR NO KEY "
                            "UPDATE"_s.arg(held) },
            &rival));
        const auto agentDelivered = [this](const QString &conversation) {
            return rawScalar(u"SELECT agent_delivered_seq FROM \"%1\".conversations "
                             "WHERE id = '%2'"_s.arg(m_schema, conversation))
                .toLongLong();
        };
        receipts.record(held, ReceiptSide::Agent, protocol::ReceiptKind::Delivered, 1);
        receipts.record(free, ReceiptSide::Agent, protocol::ReceiptKind::Delivered, 1);

        QTRY_COMPARE_WITH_TIMEOUT(agentDelivered(free), qint64(1), 3000);
        QCOMPARE(agentDelivered(held), qint64(0));
        QVERIFY(rawExec({ u"COMMIT"_s }, &rival));
        rival = QSqlDatabase();
        closeRival(u"pg-rival"_s);
        QTRY_COMPARE_WITH_TIMEOUT(agentDelivered(held), qint64(1), 5000);
    }

    // A statement stuck past the statement timeout fails as unavailable; the store then
    // keeps working on the same connection.
    void statementTimeoutFailsUnavailable()
    {
        const QString conversation = addConversation(addCustomer());
        PostgresOptions options = optionsFor(m_schema);
        options.statementTimeoutMs = 300;
        PostgresStore impatient(options, nextConnectionName());
        VERIFY_OK(impatient.open());

        QSqlDatabase rival = openRival(u"pg-rival"_s);
        QVERIFY(rawExec(
            { u"BEGIN"_s,
                u"SELECT 1 FROM conversations WHERE id = '%1' FOR UPDATE"_s.arg(conversation) },
            &rival));
        QElapsedTimer clock;
        clock.start();
        const auto blocked = impatient.appendMessage(message(conversation, u"c:1"_s, u"t-1"_s));
        const qint64 waitedMs = clock.elapsed();
        QVERIFY(!blocked);
        QCOMPARE(blocked.error().kind, StorageError::Kind::Unavailable);
        QCOMPARE(blocked.error().sqlState, u"57014"_s);
        QVERIFY2(blocked.error().message.contains(u"statement timeout"_s),
            qPrintable(blocked.error().message));
        QVERIFY2(waitedMs < 5000, qPrintable(QString::number(waitedMs)));
        QVERIFY(rawExec({ u"ROLLBACK"_s }, &rival));
        rival = QSqlDatabase();
        closeRival(u"pg-rival"_s);

        const auto appended = impatient.appendMessage(message(conversation, u"c:1"_s, u"t-1"_s));
        VERIFY_OK(appended);
        QCOMPARE(appended->message.seq, qint64(1)); // the timed-out attempt took no seq
        QVERIFY(!appended->duplicate);
    }

    // The connection dies under the store (server restart, network cut): one call fails as
    // unavailable, the next reconnects.
    void reconnectsAfterLostConnection()
    {
        const QString conversation = addConversation(addCustomer());
        auto *postgres = static_cast<PostgresStore *>(m_store.get());
        VERIFY_OK(postgres->appendMessage(message(conversation, u"c:1"_s, u"r-1"_s)));
        // The store names its connection in application_name.
        const QVariant killed
            = rawScalar(u"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                        "WHERE application_name = 'switchboard:%1'"_s.arg(m_connectionName));
        QVERIFY(killed.toInt() >= 1);
        QTest::qWait(200);
        // The first call may notice the loss; by the second the store is connected again.
        const auto first = postgres->appendMessage(message(conversation, u"c:1"_s, u"r-2"_s));
        if (!first)
            QCOMPARE(first.error().kind, StorageError::Kind::Unavailable);
        const auto second = postgres->appendMessage(message(conversation, u"c:1"_s, u"r-2"_s));
        VERIFY_OK(second);
        QCOMPARE(second->message.seq, qint64(2));
    }

    void migratesFromSchema1()
    {
        const qint64 customer = addCustomer();
        const QString conversation = addConversation(customer);
        VERIFY_OK(store().appendMessage(message(conversation, u"c:1"_s, u"old"_s)));
        VERIFY_OK(
            store().createUser({ 0, u"alice"_s, QString(), Role::Agent, {}, QByteArray(), 1 }));
        VERIFY_OK(
            store().createUser({ 0, u"sam"_s, QString(), Role::Supervisor, {}, QByteArray(), 1 }));
        m_store->close();
        // What a version-1 database looks like: none of the tables and columns of 2 to 8.
        QVERIFY(rawExec({ u"DROP TABLE \"%1\".webhook_outbox, \"%1\".dead_letters, "
                          "\"%1\".audit_log"_s.arg(m_schema),
            u"DROP INDEX \"%1\".conversations_by_created, "
            "\"%1\".conversations_by_agent, \"%1\".conversations_by_team, "
            "\"%1\".messages_search"_s.arg(m_schema),
            u"ALTER TABLE \"%1\".conversations DROP COLUMN first_assigned_ms, "
            "DROP COLUMN first_response_ms"_s.arg(m_schema),
            u"ALTER TABLE \"%1\".messages DROP COLUMN search_id, "
            "DROP COLUMN search_text"_s.arg(m_schema),
            u"DROP SEQUENCE \"%1\".message_search_ids"_s.arg(m_schema),
            u"ALTER TABLE \"%1\".users DROP COLUMN receives_chats"_s.arg(m_schema),
            u"ALTER TABLE \"%1\".conversations DROP COLUMN close_reason"_s.arg(m_schema),
            u"DROP TABLE \"%1\".attachments"_s.arg(m_schema),
            u"DROP TABLE \"%1\".conversation_ratings"_s.arg(m_schema),
            u"UPDATE \"%1\".meta SET value = '1' WHERE key = 'schema_version'"_s.arg(m_schema) }));

        PostgresStore upgraded(optionsFor(m_schema), nextConnectionName());
        VERIFY_OK(upgraded.open());
        QCOMPARE(rawScalar(u"SELECT value FROM \"%1\".meta "
                           "WHERE key = 'schema_version'"_s.arg(m_schema))
                     .toString(),
            QString::number(PostgresStore::schemaVersion));
        VERIFY_OK(upgraded.enqueueWebhook(delivery(u"https://hooks.example/a"_s, "{}"_ba, 10, 10)));
        const auto page = upgraded.messagesAfter(conversation, 0, 10, true);
        VERIFY_OK(page);
        QCOMPARE(page->messages.size(), 1);
        QCOMPARE(page->messages.first().clientId, u"old"_s);
        // Schema 4 indexed the message that was there before it.
        SearchQuery query;
        query.text = u"old"_s;
        query.everything = true;
        const auto found = upgraded.search(query);
        VERIFY_OK(found);
        QCOMPARE(found->hits.size(), 1);
        QCOMPARE(found->hits.first().conversationId, conversation);
        // Schema 5: agents are assigned automatically, supervisors not, until they choose.
        QCOMPARE((*upgraded.findUserByLogin(u"alice"_s))->receivesChats, std::optional<bool>(true));
        QCOMPARE((*upgraded.findUserByLogin(u"sam"_s))->receivesChats, std::optional<bool>(false));
    }

    // A database of schema 5 gains the bigrams of its Chinese and Japanese messages, so their
    // words are found inside sentences; other messages are searched as before.
    void migratesFromSchema5()
    {
        const QString conversation = addConversation(addCustomer());
        NewMessage chinese = message(conversation, u"c:1"_s, u"zh"_s);
        chinese.text = u"我的订单没有到"_s;
        VERIFY_OK(store().appendMessage(chinese));
        NewMessage english = message(conversation, u"c:1"_s, u"en"_s);
        english.text = u"Refund please"_s;
        VERIFY_OK(store().appendMessage(english));
        m_store->close();
        // What schema 5 stored: the folded text alone, where the word is not found.
        QVERIFY(rawExec({ u"UPDATE \"%1\".messages SET search_text = lower(text)"_s.arg(m_schema),
            u"ALTER TABLE \"%1\".conversations DROP COLUMN close_reason"_s.arg(m_schema),
            u"DROP TABLE \"%1\".attachments"_s.arg(m_schema),
            u"DROP TABLE \"%1\".conversation_ratings"_s.arg(m_schema),
            u"UPDATE \"%1\".meta SET value = '5' WHERE key = 'schema_version'"_s.arg(m_schema) }));
        const QString matches
            = u"SELECT count(*) FROM \"%1\".messages WHERE to_tsvector('simple', search_text) "
              "@@ to_tsquery('simple', '订单')"_s.arg(m_schema);
        QCOMPARE(rawScalar(matches).toInt(), 0);

        PostgresStore upgraded(optionsFor(m_schema), nextConnectionName());
        VERIFY_OK(upgraded.open());
        QCOMPARE(rawScalar(matches).toInt(), 1);
        SearchQuery query;
        query.everything = true;
        query.text = u"订单"_s;
        auto found = upgraded.search(query);
        VERIFY_OK(found);
        QCOMPARE(found->hits.size(), 1);
        QCOMPARE(found->hits.first().seq, qint64(1));
        query.text = u"refu"_s;
        found = upgraded.search(query);
        VERIFY_OK(found);
        QCOMPARE(found->hits.size(), 1);
        QCOMPARE(found->hits.first().seq, qint64(2));
    }

    // Several nodes starting at once on an empty database: one migrates, the others wait for
    // its advisory lock and find the schema done.
    void concurrentMigratorsMigrateOnce()
    {
        const QString schema = newSchemaName();
        constexpr int nodes = 4;
        std::vector<QString> failures(nodes);
        std::vector<std::unique_ptr<QThread>> threads;
        for (int n = 0; n < nodes; ++n) {
            threads.emplace_back(QThread::create([&, n] {
                PostgresStore node(optionsFor(schema), nextConnectionName());
                if (auto opened = node.open(); !opened)
                    failures[std::size_t(n)] = opened.error().message;
            }));
        }
        for (auto &thread : threads)
            thread->start();
        for (auto &thread : threads)
            QVERIFY(thread->wait(QDeadlineTimer(60000)));
        const auto dropLater = qScopeGuard(
            [&] { rawExec({ u"DROP SCHEMA IF EXISTS \"%1\" CASCADE"_s.arg(schema) }); });
        for (const QString &failure : failures)
            QVERIFY2(failure.isEmpty(), qPrintable(failure));
        QCOMPARE(rawScalar(u"SELECT count(*) FROM \"%1\".meta "
                           "WHERE key = 'database_id'"_s.arg(schema))
                     .toInt(),
            1);
        QCOMPARE(rawScalar(u"SELECT value FROM \"%1\".meta "
                           "WHERE key = 'schema_version'"_s.arg(schema))
                     .toString(),
            QString::number(PostgresStore::schemaVersion));
    }

    void refusesNewerSchema()
    {
        m_store->close();
        QVERIFY(rawExec({ u"UPDATE \"%1\".meta SET value = '99' "
                          "WHERE key = 'schema_version'"_s.arg(m_schema) }));
        PostgresStore store(optionsFor(m_schema), nextConnectionName());
        const auto opened = store.open();
        QVERIFY(!opened);
        QCOMPARE(opened.error().kind, StorageError::Kind::TooNew);
        QVERIFY(opened.error().message.contains(u"newer Switchboard"_s));
    }

    void refusesForeignSchema()
    {
        const QString schema = newSchemaName();
        QVERIFY(rawExec({ u"CREATE SCHEMA \"%1\""_s.arg(schema),
            u"CREATE TABLE \"%1\".orders (id INTEGER)"_s.arg(schema) }));
        const auto dropLater = qScopeGuard(
            [&] { rawExec({ u"DROP SCHEMA IF EXISTS \"%1\" CASCADE"_s.arg(schema) }); });
        PostgresStore store(optionsFor(schema), nextConnectionName());
        const auto opened = store.open();
        QVERIFY(!opened);
        QCOMPARE(opened.error().kind, StorageError::Kind::Corrupt);
        QVERIFY(opened.error().message.contains(u"another program"_s));
    }

    // Words match folded (case, diacritics) as SQLite's index folds them, the last one also as
    // a prefix, newest first; every word must match.
    void searchFoldsAndMatchesPrefixes()
    {
        const QString conversation = addConversation(addCustomer());
        NewMessage first = message(conversation, u"c:1"_s, u"s-1"_s);
        first.text = u"Crème BRÛLÉE for the refund desk"_s;
        VERIFY_OK(store().appendMessage(first));
        NewMessage second = message(conversation, u"c:1"_s, u"s-2"_s);
        second.text = u"another refund question"_s;
        VERIFY_OK(store().appendMessage(second));
        NewMessage event
            = message(conversation, u"system"_s, u"s-3"_s, MessageKind::Event, Role::System);
        event.text = u"refund event"_s;
        VERIFY_OK(store().appendMessage(event));

        SearchQuery query;
        query.everything = true;
        query.text = u"creme brul"_s;
        auto found = store().search(query);
        VERIFY_OK(found);
        QCOMPARE(found->hits.size(), 1);
        QCOMPARE(found->hits.first().seq, qint64(1));
        QVERIFY(!found->hits.first().highlights.isEmpty());
        query.text = u"refund"_s;
        found = store().search(query);
        VERIFY_OK(found);
        QCOMPARE(found->total, 2); // events are not searchable
        QCOMPARE(found->hits.first().seq, qint64(2)); // newest first
        query.text = u"refund nowhere"_s;
        QCOMPARE(store().search(query)->hits.size(), 0);
    }

    void wrongPasswordIsUnavailableAndNotShown()
    {
        PostgresOptions options = optionsFor(m_schema);
        options.password = u"definitely-not-the-password-4711"_s;
        PostgresStore store(options, nextConnectionName());
        const auto opened = store.open();
        QVERIFY(!opened);
        QCOMPARE(opened.error().kind, StorageError::Kind::Unavailable);
        QVERIFY(opened.error().message.contains(u"cannot connect to PostgreSQL"_s));
        QVERIFY(!opened.error().message.contains(options.password));
    }

private:
    std::optional<PostgresOptions> m_base;
    QString m_schema;
    QString m_connectionName;
};

QTEST_GUILESS_MAIN(tst_PostgresStore)
#include "tst_postgresstore.moc"
