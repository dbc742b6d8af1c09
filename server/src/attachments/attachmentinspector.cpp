#include "attachmentinspector.h"

#include <QBuffer>
#include <QImage>
#include <QImageReader>
#include <QImageWriter>
#include <QStringDecoder>
#include <QtEndian>

using namespace Qt::StringLiterals;

namespace switchboard::server {

namespace {

bool startsWith(const QByteArray &bytes, QByteArrayView magic)
{
    return bytes.startsWith(magic);
}

quint16 bigEndian16(const QByteArray &bytes, qsizetype at)
{
    return qFromBigEndian<quint16>(bytes.constData() + at);
}

quint32 bigEndian32(const QByteArray &bytes, qsizetype at)
{
    return qFromBigEndian<quint32>(bytes.constData() + at);
}

quint32 littleEndian24(const QByteArray &bytes, qsizetype at)
{
    const auto *data = reinterpret_cast<const uchar *>(bytes.constData() + at);
    return quint32(data[0]) | (quint32(data[1]) << 8) | (quint32(data[2]) << 16);
}

// Markup a browser would run as a page or a script, whatever the name says.
bool looksLikeMarkup(const QByteArray &bytes)
{
    const QByteArray start = bytes.left(4096).toLower();
    for (const char *tag : { "<!doctype", "<html", "<svg", "<?xml", "<script", "<iframe" }) {
        if (start.contains(tag))
            return true;
    }
    return false;
}

bool isPlainText(const QByteArray &bytes)
{
    if (bytes.isEmpty() || bytes.contains('\0'))
        return false;
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    [[maybe_unused]] const QString decoded = decoder.decode(bytes);
    return !decoder.hasError() && !looksLikeMarkup(bytes);
}

std::optional<QSize> jpegSize(const QByteArray &bytes)
{
    qsizetype at = 2;
    while (at + 9 < bytes.size()) {
        if (uchar(bytes[at]) != 0xFF)
            return std::nullopt;
        const uchar marker = uchar(bytes[at + 1]);
        if (marker == 0xFF) {
            ++at; // fill byte
            continue;
        }
        if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
            at += 2;
            continue;
        }
        const quint16 length = bigEndian16(bytes, at + 2);
        // Start of frame: every SOFn except DHT (C4), JPG (C8) and DAC (CC).
        if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8
            && marker != 0xCC) {
            return QSize(bigEndian16(bytes, at + 7), bigEndian16(bytes, at + 5));
        }
        if (marker == 0xDA || length < 2)
            return std::nullopt; // scan data before any frame header
        at += 2 + length;
    }
    return std::nullopt;
}

std::optional<QSize> webpSize(const QByteArray &bytes)
{
    if (bytes.size() < 30)
        return std::nullopt;
    const QByteArray chunk = bytes.mid(12, 4);
    if (chunk == "VP8X")
        return QSize(int(littleEndian24(bytes, 24) + 1), int(littleEndian24(bytes, 27) + 1));
    if (chunk == "VP8L") {
        const quint32 bits = qFromLittleEndian<quint32>(bytes.constData() + 21);
        return QSize(int((bits & 0x3FFF) + 1), int(((bits >> 14) & 0x3FFF) + 1));
    }
    if (chunk == "VP8 ") {
        return QSize(qFromLittleEndian<quint16>(bytes.constData() + 26) & 0x3FFF,
            qFromLittleEndian<quint16>(bytes.constData() + 28) & 0x3FFF);
    }
    return std::nullopt;
}

// WebP has no decoder here (Qt's plugin is not installed everywhere): its metadata chunks
// (EXIF, XMP) are dropped from the RIFF container instead, and VP8X's flags say so.
QByteArray withoutWebpMetadata(const QByteArray &bytes)
{
    QByteArray out = bytes.left(12);
    qsizetype at = 12;
    while (at + 8 <= bytes.size()) {
        const QByteArray fourCc = bytes.mid(at, 4);
        const quint32 size = qFromLittleEndian<quint32>(bytes.constData() + at + 4);
        const qsizetype padded = qsizetype(size) + (size & 1);
        if (at + 8 + padded > bytes.size())
            break;
        if (fourCc != "EXIF" && fourCc != "XMP ") {
            QByteArray chunk = bytes.mid(at, 8 + padded);
            if (fourCc == "VP8X" && chunk.size() > 8)
                chunk[8] = char(uchar(chunk[8]) & ~0x0C); // no EXIF (0x08), no XMP (0x04)
            out += chunk;
        }
        at += 8 + padded;
    }
    qToLittleEndian<quint32>(quint32(out.size() - 8), out.data() + 4);
    return out;
}

QByteArray encoded(const QImage &image, const char *format, int quality = -1)
{
    QByteArray out;
    QBuffer buffer(&out);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, format);
    if (quality >= 0)
        writer.setQuality(quality);
    if (!writer.write(image))
        return {};
    return out;
}

