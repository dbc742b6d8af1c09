// Durability and crash scenarios from docs/reliability.md against the real
// switchboard-server process: D1 and D2 (SIGKILL mid-stream, 20 times, on SQLite and on
// PostgreSQL: one scenario, two data rows), D3 (the same client_id many times, also
// concurrently), D5 (another process holds the SQLite write lock). D2 needs
// SWITCHBOARD_TEST_POSTGRES_URL and runs in a schema of its own, dropped afterwards.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QTimer>
#include <serverprocess.h>
#include <store/postgresoptions.h>
#include <testclient.h>
#include <testpostgres.h>
#include <testserver.h>

using namespace Qt::StringLiterals;
using switchboard::server::PostgresOptions;

namespace {

QString integrityCheck(const QString &databasePath)
{
    QProcess sqlite;
    sqlite.start(u"sqlite3"_s, { databasePath, u"PRAGMA integrity_check;"_s });
    if (!sqlite.waitForFinished(30000))
        return u"sqlite3 did not finish"_s;
    return QString::fromUtf8(sqlite.readAllStandardOutput()).trimmed();
}

// What the database itself holds for one conversation, checked against what its customer was
// acked: seqs 1..n without gap or duplicate, each client_id once, every acked one at its acked
// seq, nothing else, and the conversation's seq counter at n. Empty when all of that holds.
QString storedConversationProblem(
    const QSqlDatabase &db, const QString &conversation, const QHash<QString, int> &acked)
{
    QSqlQuery rows(db);
    rows.prepare(u"SELECT seq, client_id FROM messages WHERE conversation_id = ? ORDER BY seq"_s);
    rows.addBindValue(conversation);
    if (!rows.exec())
        return u"reading messages: "_s + rows.lastError().text();
    QHash<QString, int> seqOfClientId;
    int expectedSeq = 1;
    while (rows.next()) {
        const int seq = rows.value(0).toInt();
        const QString clientId = rows.value(1).toString();
        if (seq != expectedSeq)
            return u"stored seq %1 where %2 was due"_s.arg(seq).arg(expectedSeq);
        if (clientId.isEmpty() || seqOfClientId.contains(clientId))
            return u"seq %1: client_id missing or stored twice"_s.arg(seq);
        seqOfClientId.insert(clientId, seq);
        ++expectedSeq;
    }
    for (auto it = acked.cbegin(); it != acked.cend(); ++it) {
        if (seqOfClientId.value(it.key(), -1) != it.value())
            return u"%1 acked with seq %2 but stored at %3"_s.arg(it.key())
                .arg(it.value())
                .arg(seqOfClientId.value(it.key(), -1));
    }
    if (seqOfClientId.size() != acked.size())
        return u"%1 rows stored, %2 acked"_s.arg(seqOfClientId.size()).arg(acked.size());
    QSqlQuery counter(db);
    counter.prepare(u"SELECT seq FROM conversations WHERE id = ?"_s);
    counter.addBindValue(conversation);
    if (!counter.exec() || !counter.next())
        return u"reading the conversation: "_s + counter.lastError().text();
    if (counter.value(0).toInt() != seqOfClientId.size())
        return u"conversation seq %1 after %2 rows"_s.arg(counter.value(0).toInt())
            .arg(seqOfClientId.size());
    return {};
}

// A customer that sends steadily, reconnects by itself and retries every unacknowledged
// message with its original client_id, as PROTOCOL.md tells clients to.
class SteadyCustomer final : public QObject {
public:
    SteadyCustomer(int index, QUrl url)
        : m_index(index)
        , m_url(std::move(url))
    {
        connect(&m_socket, &QWebSocket::connected, this, [this] { hello(); });
        connect(&m_socket, &QWebSocket::disconnected, this, [this] {
            m_ready = false;
            m_retryAtMs = QDateTime::currentMSecsSinceEpoch() + 50;
        });
        connect(&m_socket, &QWebSocket::textMessageReceived, this, &SteadyCustomer::onText);
    }

