// Attachments end to end against a real server (docs/protocol.md, "Attachments"): a customer
// and an agent upload over HTTP on the server's port, the other side receives the message of
// kind 'attachment' over its WebSocket and downloads the file; EXIF and GPS are gone from what
// is stored; a retried upload is stored once; each refusal says why and stores nothing; only
// the conversation's customer and staff may download; retention deletes the bytes with the
// conversation; no log line carries a file name.
#include "historyseed.h"
#include "httprequest.h"
#include "testclient.h"
#include "testserver.h"
#include "webhooksink.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QMutex>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTest>
#include <QUuid>
#include <QtEndian>

using namespace Qt::StringLiterals;
using namespace switchboard;
using namespace switchboard::server;
using namespace historyseed;

namespace {

const QString password = u"correct horse battery"_s;
// A file name no log line may carry.
const QString secretName = u"holiday photo at grandmas.jpg"_s;
const QByteArray gpsMarker = "GPS-SECRET-51.5074N";
constexpr qint64 maxBytes = 256 * 1024;

QMutex logMutex;
QStringList logLines;
QtMessageHandler previousHandler = nullptr;

void recordLog(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        QMutexLocker lock(&logMutex);
        logLines.append(message);
    }
    if (previousHandler)
        previousHandler(type, context, message);
}

QByteArray encodedImage(const QImage &image, const char *format)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, format);
    return bytes;
}

QImage testImage(int width, int height)
{
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(QColor(200, 40, 90));
    return image;
}

// A JPEG with an EXIF block holding a GPS IFD (latitude reference 'N') and, as its text,
// gpsMarker: what a phone's photo tells about where it was taken.
QByteArray jpegWithGps()
{
    QByteArray tiff = "MM"_ba + QByteArray("\x00\x2A\x00\x00\x00\x08", 6);
    auto u16 = [](quint16 v) {
        QByteArray out(2, '\0');
        qToBigEndian(v, out.data());
        return out;
    };
    auto u32 = [](quint32 v) {
        QByteArray out(4, '\0');
        qToBigEndian(v, out.data());
        return out;
    };
    // IFD0 at 8: one entry, GPSInfo (0x8825) pointing at the GPS IFD at 26.
    tiff += u16(1) + u16(0x8825) + u16(4) + u32(1) + u32(26) + u32(0);
    // GPS IFD at 26: GPSLatitudeRef "N", then GPSAreaInformation holding the marker.
    const quint32 markerOffset = 26 + 2 + 2 * 12 + 4;
    tiff += u16(2) + u16(0x0001) + u16(2) + u32(2) + QByteArray("N\0\0\0", 4) + u16(0x001C) + u16(7)
        + u32(quint32(gpsMarker.size())) + u32(markerOffset) + u32(0);
    tiff += gpsMarker;
    const QByteArray exif = QByteArray("Exif\0\0", 6) + tiff;
    const QByteArray app1 = QByteArray("\xFF\xE1", 2) + u16(quint16(exif.size() + 2)) + exif;
    const QByteArray plain = encodedImage(testImage(64, 48), "JPEG");
    return plain.left(2) + app1 + plain.mid(2);
}

