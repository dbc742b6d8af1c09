#include "contentcoding.h"

#include <QList>
#include <brotli/encode.h>
#include <zlib.h>

namespace switchboard::server {

namespace {

// windowBits for deflateInit2/inflateInit2: 15 bits of window, +16 for the gzip wrapper.
constexpr int gzipWindowBits = 15 + 16;

// The q-value a coding gets from an Accept-Encoding value; nullopt when it is not mentioned.
std::optional<double> qualityOf(const QByteArray &acceptEncoding, const QByteArray &token)
{
    std::optional<double> wildcard;
    for (const QByteArray &entry : acceptEncoding.split(',')) {
        const QList<QByteArray> parts = entry.split(';');
        const QByteArray name = parts.first().trimmed().toLower();
        if (name.isEmpty())
            continue;
        double quality = 1.0;
        for (qsizetype i = 1; i < parts.size(); ++i) {
            const QByteArray parameter = parts[i].trimmed().toLower();
            if (parameter.startsWith("q=")) {
                bool ok = false;
                quality = parameter.mid(2).toDouble(&ok);
                if (!ok)
                    quality = 0.0; // a q-value we cannot read does not grant anything
            }
        }
        if (name == token)
            return quality;
        if (name == "*")
            wildcard = quality;
    }
    return wildcard;
}

} // namespace

QByteArray contentCodingName(ContentCoding coding)
{
    switch (coding) {
    case ContentCoding::Gzip:
        return "gzip";
    case ContentCoding::Brotli:
        return "br";
    case ContentCoding::Identity:
        break;
    }
    return {};
}

bool acceptsCoding(const QByteArray &acceptEncoding, ContentCoding coding)
{
    if (coding == ContentCoding::Identity)
        return true; // we never answer 406: identity is the fallback
    const std::optional<double> quality = qualityOf(acceptEncoding, contentCodingName(coding));
    if (!quality && coding == ContentCoding::Gzip)
        return qualityOf(acceptEncoding, "x-gzip").value_or(0.0) > 0.0;
    return quality.value_or(0.0) > 0.0;
}

std::optional<QByteArray> gzipCompress(const QByteArray &data, int level)
{
    z_stream stream {};
    if (deflateInit2(&stream, level, Z_DEFLATED, gzipWindowBits, 9, Z_DEFAULT_STRATEGY) != Z_OK)
        return std::nullopt;
    QByteArray out(qsizetype(deflateBound(&stream, uLong(data.size()))), Qt::Uninitialized);
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    stream.avail_in = uInt(data.size());
    stream.next_out = reinterpret_cast<Bytef *>(out.data());
    stream.avail_out = uInt(out.size());
    const int result = deflate(&stream, Z_FINISH);
    const qsizetype written = qsizetype(stream.total_out);
    deflateEnd(&stream);
    if (result != Z_STREAM_END)
        return std::nullopt;
    out.truncate(written);
    return out;
}

std::optional<QByteArray> gzipDecompress(const QByteArray &data)
{
    z_stream stream {};
    if (inflateInit2(&stream, gzipWindowBits) != Z_OK)
        return std::nullopt;
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    stream.avail_in = uInt(data.size());
    QByteArray out;
    char buffer[16 * 1024];
    int result = Z_OK;
    while (result == Z_OK) {
        stream.next_out = reinterpret_cast<Bytef *>(buffer);
        stream.avail_out = sizeof buffer;
        result = inflate(&stream, Z_NO_FLUSH);
        out.append(buffer, qsizetype(sizeof buffer - stream.avail_out));
        if (result == Z_OK && stream.avail_in == 0 && stream.avail_out != 0)
            result = Z_DATA_ERROR; // the input ended inside the stream
    }
    const bool complete = result == Z_STREAM_END && stream.avail_in == 0;
    inflateEnd(&stream);
    if (!complete)
        return std::nullopt;
    return out;
}

std::optional<QByteArray> brotliCompress(const QByteArray &data)
{
    size_t size = BrotliEncoderMaxCompressedSize(size_t(data.size()));
    if (size == 0)
        return std::nullopt;
    QByteArray out(qsizetype(size), Qt::Uninitialized);
    if (!BrotliEncoderCompress(BROTLI_MAX_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT,
            size_t(data.size()), reinterpret_cast<const uint8_t *>(data.constData()), &size,
            reinterpret_cast<uint8_t *>(out.data()))) {
        return std::nullopt;
    }
    out.truncate(qsizetype(size));
    return out;
}

} // namespace switchboard::server
