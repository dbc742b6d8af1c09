#include <QElapsedTimer>
#include <QProcess>
#include <QSemaphore>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <memory>
#include <optional>
#include <store/sqlitestore.h>
#include <store/storageservice.h>
#include <vector>

using namespace Qt::StringLiterals;

using namespace switchboard;
using namespace switchboard::server;

namespace switchboard::server {
char *toString(StorageError::Kind kind)
{
    static const char *const names[]
        = { "Unavailable", "NotFound", "Conflict", "Corrupt", "TooNew", "Invalid" };
    return qstrdup(names[static_cast<int>(kind)]);
}
} // namespace switchboard::server

namespace {

template<typename T> QByteArray errorText(const StoreResult<T> &result)
{
    return result.hasValue() ? QByteArray() : result.error().message.toUtf8();
}

using Outcomes = std::vector<StoreResult<AppendResult>>;

NewMessage message(const QString &conversationId, const QString &senderKey, const QString &clientId)
{
    NewMessage message;
    message.conversationId = conversationId;
    message.senderKey = senderKey;
    message.senderRole = senderKey.startsWith(u'c') ? Role::Customer : Role::Agent;
    message.senderName = u"Sender"_s;
    message.clientId = clientId;
    message.text = u"hello"_s;
    message.timestampMs = 1000;
    return message;
}

QList<qint64> range(qint64 first, qint64 last)
{
    QList<qint64> seqs;
    for (qint64 seq = first; seq <= last; ++seq)
        seqs.append(seq);
    return seqs;
}

QString sqlite3Program()
{
    return QStandardPaths::findExecutable(u"sqlite3"_s);
}

// Runs SQL in another process, as an operator's shell would.
QString sqliteCli(const QString &path, const QString &sql)
{
    QProcess process;
    process.start(sqlite3Program(), { path, sql });
    if (!process.waitForFinished(30000) || process.exitCode() != 0)
        return u"<sqlite3 failed: %1>"_s.arg(QString::fromUtf8(process.readAllStandardError()));
    return QString::fromUtf8(process.readAllStandardOutput()).trimmed();
}

// Whether some other connection holds the database's write lock right now.
bool writeLockTakenElsewhere(const QString &path)
{
    const QString name = u"lock-check"_s;
    bool locked = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=0"_s);
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(u"BEGIN IMMEDIATE"_s))
                query.exec(u"ROLLBACK"_s);
            else
                locked = true;
        }
    }
    QSqlDatabase::removeDatabase(name);
    return locked;
}

} // namespace

#define VERIFY_OK(expression)                                                                      \
    do {                                                                                           \
        const auto &verifiedResult = (expression); /* evaluated once: it may write */              \
        QVERIFY2(verifiedResult.hasValue(), errorText(verifiedResult).constData());                \
    } while (false)

class tst_StorageService final : public QObject {
    Q_OBJECT

private:
    static StorageService::StoreFactory sqliteFactory(
        const QString &path, SqliteOptions options = {})
    {
        return [path, options](const QString &connectionName) -> std::unique_ptr<Store> {
            return std::make_unique<SqliteStore>(path, connectionName, options);
        };
    }

    // One write, waited for on this thread. Empty when it never came back.
    template<typename T>
    std::optional<StoreResult<T>> writeAndWait(
        StorageService &service, std::function<StoreResult<T>(Store &)> work)
    {
        auto outcome = std::make_shared<std::optional<StoreResult<T>>>();
        service.write<T>(this, std::move(work),
            [outcome](StoreResult<T> result) { *outcome = std::move(result); });
        if (!QTest::qWaitFor([&] { return outcome->has_value(); }, 15000))
            return std::nullopt;
        return *outcome;
    }

    template<typename T>
    std::optional<StoreResult<T>> readAndWait(
        StorageService &service, std::function<StoreResult<T>(Store &)> work)
    {
        auto outcome = std::make_shared<std::optional<StoreResult<T>>>();
        service.read<T>(this, std::move(work),
            [outcome](StoreResult<T> result) { *outcome = std::move(result); });
        if (!QTest::qWaitFor([&] { return outcome->has_value(); }, 15000))
            return std::nullopt;
        return *outcome;
    }

