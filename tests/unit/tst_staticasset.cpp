#include <QTest>
#include <brotli/decode.h>
#include <http/contentcoding.h>
#include <http/httpmessage.h>
#include <http/staticasset.h>

using namespace switchboard::server;

namespace {

// Text that compresses like a script: repeated words with some variety.
QByteArray scriptLikeText(int lines)
{
    QByteArray text;
    for (int i = 0; i < lines; ++i)
        text
            += "  function handler" + QByteArray::number(i) + "(event) { return render(event); }\n";
    return text;
}

HttpRequest get(const QByteArray &acceptEncoding, const QByteArray &ifNoneMatch = {})
{
    HttpRequest request;
    request.method = "GET";
    request.path = "/widget/embed.js";
    if (!acceptEncoding.isNull())
        request.headers.insert("accept-encoding", acceptEncoding);
    if (!ifNoneMatch.isNull())
        request.headers.insert("if-none-match", ifNoneMatch);
    return request;
}

std::optional<QByteArray> brotliDecompress(const QByteArray &data)
{
    QByteArray out(1 << 20, Qt::Uninitialized);
    size_t size = size_t(out.size());
    if (BrotliDecoderDecompress(size_t(data.size()), reinterpret_cast<const uint8_t *>(data.data()),
            &size, reinterpret_cast<uint8_t *>(out.data()))
        != BROTLI_DECODER_RESULT_SUCCESS) {
        return std::nullopt;
    }
    out.truncate(qsizetype(size));
    return out;
}

} // namespace

class tst_StaticAsset final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void gzipIsAGzipMemberNotZlib();
    void acceptEncoding_data();
    void acceptEncoding();
    void picksBrotliThenGzipThenIdentity_data();
    void picksBrotliThenGzipThenIdentity();
    void etagIsStrongPerRepresentationAndFollowsContent();
    void ifNoneMatchAnswers304WithoutBody_data();
    void ifNoneMatchAnswers304WithoutBody();
    void headGetsTheHeadersOfGet();
    void smallFilesAreSentAsTheyAre();
    void serializeConnectionAndCaching();
    void keepAliveOnlyForPlainHttp11_data();
    void keepAliveOnlyForPlainHttp11();
    void repeatedForwardedForLinesAreOneList();
};

void tst_StaticAsset::gzipIsAGzipMemberNotZlib()
{
    const QByteArray text = scriptLikeText(200);
    const std::optional<QByteArray> gzipped = gzipCompress(text);
    QVERIFY(gzipped);
    // RFC 1952: magic 1f 8b, method 8 (deflate); qCompress would start with a length and 78.
    QCOMPARE(quint8(gzipped->at(0)), quint8(0x1f));
    QCOMPARE(quint8(gzipped->at(1)), quint8(0x8b));
    QCOMPARE(quint8(gzipped->at(2)), quint8(8));
    QVERIFY(gzipped->size() < text.size() / 4);
    QCOMPARE(gzipDecompress(*gzipped), std::optional<QByteArray>(text));
    QVERIFY(!gzipDecompress(qCompress(text))); // zlib format is not gzip
    QVERIFY(!gzipDecompress(gzipped->left(gzipped->size() - 4))); // truncated: no trailer
}

void tst_StaticAsset::acceptEncoding_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<bool>("gzip");
    QTest::addColumn<bool>("brotli");
    QTest::newRow("absent") << QByteArray() << false << false;
    QTest::newRow("chromium over http") << QByteArray("gzip, deflate") << true << false;
    QTest::newRow("chromium local") << QByteArray("gzip, deflate, br") << true << true;
    QTest::newRow("case and spaces") << QByteArray(" GZip ,BR ") << true << true;
    QTest::newRow("q zero refuses") << QByteArray("gzip;q=0, br; q=0.5") << false << true;
    QTest::newRow("wildcard") << QByteArray("*") << true << true;
    QTest::newRow("wildcard but not br") << QByteArray("br;q=0, *;q=0.1") << true << false;
    QTest::newRow("x-gzip") << QByteArray("x-gzip") << true << false;
    QTest::newRow("identity only") << QByteArray("identity") << false << false;
    QTest::newRow("unreadable q") << QByteArray("gzip;q=lots") << false << false;
}

