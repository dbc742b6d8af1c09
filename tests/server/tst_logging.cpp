// S8 and O4 from docs/reliability.md: every log line of the real server is JSON with time,
// level, category and message (and the trace id where a message is involved), and no log line
// carries message text, passwords, tokens or e-mail addresses. Metric labels carry no ids.
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>
#include <serverprocess.h>
#include <testclient.h>
#include <testserver.h>

using namespace Qt::StringLiterals;

class LoggingTest final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void s8_o4_logsAreStructuredAndKeepSecrets()
    {
        const QString password = u"pa55word-that-must-not-leak"_s;
        const QString secretText = u"card number 4111-1111-1111-1111"_s;
        const QString email = u"ann.secret@example.com"_s;
        ServerProcess server({ u"--rate-limit"_s, u"0"_s, u"--log-level"_s, u"debug"_s });
        QVERIFY(server.addUser(u"alice"_s, u"agent"_s, {}, password));
        QVERIFY(server.start());

        TestClient alice;
        QVERIFY(alice.open(server.url()));
        const QString staffToken = alice.helloStaff(u"alice"_s, password)[u"token"_s].toString();
        QVERIFY(!staffToken.isEmpty());
        TestClient ann;
        QVERIFY(ann.open(server.url()));
        ann.send({ { u"type"_s, u"hello"_s }, { u"v"_s, 1 }, { u"role"_s, u"customer"_s },
            { u"token"_s, QJsonValue() }, { u"name"_s, u"Ann"_s }, { u"email"_s, email } });
        const QJsonObject welcome = ann.take(u"welcome"_s);
        const QString customerToken = welcome[u"token"_s].toString();
        const QString conversation = welcome[u"conversation"_s][u"id"_s].toString();
        QVERIFY(!alice.take(u"assigned"_s).isEmpty());
        QCOMPARE(ann.sendText(secretText, u"s8-1"_s)[u"type"_s].toString(), u"ack"_s);
        QCOMPARE(
            alice.sendText(secretText, u"s8-2"_s, conversation, u"note"_s)[u"type"_s].toString(),
            u"ack"_s);
        // Failures log too: a wrong password, a forged token, malformed input, and a send that
        // storage refuses (its log line must carry the message's trace id).
        TestClient intruder;
        QVERIFY(intruder.open(server.url()));
        intruder.send({ { u"type"_s, u"hello"_s }, { u"v"_s, 1 }, { u"role"_s, u"agent"_s },
            { u"login"_s, u"alice"_s }, { u"password"_s, QString(password + u"x"_s) } });
        QVERIFY(intruder.waitClosed());
        ann.sendRaw(u"{not json "_s + secretText);
        QVERIFY(!ann.take(u"error"_s).isEmpty());
        QVERIFY(QProcess::execute(u"prlimit"_s,
                    { u"--pid"_s, QString::number(server.pid()), u"--fsize=4096:unlimited"_s })
            == 0);
        QCOMPARE(ann.sendText(secretText, u"s8-3"_s)[u"code"_s].toString(), u"unavailable"_s);
        QVERIFY(QProcess::execute(u"prlimit"_s,
                    { u"--pid"_s, QString::number(server.pid()), u"--fsize=unlimited:unlimited"_s })
            == 0);
        QByteArray metrics;
        QCOMPARE(httpGet(server.port(), "/metrics", &metrics), 200);
        QVERIFY(server.terminate());

        const QList<QByteArray> lines = server.log().trimmed().split('\n');
        QVERIFY(lines.size() > 5);
        int withTrace = 0;
        for (const QByteArray &line : lines) {
            QJsonParseError error;
            const QJsonObject entry = QJsonDocument::fromJson(line, &error).object();
            QVERIFY2(error.error == QJsonParseError::NoError, line.constData());
            for (const char *field : { "time", "level", "category", "message" })
                QVERIFY2(entry.contains(QLatin1StringView(field)), line.constData());
            for (const QString &secret : { password, secretText, email, staffToken, customerToken })
                QVERIFY2(!line.contains(secret.toUtf8()), line.constData());
            if (entry[u"message"_s].toString().contains(u"message not stored"_s)) {
                QVERIFY2(QRegularExpression(u"^[0-9a-f]{32}$"_s)
                             .match(entry[u"trace_id"_s].toString())
                             .hasMatch(),
                    line.constData());
                ++withTrace;
            }
        }
        QVERIFY2(withTrace >= 1, "the refused send was logged with its trace id");
        // Metric labels never carry ids, tokens or people.
        for (const QString &id : { conversation, staffToken, customerToken, email, u"alice"_s })
            QVERIFY2(!metrics.contains(id.toUtf8()), qPrintable(id));
    }
};

QTEST_GUILESS_MAIN(LoggingTest)
#include "tst_logging.moc"