    // A customer with one conversation; empty on failure.
    QString newConversation(StorageService &service)
    {
        const auto created = writeAndWait<
            ConversationRecord>(service, [](Store &store) -> StoreResult<ConversationRecord> {
            const auto customer = store.createCustomer({ 0, u"Ada"_s, QString(), QString(), 1 });
            if (!customer)
                return unexpected(customer.error());
            return store.createConversation(customer->id, u"sales"_s, u"epoch-1"_s, 1000);
        });
        return created && created->hasValue() ? (*created)->id : QString();
    }

    void append(StorageService &service, const NewMessage &newMessage,
        const std::shared_ptr<Outcomes> &outcomes)
    {
        service.write<AppendResult>(
            this, [newMessage](Store &store) { return store.appendMessage(newMessage); },
            [outcomes](
                StoreResult<AppendResult> result) { outcomes->push_back(std::move(result)); });
    }

    QList<StoredMessage> storedMessages(StorageService &service, const QString &conversationId)
    {
        const auto page = readAndWait<MessagePage>(service, [conversationId](Store &store) {
            return store.messagesAfter(conversationId, 0, 5000, true);
        });
        return page && page->hasValue() ? (*page)->messages : QList<StoredMessage>();
    }

    static QList<qint64> seqsOf(const QList<StoredMessage> &messages)
    {
        QList<qint64> seqs;
        for (const StoredMessage &stored : messages)
            seqs.append(stored.seq);
        return seqs;
    }

    // Holds the writer inside a job so that what is queued next lands in one group.
    struct Blocker {
        QSemaphore entered;
        QSemaphore release;
        bool delivered = false;
    };

