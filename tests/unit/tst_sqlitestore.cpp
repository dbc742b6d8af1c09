#include "storeconformance.h"

#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <memory>
#include <store/sqlitestore.h>

using namespace Qt::StringLiterals;

using namespace switchboard;
using namespace switchboard::server;

class tst_SqliteStore final : public StoreConformance {
    Q_OBJECT

protected:
    std::unique_ptr<Store> makeStore() override
    {
        m_dir = std::make_unique<QTemporaryDir>();
        if (!m_dir->isValid())
            return nullptr;
        // A directory that does not exist yet: open() creates it.
        m_path = m_dir->filePath(u"data/switchboard.sqlite3"_s);
        auto store = std::make_unique<SqliteStore>(m_path, u"test-store"_s, SqliteOptions {});
        const auto opened = store->open();
        if (!opened) {
            qWarning("%s", qPrintable(opened.error().message));
            return nullptr;
        }
        return store;
    }

    void dropStore() override { m_dir.reset(); }

    // Runs statements on the file through a connection of its own.
    static bool rawExec(const QString &path, const QStringList &statements)
    {
        const QString name = u"raw-access"_s;
        bool ok = true;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
            db.setDatabaseName(path);
            ok = db.open();
            for (const QString &sql : statements) {
                QSqlQuery query(db);
                if (ok && !query.exec(sql)) {
                    qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
                    ok = false;
                }
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
        return ok;
    }

    // What schema versions 9 and 8 added (attachments, ratings), removed again: the layout of
    // a version 7 file.
    static QStringList schema8Removal()
    {
        return { u"DROP TABLE attachments"_s, u"DROP TABLE conversation_ratings"_s };
    }

    static QStringList schema7Removal()
    {
        return schema8Removal() << u"ALTER TABLE conversations DROP COLUMN close_reason"_s;
    }

    // What schema versions 7 and 6 added, removed again: the layout of a version 5 file, its index
    // of one column rebuilt for what the index held.
    static QStringList schema6Removal()
    {
        const QString indexed
            = u"(SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'search_indexed_through')"_s;
        return schema7Removal() << QStringList {
            u"DROP TRIGGER messages_search_cjk_stale"_s,
            u"DROP TRIGGER messages_search_delete"_s,
            u"DROP TRIGGER messages_search_update"_s,
            u"DROP TABLE message_search"_s,
            u"CREATE VIRTUAL TABLE message_search USING fts5(text, content='', "
            "tokenize = 'unicode61 remove_diacritics 2')"_s,
            u"INSERT INTO message_search (rowid, text) SELECT search_id, text "
            "FROM messages WHERE search_id <= %1"_s.arg(indexed),
            u"CREATE TRIGGER messages_search_delete AFTER DELETE ON messages "
            "WHEN old.search_id <= %1 BEGIN "
            "INSERT INTO message_search (message_search, rowid, text) "
            "VALUES ('delete', old.search_id, old.text); END"_s.arg(indexed),
            u"CREATE TRIGGER messages_search_update AFTER UPDATE OF text, search_id "
            "ON messages BEGIN "
            "INSERT INTO message_search (message_search, rowid, text) "
            "SELECT 'delete', old.search_id, old.text WHERE old.search_id <= %1; "
            "INSERT INTO message_search (rowid, text) "
            "SELECT new.search_id, new.text WHERE new.search_id <= %1; END"_s.arg(indexed),
            u"ALTER TABLE messages DROP COLUMN search_cjk"_s,
        };
    }

    // What schema versions 7, 6 and 5 added, removed again: the layout of a version 4 file.
    static QStringList schema5Removal()
    {
        return schema6Removal() << QStringList {
            u"ALTER TABLE users DROP COLUMN receives_chats"_s
        };
    }

    // What schema versions 7, 6, 5, 4 and 3 added, removed again: applied to a new file, it leaves
    // the layout of a version 2 file.
    static QStringList schema3Removal()
    {
        return schema5Removal() << QStringList {
            u"DELETE FROM meta WHERE key = 'search_indexed_through'"_s,
            u"DROP TRIGGER messages_search_delete"_s, u"DROP TRIGGER messages_search_update"_s,
            u"DROP TABLE message_search"_s, u"DROP INDEX messages_by_search_id"_s,
            u"ALTER TABLE messages DROP COLUMN search_id"_s,
            u"DROP INDEX conversations_by_created"_s, u"DROP INDEX conversations_by_agent"_s,
            u"DROP INDEX conversations_by_team"_s,
            u"ALTER TABLE conversations DROP COLUMN first_assigned_ms"_s,
            u"ALTER TABLE conversations DROP COLUMN first_response_ms"_s, u"DROP TABLE audit_log"_s
        };
    }

    // The first column of every row of `sql`, run on the file through a connection of its own.
    static QList<qint64> rawSeqs(const QString &path, const QString &sql)
    {
        const QString name = u"raw-read"_s;
        QList<qint64> values;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
            db.setDatabaseName(path);
            if (db.open()) {
                QSqlQuery query(db);
                if (!query.exec(sql))
                    qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
                while (query.next())
                    values.append(query.value(0).toLongLong());
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
        return values;
    }

private Q_SLOTS:
    void reopenKeepsData()
    {
        auto *sqlite = static_cast<SqliteStore *>(m_store.get());
        const auto databaseId = sqlite->databaseId();
        VERIFY_OK(databaseId);
        QVERIFY(!databaseId->isEmpty());
        const QString id = addConversation(addCustomer());
        VERIFY_OK(store().appendMessage(message(id, u"c:1"_s, u"a"_s)));
        VERIFY_OK(
            store().createUser({ 0, u"alice"_s, QString(), Role::Agent, {}, QByteArray(), 1 }));
        m_store->close();
        m_store.reset();

        SqliteStore reopened(m_path, u"test-reopened"_s, { true, 1000 });
        VERIFY_OK(reopened.open());
        QCOMPARE(*reopened.databaseId(), *databaseId);
        QCOMPARE((*reopened.findConversation(id))->seq, 1);
        QCOMPARE(reopened.messagesAfter(id, 0, 10, true)->messages.first().clientId, u"a"_s);
        QVERIFY(reopened.findUserByLogin(u"alice"_s)->has_value());
        const auto next = reopened.appendMessage(message(id, u"c:1"_s, u"b"_s));
        QCOMPARE(next->message.seq, 2);
    }

    void usesWriteAheadLog()
    {
        QVERIFY(QFile::exists(m_path + u"-wal"_s));
        const QString name = u"raw-journal"_s;
        QString mode;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
            db.setDatabaseName(m_path);
            QVERIFY(db.open());
            QSqlQuery query(db);
            QVERIFY(query.exec(u"PRAGMA journal_mode"_s));
            QVERIFY(query.next());
            mode = query.value(0).toString();
        }
        QSqlDatabase::removeDatabase(name);
        QCOMPARE(mode, u"wal"_s);
    }

    void refusesNewerSchema()
    {
        m_store->close();
        QVERIFY(rawExec(m_path, { u"PRAGMA user_version = 99"_s }));

        SqliteStore newer(m_path, u"test-newer"_s, {});
        const auto opened = newer.open();
        QVERIFY(!opened);
        QCOMPARE(opened.error().kind, StorageError::Kind::TooNew);
        QVERIFY2(opened.error().message.contains(
                     u"schema 99, this build knows %1"_s.arg(SqliteStore::schemaVersion)),
            qPrintable(opened.error().message));
        QVERIFY(opened.error().message.contains(m_path));
        QVERIFY(!QSqlDatabase::contains(u"test-newer"_s)); // nothing left open
    }

    // A file of schema 1 (before webhooks) gains the outbox and the dead letters, keeping its
    // data.
    void migratesFromSchema1()
    {
        VERIFY_OK(
            store().createUser({ 0, u"alice"_s, QString(), Role::Agent, {}, QByteArray(), 1 }));
        m_store->close();
        QVERIFY(rawExec(m_path,
            schema3Removal() << QStringList { u"DROP TABLE webhook_outbox"_s,
                u"DROP TABLE dead_letters"_s, u"PRAGMA user_version = 1"_s }));

        SqliteStore upgraded(m_path, u"test-upgraded"_s, {});
        VERIFY_OK(upgraded.open());
        QVERIFY(upgraded.findUserByLogin(u"alice"_s)->has_value());
        const auto queued = upgraded.enqueueWebhook(delivery(u"https://a.example/h"_s, "{}", 1, 1));
        VERIFY_OK(queued);
        VERIFY_OK(upgraded.moveToDeadLetters(queued->id, u"HTTP 500"_s, 2));
        QCOMPARE(*upgraded.deadLetterCount(), 1);
        upgraded.close();

        const QString name = u"raw-version"_s;
        int version = -1;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
            db.setDatabaseName(m_path);
            QVERIFY(db.open());
            QSqlQuery query(db);
            QVERIFY(query.exec(u"PRAGMA user_version"_s));
            QVERIFY(query.next());
            version = query.value(0).toInt();
        }
        QSqlDatabase::removeDatabase(name);
        QCOMPARE(version, SqliteStore::schemaVersion);
        QCOMPARE(version, 9);
    }

