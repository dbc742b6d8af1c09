// Retention (docs/history.md, "Retention"): what `switchboard-server retention --run-now`
// and the server's daily run delete and redact, on a real SQLite file, with the audit log,
// the metrics and the search index checked.
#include "historyseed.h"
#include "testserver.h"

#include <QSqlQuery>
#include <QTest>
#include <config/commandline.h>
#include <metrics/metrics.h>
#include <switchboard/timeformat.h>

using namespace Qt::StringLiterals;
using namespace switchboard;
using namespace switchboard::server;
using namespace historyseed;

namespace {

const qint64 day = 24LL * 3600 * 1000;

// Counts rows of `sql` (one value bound) through a connection of its own.
qint64 countOf(const QString &path, const QString &sql, const QVariant &value = {})
{
    qint64 count = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"count"_s);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery query(db);
            query.prepare(sql);
            if (value.isValid())
                query.addBindValue(value);
            if (query.exec() && query.next())
                count = query.value(0).toLongLong();
        }
    }
    QSqlDatabase::removeDatabase(u"count"_s);
    return count;
}

QString integrity(const QString &path)
{
    QString result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"integrity"_s);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery query(u"PRAGMA integrity_check"_s, db);
            if (query.next())
                result = query.value(0).toString();
        }
    }
    QSqlDatabase::removeDatabase(u"integrity"_s);
    return result;
}

qint64 searchHits(const QString &path, const QString &word)
{
    return countOf(
        path, u"SELECT count(*) FROM message_search WHERE message_search MATCH ?"_s, word);
}

} // namespace