    void block(StorageService &service, const std::shared_ptr<Blocker> &blocker)
    {
        service.write<Done>(
            this,
            [blocker](Store &) -> StoreResult<Done> {
                blocker->entered.release();
                blocker->release.acquire();
                return Done {};
            },
            [blocker](StoreResult<Done>) { blocker->delivered = true; });
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!sqlite3Program().isEmpty(), "the sqlite3 command is required");
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_path = m_dir->filePath(u"switchboard.sqlite3"_s);
    }

    void cleanup()
    {
        m_dir.reset();
        // Every service closed its connections when it stopped.
        QCOMPARE(QSqlDatabase::connectionNames(), QStringList());
    }

    void outcomesComeBackOnCallerThread()
    {
        StorageService service(sqliteFactory(m_path));
        VERIFY_OK(service.start());

        // One named connection per storage thread; SQLite also has one that checkpoints.
        QStringList connections = QSqlDatabase::connectionNames();
        connections.sort();
        QCOMPARE(connections.size(), 3);
        QVERIFY2(
            connections.at(0).startsWith(u"switchboard-checkpoint"), qPrintable(connections.at(0)));
        QVERIFY2(
            connections.at(1).startsWith(u"switchboard-reader"), qPrintable(connections.at(1)));
        QVERIFY2(
            connections.at(2).startsWith(u"switchboard-writer"), qPrintable(connections.at(2)));

        QThread *const testThread = QThread::currentThread();
        QThread *writerThread = nullptr;
        QThread *readerThread = nullptr;
        QThread *writeDoneThread = nullptr;
        QThread *readDoneThread = nullptr;

        auto created = std::make_shared<std::optional<StoreResult<CustomerRecord>>>();
        service.write<CustomerRecord>(
            this,
            [&writerThread](Store &store) {
                writerThread = QThread::currentThread();
                return store.createCustomer({ 0, u"Ada"_s, QString(), QString(), 1 });
            },
            [&writeDoneThread, created](StoreResult<CustomerRecord> result) {
                writeDoneThread = QThread::currentThread();
                *created = std::move(result);
            });
        QTRY_VERIFY(created->has_value());
        VERIFY_OK(**created);
        QCOMPARE(writeDoneThread, testThread);
        QVERIFY(writerThread);
        QVERIFY(writerThread != testThread);

        // A read after the write's outcome sees it: ack = committed.
        const qint64 customerId = (**created)->id;
        auto found = std::make_shared<std::optional<StoreResult<std::optional<CustomerRecord>>>>();
        service.read<std::optional<CustomerRecord>>(
            this,
            [&readerThread, customerId](Store &store) {
                readerThread = QThread::currentThread();
                return store.findCustomer(customerId);
            },
            [&readDoneThread, found](StoreResult<std::optional<CustomerRecord>> result) {
                readDoneThread = QThread::currentThread();
                *found = std::move(result);
            });
        QTRY_VERIFY(found->has_value());
        VERIFY_OK(**found);
        QVERIFY((**found)->has_value());
        QCOMPARE((**found).value()->name, u"Ada"_s);
        QCOMPARE(readDoneThread, testThread);
        QVERIFY(readerThread);
        QVERIFY(readerThread != testThread);
        QVERIFY(readerThread != writerThread);
    }

    void groupCommit_data()
    {
        QTest::addColumn<int>("producers");
        QTest::addRow("500 writes from the test thread") << 1;
        QTest::addRow("500 writes from four threads") << 4;
    }

    void groupCommit()
    {
        QFETCH(int, producers);
        constexpr int total = 500;
        StorageService service(sqliteFactory(m_path));
        VERIFY_OK(service.start());
        const QString id = newConversation(service);
        QVERIFY(!id.isEmpty());
        const quint64 commitsBefore = service.commitCount();

        auto outcomes = std::make_shared<Outcomes>();
        const auto send = [this, &service, id, outcomes](int first, int count) {
            for (int i = first; i < first + count; ++i)
                append(service, message(id, u"c:1"_s, u"m%1"_s.arg(i)), outcomes);
        };
        if (producers == 1) {
            send(0, total);
        } else {
            std::vector<std::unique_ptr<QThread>> threads;
            const int each = total / producers;
            for (int p = 0; p < producers; ++p)
                threads.emplace_back(QThread::create(send, p * each, each));
            for (const auto &thread : threads)
                thread->start();
            for (const auto &thread : threads)
                QVERIFY(thread->wait(30000));
        }

        QTRY_COMPARE_WITH_TIMEOUT(int(outcomes->size()), total, 60000);
        QList<qint64> seqs;
        for (const auto &outcome : *outcomes) {
            VERIFY_OK(outcome);
            QVERIFY(!outcome->duplicate);
            seqs.append(outcome->message.seq);
        }
        if (producers == 1)
            QCOMPARE(seqs, range(1, total)); // outcomes arrive in commit order
        std::sort(seqs.begin(), seqs.end());
        QCOMPARE(seqs, range(1, total));

        const quint64 commits = service.commitCount() - commitsBefore;
        qInfo("%d writes took %llu commits", total, static_cast<unsigned long long>(commits));
        QVERIFY(commits >= 1);
        QVERIFY2(commits < quint64(total), "writes were not grouped into shared commits");
        QCOMPARE(service.pendingWrites(), 0);

        const QList<StoredMessage> stored = storedMessages(service, id);
        QCOMPARE(seqsOf(stored), range(1, total));
    }

    void failingJobKeepsItsNeighbours()
    {
        StorageService service(sqliteFactory(m_path));
        VERIFY_OK(service.start());
        const QString id = newConversation(service);
        QVERIFY(!id.isEmpty());

        auto blocker = std::make_shared<Blocker>();
        block(service, blocker);
        QVERIFY(blocker->entered.tryAcquire(1, 10000));
        const quint64 commitsBefore = service.commitCount();

        auto before = std::make_shared<Outcomes>();
        auto failing = std::make_shared<Outcomes>();
        auto after = std::make_shared<Outcomes>();
        append(service, message(id, u"c:1"_s, u"before"_s), before);
        const NewMessage doomed = message(id, u"c:1"_s, u"doomed"_s);
        service.write<AppendResult>(
            this,
            [doomed](Store &store) -> StoreResult<AppendResult> {
                const auto appended = store.appendMessage(doomed);
                if (!appended)
                    return appended;
                // Fails after it wrote: its savepoint must undo the write.
                return unexpected(
                    StorageError { StorageError::Kind::Conflict, u"refused after writing"_s });
            },
            [failing](StoreResult<AppendResult> result) { failing->push_back(std::move(result)); });
        append(service, message(id, u"c:1"_s, u"after"_s), after);
        QCOMPARE(service.pendingWrites(), 3);

        blocker->release.release();
        QTRY_VERIFY(blocker->delivered);
        QTRY_COMPARE(int(after->size()), 1);
        QCOMPARE(int(before->size()), 1);
        QCOMPARE(int(failing->size()), 1);
        VERIFY_OK(before->front());
        VERIFY_OK(after->front());
        QVERIFY(!failing->front());
        QCOMPARE(failing->front().error().kind, StorageError::Kind::Conflict);
        QCOMPARE(before->front()->message.seq, 1);
        QCOMPARE(after->front()->message.seq, 2); // no gap where the failed job was
        // The blocked group and the group of three: two commits.
        QCOMPARE(service.commitCount() - commitsBefore, quint64(2));

        const QList<StoredMessage> stored = storedMessages(service, id);
        QCOMPARE(seqsOf(stored), (QList<qint64> { 1, 2 }));
        QCOMPARE(stored.at(0).clientId, u"before"_s);
        QCOMPARE(stored.at(1).clientId, u"after"_s);
    }

    void sameClientIdTenTimes_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addRow("one after another") << 0;
        QTest::addRow("all in one group commit") << 1;
        QTest::addRow("interleaved with other writes") << 2;
        QTest::addRow("from two threads at once") << 3;
    }

    // D3: retries of one client_id are stored once and all get the same seq.
    void sameClientIdTenTimes()
    {
        QFETCH(int, mode);
        StorageService service(sqliteFactory(m_path));
        VERIFY_OK(service.start());
        const QString id = newConversation(service);
        QVERIFY(!id.isEmpty());

        const NewMessage same = message(id, u"c:1"_s, u"retried-id"_s);
        auto outcomes = std::make_shared<Outcomes>();
        auto others = std::make_shared<Outcomes>();
        int otherCount = 0;
        switch (mode) {
        case 0:
            for (int i = 0; i < 10; ++i) {
                append(service, same, outcomes);
                QTRY_COMPARE(int(outcomes->size()), i + 1);
            }
            break;
        case 1: {
            auto blocker = std::make_shared<Blocker>();
            block(service, blocker);
            QVERIFY(blocker->entered.tryAcquire(1, 10000));
            const quint64 commitsBefore = service.commitCount();
            for (int i = 0; i < 10; ++i)
                append(service, same, outcomes);
            blocker->release.release();
            QTRY_COMPARE(int(outcomes->size()), 10);
            QCOMPARE(service.commitCount() - commitsBefore, quint64(2));
            break;
        }
        case 2:
            for (int i = 0; i < 10; ++i) {
                append(service, same, outcomes);
                // The same client_id from another sender is a message of its own.
                append(service,
                    i == 0 ? message(id, u"u:5"_s, u"retried-id"_s)
                           : message(id, u"c:1"_s, u"other-%1"_s.arg(i)),
                    others);
                ++otherCount;
            }
            break;
        case 3: {
            const auto send = [this, &service, id, same, outcomes, others](int thread) {
                for (int i = 0; i < 5; ++i) {
                    append(service, same, outcomes);
                    append(service, message(id, u"c:1"_s, u"thread%1-%2"_s.arg(thread).arg(i)),
                        others);
                }
            };
            std::unique_ptr<QThread> first(QThread::create(send, 1));
            std::unique_ptr<QThread> second(QThread::create(send, 2));
            first->start();
            second->start();
            QVERIFY(first->wait(30000));
            QVERIFY(second->wait(30000));
            otherCount = 10;
            break;
        }
        }

        QTRY_COMPARE(int(outcomes->size()), 10);
        QTRY_COMPARE(int(others->size()), otherCount);
        int duplicates = 0;
        for (const auto &outcome : *outcomes) {
            VERIFY_OK(outcome);
            QCOMPARE(outcome->message.seq, outcomes->front()->message.seq);
            QCOMPARE(outcome->message.clientId, u"retried-id"_s);
            duplicates += outcome->duplicate ? 1 : 0;
        }
        QCOMPARE(duplicates, 9);
        QVERIFY(!outcomes->front()->duplicate); // the first to commit is the original
        for (const auto &outcome : *others) {
            VERIFY_OK(outcome);
            QVERIFY(!outcome->duplicate);
        }

        const QList<StoredMessage> stored = storedMessages(service, id);
        QCOMPARE(seqsOf(stored), range(1, 1 + otherCount));
        const auto copies = std::count_if(stored.begin(), stored.end(), [](const StoredMessage &m) {
            return m.senderKey == u"c:1" && m.clientId == u"retried-id";
        });
        QCOMPARE(copies, 1);
    }

    void lockHeldByAnotherProcess_data()
    {
        QTest::addColumn<int>("busyTimeoutMs");
        QTest::addColumn<bool>("waitsItOut");
        QTest::addRow("busy timeout 5000 ms outlasts a 2 s lock") << 5000 << true;
        QTest::addRow("busy timeout 500 ms fails typed") << 500 << false;
    }

    // D5: another process holds the write lock for 2 s.
    void lockHeldByAnotherProcess()
    {
        QFETCH(int, busyTimeoutMs);
        QFETCH(bool, waitsItOut);

        StorageService service(sqliteFactory(m_path, { false, busyTimeoutMs }));
        VERIFY_OK(service.start());
        const QString id = newConversation(service);
        QVERIFY(!id.isEmpty());
        QList<bool> writableChanges;
        connect(&service, &StorageService::writableChanged, this,
            [&writableChanges](bool writable) { writableChanges.append(writable); });

        QProcess other;
        other.setProgram(sqlite3Program());
        other.setArguments({ m_path });
        other.start();
        QVERIFY(other.waitForStarted(10000));
        other.write(".timeout 10000\n"
                    "BEGIN IMMEDIATE;\n"
                    "INSERT INTO meta (key, value) VALUES ('other-process', 'was here');\n");
        QTRY_VERIFY_WITH_TIMEOUT(writeLockTakenElsewhere(m_path), 10000);
        QTimer::singleShot(2000, &other, [&other] {
            other.write("COMMIT;\n.quit\n");
            other.closeWriteChannel();
        });

        QElapsedTimer clock;
        clock.start();
        auto outcomes = std::make_shared<Outcomes>();
        qint64 firstOutcomeMs = -1;
        for (int i = 0; i < 5; ++i)
            append(service, message(id, u"c:1"_s, u"locked-%1"_s.arg(i)), outcomes);
        QTRY_VERIFY_WITH_TIMEOUT(!outcomes->empty(), 15000);
        firstOutcomeMs = clock.elapsed();
        QTRY_COMPARE_WITH_TIMEOUT(int(outcomes->size()), 5, 15000);

        if (waitsItOut) {
            QVERIFY2(
                firstOutcomeMs >= 1500, qPrintable(u"came back after %1 ms"_s.arg(firstOutcomeMs)));
            QList<qint64> seqs;
            for (const auto &outcome : *outcomes) {
                VERIFY_OK(outcome);
                seqs.append(outcome->message.seq);
            }
            QCOMPARE(seqs, range(1, 5));
            QVERIFY(service.isWritable());
            QVERIFY(writableChanges.isEmpty());
        } else {
            for (const auto &outcome : *outcomes) {
                QVERIFY(!outcome);
                QCOMPARE(outcome.error().kind, StorageError::Kind::Unavailable);
            }
            QVERIFY(!service.lastError().isEmpty());
            QTRY_COMPARE(writableChanges.value(0, true), false);
        }

        QTRY_COMPARE_WITH_TIMEOUT(other.state(), QProcess::NotRunning, 15000);
        QCOMPARE(other.exitStatus(), QProcess::NormalExit);
        QCOMPARE(QString::fromUtf8(other.readAllStandardError()), QString());
        QCOMPARE(other.exitCode(), 0);

        // Readiness comes back without any traffic (the idle writer probes).
        QTRY_VERIFY_WITH_TIMEOUT(service.isWritable(), 15000);
        if (!waitsItOut)
            QTRY_COMPARE(writableChanges, (QList<bool> { false, true }));

        const qint64 firstSeq = waitsItOut ? 6 : 1; // failed writes stored nothing
        auto later = std::make_shared<Outcomes>();
        for (int i = 0; i < 5; ++i)
            append(service, message(id, u"c:1"_s, u"later-%1"_s.arg(i)), later);
        QTRY_COMPARE_WITH_TIMEOUT(int(later->size()), 5, 15000);
        for (int i = 0; i < 5; ++i) {
            VERIFY_OK(later->at(i));
            QCOMPARE(later->at(i)->message.seq, firstSeq + i);
        }
        service.stop();

        QCOMPARE(sqliteCli(m_path, u"PRAGMA integrity_check;"_s), u"ok"_s);
        const int storedCount = waitsItOut ? 10 : 5;
        QCOMPARE(sqliteCli(m_path, u"SELECT count(*), max(seq) FROM messages;"_s),
            u"%1|%1"_s.arg(storedCount));
        QCOMPARE(sqliteCli(m_path, u"SELECT value FROM meta WHERE key = 'other-process';"_s),
            u"was here"_s);
    }

    void startRefusesNewerDatabase()
    {
        {
            SqliteStore store(m_path, u"setup"_s, {});
            VERIFY_OK(store.open());
        }
        QCOMPARE(sqliteCli(m_path, u"PRAGMA user_version = 42;"_s), QString());

        StorageService service(sqliteFactory(m_path));
        const auto started = service.start();
        QVERIFY(!started);
        QCOMPARE(started.error().kind, StorageError::Kind::TooNew);
        QVERIFY2(
            started.error().message.contains(u"schema 42"_s), qPrintable(started.error().message));
        QVERIFY(!service.isWritable());
        QCOMPARE(QSqlDatabase::connectionNames(), QStringList()); // nothing left running

        const auto refused
            = writeAndWait<Done>(service, [](Store &store) { return store.probeWrite(); });
        QVERIFY(refused.has_value());
        QVERIFY(!*refused);
        QCOMPARE(refused->error().kind, StorageError::Kind::Unavailable);
    }

    void stopFinishesQueuedWrites()
    {
        constexpr int total = 200;
        StorageService service(sqliteFactory(m_path));
        VERIFY_OK(service.start());
        const QString id = newConversation(service);
        QVERIFY(!id.isEmpty());

        auto outcomes = std::make_shared<Outcomes>();
        for (int i = 0; i < total; ++i)
            append(service, message(id, u"c:1"_s, u"m%1"_s.arg(i)), outcomes);
        service.stop();
        QCOMPARE(service.pendingWrites(), 0);
        // Every outcome was posted before stop() returned.
        QCoreApplication::sendPostedEvents(this);
        QCOMPARE(int(outcomes->size()), total);
        for (const auto &outcome : *outcomes)
            VERIFY_OK(outcome);

        auto refused = std::make_shared<Outcomes>();
        append(service, message(id, u"c:1"_s, u"too-late"_s), refused);
        QTRY_COMPARE(int(refused->size()), 1);
        QVERIFY(!refused->front());
        QCOMPARE(refused->front().error().kind, StorageError::Kind::Unavailable);

        // A stopped service starts again on the same file.
        VERIFY_OK(service.start());
        auto resumed = std::make_shared<Outcomes>();
        append(service, message(id, u"c:1"_s, u"resumed"_s), resumed);
        QTRY_COMPARE(int(resumed->size()), 1);
        VERIFY_OK(resumed->front());
        QCOMPARE(resumed->front()->message.seq, total + 1);
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

QTEST_GUILESS_MAIN(tst_StorageService)
#include "tst_storageservice.moc"