// A PNG whose header declares 50,000 x 50,000 pixels (10 GB decoded); nothing after it is
// valid, and nothing after it may be read.
QByteArray pngDeclaringHugeSize()
{
    QByteArray ihdr("\x00\x00\x00\x0DIHDR", 8);
    QByteArray size(8, '\0');
    qToBigEndian<quint32>(50'000, size.data());
    qToBigEndian<quint32>(50'000, size.data() + 4);
    ihdr += size + QByteArray("\x08\x02\x00\x00\x00", 5) + QByteArray(4, '\0');
    return QByteArray("\x89PNG\r\n\x1A\n", 8) + ihdr + QByteArray(512, '\x55');
}

QString idOf(const QJsonObject &welcome)
{
    return welcome.value(u"conversation"_s).toObject().value(u"id"_s).toString();
}

} // namespace

class tst_Attachments final : public QObject {
    Q_OBJECT

private:
    WebhookSink m_hooks;
    std::unique_ptr<TestServer> m_server;
    TestClient m_alice;
    TestClient m_ann;
    QString m_aliceToken;
    QString m_annToken;
    QString m_conversation;
    QString m_photoId;

    quint16 port() const { return m_server->port(); }

    double refusals(const char *reason) const
    {
        return metric(
            port(), "switchboard_attachment_refusals_total{reason=\"" + QByteArray(reason) + "\"}");
    }

    // The conversation's next seq, by a text message: what a refused upload must not move.
    qint64 nextSeq(const QString &clientId)
    {
        const QJsonObject ack = m_ann.sendText(u"still here"_s, clientId);
        return ack.value(u"seq"_s).toInteger();
    }

private Q_SLOTS:
    void initTestCase()
    {
        previousHandler = qInstallMessageHandler(recordLog);
        QVERIFY(m_hooks.listen());
        const QString hookUrl = m_hooks.url();
        m_server = std::make_unique<TestServer>([hookUrl](ServerConfig &config) {
            config.graceSeconds = 3600;
            config.attachmentMaxBytes = maxBytes;
            config.webhookUrls = { hookUrl };
            config.webhookSecret = "attachments-test-secret";
            config.webhookBackoffMs = 50;
        });
        QVERIFY(m_server->addUser(u"alice"_s, u"agent"_s, { u"sales"_s }, password, u"Alice"_s));
        QVERIFY(m_server->addUser(u"bob"_s, u"agent"_s, { u"sales"_s }, password, u"Bob"_s));
        QVERIFY(m_server->start());

        QVERIFY(m_alice.open(m_server->url()));
        m_aliceToken = m_alice.helloStaff(u"alice"_s, password).value(u"token"_s).toString();
        QVERIFY(!m_aliceToken.isEmpty());
        QVERIFY(m_ann.open(m_server->url()));
        const QJsonObject welcome = m_ann.helloCustomer(u"Ann"_s, {}, u"sales"_s);
        m_annToken = welcome.value(u"token"_s).toString();
        m_conversation = idOf(welcome);
        QVERIFY(!m_annToken.isEmpty());
        QVERIFY(!m_alice.take(u"assigned"_s).isEmpty());
    }

    void cleanupTestCase()
    {
        m_server.reset();
        qInstallMessageHandler(previousHandler);
    }

    void customerUploadsAndTheAgentDownloadsWithoutExif()
    {
        const QByteArray photo = jpegWithGps();
        QVERIFY(photo.contains("Exif") && photo.contains(gpsMarker));
        // The name and Content-Type lie; the bytes decide.
        const HttpReply uploaded = httpRequest(port(), "POST",
            attachmentUploadPath(m_conversation, u"photo-1"_s, secretName), m_annToken, photo,
            "application/octet-stream");
        QCOMPARE(uploaded.status, 201);
        const QJsonObject answer = uploaded.json();
        const QJsonObject attachment = answer.value(u"attachment"_s).toObject();
        m_photoId = attachment.value(u"id"_s).toString();
        QVERIFY(m_photoId.size() >= 22);
        QCOMPARE(answer.value(u"client_id"_s).toString(), u"photo-1"_s);
        QCOMPARE(answer.value(u"conversation"_s).toString(), m_conversation);
        QVERIFY(answer.value(u"seq"_s).toInteger() > 0);
        QCOMPARE(attachment.value(u"name"_s).toString(), secretName);
        QCOMPARE(attachment.value(u"media_type"_s).toString(), u"image/jpeg"_s);
        QCOMPARE(attachment.value(u"width"_s).toInt(), 64);
        QCOMPARE(attachment.value(u"height"_s).toInt(), 48);
        QVERIFY(
            attachment.value(u"thumbnail"_s).toString().startsWith(u"data:image/jpeg;base64,"_s));

        // The agent receives it as a message, and so do the customer's own connections.
        for (TestClient *client : { &m_alice, &m_ann }) {
            const QJsonObject message = client->take(u"message"_s, 5000, [](const QJsonObject &m) {
                return m.value(u"kind"_s).toString() == u"attachment"_s;
            });
            QCOMPARE(message.value(u"seq"_s).toInteger(), answer.value(u"seq"_s).toInteger());
            QCOMPARE(message.value(u"client_id"_s).toString(), u"photo-1"_s);
            QCOMPARE(message.value(u"text"_s).toString(), secretName);
            QCOMPARE(message.value(u"attachment"_s).toObject(), attachment);
            QCOMPARE(
                message.value(u"from"_s).toObject().value(u"role"_s).toString(), u"customer"_s);
        }

        for (const QString &token : { m_aliceToken, m_annToken }) {
            const HttpReply download
                = httpRequest(port(), "GET", "/attachments/" + m_photoId.toUtf8(), token);
            QCOMPARE(download.status, 200);
            QCOMPARE(download.header("Content-Type"), "image/jpeg"_ba);
            QCOMPARE(download.header("X-Content-Type-Options"), "nosniff"_ba);
            QVERIFY(download.header("Content-Disposition").startsWith("inline"));
            QVERIFY(!download.body.contains("Exif"));
            QVERIFY(!download.body.contains(gpsMarker));
            QCOMPARE(attachment.value(u"size"_s).toInteger(), download.body.size());
            const QImage image = QImage::fromData(download.body, "JPEG");
            QCOMPARE(image.size(), QSize(64, 48));
        }
        // The shop's systems hear of it like of any message: metadata, no thumbnail, no bytes.
        QJsonObject event;
        QTRY_VERIFY_WITH_TIMEOUT(
            !(event =
                    [this] {
                        for (const QJsonObject &created : m_hooks.events(u"message.created"_s)) {
                            if (created.value(u"kind"_s).toString() == u"attachment"_s)
                                return created;
                        }
                        return QJsonObject();
                    }())
                 .isEmpty(),
            10000);
        QCOMPARE(event.value(u"text"_s).toString(), secretName);
        QJsonObject withoutThumbnail = attachment;
        withoutThumbnail.remove(u"thumbnail"_s);
        QCOMPARE(event.value(u"attachment"_s).toObject(), withoutThumbnail);
        QCOMPARE(metric(port(), "switchboard_attachment_uploads_total"), 1.0);
        QVERIFY(metric(port(), "switchboard_attachment_bytes_total") > 0);
    }

    void agentUploadsAPdfAndTheCustomerDownloadsIt()
    {
        const QByteArray pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n";
        const HttpReply uploaded = httpRequest(port(), "POST",
            attachmentUploadPath(m_conversation, u"invoice-1"_s, u"invoice.pdf"_s), m_aliceToken,
            pdf, "application/pdf");
        QCOMPARE(uploaded.status, 201);
        const QJsonObject attachment = uploaded.json().value(u"attachment"_s).toObject();
        QCOMPARE(attachment.value(u"media_type"_s).toString(), u"application/pdf"_s);
        QVERIFY(!attachment.contains(u"width"_s));
        const QJsonObject message = m_ann.take(u"message"_s, 5000, [](const QJsonObject &m) {
            return m.value(u"client_id"_s).toString() == u"invoice-1"_s;
        });
        QCOMPARE(message.value(u"from"_s).toObject().value(u"role"_s).toString(), u"agent"_s);
        QCOMPARE(message.value(u"attachment"_s).toObject(), attachment);

        const HttpReply download = httpRequest(port(), "GET",
            "/attachments/" + attachment.value(u"id"_s).toString().toUtf8(), m_annToken);
        QCOMPARE(download.status, 200);
        QCOMPARE(download.body, pdf);
        QCOMPARE(download.header("Content-Type"), "application/pdf"_ba);
        QCOMPARE(download.header("Content-Disposition"),
            "attachment; filename=\"invoice.pdf\"; filename*=UTF-8''invoice.pdf"_ba);

        // A retry with the same client_id (the answer was lost) is stored once.
        const HttpReply retried = httpRequest(port(), "POST",
            attachmentUploadPath(m_conversation, u"invoice-1"_s, u"invoice.pdf"_s), m_aliceToken,
            pdf);
        QCOMPARE(retried.status, 200);
        QCOMPARE(retried.json().value(u"duplicate"_s).toBool(), true);
        QCOMPARE(retried.json().value(u"seq"_s), uploaded.json().value(u"seq"_s));
        QCOMPARE(retried.json().value(u"attachment"_s).toObject(), attachment);
        QCOMPARE(nextSeq(u"after-retry"_s), uploaded.json().value(u"seq"_s).toInteger() + 1);
        QTest::qWait(300);
        for (const QJsonObject &again : m_ann.all(u"message"_s)) // no second message for the retry
            QVERIFY(again.value(u"client_id"_s).toString() != u"invoice-1"_s);
    }

    void onlyTheConversationsPeopleMayDownload()
    {
        TestClient bea;
        QVERIFY(bea.open(m_server->url()));
        const QString beaToken = bea.helloCustomer(u"Bea"_s).value(u"token"_s).toString();
        TestClient bob;
        QVERIFY(bob.open(m_server->url()));
        const QString bobToken = bob.helloStaff(u"bob"_s, password).value(u"token"_s).toString();
        const QByteArray path = "/attachments/" + m_photoId.toUtf8();

        const HttpReply unknown = httpRequest(port(), "GET", "/attachments/no-such-id", m_annToken);
        QCOMPARE(unknown.status, 404);
        // Another customer and an agent it is not assigned to: the same 404, no hint.
        for (const QString &token : { beaToken, bobToken }) {
            const HttpReply refused = httpRequest(port(), "GET", path, token);
            QCOMPARE(refused.status, 404);
            QCOMPARE(refused.body, unknown.body);
        }
        QCOMPARE(httpRequest(port(), "GET", path, {}).status, 401);
        QCOMPARE(httpRequest(port(), "GET", path, u"not-a-token"_s).status, 401);
    }

    void refusalsSayWhyAndStoreNothing()
    {
        const qint64 before = nextSeq(u"before-refusals"_s);
        const QByteArray path
            = attachmentUploadPath(m_conversation, u"refused-1"_s, u"photo.png"_s);
        const QByteArray png = encodedImage(testImage(8, 8), "PNG");

        QCOMPARE(httpRequest(port(), "POST", path, {}, png).status, 401);
        const HttpReply badToken = httpRequest(port(), "POST", path, u"not-a-token"_s, png);
        QCOMPARE(badToken.status, 401);
        QCOMPARE(badToken.json().value(u"error"_s).toString(), u"unauthenticated"_s);
        // A stranger's token is refused from the head alone: the body is never waited for.
        QCOMPARE(httpRequest(port(), "POST", path, u"not-a-token"_s, {}, "image/png", false, 100000)
                     .status,
            401);

        // Over the size cap: refused from the head alone, before the body is sent.
        const HttpReply tooLarge
            = httpRequest(port(), "POST", path, m_annToken, {}, "image/png", false, maxBytes + 1);
        QCOMPARE(tooLarge.status, 413);
        QVERIFY(tooLarge.json().value(u"message"_s).toString().contains(u"262144"_s));

        // By content, not by name or Content-Type: HTML and SVG named .png, and bytes of no
        // accepted kind.
        const QList<QByteArray> notAccepted = {
            "<!DOCTYPE html><html><script>alert(1)</script></html>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
            QByteArray("\x00\x01\x02\x03\xFE\xFF binary", 13),
        };
        for (const QByteArray &body : notAccepted) {
            const HttpReply refused
                = httpRequest(port(), "POST", path, m_annToken, body, "image/png");
            QCOMPARE(refused.status, 415);
            QCOMPARE(refused.json().value(u"error"_s).toString(), u"unsupported_media_type"_s);
        }

        const HttpReply huge
            = httpRequest(port(), "POST", path, m_annToken, pngDeclaringHugeSize(), "image/png");
        QCOMPARE(huge.status, 422);
        QVERIFY(huge.json().value(u"message"_s).toString().contains(u"50000 x 50000"_s));

        // Someone else's conversation: as if it did not exist.
        TestClient bea;
        QVERIFY(bea.open(m_server->url()));
        const QString beaToken = bea.helloCustomer(u"Bea"_s).value(u"token"_s).toString();
        QCOMPARE(httpRequest(port(), "POST", path, beaToken, png).status, 404);

        QCOMPARE(httpRequest(port(), "POST",
                     "/attachments?conversation=" + m_conversation.toUtf8() + "&client_id=bad%20id",
                     m_annToken, png)
                     .status,
            400);

        QCOMPARE(nextSeq(u"after-refusals"_s), before + 1);
        QCOMPARE(refusals("unauthorized"), 3.0);
        QCOMPARE(refusals("too_large"), 1.0);
        QCOMPARE(refusals("media_type"), 3.0);
        QCOMPARE(refusals("dimensions"), 1.0);
        QCOMPARE(refusals("not_found"), 1.0);
        QCOMPARE(metric(port(), "switchboard_attachment_uploads_total"), 2.0);
        // The server is still up and serving.
        QCOMPARE(httpGet(port(), "/healthz"), 200);
    }

    // Uploads count against the same rate and burst as a connection's messages.
    void uploadsAreRateLimited()
    {
        TestServer limited([](ServerConfig &config) {
            config.rateLimit = 0.1;
            config.rateBurst = 2;
        });
        QVERIFY(limited.start());
        TestClient cat;
        QVERIFY(cat.open(limited.url()));
        const QJsonObject welcome = cat.helloCustomer(u"Cat"_s);
        const QString token = welcome.value(u"token"_s).toString();
        const QString conversation = idOf(welcome);
        QList<int> statuses;
        for (int i = 0; i < 3; ++i) {
            statuses.append(httpRequest(limited.port(), "POST",
                attachmentUploadPath(conversation, u"note-%1"_s.arg(i), u"note.txt"_s), token,
                "a note\n")
                                .status);
        }
        QCOMPARE(statuses, QList<int>({ 201, 201, 429 }));
        QCOMPARE(metric(limited.port(),
                     "switchboard_attachment_refusals_total{reason=\"rate_limited\"}"),
            1.0);
    }

    void logsNeverCarryFileNames()
    {
        QMutexLocker lock(&logMutex);
        for (const QString &line : std::as_const(logLines)) {
            QVERIFY2(!line.contains(u"holiday"_s), qPrintable(line));
            QVERIFY2(!line.contains(u"invoice.pdf"_s), qPrintable(line));
        }
    }

    void retentionDeletesTheBytesWithTheConversation()
    {
        m_alice.send({ { u"type"_s, u"close"_s }, { u"conversation"_s, m_conversation } });
        QVERIFY(!m_alice
                     .take(u"conversation"_s, 5000,
                         [](const QJsonObject &frame) {
                             return frame.value(u"conversation"_s).toObject().value(u"state"_s)
                                 == u"closed"_s;
                         })
                     .isEmpty());
        const QString databasePath = m_server->databasePath();
        const QString dataDir = m_server->dataDir();
        // Signed out first: the node stops with no client to cut off.
        for (TestClient *client : { &m_alice, &m_ann }) {
            client->close();
            QVERIFY(client->waitClosed());
        }
        m_server->stop();

        // The export lists the attachments by their metadata, never their bytes or thumbnail.
        const QString exportPath = dataDir + u"/export.jsonl"_s;
        const Exit exported = runServerBinary(
            { u"export"_s, u"--from"_s, u"2000-01-01"_s, u"--to"_s, u"2100-01-01"_s, u"--format"_s,
                u"jsonl"_s, u"--data"_s, dataDir, u"--output"_s, exportPath });
        QCOMPARE(exported.code, 0);
        QFile exportFile(exportPath);
        QVERIFY(exportFile.open(QIODevice::ReadOnly));
        QList<QJsonObject> listed;
        for (const QByteArray &line : exportFile.readAll().split('\n')) {
            const QJsonObject row = QJsonDocument::fromJson(line).object();
            if (row.value(u"kind"_s).toString() == u"attachment"_s)
                listed.append(row);
        }
        QCOMPARE(listed.size(), 2);
        const QJsonObject photo = listed.at(0).value(u"attachment"_s).toObject();
        QCOMPARE(photo.value(u"id"_s).toString(), m_photoId);
        QCOMPARE(photo.value(u"media_type"_s).toString(), u"image/jpeg"_s);
        QCOMPARE(photo.value(u"width"_s).toInt(), 64);
        QVERIFY(photo.value(u"size"_s).toInteger() > 0);
        QVERIFY(!photo.contains(u"thumbnail"_s));
        QCOMPARE(listed.at(0).value(u"text"_s).toString(), secretName);
        QCOMPARE(listed.at(1).value(u"text"_s).toString(), u"invoice.pdf"_s);

        const QString connection = u"retention-check-"_s + QUuid::createUuid().toString();
        auto count = [&](const QString &sql) {
            QSqlQuery query(QSqlDatabase::database(connection));
            return query.exec(sql) && query.next() ? query.value(0).toInt() : -1;
        };
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connection);
            db.setDatabaseName(databasePath);
            QVERIFY(db.open());
            QCOMPARE(count(u"SELECT count(*) FROM attachments"_s), 2);
            // Closed 40 days ago: due for deletion at 30.
            QSqlQuery age(db);
            QVERIFY(age.exec(u"UPDATE conversations SET closed_ms = closed_ms - %1"_s.arg(
                40LL * 24 * 3600 * 1000)));
            db.close();
        }
        const Exit run = runServerBinary({ u"retention"_s, u"--run-now"_s, u"--data"_s, dataDir,
            u"--retention-delete-days"_s, u"30"_s });
        QCOMPARE(run.code, 0);
        {
            QSqlDatabase db = QSqlDatabase::database(connection);
            QVERIFY(db.open());
            QCOMPARE(
                count(u"SELECT count(*) FROM conversations WHERE id = '%1'"_s.arg(m_conversation)),
                0);
            QCOMPARE(count(u"SELECT count(*) FROM attachments"_s), 0);
            db.close();
        }
        QSqlDatabase::removeDatabase(connection);
    }
};

QTEST_GUILESS_MAIN(tst_Attachments)
#include "tst_attachments.moc"