    // A file of schema 7 gains the ratings table; its closed conversations can be rated.
    void migratesFromSchema7()
    {
        const qint64 customer = addCustomer();
        const QString closed = addConversation(customer, 1000);
        VERIFY_OK(store().applyRoutingChange({ closed, ConversationState::Closed, 0, {}, 2000 }));
        m_store->close();
        QVERIFY(rawExec(m_path, schema8Removal() << u"PRAGMA user_version = 7"_s));

        SqliteStore upgraded(m_path, u"test-upgraded-7"_s, {});
        VERIFY_OK(upgraded.open());
        QVERIFY(!upgraded.findRating(closed)->has_value());
        const auto rated
            = upgraded.rateConversation({ closed, customer, 5, QString(), 3000, 600000 });
        VERIFY_OK(rated);
        QCOMPARE(rated->result, RatingOutcome::Result::Stored);
        QCOMPARE((*upgraded.findRating(closed))->rating, 5);
        upgraded.close();
    }

    // A file of schema 6 gains each conversation's close reason: empty for what closed
    // before, "missed" or "idle" as the server closes them from then on.
    void migratesFromSchema6()
    {
        const QString before = addConversation(addCustomer(), 1000);
        VERIFY_OK(store().applyRoutingChange({ before, ConversationState::Closed, 0, {}, 2000 }));
        const QString after = addConversation(addCustomer(u"Bo"_s), 3000);
        m_store->close();
        QVERIFY(rawExec(m_path, schema7Removal() << u"PRAGMA user_version = 6"_s));

        SqliteStore upgraded(m_path, u"test-upgraded-6"_s, {});
        VERIFY_OK(upgraded.open());
        QCOMPARE((*upgraded.findConversation(before))->closeReason, QString());
        RoutingChange missed { after, ConversationState::Closed, 0, {}, 4000 };
        missed.closeReason = u"missed"_s;
        VERIFY_OK(upgraded.applyRoutingChange(missed));
        QCOMPARE((*upgraded.findConversation(after))->closeReason, u"missed"_s);
        QCOMPARE((*upgraded.findConversation(after))->closedMs, 4000);
        // Queued again (reopened by hand in the database, say), the reason goes with the close.
        VERIFY_OK(upgraded.applyRoutingChange({ after, ConversationState::Queued, 0, {}, 5000 }));
        QCOMPARE((*upgraded.findConversation(after))->closeReason, QString());
        upgraded.close();
    }