void tst_StaticAsset::acceptEncoding()
{
    QFETCH(QByteArray, header);
    QFETCH(bool, gzip);
    QFETCH(bool, brotli);
    QCOMPARE(acceptsCoding(header, ContentCoding::Gzip), gzip);
    QCOMPARE(acceptsCoding(header, ContentCoding::Brotli), brotli);
    QVERIFY(acceptsCoding(header, ContentCoding::Identity));
}

void tst_StaticAsset::picksBrotliThenGzipThenIdentity_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("coding");
    QTest::newRow("br and gzip") << QByteArray("gzip, deflate, br") << QByteArray("br");
    QTest::newRow("gzip only") << QByteArray("gzip, deflate") << QByteArray("gzip");
    QTest::newRow("none") << QByteArray() << QByteArray();
    QTest::newRow("deflate only") << QByteArray("deflate") << QByteArray();
}

void tst_StaticAsset::picksBrotliThenGzipThenIdentity()
{
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, coding);
    const QByteArray text = scriptLikeText(300);
    const StaticAsset asset(text, "text/javascript; charset=utf-8");
    const HttpResponse response = asset.respond(get(header));
    QCOMPARE(response.status, 200);
    QCOMPARE(response.contentType, QByteArray("text/javascript; charset=utf-8"));
    QCOMPARE(response.header("Content-Encoding"), coding);
    QCOMPARE(response.header("Vary"), QByteArray("Accept-Encoding")); // identity too
    QCOMPARE(response.cacheControl, QByteArray("public, max-age=300"));
    QCOMPARE(response.header("Timing-Allow-Origin"), QByteArray("*"));
    std::optional<QByteArray> decoded = response.body;
    if (coding == "gzip")
        decoded = gzipDecompress(response.body);
    else if (coding == "br")
        decoded = brotliDecompress(response.body);
    QCOMPARE(decoded, std::optional<QByteArray>(text));
    if (!coding.isEmpty())
        QVERIFY(response.body.size() < text.size() / 4);
    // Compressed once and kept: the same bytes every time.
    QVERIFY(asset.respond(get(header)).body.constData() == response.body.constData());
}

void tst_StaticAsset::etagIsStrongPerRepresentationAndFollowsContent()
{
    const StaticAsset asset(scriptLikeText(100), "text/css; charset=utf-8");
    const QByteArray identity = asset.respond(get({})).header("ETag");
    const QByteArray gzip = asset.respond(get("gzip")).header("ETag");
    const QByteArray brotli = asset.respond(get("br")).header("ETag");
    QVERIFY(identity.startsWith('"') && identity.endsWith('"')); // strong: no W/
    QCOMPARE(QSet<QByteArray>({ identity, gzip, brotli }).size(), 3);
    QCOMPARE(StaticAsset(scriptLikeText(100), "text/css").etag(ContentCoding::Gzip), gzip);
    QVERIFY(StaticAsset(scriptLikeText(101), "text/css").etag(ContentCoding::Gzip) != gzip);
}

void tst_StaticAsset::ifNoneMatchAnswers304WithoutBody_data()
{
    QTest::addColumn<QByteArray>("ifNoneMatch"); // %1 stands for the current gzip tag
    QTest::addColumn<int>("status");
    QTest::newRow("same tag") << QByteArray("%1") << 304;
    QTest::newRow("in a list") << QByteArray("\"old\", %1") << 304;
    QTest::newRow("weak form of it") << QByteArray("W/%1") << 304;
    QTest::newRow("star") << QByteArray("*") << 304;
    QTest::newRow("another tag") << QByteArray("\"old\"") << 200;
    QTest::newRow("the identity tag") << QByteArray("%identity") << 200;
}

void tst_StaticAsset::ifNoneMatchAnswers304WithoutBody()
{
    QFETCH(QByteArray, ifNoneMatch);
    QFETCH(int, status);
    const StaticAsset asset(scriptLikeText(100), "text/javascript; charset=utf-8");
    ifNoneMatch.replace("%identity", asset.etag(ContentCoding::Identity));
    ifNoneMatch.replace("%1", asset.etag(ContentCoding::Gzip));
    const HttpResponse response = asset.respond(get("gzip", ifNoneMatch));
    QCOMPARE(response.status, status);
    QCOMPARE(response.header("ETag"), asset.etag(ContentCoding::Gzip));
    QCOMPARE(response.header("Vary"), QByteArray("Accept-Encoding"));
    const QByteArray wire = response.serialize();
    const QByteArray head = wire.left(wire.indexOf("\r\n\r\n") + 4);
    if (status == 304) {
        QVERIFY(wire.startsWith("HTTP/1.1 304 Not Modified\r\n"));
        QCOMPARE(wire, head); // no body
        QVERIFY(!head.contains("Content-Length"));
        QVERIFY(head.contains("Cache-Control: public, max-age=300\r\n"));
    } else {
        QVERIFY(wire.size() > head.size());
    }
}

