#pragma once

#include <QByteArray>
#include <QSize>
#include <QString>
#include <QStringList>
#include <optional>
#include <switchboard/expected.h>

namespace switchboard::server {

// What an upload may be. The type is decided by the file's first bytes, never by its name or
// the client's Content-Type.
struct AttachmentLimits {
    qint64 maxBytes = 10 * 1024 * 1024;
    // An image whose header declares more pixels than this is refused before it is decoded.
    qint64 maxPixels = 40'000'000;
    QStringList allowedTypes = defaultAllowedTypes();

    static QStringList defaultAllowedTypes()
    {
        return { QStringLiteral("image/jpeg"), QStringLiteral("image/png"),
            QStringLiteral("image/webp"), QStringLiteral("image/gif"),
            QStringLiteral("application/pdf"), QStringLiteral("text/plain") };
    }
};

// An upload as it is stored: images re-encoded (JPEG, PNG) or rewritten (WebP) without their
// metadata (EXIF, GPS, XMP, text chunks), with their size and a small JPEG thumbnail.
struct InspectedAttachment {
    QString mediaType;
    QByteArray content;
    int width = 0;
    int height = 0;
    QByteArray thumbnail;
};

struct AttachmentRefusal {
    enum class Reason { MediaType, Dimensions };
    Reason reason = Reason::MediaType;
    QString message; // for the uploader; names no file and repeats none of its bytes
};

// The media type of `bytes` by their magic numbers: JPEG, PNG, GIF, WebP, PDF, or text/plain for
// valid UTF-8 without NUL bytes that does not look like HTML or SVG. Empty: none of these.
QString sniffMediaType(const QByteArray &bytes);

// An image's width and height as its header declares them, read without decoding it.
std::optional<QSize> declaredImageSize(const QByteArray &bytes, const QString &mediaType);

// Checks and prepares an upload for storing. Runs the decoder, so call it off the I/O threads.
Expected<InspectedAttachment, AttachmentRefusal> inspectAttachment(
    const QByteArray &bytes, const AttachmentLimits &limits);

// Thumbnails fit in this square.
inline constexpr int attachmentThumbnailEdge = 160;

} // namespace switchboard::server