    // A file of schema 4 gains "receives chats": agents keep being assigned automatically,
    // supervisors keep not being, until someone chooses otherwise.
    void migratesFromSchema4()
    {
        VERIFY_OK(
            store().createUser({ 0, u"alice"_s, QString(), Role::Agent, {}, QByteArray(), 1 }));
        VERIFY_OK(
            store().createUser({ 0, u"sam"_s, QString(), Role::Supervisor, {}, QByteArray(), 1 }));
        m_store->close();
        QVERIFY(rawExec(m_path, schema5Removal() << u"PRAGMA user_version = 4"_s));

        SqliteStore upgraded(m_path, u"test-upgraded-4"_s, {});
        VERIFY_OK(upgraded.open());
        const auto alice = upgraded.findUserByLogin(u"alice"_s);
        const auto sam = upgraded.findUserByLogin(u"sam"_s);
        QVERIFY(alice && alice->has_value() && sam && sam->has_value());
        QCOMPARE((*alice)->receivesChats, std::optional<bool>(true));
        QCOMPARE((*sam)->receivesChats, std::optional<bool>(false));
        // The choice is the account's and is kept.
        UserRecord owner = **sam;
        owner.receivesChats = true;
        QCOMPARE(*upgraded.updateUser(owner), true);
        QCOMPARE((*upgraded.findUserByLogin(u"sam"_s))->receivesChats, std::optional<bool>(true));
        upgraded.close();
    }

