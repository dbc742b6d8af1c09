#pragma once

#include "contentcoding.h"
#include "httpmessage.h"

#include <QByteArray>
#include <array>

namespace switchboard::server {

// One file as the server sends it: its bytes, compressed once with each coding that makes it
// smaller, and a strong ETag per representation from a hash of the content. respond() picks
// the representation the request accepts and answers GET, HEAD and If-None-Match.
class StaticAsset final {
public:
    // Bodies below this size are sent as they are: compression would not pay for its header.
    static constexpr qsizetype minCompressedBytes = 256;
    // Browsers reuse the files for five minutes, then revalidate (a 304 costs no body), so a
    // new release reaches every visitor within five minutes of its install.
    static constexpr int maxAgeSeconds = 300;

    StaticAsset(QByteArray content, QByteArray contentType);

    HttpResponse respond(const HttpRequest &request) const;

    const QByteArray &content() const { return m_content; }
    // The stored body for a coding; empty if that coding is not kept (it did not pay).
    QByteArray encoded(ContentCoding coding) const;
    QByteArray etag(ContentCoding coding) const;

    // Whether an If-None-Match value names this tag (weak comparison, RFC 9110 13.1.2).
    static bool ifNoneMatchHits(const QByteArray &ifNoneMatch, const QByteArray &etag);

private:
    static constexpr int codingCount = 3;
    static int indexOf(ContentCoding coding) { return int(coding); }

    QByteArray m_content;
    QByteArray m_contentType;
    QByteArray m_hash; // base64url of the first 16 bytes of SHA-256
    std::array<QByteArray, codingCount> m_encoded; // empty for identity and for unkept codings
};

} // namespace switchboard::server
