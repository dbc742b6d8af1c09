// Delivery and recovery scenarios from docs/reliability.md: R1 (resume after an absence),
// R2 (a database restored from a backup) and R4 (a peer that vanishes without closing).
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QTest>
#include <tcpproxy.h>
#include <testclient.h>
#include <testserver.h>

using namespace Qt::StringLiterals;
using switchboard::server::ServerConfig;

namespace {
const QString password = u"agent-password-1"_s;
}

class RecoveryTest final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // R1: a client is away 5 s while 50 messages are sent to it, then syncs.
    void awayClientReceivesExactlyWhatItMissed()
    {
        TestServer server;
        QVERIFY(server.addUser(u"alice"_s, u"agent"_s, {}, password));
        QVERIFY(server.start());
        TestClient agent;
        QVERIFY(agent.open(server.url()));
        QVERIFY(!agent.helloStaff(u"alice"_s, password).isEmpty());
        TestClient customer;
        QVERIFY(customer.open(server.url()));
        const QJsonObject welcome = customer.helloCustomer();
        const QString id = welcome[u"conversation"_s][u"id"_s].toString();
        const QString epoch = welcome[u"conversation"_s][u"epoch"_s].toString();
        QVERIFY(!agent.take(u"assigned"_s).isEmpty());
        const QJsonObject last = customer.sendText(u"before leaving"_s, u"c-1"_s);
        const int seenSeq = last[u"seq"_s].toInt();
        QVERIFY(seenSeq > 0);
        customer.abort();

        QElapsedTimer away;
        away.start();
        QList<int> sent;
        for (int i = 0; i < 50; ++i) {
            const QJsonObject ack = agent.sendText(u"while away %1"_s.arg(i), u"a-%1"_s.arg(i), id);
            QCOMPARE(ack[u"type"_s].toString(), u"ack"_s);
            sent.append(ack[u"seq"_s].toInt());
            QTest::qWait(80); // 50 × 80 ms ≈ 4 s of sending, then the rest of the 5 s away
        }
        while (away.elapsed() < 5000)
            QTest::qWait(50);

        TestClient back;
        QVERIFY(back.open(server.url()));
        QVERIFY(!back.helloCustomer(u"Ann"_s, welcome[u"token"_s].toString()).isEmpty());
        back.send({ { u"type"_s, u"sync"_s }, { u"conversation"_s, id },
            { u"after_seq"_s, seenSeq }, { u"epoch"_s, epoch }, { u"limit"_s, 500 } });
        const QJsonObject synced = back.take(u"synced"_s);
        QCOMPARE(synced[u"recovered"_s].toBool(), true);
        QCOMPARE(synced[u"complete"_s].toBool(), true);
        const QList<QJsonObject> received = back.all(u"message"_s);
        QCOMPARE(received.size(), 50);
        for (int i = 0; i < 50; ++i) {
            QCOMPARE(received[i][u"seq"_s].toInt(), sent[i]);
            QCOMPARE(received[i][u"text"_s].toString(), u"while away %1"_s.arg(i));
        }
    }

    // R2: the database is restored from a backup taken before the last messages. A client
    // that saw them is told to reload (a new epoch, recovered:false), then reads exactly what
    // is stored; a client that reloaded resumes normally under the new epoch.
    void restoredDatabaseMakesClientsReload()
    {
        TestServer server;
        QVERIFY(server.addUser(u"alice"_s, u"agent"_s, {}, password));
        QVERIFY(server.start());
        TestClient agent;
        QVERIFY(agent.open(server.url()));
        QVERIFY(!agent.helloStaff(u"alice"_s, password).isEmpty());
        TestClient customer;
        QVERIFY(customer.open(server.url()));
        const QJsonObject welcome = customer.helloCustomer();
        const QString id = welcome[u"conversation"_s][u"id"_s].toString();
        const QString epoch = welcome[u"conversation"_s][u"epoch"_s].toString();
        const QString token = welcome[u"token"_s].toString();
        QVERIFY(!agent.take(u"assigned"_s).isEmpty());
        const int backedUpSeq
            = customer.sendText(u"before the backup"_s, u"c-1"_s)[u"seq"_s].toInt();
        QVERIFY(backedUpSeq > 0);

        // The backup: the database's files, copied while the server is stopped.
        const QString database = server.databasePath();
        const QStringList files { database, database + u"-wal"_s, database + u"-shm"_s };
        const QString backupDir = server.dataDir() + u"/backup"_s;
        QVERIFY(QDir().mkpath(backupDir));
        const auto backupOf = [&](const QString &file) -> QString {
            return backupDir + u'/' + QFileInfo(file).fileName();
        };
        server.stop();
        for (const QString &file : files) {
            if (QFile::exists(file))
                QVERIFY(QFile::copy(file, backupOf(file)));
        }
        QVERIFY(server.start());

        // Life goes on: two more messages the customer sees acked.
        TestClient later;
        QVERIFY(later.open(server.url()));
        QVERIFY(!later.helloCustomer(u"Ann"_s, token).isEmpty());
        QVERIFY(later.sendText(u"after the backup 1"_s, u"c-2"_s)[u"seq"_s].toInt() > backedUpSeq);
        const int seenSeq = later.sendText(u"after the backup 2"_s, u"c-3"_s)[u"seq"_s].toInt();
        QCOMPARE(seenSeq, backedUpSeq + 2);
        later.abort();

        // The restore: the backup's files put back in place of the database's.
        server.stop();
        for (const QString &file : files) {
            QFile::remove(file);
            if (QFile::exists(backupOf(file)))
                QVERIFY(QFile::copy(backupOf(file), file));
        }
        QVERIFY(server.start());

        TestClient back;
        QVERIFY(back.open(server.url()));
        const QJsonObject rewelcome = back.helloCustomer(u"Ann"_s, token);
        QCOMPARE(rewelcome[u"conversation"_s][u"seq"_s].toInt(), backedUpSeq);
        back.send({ { u"type"_s, u"sync"_s }, { u"conversation"_s, id },
            { u"after_seq"_s, seenSeq }, { u"epoch"_s, epoch }, { u"limit"_s, 500 } });
        const QJsonObject synced = back.take(u"synced"_s);
        QCOMPARE(synced[u"recovered"_s].toBool(), false);
        QCOMPARE(synced[u"complete"_s].toBool(), true);
        QCOMPARE(synced[u"seq"_s].toInt(), backedUpSeq);
        const QString newEpoch = synced[u"epoch"_s].toString();
        QVERIFY(!newEpoch.isEmpty());
        QVERIFY(newEpoch != epoch);
        QVERIFY(back.all(u"message"_s).isEmpty());

        // The reload: exactly the stored history, ending with the last message backed up.
        back.send({ { u"type"_s, u"history"_s }, { u"conversation"_s, id }, { u"limit"_s, 50 } });
        const QJsonObject history = back.take(u"history"_s);
        const QJsonArray messages = history[u"messages"_s].toArray();
        QCOMPARE(messages.size(), backedUpSeq);
        for (int i = 0; i < messages.size(); ++i)
            QCOMPARE(messages[i][u"seq"_s].toInt(), i + 1);
        QCOMPARE(messages.last()[u"text"_s].toString(), u"before the backup"_s);
        QCOMPARE(history[u"has_more"_s].toBool(), false);

        // Under the new epoch the conversation goes on as usual, for this client and others.
        const int next = back.sendText(u"after the restore"_s, u"c-4"_s)[u"seq"_s].toInt();
        QCOMPARE(next, backedUpSeq + 1);
        TestClient other;
        QVERIFY(other.open(server.url()));
        QCOMPARE(other.helloCustomer(u"Ann"_s, token)[u"conversation"_s][u"epoch"_s].toString(),
            newEpoch);
        other.send({ { u"type"_s, u"sync"_s }, { u"conversation"_s, id },
            { u"after_seq"_s, backedUpSeq }, { u"epoch"_s, newEpoch }, { u"limit"_s, 500 } });
        const QJsonObject resumed = other.take(u"synced"_s);
        QCOMPARE(resumed[u"recovered"_s].toBool(), true);
        QCOMPARE(resumed[u"epoch"_s].toString(), newEpoch);
        const QList<QJsonObject> missed = other.all(u"message"_s);
        QCOMPARE(missed.size(), 1);
        QCOMPARE(missed.first()[u"text"_s].toString(), u"after the restore"_s);
        // A client still on the old epoch is told to reload too, whatever seq it claims.
        other.send({ { u"type"_s, u"sync"_s }, { u"conversation"_s, id }, { u"after_seq"_s, 1 },
            { u"epoch"_s, epoch }, { u"limit"_s, 500 } });
        QCOMPARE(other.take(u"synced"_s)[u"recovered"_s].toBool(), false);
    }

    // R4: a peer vanishes without closing: detected within 2.5 × heartbeat, and its agent's
    // conversations are requeued (and reassigned) once the grace period is over.
    void vanishedPeerIsDetectedAndRequeued()
    {
        const int heartbeatSeconds = 1;
        const int graceSeconds = 2;
        TestServer server([&](ServerConfig &config) {
            config.heartbeatSeconds = heartbeatSeconds;
            config.graceSeconds = graceSeconds;
        });
        QVERIFY(server.addUser(u"alice"_s, u"agent"_s, {}, password, u"Alice"_s));
        QVERIFY(server.addUser(u"bob"_s, u"agent"_s, {}, password, u"Bob"_s));
        QVERIFY(server.start());

        TcpProxy cable(server.port());
        TestClient alice;
        QVERIFY(alice.open(QUrl(u"ws://127.0.0.1:%1/ws"_s.arg(cable.port()))));
        QVERIFY(!alice.helloStaff(u"alice"_s, password).isEmpty());
        TestClient customer;
        QVERIFY(customer.open(server.url()));
        const QString id = customer.helloCustomer()[u"conversation"_s][u"id"_s].toString();
        QCOMPARE(alice.take(u"assigned"_s)[u"conversation"_s][u"id"_s].toString(), id);
        // Bob is away so the conversation stays with Alice until she is gone.
        TestClient bob;
        QVERIFY(bob.open(server.url()));
        QVERIFY(!bob.helloStaff(u"bob"_s, password).isEmpty());
        bob.send({ { u"type"_s, u"status"_s }, { u"state"_s, u"away"_s } });
        QVERIFY(!bob.take(u"status"_s).isEmpty());
        // Alice's socket keeps answering pings for a few heartbeats: no false positive.
        QTest::qWait(3 * heartbeatSeconds * 1000);
        QVERIFY(!cable.upstreamClosed());

        QElapsedTimer sinceCut;
        cable.cut();
        sinceCut.start();
        QTRY_VERIFY_WITH_TIMEOUT(cable.upstreamClosed(), 10000);
        const qint64 detectedMs = sinceCut.elapsed();
        qInfo("vanished peer closed by the server after %lld ms (heartbeat %d s)", detectedMs,
            heartbeatSeconds);
        QVERIFY2(detectedMs <= heartbeatSeconds * 2500 + 100,
            qPrintable(u"closed after %1 ms"_s.arg(detectedMs)));

        // Within the grace period nothing moves; then the conversation goes back to the queue.
        bob.send({ { u"type"_s, u"status"_s }, { u"state"_s, u"available"_s } });
        QVERIFY(!bob.receives(u"assigned"_s, graceSeconds * 1000 - 500));
        const QJsonObject requeued
            = customer.take(u"conversation"_s, graceSeconds * 1000 + 3000, [](const auto &m) {
                  return m[u"conversation"_s][u"agent"_s][u"name"_s].toString() == u"Bob"_s;
              });
        QCOMPARE(requeued[u"conversation"_s][u"state"_s].toString(), u"assigned"_s);
        QCOMPARE(bob.take(u"assigned"_s)[u"conversation"_s][u"id"_s].toString(), id);
        QVERIFY(sinceCut.elapsed() >= detectedMs + graceSeconds * 1000 - 300);
    }
};

QTEST_GUILESS_MAIN(RecoveryTest)
#include "tst_recovery.moc"