    // A file of schema 5 gains the bigrams of its Chinese and Japanese messages: the ones
    // the index held and the ones it had not reached yet are found inside their sentences.
    void migratesFromSchema5()
    {
        const QString id = addConversation(addCustomer(), 1000);
        const auto add = [&](const QString &clientId, const QString &text) {
            NewMessage m = message(id, u"c:1"_s, clientId);
            m.text = text;
            return store().appendMessage(m).hasValue();
        };
        QVERIFY(add(u"a"_s, u"我的订单没有到"_s));
        QVERIFY(add(u"b"_s, u"refund please"_s));
        VERIFY_OK(store().catchUpSearchIndex(100));
        QVERIFY(add(u"c"_s, u"昨日注文した商品がまだ届きません"_s));
        m_store->close(); // catches the index up; undone below for "c"
        // Back to schema 5, with "c" not indexed yet.
        QVERIFY(rawExec(m_path,
            QStringList { u"UPDATE meta SET value = '2' WHERE key = 'search_indexed_through'"_s }
                << schema6Removal() << u"PRAGMA user_version = 5"_s));
        QCOMPARE(rawSeqs(m_path,
                     u"SELECT rowid FROM message_search WHERE message_search "
                     "MATCH '\"订单\"'"_s),
            QList<qint64> {});

        SqliteStore upgraded(m_path, u"test-upgraded-5"_s, {});
        VERIFY_OK(upgraded.open());
        VERIFY_OK(upgraded.catchUpSearchIndex(100));
        SearchQuery query;
        query.everything = true;
        for (const auto &[word, seq] : { std::pair { u"订单"_s, 1 }, std::pair { u"注文"_s, 3 },
                 std::pair { u"refu"_s, 2 } }) {
            query.text = word;
            const auto found = upgraded.search(query);
            VERIFY_OK(found);
            QCOMPARE(found->hits.size(), 1);
            QCOMPARE(found->hits.first().seq, qint64(seq));
        }
        upgraded.close();
        QVERIFY(rawExec(m_path,
            { u"INSERT INTO message_search (message_search) VALUES ('integrity-check')"_s }));
    }

    // The index is told exactly what it was given for a CJK message: deleting one, or
    // rewriting its text by hand, leaves no bigram behind and the index intact.
    void cjkEntriesLeaveWithTheirMessages()
    {
        const QString id = addConversation(addCustomer(), 1000);
        for (const QString &clientId : { u"a"_s, u"b"_s }) {
            NewMessage m = message(id, u"c:1"_s, clientId);
            m.text = u"我的订单没有到"_s;
            VERIFY_OK(store().appendMessage(m));
        }
        VERIFY_OK(store().catchUpSearchIndex(100));
        const QString matchOrder = u"SELECT rowid FROM message_search WHERE "
                                   "message_search MATCH '\"订单\"' ORDER BY rowid"_s;
        QCOMPARE(rawSeqs(m_path, matchOrder), (QList<qint64> { 1, 2 }));
        QVERIFY(rawExec(m_path,
            { u"UPDATE messages SET text = 'redacted' WHERE conversation_id = "
              "'%1' AND seq = 2"_s.arg(id),
                u"DELETE FROM messages WHERE conversation_id = '%1' AND seq = 1"_s.arg(id) }));
        QCOMPARE(rawSeqs(m_path, matchOrder), QList<qint64> {});
        QCOMPARE(rawSeqs(m_path, u"SELECT count(*) FROM messages WHERE search_cjk IS NOT NULL"_s),
            QList<qint64> { 0 });
        QVERIFY(rawExec(m_path,
            { u"DELETE FROM messages WHERE conversation_id = '%1'"_s.arg(id),
                u"INSERT INTO message_search (message_search) VALUES ('integrity-check')"_s }));
    }