class tst_Retention final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_path;
    QHash<QString, QString> m_conversations; // label → id
    QHash<QString, qint64> m_customers; // label → id

    void seedScenario(const QString &path)
    {
        SqliteStore store(path, u"seed"_s);
        QVERIFY(store.open());
        const qint64 now = nowMs();
        const qint64 agent = addStaff(store, u"alice"_s, u"Alice"_s, Role::Agent, { u"sales"_s });
        QVERIFY(agent != 0);
        const auto customer = [&](const QString &label) {
            const qint64 id = addCustomer(store, label, label.toLower() + u"@example.com"_s, 1);
            m_customers.insert(label, id);
            return id;
        };
        // closedDaysAgo 0: still open (assigned).
        const auto conversation = [&](const QString &label, qint64 customerId, int createdDaysAgo,
                                      int closedDaysAgo, const QString &word) {
            const qint64 created = now - createdDaysAgo * day;
            Conversation c { customerId, u"sales"_s, created, agent, created + 1000,
                closedDaysAgo > 0 ? now - closedDaysAgo * day : 0,
                { customerSays(customerId, u"Name"_s, u"customer says "_s + word, created + 2000),
                    staffSays(agent, u"Alice"_s, u"agent answers "_s + word, created + 3000),
                    staffSays(agent, u"Alice"_s, u"a note "_s + word, created + 4000,
                        MessageKind::Note) } };
            const QString id = seed(store, c);
            QVERIFY(!id.isEmpty());
            m_conversations.insert(label, id);
        };
        const qint64 ann = customer(u"Ann"_s);
        const qint64 bea = customer(u"Bea"_s);
        const qint64 cat = customer(u"Cat"_s);
        const qint64 dee = customer(u"Dee"_s);
        const qint64 fay = customer(u"Fay"_s);
        const qint64 gus = customer(u"Gus"_s);
        conversation(u"ann-closed-40"_s, ann, 41, 40, u"zebra"_s); // deleted, Ann redacted
        conversation(u"bea-closed-20"_s, bea, 21, 20, u"yak"_s); // kept, Bea redacted
        conversation(u"cat-closed-40"_s, cat, 45, 40, u"walrus"_s); // deleted
        conversation(u"cat-open"_s, cat, 2, 0, u"vole"_s); // open: Cat is not redacted
        conversation(u"dee-closed-5"_s, dee, 6, 5, u"urchin"_s); // kept, Dee kept
        conversation(u"fay-closed-15"_s, fay, 16, 15, u"tapir"_s); // kept
        conversation(u"fay-closed-3"_s, fay, 4, 3, u"seal"_s); // Fay's newest: Fay kept
        conversation(u"gus-open-100"_s, gus, 100, 0, u"rhino"_s); // open a long time: kept
        store.close();
    }

    static Exit retention(const QString &dataDir, const QStringList &extra = {})
    {
        return runServerBinary(
            QStringList { u"retention"_s, u"--run-now"_s, u"--data"_s, dataDir,
                u"--retention-delete-days"_s, u"30"_s, u"--retention-redact-days"_s, u"10"_s }
            + extra);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(u"switchboard.sqlite3"_s);
        seedScenario(m_path);
    }

    void deletesAndRedactsExactlyWhatIsDue()
    {
        QCOMPARE(searchHits(m_path, u"zebra"_s), 3);
        const Exit run = retention(m_dir.path());
        QCOMPARE(run.code, 0);
        QCOMPARE(QString::fromUtf8(run.out).trimmed(),
            u"deleted 2 conversations (6 messages), redacted 2 customers"_s);

        SqliteStore store(m_path, u"check"_s);
        QVERIFY(store.open());
        for (auto it = m_conversations.cbegin(); it != m_conversations.cend(); ++it) {
            const bool due = it.key() == u"ann-closed-40"_s || it.key() == u"cat-closed-40"_s;
            const auto found = store.findConversation(it.value());
            QVERIFY(found);
            QVERIFY2(found->has_value() != due, qPrintable(it.key()));
            QCOMPARE(countOf(m_path, u"SELECT count(*) FROM messages WHERE conversation_id = ?"_s,
                         it.value()),
                due ? 0 : 3); // customer text, staff text, note
        }
        for (auto it = m_customers.cbegin(); it != m_customers.cend(); ++it) {
            const bool due = it.key() == u"Ann"_s || it.key() == u"Bea"_s;
            const auto customer = store.findCustomer(it.value());
            QVERIFY(customer && *customer);
            QCOMPARE((*customer)->name.isEmpty(), due);
            QCOMPARE((*customer)->email.isEmpty(), due);
            if (!due)
                QCOMPARE((*customer)->email, it.key().toLower() + u"@example.com"_s);
        }
        // The name a redacted customer wrote under is gone from their messages too.
        QCOMPARE(countOf(m_path,
                     u"SELECT count(*) FROM messages WHERE conversation_id = ? AND "
                     u"sender_role = 'customer' AND sender_name <> ''"_s,
                     m_conversations.value(u"bea-closed-20"_s)),
            0);
        // The search index lost the deleted messages and kept the others.
        QCOMPARE(searchHits(m_path, u"zebra"_s), 0);
        QCOMPARE(searchHits(m_path, u"walrus"_s), 0);
        QCOMPARE(searchHits(m_path, u"yak"_s), 3);
        QCOMPARE(searchHits(m_path, u"rhino"_s), 3);

        AuditFilter filter;
        filter.actor = u"cli"_s;
        const auto audit = store.listAudit(filter);
        QVERIFY(audit);
        QCOMPARE(audit->entries.size(), 2);
        const AuditEntry &deleted = audit->entries.at(0); // newest first: delete ran last
        QCOMPARE(deleted.action, u"retention_delete"_s);
        QCOMPARE(deleted.detail.value(u"conversations"_s).toInt(), 2);
        QCOMPARE(deleted.detail.value(u"messages"_s).toInt(), 6);
        QCOMPARE(deleted.detail.value(u"older_than_days"_s).toInt(), 30);
        const AuditEntry &redacted = audit->entries.at(1);
        QCOMPARE(redacted.action, u"retention_redact"_s);
        QCOMPARE(redacted.detail.value(u"customers"_s).toInt(), 2);
        QCOMPARE(redacted.detail.value(u"older_than_days"_s).toInt(), 10);
        QCOMPARE(integrity(m_path), u"ok"_s);
    }

    void aSecondRunDoesNothing()
    {
        const qint64 messagesBefore = countOf(m_path, u"SELECT count(*) FROM messages"_s);
        const Exit run = retention(m_dir.path());
        QCOMPARE(run.code, 0);
        QCOMPARE(QString::fromUtf8(run.out).trimmed(),
            u"deleted 0 conversations (0 messages), redacted 0 customers"_s);
        QCOMPARE(countOf(m_path, u"SELECT count(*) FROM messages"_s), messagesBefore);
        QCOMPARE(countOf(m_path, u"SELECT count(*) FROM conversations"_s), 6);
    }

    void theServerRunsItAndCountsIt()
    {
        qputenv("SWITCHBOARD_RETENTION_FIRST_RUN_MS", "200");
        TestServer server([](ServerConfig &config) {
            config.retentionDeleteDays = 30;
            config.retentionRedactDays = 10;
            config.graceSeconds = 3600;
        });
        m_conversations.clear();
        m_customers.clear();
        seedScenario(server.databasePath());
        QVERIFY(server.start());
        metrics::ServerMetrics &counters = server.node().metrics();
        QTRY_COMPARE_WITH_TIMEOUT(counters.retentionRuns.value(), quint64(1), 10000);
        QCOMPARE(counters.retentionDeletedConversations.value(), quint64(2));
        QCOMPARE(counters.retentionRedactedCustomers.value(), quint64(2));
        QByteArray body;
        QCOMPARE(httpGet(server.port(), "/metrics", &body), 200);
        QVERIFY(body.contains("switchboard_retention_runs_total 1\n"));
        QVERIFY(body.contains("switchboard_retention_deleted_conversations_total 2\n"));
        QVERIFY(body.contains("switchboard_retention_redacted_customers_total 2\n"));

        SqliteStore store(server.databasePath(), u"audit"_s);
        QVERIFY(store.open());
        AuditFilter filter;
        filter.actor = u"system"_s;
        QTRY_VERIFY_WITH_TIMEOUT(store.listAudit(filter)->entries.size() == 2, 5000);
        const auto audit = store.listAudit(filter);
        QCOMPARE(audit->entries.at(0).action, u"retention_delete"_s);
        QCOMPARE(audit->entries.at(0).actorRole, u"system"_s);
        QCOMPARE(audit->entries.at(0).detail.value(u"conversations"_s).toInt(), 2);
        QCOMPARE(audit->entries.at(1).action, u"retention_redact"_s);
        QCOMPARE(audit->entries.at(1).detail.value(u"customers"_s).toInt(), 2);
        QCOMPARE(countOf(server.databasePath(), u"SELECT count(*) FROM conversations"_s), 6);
        qunsetenv("SWITCHBOARD_RETENTION_FIRST_RUN_MS");
    }

    void settingsAreChecked_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("says");
        QTest::addRow("redact after delete") << QStringList {
            u"--retention-delete-days"_s, u"30"_s, u"--retention-redact-days"_s, u"40"_s
        } << u"retention-redact-days (40) must not exceed retention-delete-days (30)"_s;
        QTest::addRow("negative") << QStringList {
            u"--retention-delete-days"_s, u"-1"_s
        } << u"--retention-delete-days: expected a whole number of days from 0 to 36500"_s;
        QTest::addRow("not a number") << QStringList { u"--retention-redact-days"_s,
            u"ten"_s } << u"--retention-redact-days: expected a whole number of days"_s;
    }

    void settingsAreChecked()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, says);
        // The server refuses them, and so does the command.
        const auto server = parseCommandLine(QStringList { u"switchboard-server"_s } + arguments);
        QVERIFY(!server);
        QVERIFY2(server.error().message.contains(says), qPrintable(server.error().message));
        const Exit exit = runServerBinary(
            QStringList { u"retention"_s, u"--run-now"_s, u"--data"_s, m_dir.path() } + arguments);
        QCOMPARE(exit.code, 2);
        QVERIFY2(exit.err.contains(says), qPrintable(exit.err));
        QCOMPARE(exit.err.count(u'\n'), 1);
    }

    void redactAloneIsAllowed()
    {
        const auto parsed
            = parseCommandLine({ u"switchboard-server"_s, u"--retention-redact-days"_s, u"90"_s });
        QVERIFY(parsed);
        QCOMPARE(std::get<RunServer>(*parsed).config.retentionRedactDays, 90);
        QCOMPARE(std::get<RunServer>(*parsed).config.retentionDeleteDays, 0);
    }

    void theCommandNeedsRunNowAndADatabase()
    {
        Exit exit = runServerBinary({ u"retention"_s, u"--data"_s, m_dir.path() });
        QCOMPARE(exit.code, 2);
        QVERIFY2(exit.err.contains(u"--run-now is required"_s), qPrintable(exit.err));
        QTemporaryDir empty;
        exit = runServerBinary({ u"retention"_s, u"--run-now"_s, u"--retention-delete-days"_s,
            u"1"_s, u"--data"_s, empty.path() });
        QCOMPARE(exit.code, 2);
        QVERIFY2(exit.err.contains(u"no database at"_s), qPrintable(exit.err));
        QVERIFY(!QFile::exists(empty.filePath(u"switchboard.sqlite3"_s)));
    }
};

QTEST_GUILESS_MAIN(tst_Retention)
#include "tst_retention.moc"