void tst_StaticAsset::headGetsTheHeadersOfGet()
{
    const StaticAsset asset(scriptLikeText(100), "text/javascript; charset=utf-8");
    HttpRequest head = get("gzip");
    head.method = "HEAD";
    const QByteArray getWire = asset.respond(get("gzip")).serialize(false);
    const QByteArray headWire = asset.respond(head).serialize(true);
    QCOMPARE(headWire, getWire.left(getWire.indexOf("\r\n\r\n") + 4));
    const QByteArray length
        = "Content-Length: " + QByteArray::number(asset.encoded(ContentCoding::Gzip).size());
    QVERIFY(headWire.contains(length));
}

void tst_StaticAsset::smallFilesAreSentAsTheyAre()
{
    const StaticAsset asset("body{margin:0}", "text/css; charset=utf-8");
    const HttpResponse response = asset.respond(get("gzip, br"));
    QCOMPARE(response.body, QByteArray("body{margin:0}"));
    QVERIFY(response.header("Content-Encoding").isEmpty());
    QVERIFY(response.header("Vary").isEmpty()); // one representation only
    QVERIFY(!response.header("ETag").isEmpty());
}

void tst_StaticAsset::serializeConnectionAndCaching()
{
    const HttpResponse probe = HttpResponse::text(200, "ok\n");
    const QByteArray closing = probe.serialize();
    QVERIFY(closing.contains("\r\nConnection: close\r\n"));
    QVERIFY(closing.contains("\r\nCache-Control: no-store\r\n"));
    QVERIFY(closing.endsWith("\r\n\r\nok\n"));
    const QByteArray kept = probe.serialize(false, HttpResponse::Connection::KeepAlive);
    QVERIFY(kept.contains("\r\nConnection: keep-alive\r\n"));
    QVERIFY(!kept.contains("close"));
}

void tst_StaticAsset::keepAliveOnlyForPlainHttp11_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<bool>("keepAlive");
    QTest::newRow("1.1") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n\r\n") << true;
    QTest::newRow("1.1 close") << QByteArray("GET / HTTP/1.1\r\nConnection: Close\r\n\r\n")
                               << false;
    QTest::newRow("1.1 list with close")
        << QByteArray("GET / HTTP/1.1\r\nConnection: te, close\r\n\r\n") << false;
    QTest::newRow("1.0") << QByteArray("GET / HTTP/1.0\r\n\r\n") << false;
    QTest::newRow("1.0 keep-alive")
        << QByteArray("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") << false;
    QTest::newRow("a body we do not read")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n") << false;
    QTest::newRow("chunked body") << QByteArray(
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")
                                  << false;
    QTest::newRow("empty body") << QByteArray("GET / HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
                                << true;
}

void tst_StaticAsset::keepAliveOnlyForPlainHttp11()
{
    QFETCH(QByteArray, head);
    QFETCH(bool, keepAlive);
    const std::optional<HttpRequest> request = parseRequestHead(head);
    QVERIFY(request);
    QCOMPARE(request->allowsKeepAlive(), keepAlive);
}

// A proxy that adds its own X-Forwarded-For line (HAProxy's forwardfor) after the client's:
// the client's address stays the last hop, whatever the client wrote itself.
void tst_StaticAsset::repeatedForwardedForLinesAreOneList()
{
    const std::optional<HttpRequest> request
        = parseRequestHead("GET /ws HTTP/1.1\r\nX-Forwarded-For: 203.0.113.9\r\nHost: x\r\n"
                           "x-forwarded-for: 198.51.100.2, 10.0.0.4\r\n\r\n");
    QVERIFY(request);
    QCOMPARE(request->header("x-forwarded-for"), QByteArray("203.0.113.9, 198.51.100.2, 10.0.0.4"));
}

QTEST_GUILESS_MAIN(tst_StaticAsset)
#include "tst_staticasset.moc"