    void tick(bool sendNew)
    {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        if (m_socket.state() == QAbstractSocket::UnconnectedState && now >= m_retryAtMs) {
            m_retryAtMs = now + 200;
            m_socket.open(m_url);
            return;
        }
        if (!m_ready || !sendNew || m_unacked.size() >= 3)
            return;
        const QString clientId = u"c%1-%2"_s.arg(m_index).arg(m_next++);
        m_unacked.insert(clientId);
        send(clientId);
    }

    bool settled() const { return m_ready && m_unacked.isEmpty(); }
    const QHash<QString, int> &acked() const { return m_acked; }
    QStringList violations() const { return m_violations; }
    QString token() const { return m_token; }
    QString conversation() const { return m_conversation; }

private:
    void hello()
    {
        QJsonObject hello { { u"type"_s, u"hello"_s }, { u"v"_s, 1 }, { u"role"_s, u"customer"_s },
            { u"name"_s, u"Steady %1"_s.arg(m_index) } };
        hello.insert(u"token"_s, m_token.isEmpty() ? QJsonValue() : QJsonValue(m_token));
        write(hello);
    }

    void send(const QString &clientId)
    {
        write({ { u"type"_s, u"send"_s }, { u"client_id"_s, clientId },
            { u"text"_s, QString(u"payload of "_s + clientId) } });
    }

    void write(const QJsonObject &object)
    {
        m_socket.sendTextMessage(
            QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)));
    }

    void onText(const QString &text)
    {
        const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
        const QString type = message[u"type"_s].toString();
        if (type == u"welcome") {
            const QString conversation = message[u"conversation"_s][u"id"_s].toString();
            if (!m_conversation.isEmpty() && conversation != m_conversation)
                m_violations.append(u"resumed into another conversation"_s);
            m_conversation = conversation;
            m_token = message[u"token"_s].toString();
            m_ready = true;
            for (const QString &clientId : std::as_const(m_unacked))
                send(clientId); // at-least-once: retry with the same client_id
        } else if (type == u"ack") {
            const QString clientId = message[u"client_id"_s].toString();
            const int seq = message[u"seq"_s].toInt();
            if (m_acked.contains(clientId) && m_acked.value(clientId) != seq)
                m_violations.append(u"%1 acked with two seqs"_s.arg(clientId));
            m_acked.insert(clientId, seq);
            m_unacked.remove(clientId);
        } else if (type == u"error") {
            // unavailable: nothing stored; the client_id stays unacked and is sent again.
            const QString ref = message[u"ref"_s].toString();
            if (m_unacked.contains(ref))
                QTimer::singleShot(100, this, [this, ref] {
                    if (m_ready && m_unacked.contains(ref))
                        send(ref);
                });
        }
    }

    int m_index;
    QUrl m_url;
    QWebSocket m_socket;
    bool m_ready = false;
    qint64 m_retryAtMs = 0;
    int m_next = 0;
    QString m_token;
    QString m_conversation;
    QSet<QString> m_unacked;
    QHash<QString, int> m_acked;
    QStringList m_violations;
};

} // namespace

class DurabilityTest final : public QObject {
    Q_OBJECT

private:
    // D2's PostgreSQL, and the schema of the current run (dropped in cleanup()).
    PostgresOptions m_postgres;
    QString m_schema;

    static constexpr auto rawConnection = "durability-raw";

