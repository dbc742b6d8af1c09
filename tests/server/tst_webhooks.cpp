// R7 of docs/reliability.md: a webhook receiver that fails 3 times, then recovers, and
// another that never recovers. The receivers are a hand-written HTTP server in this test; the
// dispatcher runs on a real StorageService over SQLite, as the server runs it.
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QMutex>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <alerts/alertengine.h>
#include <limits>
#include <memory>
#include <metrics/metrics.h>
#include <store/sqlitestore.h>
#include <store/storageservice.h>
#include <switchboard/timeformat.h>
#include <webhooks/webhookdispatcher.h>

using namespace Qt::StringLiterals;
using namespace switchboard;
using namespace switchboard::server;

namespace {

const QByteArray secret = "r7-webhook-secret";
const QString messageText = u"my card ends in 4242, order #1234"_s;
constexpr int backoffBaseMs = 50;
constexpr int attempts = 5;

// One request as the receiver saw it.
struct Received {
    QString path;
    QHash<QByteArray, QByteArray> headers; // names lower-case
    QByteArray body;
    qint64 atMs = 0; // since the receiver started
    int status = 0; // what it answered
};

// A minimal HTTP/1.1 server: reads one request per connection, answers and closes.
// /flaky fails (500) the first `flakyFailures` times, then answers 204; /broken answers 500
// until `brokenRecovered`; /hold answers nothing until `holdReleased`.
class HookReceiver final : public QObject {
public:
    int flakyFailures = 3;
    bool brokenRecovered = false;
    bool holdReleased = false;

    HookReceiver()
    {
        m_clock.start();
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    QString url(const QString &path) const
    {
        return u"http://127.0.0.1:%1"_s.arg(m_server.serverPort()) + path;
    }
    QList<Received> at(const QString &path) const
    {
        QList<Received> matching;
        for (const Received &request : m_received) {
            if (request.path == path)
                matching.append(request);
        }
        return matching;
    }
    int countAt(const QString &path) const { return int(at(path).size()); }

private:
    void read(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
        if (headEnd < 0)
            return;
        Received request;
        const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
        const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
        if (requestLine.size() < 2)
            return;
        request.path = QString::fromLatin1(requestLine.at(1));
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines.at(i).indexOf(':');
            if (colon > 0)
                request.headers.insert(lines.at(i).left(colon).trimmed().toLower(),
                    lines.at(i).mid(colon + 1).trimmed());
        }
        const qsizetype length = request.headers.value("content-length").toLongLong();
        if (buffer.size() < headEnd + 4 + length)
            return;
        request.body = buffer.mid(headEnd + 4, length);
        request.atMs = m_clock.elapsed();
        m_buffers.remove(socket);

        if (request.path == u"/hold"_s && !holdReleased) {
            m_received.append(request); // answered never; the client gives up
            return;
        }
        bool ok = false;
        if (request.path == u"/flaky"_s)
            ok = flakyFailures-- <= 0;
        else if (request.path == u"/broken"_s)
            ok = brokenRecovered;
        else
            ok = true;
        request.status = ok ? 204 : 500;
        m_received.append(request);
        socket->write(ok ? "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"
                         : "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 5\r\n"
                           "Connection: close\r\n\r\noops\n");
        socket->disconnectFromHost();
    }

    QTcpServer m_server;
    QElapsedTimer m_clock;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QList<Received> m_received;
};

// Every log line written while the test runs, to prove none carries a body or the secret.
QMutex logLock;
QStringList logLines;
QtMessageHandler previousHandler = nullptr;

void recordLog(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        const QMutexLocker locker(&logLock);
        logLines.append(message);
    }
    if (previousHandler)
        previousHandler(type, context, message);
}

QByteArray expectedSignature(const QByteArray &body)
{
    return "sha256="
        + QMessageAuthenticationCode::hash(body, secret, QCryptographicHash::Sha256).toHex();
}

WebhookEvent sampleMessage()
{
    StoredMessage message;
    message.conversationId = u"c-r7"_s;
    message.seq = 7;
    message.senderRole = protocol::Role::Customer;
    message.senderName = u"Ann"_s;
    message.kind = protocol::MessageKind::Text;
    message.text = messageText;
    message.timestampMs = 1'790'000'000'000;
    message.traceId = u"0af7651916cd43dd8448eb211c80319c"_s;
    return WebhookEvent::messageCreated(message);
}

} // namespace