// The pixels alone: a copy made from the bits carries none of the source's text keys, which
// QImage would otherwise write back into a PNG.
QImage pixelsOnly(const QImage &image)
{
    return QImage(
        image.constBits(), image.width(), image.height(), image.bytesPerLine(), image.format())
        .copy();
}

} // namespace

QString sniffMediaType(const QByteArray &bytes)
{
    if (startsWith(bytes, "\xFF\xD8\xFF"))
        return u"image/jpeg"_s;
    if (startsWith(bytes, "\x89PNG\r\n\x1A\n"))
        return u"image/png"_s;
    if (startsWith(bytes, "GIF87a") || startsWith(bytes, "GIF89a"))
        return u"image/gif"_s;
    if (bytes.size() >= 12 && startsWith(bytes, "RIFF") && bytes.mid(8, 4) == "WEBP")
        return u"image/webp"_s;
    if (startsWith(bytes, "%PDF-"))
        return u"application/pdf"_s;
    if (isPlainText(bytes))
        return u"text/plain"_s;
    return {};
}

std::optional<QSize> declaredImageSize(const QByteArray &bytes, const QString &mediaType)
{
    if (mediaType == "image/png"_L1 && bytes.size() >= 24 && bytes.mid(12, 4) == "IHDR")
        return QSize(int(bigEndian32(bytes, 16)), int(bigEndian32(bytes, 20)));
    if (mediaType == "image/gif"_L1 && bytes.size() >= 10) {
        return QSize(qFromLittleEndian<quint16>(bytes.constData() + 6),
            qFromLittleEndian<quint16>(bytes.constData() + 8));
    }
    if (mediaType == "image/jpeg"_L1)
        return jpegSize(bytes);
    if (mediaType == "image/webp"_L1)
        return webpSize(bytes);
    return std::nullopt;
}

Expected<InspectedAttachment, AttachmentRefusal> inspectAttachment(
    const QByteArray &bytes, const AttachmentLimits &limits)
{
    using Reason = AttachmentRefusal::Reason;
    InspectedAttachment inspected;
    inspected.mediaType = sniffMediaType(bytes);
    if (inspected.mediaType.isEmpty() || !limits.allowedTypes.contains(inspected.mediaType)) {
        return unexpected(AttachmentRefusal { Reason::MediaType,
            u"this kind of file is not accepted; send an image (JPEG, PNG, WebP, GIF), a PDF or "
            "plain text"_s });
    }
    if (!inspected.mediaType.startsWith("image/"_L1)) {
        inspected.content = bytes;
        return inspected;
    }
    const std::optional<QSize> declared = declaredImageSize(bytes, inspected.mediaType);
    if (!declared || declared->width() <= 0 || declared->height() <= 0) {
        return unexpected(
            AttachmentRefusal { Reason::MediaType, u"the image's header cannot be read"_s });
    }
    if (qint64(declared->width()) * declared->height() > limits.maxPixels) {
        return unexpected(AttachmentRefusal { Reason::Dimensions,
            u"the image is too large in pixels (%1 x %2; at most %3 megapixels)"_s
                .arg(declared->width())
                .arg(declared->height())
                .arg(limits.maxPixels / 1'000'000) });
    }
    inspected.width = declared->width();
    inspected.height = declared->height();

    QBuffer source;
    source.setData(bytes);
    source.open(QIODevice::ReadOnly);
    QImageReader reader(&source);
    reader.setAutoTransform(true); // EXIF orientation is applied before the EXIF is dropped
    // A second guard behind the header check: never a bitmap larger than the bound allows.
    reader.setAllocationLimit(int(limits.maxPixels * 4 / (1024 * 1024)) + 1);
    const QImage image = reader.canRead() ? reader.read() : QImage();

    if (inspected.mediaType == "image/jpeg"_L1 || inspected.mediaType == "image/png"_L1) {
        if (image.isNull()) {
            return unexpected(
                AttachmentRefusal { Reason::MediaType, u"the image cannot be decoded"_s });
        }
        const QImage clean = pixelsOnly(image);
        inspected.content = inspected.mediaType == "image/jpeg"_L1 ? encoded(clean, "jpeg", 90)
                                                                   : encoded(clean, "png");
        inspected.width = clean.width();
        inspected.height = clean.height();
    } else if (inspected.mediaType == "image/webp"_L1) {
        inspected.content = withoutWebpMetadata(bytes);
    } else {
        inspected.content = bytes; // GIF carries no EXIF; its frames stay as they were
    }
    if (!image.isNull()) {
        const QImage small = image.scaled(attachmentThumbnailEdge, attachmentThumbnailEdge,
            Qt::KeepAspectRatio, Qt::SmoothTransformation);
        inspected.thumbnail
            = encoded(pixelsOnly(small.convertToFormat(QImage::Format_RGB32)), "jpeg", 70);
    }
    if (inspected.content.isEmpty()) {
        return unexpected(
            AttachmentRefusal { Reason::MediaType, u"the image cannot be re-encoded"_s });
    }
    return inspected;
}

} // namespace switchboard::server