    // A connection of the test's own to the database the server wrote, so the result is read
    // from the store and not only through the server. Unqualified table names resolve in the
    // run's schema on PostgreSQL.
    QSqlDatabase openStoredDatabase(const QString &sqlitePath)
    {
        const bool onPostgres = !m_schema.isEmpty();
        QSqlDatabase db = onPostgres
            ? TestPostgres::addRawConnection(m_postgres, QLatin1StringView(rawConnection))
            : QSqlDatabase::addDatabase(u"QSQLITE"_s, QLatin1StringView(rawConnection));
        if (!onPostgres) {
            db.setDatabaseName(sqlitePath);
            db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
        }
        if (db.open() && onPostgres) {
            QSqlQuery(db).exec(
                u"SET client_min_messages TO warning"_s); // no DROP … CASCADE notices
            QSqlQuery(db).exec(u"SET search_path TO \"%1\""_s.arg(m_schema));
        }
        return db;
    }

private Q_SLOTS:
    void cleanup()
    {
        if (!m_schema.isEmpty()) {
            // A scope of its own: the connection is removed below only once nothing uses it.
            QSqlDatabase db = QSqlDatabase::contains(QLatin1StringView(rawConnection))
                ? QSqlDatabase::database(QLatin1StringView(rawConnection))
                : openStoredDatabase({});
            QSqlQuery drop(db);
            if (!drop.exec(u"DROP SCHEMA IF EXISTS \"%1\" CASCADE"_s.arg(m_schema)))
                qWarning("schema %s left behind: %s", qPrintable(m_schema),
                    qPrintable(drop.lastError().text()));
            m_schema.clear();
        }
        if (QSqlDatabase::contains(QLatin1StringView(rawConnection))) {
            QSqlDatabase::database(QLatin1StringView(rawConnection), false).close();
            QSqlDatabase::removeDatabase(QLatin1StringView(rawConnection));
        }
    }

    // D1 (SQLite) and D2 (PostgreSQL): kill -9 the server ≥ 20 times while 50 clients send
    // steadily; restart; resume.
    void sigkillMidStreamLosesNothing_data()
    {
        QTest::addColumn<bool>("onPostgres");
        QTest::addRow("D1 SQLite") << false;
        QTest::addRow("D2 PostgreSQL") << true;
    }

    void sigkillMidStreamLosesNothing()
    {
        QFETCH(bool, onPostgres);
        QStringList arguments { u"--rate-limit"_s, u"0"_s, u"--io-threads"_s, u"2"_s };
        if (onPostgres) {
            const auto postgres = TestPostgres::fromEnvironment();
            if (!postgres)
                QFAIL(qPrintable(u"D2: "_s + postgres.error()));
            const QString &base = postgres->url;
            m_postgres = postgres->options;
            m_schema = u"sbdurability_%1"_s.arg(
                QRandomGenerator::global()->generate64(), 16, 16, QLatin1Char('0'));
            arguments << u"--db"_s << base + u"?schema="_s + m_schema;
        }
        const char *const scenario = onPostgres ? "D2" : "D1";
        QElapsedTimer duration;
        duration.start();
        ServerProcess server(arguments);
        QVERIFY2(server.start(), server.log().right(2000).constData());
        std::vector<std::unique_ptr<SteadyCustomer>> customers;
        for (int i = 0; i < 50; ++i)
            customers.push_back(std::make_unique<SteadyCustomer>(i, server.url()));
        bool sending = true;
        QTimer ticker;
        connect(&ticker, &QTimer::timeout, this, [&] {
            for (auto &customer : customers)
                customer->tick(sending);
        });
        ticker.start(40);

        const int kills = 20;
        for (int round = 0; round < kills; ++round) {
            QTest::qWait(300 + int(QRandomGenerator::global()->bounded(700)));
            server.kill9();
            QTest::qWait(50 + int(QRandomGenerator::global()->bounded(200)));
            QVERIFY2(server.start(), server.log().right(2000).constData());
        }
        QTest::qWait(1500);
        sending = false;
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(customers.begin(), customers.end(),
                                     [](const auto &c) { return c->settled(); }),
            30000);
        ticker.stop();

