// `switchboard-server deadletters list|replay ID|purge` through the real binary, against a
// SQLite file seeded the way the webhook dispatcher leaves it.
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <config/commandline.h>
#include <memory>
#include <store/sqlitestore.h>
#include <switchboard/timeformat.h>

using namespace Qt::StringLiterals;
using namespace switchboard;
using namespace switchboard::server;

namespace {

const QString bodyText = u"please refund order 5521 to card 4242"_s;

struct Exit {
    int code = -1;
    QString out;
    QString err;
};

// Runs the switchboard-server binary the build produced, as a shell would.
Exit runBinary(const QStringList &arguments)
{
    Exit exit;
    QProcess process;
    process.start(QString::fromUtf8(SWITCHBOARD_SERVER_BINARY), arguments);
    if (!process.waitForStarted(10000)) {
        exit.err = u"cannot start switchboard-server: "_s + process.errorString();
        return exit;
    }
    process.closeWriteChannel();
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished(5000);
        exit.err = u"switchboard-server did not finish"_s;
        return exit;
    }
    exit.out = QString::fromUtf8(process.readAllStandardOutput());
    exit.err = QString::fromUtf8(process.readAllStandardError());
    if (process.exitStatus() == QProcess::NormalExit)
        exit.code = process.exitCode();
    else
        exit.err += u"<crashed>"_s;
    return exit;
}

} // namespace

class tst_DeadLetterCommands final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_dataDir;

    QStringList command(const QStringList &words) const
    {
        return QStringList { u"deadletters"_s } + words + QStringList { u"--data"_s, m_dataDir };
    }

    std::unique_ptr<SqliteStore> openStore()
    {
        static int connections = 0;
        auto store = std::make_unique<SqliteStore>(m_dataDir + u"/switchboard.sqlite3"_s,
            u"tst_deadlettercommands-%1"_s.arg(++connections));
        const auto opened = store->open();
        if (!opened) {
            qWarning("%s", qPrintable(opened.error().message));
            return nullptr;
        }
        return store;
    }

    // A dead letter as the dispatcher leaves one after its last attempt; its id.
    qint64 seedDeadLetter(Store &store, const QString &url, const QString &error, qint64 failedMs)
    {
        WebhookDelivery delivery;
        delivery.url = url;
        delivery.eventType = u"message.created"_s;
        delivery.body = u"{\"type\":\"message.created\",\"text\":\"%1\"}"_s.arg(bodyText).toUtf8();
        delivery.nextAttemptMs = failedMs - 1000;
        delivery.createdMs = failedMs - 5000;
        const auto queued = store.enqueueWebhook(delivery);
        if (!queued)
            return 0;
        if (!store.markWebhookAttempt(queued->id, 5, failedMs, error))
            return 0;
        if (!store.moveToDeadLetters(queued->id, error, failedMs))
            return 0;
        return queued->id;
    }