class WebhooksTest final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<StorageService> m_storage;
    std::unique_ptr<metrics::ServerMetrics> m_metrics;
    std::unique_ptr<SqliteStore> m_inspect; // another connection, as the CLI would have
    std::unique_ptr<HookReceiver> m_receiver;

    WebhookOptions options(const QStringList &paths) const
    {
        WebhookOptions options;
        for (const QString &path : paths)
            options.urls.append(m_receiver->url(path));
        options.secret = secret;
        options.attempts = attempts;
        options.backoffBaseMs = backoffBaseMs;
        options.pollIntervalMs = 300;
        return options;
    }

    QList<WebhookDelivery> outbox()
    {
        auto rows = m_inspect->dueWebhooks(std::numeric_limits<qint64>::max(), 100);
        return rows ? *rows : QList<WebhookDelivery>();
    }

    quint64 counted(QStringView result) { return m_metrics->webhookDeliveries[result].value(); }

    // Whether the node's alert rule for dead letters fires on what the dispatcher reports.
    bool deadLetterAlertFires(const WebhookDispatcher &dispatcher)
    {
        AlertEngine engine(
            AlertThresholds {}, u"node-r7"_s,
            [&dispatcher] {
                AlertInputs inputs;
                inputs.deadLetters = dispatcher.deadLetterCount();
                return inputs;
            },
            m_metrics.get());
        engine.evaluate();
        const QList<Alert> firing = engine.firing();
        return std::any_of(firing.cbegin(), firing.cend(),
            [](const Alert &alert) { return alert.rule == u"DeadLetters"_s && alert.firing; });
    }