    // A file of schema 2 (before the audit log and search) keeps its data and gains the audit
    // log, the full-text index over its text and notes, and first_assigned_ms /
    // first_response_ms backfilled from its events and staff replies.
    void migratesFromSchema2()
    {
        const QString id = addConversation(addCustomer(), 1000);
        const auto add = [&](const QString &sender, Role role, MessageKind kind,
                             const QString &clientId, const QString &text, qint64 ts) {
            NewMessage m = message(id, sender, clientId, kind, role);
            m.text = text;
            m.timestampMs = ts;
            return store().appendMessage(m).hasValue();
        };
        QVERIFY(
            add(u"c:1"_s, Role::Customer, MessageKind::Text, u"c1"_s, u"I want a refund"_s, 1100));
        QVERIFY(add(u"system"_s, Role::System, MessageKind::Event, u"sys-1"_s,
            u"Assigned to Alice"_s, 1200));
        QVERIFY(add(
            u"u:1"_s, Role::Agent, MessageKind::Note, u"n1"_s, u"refund policy applies"_s, 1300));
        QVERIFY(add(u"u:1"_s, Role::Agent, MessageKind::Text, u"a1"_s,
            u"Sure, refunds take three days"_s, 1400));
        QVERIFY(add(u"u:1"_s, Role::Agent, MessageKind::Text, u"a2"_s, u"Anything else?"_s, 1500));
        const QString idle = addConversation(addCustomer(u"Bo"_s), 2000);
        m_store->close();
        // Back to schema 2: everything version 3 added, removed again.
        QVERIFY(rawExec(m_path, schema3Removal() << u"PRAGMA user_version = 2"_s));

        {
            SqliteStore upgraded(m_path, u"test-upgraded-2"_s, {});
            VERIFY_OK(upgraded.open());
            const auto conversation = upgraded.findConversation(id);
            VERIFY_OK(conversation);
            QCOMPARE((*conversation)->seq, 5);
            QCOMPARE((*conversation)->firstAssignedMs, 1200);
            QCOMPARE((*conversation)->firstResponseMs, 1400);
            QCOMPARE((*upgraded.findConversation(idle))->firstAssignedMs, 0);
            QCOMPARE((*upgraded.findConversation(idle))->firstResponseMs, 0);
            QCOMPARE(upgraded.messagesAfter(id, 0, 10, true)->messages.size(), 5);
            AuditEntry entry;
            entry.timestampMs = 3000;
            entry.actor = u"cli"_s;
            entry.action = u"user_create"_s;
            VERIFY_OK(upgraded.appendAudit(entry));
            QCOMPARE(upgraded.listAudit({})->entries.size(), 1);
            // A message written after the upgrade is indexed when the store catches the index
            // up (here: as it closes).
            NewMessage later = message(id, u"c:1"_s, u"c2"_s);
            later.text = u"thanks for the refund"_s;
            later.timestampMs = 1600;
            VERIFY_OK(upgraded.appendMessage(later));
        }
        // The index holds exactly the text and note messages, old and new, not the event.
        QCOMPARE(rawSeqs(m_path,
                     u"SELECT m.seq FROM message_search s JOIN messages m "
                     "ON m.search_id = s.rowid WHERE message_search MATCH "
                     "'\"refund\"*' ORDER BY m.seq"_s),
            (QList<qint64> { 1, 3, 4, 6 }));
        QCOMPARE(rawSeqs(m_path,
                     u"SELECT m.seq FROM message_search s JOIN messages m "
                     "ON m.search_id = s.rowid WHERE message_search MATCH "
                     "'\"assigned\"'"_s),
            QList<qint64> {});
        // Deleting messages takes their index entries along (retention relies on it).
        QVERIFY(rawExec(m_path,
            { u"DELETE FROM messages WHERE conversation_id = '%1' AND seq IN (1, 4)"_s.arg(id) }));
        QCOMPARE(rawSeqs(m_path,
                     u"SELECT rowid FROM message_search WHERE message_search MATCH "
                     "'\"refund\"*' ORDER BY rowid"_s),
            rawSeqs(m_path,
                u"SELECT search_id FROM messages WHERE seq IN (3, 6) "
                "ORDER BY search_id"_s));
    }