private Q_SLOTS:
    void init()
    {
        const QString binary = QString::fromUtf8(SWITCHBOARD_SERVER_BINARY);
        QVERIFY2(QFileInfo(binary).isExecutable(),
            qPrintable(binary + u" is missing: build the switchboard-server target"_s));
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_dataDir = m_dir->filePath(u"data"_s);
    }

    void cleanup() { m_dir.reset(); }

    void listShowsEverythingButTheBody()
    {
        const qint64 failedMs = 1'790'000'000'000;
        qint64 id = 0;
        {
            auto store = openStore();
            QVERIFY(store);
            id = seedDeadLetter(*store, u"https://crm.example/hooks"_s,
                u"HTTP 500 Internal Server Error"_s, failedMs);
            QVERIFY(id > 0);
        }

        const Exit listed = runBinary(command({ u"list"_s }));
        QVERIFY2(listed.err.isEmpty(), qPrintable(listed.err));
        QCOMPARE(listed.code, exitOk);
        const QStringList lines = listed.out.split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines.at(0).simplified(), u"ID FAILED EVENT ATTEMPTS URL LAST ERROR"_s);
        QCOMPARE(lines.at(1).simplified(),
            u"%1 %2 message.created 5 https://crm.example/hooks HTTP 500 Internal Server Error"_s
                .arg(id)
                .arg(formatTimestamp(failedMs)));
        QVERIFY2(!listed.out.contains(u"4242"_s), "the body holds message text: never listed");
        QVERIFY(!listed.out.contains(u"refund"_s));
    }

    void listWhenEmpty()
    {
        const Exit listed = runBinary(command({ u"list"_s }));
        QCOMPARE(listed.code, exitOk);
        QCOMPARE(listed.out, u"no dead letters\n"_s);
        QVERIFY(listed.err.isEmpty());
    }

    void replayMovesItBackToTheOutbox()
    {
        qint64 id = 0;
        {
            auto store = openStore();
            QVERIFY(store);
            id = seedDeadLetter(*store, u"https://crm.example/hooks"_s, u"HTTP 502"_s, 5000);
            QVERIFY(id > 0);
        }

        const Exit replayed = runBinary(command({ u"replay"_s, QString::number(id) }));
        QVERIFY2(replayed.err.isEmpty(), qPrintable(replayed.err));
        QCOMPARE(replayed.code, exitOk);
        QCOMPARE(replayed.out, u"queued dead letter %1 for delivery again\n"_s.arg(id));

        auto store = openStore();
        QVERIFY(store);
        QCOMPARE(*store->deadLetterCount(), 0);
        const auto due = store->dueWebhooks(nowMs(), 10);
        QVERIFY(due.hasValue());
        QCOMPARE(due->size(), 1);
        QCOMPARE(due->first().id, id); // receivers see the same delivery id again
        QCOMPARE(due->first().attempts, 0);
        QVERIFY(due->first().body.contains(bodyText.toUtf8()));

        // Replayed already: it is not a dead letter any more.
        const Exit again = runBinary(command({ u"replay"_s, QString::number(id) }));
        QCOMPARE(again.code, exitUsage);
        QCOMPARE(again.err,
            u"switchboard-server: deadletters replay: no dead letter with ID %1\n"_s.arg(id));
    }

    void replayOfAnUnknownId()
    {
        const Exit unknown = runBinary(command({ u"replay"_s, u"999"_s }));
        QCOMPARE(unknown.code, exitUsage);
        QVERIFY(unknown.out.isEmpty());
        QCOMPARE(
            unknown.err, u"switchboard-server: deadletters replay: no dead letter with ID 999\n"_s);

        const Exit notANumber = runBinary(command({ u"replay"_s, u"abc"_s }));
        QCOMPARE(notANumber.code, exitUsage);
        QCOMPARE(notANumber.err.count(u'\n'), 1);
        QVERIFY2(notANumber.err.startsWith(u"switchboard-server: deadletters replay: expected a "
                                           u"positive whole number as ID, got \"abc\""_s),
            qPrintable(notANumber.err));
    }

    void purgeEmptiesTheTable()
    {
        {
            auto store = openStore();
            QVERIFY(store);
            QVERIFY(seedDeadLetter(*store, u"https://a.example/h"_s, u"HTTP 500"_s, 1000) > 0);
            QVERIFY(seedDeadLetter(*store, u"https://b.example/h"_s, u"timed out"_s, 2000) > 0);
        }
        const Exit purged = runBinary(command({ u"purge"_s }));
        QVERIFY2(purged.err.isEmpty(), qPrintable(purged.err));
        QCOMPARE(purged.code, exitOk);
        QCOMPARE(purged.out, u"purged 2 dead letters\n"_s);

        auto store = openStore();
        QVERIFY(store);
        QCOMPARE(*store->deadLetterCount(), 0);
        QCOMPARE(runBinary(command({ u"list"_s })).out, u"no dead letters\n"_s);
        QCOMPARE(runBinary(command({ u"purge"_s })).out, u"purged 0 dead letters\n"_s);
    }
};

QTEST_GUILESS_MAIN(tst_DeadLetterCommands)
#include "tst_deadlettercommands.moc"