        int totalAcked = 0;
        for (const auto &customer : customers) {
            QVERIFY2(
                customer->violations().isEmpty(), qPrintable(customer->violations().join(u"; "_s)));
            totalAcked += int(customer->acked().size());
            // Read the whole history back through the protocol.
            TestClient reader;
            QVERIFY(reader.open(server.url()));
            QVERIFY(!reader.helloCustomer(u"reader"_s, customer->token()).isEmpty());
            reader.send({ { u"type"_s, u"sync"_s }, { u"conversation"_s, customer->conversation() },
                { u"after_seq"_s, 0 }, { u"limit"_s, 1000 } });
            const QJsonObject synced = reader.take(u"synced"_s, 10000);
            QCOMPARE(synced[u"complete"_s].toBool(), true);
            const QList<QJsonObject> history = reader.all(u"message"_s);
            QHash<QString, int> seqOfClientId;
            for (int i = 0; i < history.size(); ++i) {
                QCOMPARE(history[i][u"seq"_s].toInt(), i + 1); // no gap, no duplicate seq
                const QString clientId = history[i][u"client_id"_s].toString();
                QVERIFY2(!seqOfClientId.contains(clientId),
                    qPrintable(u"client_id stored twice: "_s + clientId));
                seqOfClientId.insert(clientId, history[i][u"seq"_s].toInt());
            }
            // Every acked message is there, at the seq it was acked with, exactly once.
            for (auto it = customer->acked().cbegin(); it != customer->acked().cend(); ++it)
                QCOMPARE(seqOfClientId.value(it.key(), -1), it.value());
            QCOMPARE(seqOfClientId.size(), customer->acked().size());
        }
        // Enough traffic that the kills fell mid-stream: 50 clients over 20 rounds. A loaded
        // machine restarts the PostgreSQL node slowly, so the floor is not higher.
        QVERIFY2(totalAcked > 250, qPrintable(u"only %1 messages acked"_s.arg(totalAcked)));
        QVERIFY(server.terminate());