    // Messages reach the full-text index after their commit, in batches; deleting a message
    // the index does not hold yet must leave the index intact, and one it holds must leave it.
    void searchIndexCatchesUpAfterCommits()
    {
        const QString id = addConversation(addCustomer(), 1000);
        const auto add = [&](const QString &clientId, const QString &text) {
            NewMessage m = message(id, u"c:1"_s, clientId);
            m.text = text;
            return store().appendMessage(m);
        };
        const QString matchLlama
            = u"SELECT rowid FROM message_search WHERE message_search MATCH 'llama' ORDER BY rowid"_s;
        VERIFY_OK(add(u"a"_s, u"a llama arrived"_s));
        VERIFY_OK(add(u"b"_s, u"the llama left"_s));
        // Committed, not yet indexed: the write path does not touch the index.
        QCOMPARE(rawSeqs(m_path, matchLlama), QList<qint64> {});
        // Deleting a message the index never held must not touch the index.
        QVERIFY(rawExec(m_path,
            { u"DELETE FROM messages WHERE conversation_id = '%1' AND seq = 2"_s.arg(id) }));
        const auto first = store().catchUpSearchIndex(1);
        VERIFY_OK(first);
        QCOMPARE(*first, 1); // a batch is bounded
        const auto rest = store().catchUpSearchIndex(100);
        VERIFY_OK(rest);
        QCOMPARE(*rest, 0); // the deleted one left nothing to index
        QCOMPARE(rawSeqs(m_path, matchLlama).size(), 1);
        QCOMPARE(*store().catchUpSearchIndex(100), 0);
        // A message the index holds takes its entry along when deleted or redacted.
        VERIFY_OK(add(u"c"_s, u"llama again"_s));
        QCOMPARE(*store().catchUpSearchIndex(100), 1);
        QCOMPARE(rawSeqs(m_path, matchLlama).size(), 2);
        QVERIFY(rawExec(m_path,
            { u"UPDATE messages SET text = 'redacted' WHERE conversation_id = "
              "'%1' AND seq = 3"_s.arg(id),
                u"DELETE FROM messages WHERE conversation_id = '%1' AND seq = 1"_s.arg(id) }));
        QCOMPARE(rawSeqs(m_path, matchLlama), QList<qint64> {});
        QCOMPARE(rawSeqs(m_path,
                     u"SELECT rowid FROM message_search WHERE message_search "
                     "MATCH 'redacted'"_s)
                     .size(),
            1);
        QVERIFY(rawExec(m_path,
            { u"INSERT INTO message_search (message_search) VALUES ('integrity-check')"_s }));
    }

    void refusesNonDatabase_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addRow("text file") << QByteArray("name = value\n").repeated(400);
        QByteArray noise(8192, '\0');
        quint32 x = 2463534242u;
        for (char &byte : noise) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            byte = char(x & 0xff);
        }
        QTest::addRow("random bytes") << noise;
        QTest::addRow("SQLite magic, broken header")
            << QByteArray("SQLite format 3\0", 16) + QByteArray(4080, '\x7f');
    }

    void refusesNonDatabase()
    {
        QFETCH(QByteArray, content);
        const QString path = m_dir->filePath(u"not-a-database.sqlite3"_s);
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            QCOMPARE(file.write(content), content.size());
        }
        SqliteStore store(path, u"test-garbage"_s, {});
        const auto opened = store.open();
        QVERIFY(!opened);
        QCOMPARE(opened.error().kind, StorageError::Kind::Corrupt);
        QVERIFY2(opened.error().message.contains(path), qPrintable(opened.error().message));
        QVERIFY(!QSqlDatabase::contains(u"test-garbage"_s));

        QFile file(path); // the file is left exactly as it was
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), content);
    }

    void refusesForeignDatabase()
    {
        const QString path = m_dir->filePath(u"foreign.sqlite3"_s);
        QVERIFY(rawExec(path, { u"CREATE TABLE bookmarks (url TEXT)"_s }));
        SqliteStore store(path, u"test-foreign"_s, {});
        const auto opened = store.open();
        QVERIFY(!opened);
        QCOMPARE(opened.error().kind, StorageError::Kind::Corrupt);
    }

    void cannotCreateDirectory()
    {
        const QString blocker = m_dir->filePath(u"plain-file"_s);
        {
            QFile file(blocker);
            QVERIFY(file.open(QIODevice::WriteOnly));
        }
        const QString path = blocker + u"/sub/switchboard.sqlite3"_s;
        SqliteStore store(path, u"test-nodir"_s, {});
        const auto opened = store.open();
        QVERIFY(!opened);
        QCOMPARE(opened.error().kind, StorageError::Kind::Unavailable);
        QVERIFY2(opened.error().message.contains(u"cannot create the directory"_s),
            qPrintable(opened.error().message));
    }

    void connectionNameInUse()
    {
        SqliteStore second(m_path, u"test-store"_s, {});
        const auto opened = second.open();
        QVERIFY(!opened);
        QCOMPARE(opened.error().kind, StorageError::Kind::Invalid);
        second.close();
        // The first store's connection survived.
        QVERIFY(QSqlDatabase::contains(u"test-store"_s));
        VERIFY_OK(store().probeWrite());
    }

    void closeRemovesConnection()
    {
        QVERIFY(QSqlDatabase::contains(u"test-store"_s));
        m_store->close();
        QVERIFY(!QSqlDatabase::contains(u"test-store"_s));
        const auto afterClose = store().probeWrite();
        QVERIFY(!afterClose);
        QCOMPARE(afterClose.error().kind, StorageError::Kind::Unavailable);
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

QTEST_GUILESS_MAIN(tst_SqliteStore)
#include "tst_sqlitestore.moc"
