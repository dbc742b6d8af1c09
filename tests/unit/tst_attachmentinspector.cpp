// AttachmentInspector (docs/protocol.md, "Attachments"): the type by the first bytes only, each
// image format's declared size read from its header without decoding, the pixel bound, and what
// is stored: JPEG and PNG re-encoded without their metadata, WebP without its EXIF and XMP
// chunks, a thumbnail that fits 160 px.
#include <QBuffer>
#include <QImage>
#include <QTest>
#include <QtEndian>
#include <attachments/attachmentinspector.h>

using namespace Qt::StringLiterals;
using namespace switchboard::server;

namespace {

QByteArray encoded(int width, int height, const char *format)
{
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(QColor(10, 200, 30));
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, format);
    return bytes;
}

QByteArray le32(quint32 value)
{
    QByteArray out(4, '\0');
    qToLittleEndian(value, out.data());
    return out;
}

QByteArray riffChunk(const QByteArray &fourCc, const QByteArray &payload)
{
    QByteArray chunk = fourCc + le32(quint32(payload.size())) + payload;
    if (payload.size() % 2)
        chunk += '\0';
    return chunk;
}

// A WebP container: VP8X (with the EXIF and XMP flags set, canvas width-1 and height-1 in 24
// bits each), an EXIF and an XMP chunk, and a (not decodable) VP8L chunk.
QByteArray webpWithMetadata(int width, int height)
{
    QByteArray vp8x(10, '\0');
    vp8x[0] = char(0x08 | 0x04);
    const quint32 w = quint32(width - 1);
    const quint32 h = quint32(height - 1);
    for (int i = 0; i < 3; ++i) {
        vp8x[4 + i] = char((w >> (8 * i)) & 0xFF);
        vp8x[7 + i] = char((h >> (8 * i)) & 0xFF);
    }
    const QByteArray body = "WEBP" + riffChunk("VP8X", vp8x)
        + riffChunk("EXIF", "MM\0*GPS-SECRET-WEBP"_ba) + riffChunk("XMP ", "<x:xmpmeta/>"_ba)
        + riffChunk("VP8L", QByteArray(20, '\x2F'));
    return "RIFF" + le32(quint32(body.size())) + body;
}

} // namespace