        // The same, read from the database the server wrote; and no message anywhere else.
        QSqlDatabase db = openStoredDatabase(server.databasePath());
        QVERIFY2(db.isOpen(), qPrintable(db.lastError().text()));
        for (const auto &customer : customers) {
            const QString problem
                = storedConversationProblem(db, customer->conversation(), customer->acked());
            QVERIFY2(problem.isEmpty(), qPrintable(customer->conversation() + u": "_s + problem));
        }
        QSqlQuery total(db);
        QVERIFY2(total.exec(u"SELECT count(*) FROM messages"_s) && total.next(),
            qPrintable(total.lastError().text()));
        QCOMPARE(total.value(0).toInt(), totalAcked);
        if (!onPostgres)
            QCOMPARE(integrityCheck(server.databasePath()), u"ok"_s);
        qInfo("%s: %d kills, %d messages acked by 50 clients, none lost or doubled, in %lld ms",
            scenario, kills, totalAcked, duration.elapsed());
    }

    // D3: the same client_id sent 10 times, also concurrently from two connections.
    void d3_sameClientIdStoredOnce()
    {
        ServerProcess server({ u"--rate-limit"_s, u"0"_s });
        QVERIFY(server.start());
        TestClient first;
        QVERIFY(first.open(server.url()));
        const QJsonObject welcome = first.helloCustomer();
        TestClient second;
        QVERIFY(second.open(server.url()));
        QVERIFY(!second.helloCustomer(u"Ann"_s, welcome[u"token"_s].toString()).isEmpty());
        const QJsonObject send { { u"type"_s, u"send"_s }, { u"client_id"_s, u"retry-me"_s },
            { u"text"_s, u"exactly once"_s } };
        for (int i = 0; i < 10; ++i)
            first.send(send); // sequential retries on one connection
        for (int i = 0; i < 10; ++i) {
            first.send(send); // and racing from two connections at once
            second.send(send);
        }
        QList<QJsonObject> acks;
        for (int i = 0; i < 20; ++i)
            acks.append(first.take(u"ack"_s));
        for (int i = 0; i < 10; ++i)
            acks.append(second.take(u"ack"_s));
        int duplicates = 0;
        for (const QJsonObject &ack : acks) {
            QCOMPARE(ack[u"seq"_s].toInt(), 1);
            duplicates += ack[u"duplicate"_s].toBool();
        }
        QCOMPARE(duplicates, 29);
        first.send({ { u"type"_s, u"history"_s },
            { u"conversation"_s, welcome[u"conversation"_s][u"id"_s] } });
        QCOMPARE(first.take(u"history"_s)[u"messages"_s].toArray().size(), 1);
        QByteArray metrics;
        QCOMPARE(httpGet(server.port(), "/metrics", &metrics), 200);
        QVERIFY(metrics.contains("switchboard_message_duplicates_total 29"));
        QVERIFY(metrics.contains("switchboard_messages_stored_total 1"));
    }

    // D5: another process holds the SQLite write lock for 2 s.
    void d5_writeLockHeldByAnotherProcess_data()
    {
        QTest::addColumn<int>("busyTimeoutMs");
        QTest::addColumn<bool>("waitsAndSucceeds");
        QTest::addRow("busy timeout longer than the lock") << 5000 << true;
        QTest::addRow("busy timeout shorter than the lock") << 500 << false;
    }

    void d5_writeLockHeldByAnotherProcess()
    {
        QFETCH(int, busyTimeoutMs);
        QFETCH(bool, waitsAndSucceeds);
        ServerProcess server({ u"--busy-timeout-ms"_s, QString::number(busyTimeoutMs) });
        QVERIFY(server.start());
        TestClient customer;
        QVERIFY(customer.open(server.url()));
        QVERIFY(!customer.helloCustomer().isEmpty());
        QCOMPARE(customer.sendText(u"before the lock"_s, u"b1"_s)[u"type"_s].toString(), u"ack"_s);

        QProcess locker;
        locker.start(u"sqlite3"_s, { server.databasePath() });
        QVERIFY(locker.waitForStarted());
        // The marker file appears once the other process holds the write lock.
        const QString marker = server.dataDir() + u"/locked.marker"_s;
        locker.write(
            "BEGIN IMMEDIATE;\n.shell touch " + marker.toUtf8() + "\n.shell sleep 2\nCOMMIT;\n");
        locker.closeWriteChannel();
        QTRY_VERIFY(QFile::exists(marker));

        QElapsedTimer clock;
        clock.start();
        const QJsonObject reply = customer.sendText(u"during the lock"_s, u"d1"_s);
        const qint64 waitedMs = clock.elapsed();
        if (waitsAndSucceeds) {
            QCOMPARE(reply[u"type"_s].toString(), u"ack"_s);
            QVERIFY2(waitedMs >= 1000, "the send waited for the lock");
        } else {
            QCOMPARE(reply[u"type"_s].toString(), u"error"_s);
            QCOMPARE(reply[u"code"_s].toString(), u"unavailable"_s);
            QCOMPARE(reply[u"ref"_s].toString(), u"d1"_s);
        }
        QTRY_VERIFY_WITH_TIMEOUT(locker.state() == QProcess::NotRunning, 10000);
        // Once the lock is gone the same client_id goes through (or is recognised as stored).
        const QJsonObject retry = customer.sendText(u"during the lock"_s, u"d1"_s);
        QCOMPARE(retry[u"type"_s].toString(), u"ack"_s);
        QCOMPARE(retry[u"seq"_s].toInt(), 2);
        QVERIFY(server.isRunning());
        QCOMPARE(httpGet(server.port(), "/healthz"), 200);
        QVERIFY(server.terminate());
        QCOMPARE(integrityCheck(server.databasePath()), u"ok"_s);
    }
};

QTEST_GUILESS_MAIN(DurabilityTest)
#include "tst_durability.moc"
