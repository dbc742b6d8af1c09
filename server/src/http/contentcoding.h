#pragma once

#include <QByteArray>
#include <optional>

namespace switchboard::server {

// The content codings the server can send (RFC 9110 section 8.4.1).
enum class ContentCoding { Identity, Gzip, Brotli };

// The token for Content-Encoding and the ETag suffix; empty for identity.
QByteArray contentCodingName(ContentCoding coding);

// Whether an Accept-Encoding value takes a coding: listed (or "*") with a q-value above zero.
// An absent header takes only identity; identity is always taken.
bool acceptsCoding(const QByteArray &acceptEncoding, ContentCoding coding);

// A gzip member (RFC 1952) around zlib's raw deflate: what browsers mean by "gzip". nullopt
// only if zlib fails.
std::optional<QByteArray> gzipCompress(const QByteArray &data, int level = 9);
// The inverse, for tests and checks; nullopt if the data is not one valid gzip member.
std::optional<QByteArray> gzipDecompress(const QByteArray &data);

// Brotli (RFC 7932) at its best quality, for files compressed once and kept; nullopt if the
// encoder fails.
std::optional<QByteArray> brotliCompress(const QByteArray &data);

} // namespace switchboard::server