class tst_AttachmentInspector final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sniffsByContent_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("type");
        QTest::newRow("jpeg") << encoded(4, 4, "JPEG") << u"image/jpeg"_s;
        QTest::newRow("png") << encoded(4, 4, "PNG") << u"image/png"_s;
        QTest::newRow("gif87a") << "GIF87a\x04\x00\x04\x00"_ba << u"image/gif"_s;
        QTest::newRow("gif89a") << "GIF89a\x04\x00\x04\x00"_ba << u"image/gif"_s;
        QTest::newRow("webp") << webpWithMetadata(4, 4) << u"image/webp"_s;
        QTest::newRow("pdf") << "%PDF-1.7\n"_ba << u"application/pdf"_s;
        QTest::newRow("text") << "Order 1234, 两件\n"_ba << u"text/plain"_s;
        QTest::newRow("html") << "<!DOCTYPE html><p>hi</p>"_ba << QString();
        QTest::newRow("html later") << "hello\n<script>alert(1)</script>"_ba << QString();
        QTest::newRow("svg") << "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"_ba << QString();
        QTest::newRow("xml svg") << "<?xml version=\"1.0\"?><svg/>"_ba << QString();
        QTest::newRow("nul") << QByteArray("text\0more", 9) << QString();
        QTest::newRow("bad utf-8") << "caf\xE9"_ba << QString();
        QTest::newRow("empty") << QByteArray() << QString();
        QTest::newRow("riff not webp") << "RIFF\x04\x00\x00\x00WAVEfmt "_ba << QString();
    }

    void sniffsByContent()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, type);
        QCOMPARE(sniffMediaType(bytes), type);
    }

    void readsDeclaredSizesWithoutDecoding()
    {
        QCOMPARE(declaredImageSize(encoded(33, 17, "PNG"), u"image/png"_s), QSize(33, 17));
        QCOMPARE(declaredImageSize(encoded(33, 17, "JPEG"), u"image/jpeg"_s), QSize(33, 17));
        QCOMPARE(declaredImageSize("GIF89a\x21\x00\x11\x00"_ba, u"image/gif"_s), QSize(33, 17));
        QCOMPARE(declaredImageSize(webpWithMetadata(300, 200), u"image/webp"_s), QSize(300, 200));
        // A truncated JPEG with no frame header: unknown, so refused.
        QVERIFY(!declaredImageSize("\xFF\xD8\xFF\xE0\x00\x10JFIF"_ba, u"image/jpeg"_s));
    }

    void refusesHugeImagesBeforeDecoding()
    {
        AttachmentLimits limits;
        limits.maxPixels = 1000;
        const auto refused = inspectAttachment(encoded(40, 30, "PNG"), limits);
        QVERIFY(!refused);
        QCOMPARE(refused.error().reason, AttachmentRefusal::Reason::Dimensions);
        QVERIFY(refused.error().message.contains(u"40 x 30"_s));
        QVERIFY(inspectAttachment(encoded(40, 25, "PNG"), limits));
    }

    void refusesWhatIsNotAllowed()
    {
        AttachmentLimits limits;
        limits.allowedTypes = { u"image/png"_s };
        const auto refused = inspectAttachment("%PDF-1.4\n"_ba, limits);
        QVERIFY(!refused);
        QCOMPARE(refused.error().reason, AttachmentRefusal::Reason::MediaType);
        // A PNG signature with nothing decodable after it.
        const QByteArray broken = encoded(8, 8, "PNG").left(40);
        QVERIFY(!inspectAttachment(broken, AttachmentLimits()));
    }

    void reencodesPngWithoutTextAndMakesAThumbnail()
    {
        QImage image(640, 320, QImage::Format_RGB32);
        image.fill(Qt::blue);
        image.setText(u"Location"_s, u"GPS-SECRET-PNG"_s);
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        QVERIFY(image.save(&buffer, "PNG"));
        QVERIFY(png.contains("GPS-SECRET-PNG"));

        const auto inspected = inspectAttachment(png, AttachmentLimits());
        QVERIFY(inspected);
        QCOMPARE(inspected->mediaType, u"image/png"_s);
        QVERIFY(!inspected->content.contains("GPS-SECRET-PNG"));
        QCOMPARE(QSize(inspected->width, inspected->height), QSize(640, 320));
        const QImage thumbnail = QImage::fromData(inspected->thumbnail, "JPEG");
        QCOMPARE(thumbnail.size(), QSize(160, 80));
    }

    void dropsWebpMetadataChunks()
    {
        const QByteArray webp = webpWithMetadata(300, 200);
        const auto inspected = inspectAttachment(webp, AttachmentLimits());
        QVERIFY(inspected);
        QCOMPARE(inspected->mediaType, u"image/webp"_s);
        QVERIFY(!inspected->content.contains("GPS-SECRET-WEBP"));
        QVERIFY(!inspected->content.contains("xmpmeta"));
        QVERIFY(inspected->content.contains("VP8L"));
        QCOMPARE(uchar(inspected->content.at(20)) & 0x0C, 0); // VP8X no longer claims them
        QCOMPARE(qFromLittleEndian<quint32>(inspected->content.constData() + 4),
            quint32(inspected->content.size() - 8));
        QCOMPARE(QSize(inspected->width, inspected->height), QSize(300, 200));
    }

    void keepsOtherFilesAsTheyAre()
    {
        const QByteArray text = "line one\nline two\n";
        const auto inspected = inspectAttachment(text, AttachmentLimits());
        QVERIFY(inspected);
        QCOMPARE(inspected->content, text);
        QVERIFY(inspected->thumbnail.isEmpty());
        QCOMPARE(inspected->width, 0);
    }
};

QTEST_GUILESS_MAIN(tst_AttachmentInspector)
#include "tst_attachmentinspector.moc"