private Q_SLOTS:
    void initTestCase() { previousHandler = qInstallMessageHandler(recordLog); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        const QString path = m_dir->filePath(u"switchboard.sqlite3"_s);
        m_storage = std::make_unique<StorageService>([path](const QString &name) {
            return std::make_unique<SqliteStore>(path, name, SqliteOptions {});
        });
        const auto started = m_storage->start();
        QVERIFY2(started.hasValue(), qPrintable(started ? QString() : started.error().message));
        m_inspect = std::make_unique<SqliteStore>(path, u"tst_webhooks-inspect"_s);
        QVERIFY(m_inspect->open().hasValue());
        m_metrics = std::make_unique<metrics::ServerMetrics>();
        m_receiver = std::make_unique<HookReceiver>();
        QVERIFY(m_receiver->listen());
    }

    void cleanup()
    {
        m_inspect.reset();
        if (m_storage)
            m_storage->stop();
        m_storage.reset();
        m_receiver.reset();
        m_dir.reset();
    }

    void cleanupTestCase()
    {
        qInstallMessageHandler(previousHandler);
        const QMutexLocker locker(&logLock);
        QVERIFY(!logLines.isEmpty()); // the failures were logged...
        for (const QString &line : std::as_const(logLines)) {
            // ...without the message text, the body or the secret.
            QVERIFY2(!line.contains(u"4242"_s), qPrintable(line));
            QVERIFY2(!line.contains(u"\"text\""_s), qPrintable(line));
            QVERIFY2(!line.contains(QString::fromLatin1(secret)), qPrintable(line));
        }
    }

    // HMAC-SHA256 as RFC 4231 (test case 2) defines it, so receivers in any language agree.
    void signatureIsStandardHmac()
    {
        const WebhookSigner signer("Jefe");
        const QByteArray body = "what do ya want for nothing?";
        QCOMPARE(signer.signature(body),
            QByteArray("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
        QVERIFY(signer.verify(body, signer.signature(body)));
        QVERIFY(!signer.verify(body + ' ', signer.signature(body)));
        QVERIFY(!signer.verify(body, signer.signature(body).chopped(1)));
        QVERIFY(!WebhookSigner("other").verify(body, signer.signature(body)));
    }

    void eventBodies()
    {
        const QJsonObject message = QJsonDocument::fromJson(sampleMessage().toJson()).object();
        QCOMPARE(message[u"type"_s].toString(), u"message.created"_s);
        QCOMPARE(message[u"conversation"_s].toString(), u"c-r7"_s);
        QCOMPARE(message[u"seq"_s].toInt(), 7);
        QCOMPARE(message[u"time"_s].toString(), formatTimestamp(1'790'000'000'000));
        QCOMPARE(message[u"kind"_s].toString(), u"text"_s);
        QCOMPARE(message[u"from"_s][u"role"_s].toString(), u"customer"_s);
        QCOMPARE(message[u"from"_s][u"name"_s].toString(), u"Ann"_s);
        QCOMPARE(message[u"text"_s].toString(), messageText);

        ConversationRecord conversation;
        conversation.id = u"c-1"_s;
        conversation.team = u"sales"_s;
        conversation.createdMs = 1000;
        const QJsonObject created
            = QJsonDocument::fromJson(WebhookEvent::conversationCreated(conversation).toJson())
                  .object();
        QCOMPARE(created[u"type"_s].toString(), u"conversation.created"_s);
        QCOMPARE(created[u"team"_s].toString(), u"sales"_s);
        QVERIFY(!created.contains(u"text"_s));
        const QJsonObject closed
            = QJsonDocument::fromJson(WebhookEvent::conversationClosed(u"c-1"_s, 12, 2000).toJson())
                  .object();
        QCOMPARE(closed[u"type"_s].toString(), u"conversation.closed"_s);
        QCOMPARE(closed[u"seq"_s].toInt(), 12);
    }

    // R7.
    void flakyIsDeliveredAfterBackoffBrokenIsDeadLetteredAndReplayable()
    {
        WebhookDispatcher dispatcher(
            options({ u"/flaky"_s, u"/broken"_s }), m_storage.get(), m_metrics.get());
        QList<int> countChanges;
        connect(&dispatcher, &WebhookDispatcher::deadLetterCountChanged, this,
            [&countChanges](int count) { countChanges.append(count); });
        dispatcher.start();
        QVERIFY(!deadLetterAlertFires(dispatcher));
        const WebhookEvent event = sampleMessage();
        dispatcher.publish(event);

        // The flaky receiver: three failures, then the fourth attempt is delivered.
        QTRY_COMPARE_WITH_TIMEOUT(m_receiver->countAt(u"/flaky"_s), 4, 15000);
        const QList<Received> flaky = m_receiver->at(u"/flaky"_s);
        QCOMPARE(flaky.last().status, 204);
        for (qsizetype n = 0; n + 1 < flaky.size(); ++n) {
            // Full jitter in [ceiling/10, ceiling], ceiling = base * 2^n.
            const qint64 gap = flaky.at(n + 1).atMs - flaky.at(n).atMs;
            const qint64 ceiling = qint64(backoffBaseMs) << n;
            QVERIFY2(gap >= ceiling / 10,
                qPrintable(u"retry %1 came after %2 ms, before its floor of %3 ms"_s.arg(n + 1)
                               .arg(gap)
                               .arg(ceiling / 10)));
            QVERIFY2(gap <= ceiling + 2000,
                qPrintable(u"retry %1 came after %2 ms"_s.arg(n + 1).arg(gap)));
        }

        // What a receiver verifies: the signature over the exact body, and the headers.
        const QByteArray body = event.toJson();
        QByteArray flakyDelivery;
        for (const Received &request : flaky) {
            QCOMPARE(request.body, body);
            QCOMPARE(request.headers.value("x-switchboard-signature"), expectedSignature(body));
            QCOMPARE(request.headers.value("x-switchboard-event"), QByteArray("message.created"));
            QCOMPARE(request.headers.value("content-type"), QByteArray("application/json"));
            const qint64 timestamp = request.headers.value("x-switchboard-timestamp").toLongLong();
            QVERIFY(qAbs(timestamp - nowMs() / 1000) < 120);
            const QByteArray delivery = request.headers.value("x-switchboard-delivery");
            QVERIFY(!delivery.isEmpty());
            if (flakyDelivery.isEmpty())
                flakyDelivery = delivery;
            QCOMPARE(delivery, flakyDelivery); // the same id on every retry
        }
        QCOMPARE(QJsonDocument::fromJson(body).object()[u"text"_s].toString(), messageText);

        // The broken receiver: every attempt, then the dead letters.
        QTRY_COMPARE_WITH_TIMEOUT(dispatcher.deadLetterCount(), 1, 15000);
        QCOMPARE(m_receiver->countAt(u"/broken"_s), attempts);
        QCOMPARE(m_metrics->deadLetters.value(), 1.0);
        QTRY_COMPARE(countChanges, QList<int> { 1 });
        QVERIFY(deadLetterAlertFires(dispatcher));
        const QByteArray brokenDelivery
            = m_receiver->at(u"/broken"_s).first().headers.value("x-switchboard-delivery");
        QVERIFY(brokenDelivery != flakyDelivery);
        for (const Received &request : m_receiver->at(u"/broken"_s))
            QCOMPARE(request.headers.value("x-switchboard-signature"), expectedSignature(body));

        QTRY_VERIFY(outbox().isEmpty()); // delivered: deleted; broken: moved
        const auto letters = m_inspect->listDeadLetters();
        QVERIFY(letters.hasValue());
        QCOMPARE(letters->size(), 1);
        const DeadLetter &letter = letters->first();
        QCOMPARE(QByteArray::number(letter.id), brokenDelivery);
        QCOMPARE(letter.url, m_receiver->url(u"/broken"_s));
        QCOMPARE(letter.eventType, u"message.created"_s);
        QCOMPARE(letter.attempts, attempts);
        QCOMPARE(letter.lastError, u"HTTP 500 Internal Server Error"_s);
        QCOMPARE(letter.body, body);

        QCOMPARE(counted(u"delivered"), quint64(1));
        QCOMPARE(counted(u"failed"), quint64(3 + attempts));
        QCOMPARE(counted(u"dead_lettered"), quint64(1));
        QTest::qWait(500); // nothing more is sent to either
        QCOMPARE(m_receiver->countAt(u"/broken"_s), attempts);
        QCOMPARE(m_receiver->countAt(u"/flaky"_s), 4);

        // Replayed as `deadletters replay ID` does it, from another connection while the
        // dispatcher runs; the receiver works again by now.
        m_receiver->brokenRecovered = true;
        QVERIFY(m_inspect->replayDeadLetter(letter.id, nowMs()).hasValue());
        QTRY_COMPARE_WITH_TIMEOUT(m_receiver->countAt(u"/broken"_s), attempts + 1, 10000);
        const Received replayed = m_receiver->at(u"/broken"_s).last();
        QCOMPARE(replayed.status, 204);
        QCOMPARE(replayed.headers.value("x-switchboard-delivery"), brokenDelivery);
        QCOMPARE(replayed.body, body);
        QTRY_COMPARE(dispatcher.deadLetterCount(), 0);
        QCOMPARE(m_metrics->deadLetters.value(), 0.0);
        QTRY_VERIFY(outbox().isEmpty());
        QTRY_COMPARE(counted(u"delivered"), quint64(2));
        QCOMPARE(counted(u"dead_lettered"), quint64(1));
        QTRY_COMPARE(countChanges, (QList<int> { 1, 0 }));
        QVERIFY(!deadLetterAlertFires(dispatcher));
        dispatcher.stop();
    }

    // A delivery in flight when the dispatcher stops stays in the outbox; the next one sends it.
    void deliveriesSurviveARestart()
    {
        auto first = std::make_unique<WebhookDispatcher>(
            options({ u"/hold"_s }), m_storage.get(), m_metrics.get());
        first->start();
        first->publish(sampleMessage());
        QTRY_COMPARE_WITH_TIMEOUT(m_receiver->countAt(u"/hold"_s), 1, 10000);
        first->stop(); // the request is cut short, unanswered
        first.reset();
        const QList<WebhookDelivery> pending = outbox();
        QCOMPARE(pending.size(), 1);
        QCOMPARE(pending.first().attempts, 0); // a stop is not the receiver's failure
        QVERIFY(pending.first().nextAttemptMs <= nowMs());

        m_receiver->holdReleased = true;
        WebhookDispatcher second(options({ u"/hold"_s }), m_storage.get(), m_metrics.get());
        second.start();
        QTRY_COMPARE_WITH_TIMEOUT(m_receiver->countAt(u"/hold"_s), 2, 10000);
        const QList<Received> requests = m_receiver->at(u"/hold"_s);
        QCOMPARE(requests.last().status, 204);
        QCOMPARE(requests.last().headers.value("x-switchboard-delivery"),
            QByteArray::number(pending.first().id));
        QCOMPARE(requests.last().body, requests.first().body);
        QTRY_VERIFY(outbox().isEmpty());
        QCOMPARE(counted(u"delivered"), quint64(1));
        QCOMPARE(counted(u"failed"), quint64(0));
        second.stop();
    }

    // Nothing is stored, nothing is sent, without a URL.
    void disabledWithoutUrls()
    {
        WebhookDispatcher dispatcher(options({}), m_storage.get(), m_metrics.get());
        QVERIFY(!dispatcher.isEnabled());
        dispatcher.start();
        dispatcher.publish(sampleMessage());
        QTest::qWait(200);
        QVERIFY(outbox().isEmpty());
        dispatcher.stop();
    }
};

QTEST_GUILESS_MAIN(WebhooksTest)
#include "tst_webhooks.moc"
