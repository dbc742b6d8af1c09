#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <http/compressedassetcache.h>
#include <http/httpendpoints.h>
#include <http/keepalivepolicy.h>
#include <thread>
#include <vector>

using namespace Qt::StringLiterals;

using namespace switchboard::server;

namespace {

QByteArray repeatedText(const QByteArray &word, int times)
{
    QByteArray text;
    for (int i = 0; i < times; ++i)
        text += word + QByteArray::number(i % 17) + ";\n";
    return text;
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        && file.write(content) == content.size();
}

HttpRequest request(const QByteArray &method, const QByteArray &path,
    const QByteArray &acceptEncoding = "gzip, deflate, br")
{
    HttpRequest request;
    request.method = method;
    request.path = path;
    request.headers.insert("accept-encoding", acceptEncoding);
    return request;
}

} // namespace

class tst_CompressedAssetCache final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void servesAnyPlainFileOfTheFolder();
    void refusesNamesOutsideTheFolder_data();
    void refusesNamesOutsideTheFolder();
    void keepsOneCompressionUntilTheFileChanges();
    void manyThreadsShareOneAsset();
    void warmUpCompressesEveryFileAhead();
    void endpointsServeWidgetFilesWithValidators();
    void endpointsGzipLargeGeneratedAnswers();
    void keepAlivePolicyCapsEachAddress();

private:
    std::unique_ptr<QTemporaryDir> m_folder;
};

void tst_CompressedAssetCache::init()
{
    m_folder = std::make_unique<QTemporaryDir>();
    QVERIFY(m_folder->isValid());
    QVERIFY(writeFile(m_folder->filePath(u"embed.js"_s), repeatedText("var a = b", 400)));
    QVERIFY(writeFile(m_folder->filePath(u"index.html"_s), repeatedText("<p>shop</p>", 100)));
    QVERIFY(writeFile(m_folder->filePath(u".secret"_s), "hidden"));
    QVERIFY(QDir(m_folder->path()).mkdir(u"sub"_s));
}

void tst_CompressedAssetCache::servesAnyPlainFileOfTheFolder()
{
    // A file added later (a translator's language file) is served like the others.
    QVERIFY(writeFile(m_folder->filePath(u"de.json"_s), repeatedText("\"key\": \"Wert\"", 200)));
    const CompressedAssetCache cache(m_folder->path());
    const auto language = cache.asset("de.json");
    QVERIFY(language);
    QCOMPARE(language->respond(request("GET", "/widget/de.json")).header("Content-Encoding"),
        QByteArray("br"));
    QCOMPARE(language->respond(request("GET", "/widget/de.json")).contentType,
        QByteArray("application/json; charset=utf-8"));
    // So is a file in a folder directly in it (the translations in i18n/), but no deeper.
    QVERIFY(QDir(m_folder->path()).mkpath(u"i18n/deeper"_s));
    QVERIFY(writeFile(m_folder->filePath(u"i18n/fr.json"_s), "{\"open\": \"Ouvrir\"}"));
    QVERIFY(writeFile(m_folder->filePath(u"i18n/deeper/x.json"_s), "{}"));
    const auto french = cache.asset("i18n/fr.json");
    QVERIFY(french);
    QCOMPARE(french->content(), QByteArray("{\"open\": \"Ouvrir\"}"));
    QVERIFY(!cache.asset("i18n/deeper/x.json"));
    QVERIFY(!cache.asset("i18n/../embed.js"));
    QCOMPARE(CompressedAssetCache::contentTypeFor(u"embed.js"_s),
        QByteArray("text/javascript; charset=utf-8"));
    QCOMPARE(CompressedAssetCache::contentTypeFor(u"widget.css"_s),
        QByteArray("text/css; charset=utf-8"));
    QCOMPARE(CompressedAssetCache::contentTypeFor(u"blob.bin"_s),
        QByteArray("application/octet-stream"));
}

void tst_CompressedAssetCache::refusesNamesOutsideTheFolder_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("hidden") << QByteArray(".secret");
    QTest::newRow("parent") << QByteArray("..");
    QTest::newRow("traversal") << QByteArray("../etc/passwd");
    QTest::newRow("backslash") << QByteArray("..\\embed.js");
    QTest::newRow("sub folder") << QByteArray("sub");
    QTest::newRow("missing in a sub folder") << QByteArray("sub/x.js");
    QTest::newRow("hidden sub folder") << QByteArray(".git/config");
    QTest::newRow("empty segment") << QByteArray("sub//x.js");
    QTest::newRow("absolute") << QByteArray("/etc/passwd");
    QTest::newRow("missing") << QByteArray("missing.js");
}

void tst_CompressedAssetCache::refusesNamesOutsideTheFolder()
{
    QFETCH(QByteArray, name);
    const CompressedAssetCache cache(m_folder->path());
    QVERIFY(!cache.asset(name));
    QVERIFY(!CompressedAssetCache(QString()).asset("embed.js"));
}

void tst_CompressedAssetCache::keepsOneCompressionUntilTheFileChanges()
{
    const CompressedAssetCache cache(m_folder->path());
    const auto first = cache.asset("embed.js");
    QVERIFY(first);
    QCOMPARE(cache.asset("embed.js").get(), first.get()); // compressed once, kept
    // A new release replaces the file: the next request sees it, with a new tag.
    QVERIFY(writeFile(m_folder->filePath(u"embed.js"_s), repeatedText("let c = d", 450)));
    const auto second = cache.asset("embed.js");
    QVERIFY(second && second.get() != first.get());
    QVERIFY(second->etag(ContentCoding::Gzip) != first->etag(ContentCoding::Gzip));
    QCOMPARE(second->content(), repeatedText("let c = d", 450));
}

void tst_CompressedAssetCache::manyThreadsShareOneAsset()
{
    const CompressedAssetCache cache(m_folder->path());
    std::vector<std::thread> threads;
    std::vector<QByteArray> tags(8);
    for (int i = 0; i < 8; ++i) {
        threads.emplace_back([&cache, &tags, i] {
            for (int round = 0; round < 50; ++round) {
                const auto asset = cache.asset(round % 2 ? "embed.js" : "index.html");
                if (asset && round % 2)
                    tags[size_t(i)] = asset->etag(ContentCoding::Brotli);
            }
        });
    }
    for (std::thread &thread : threads)
        thread.join();
    for (const QByteArray &tag : tags)
        QCOMPARE(tag, cache.asset("embed.js")->etag(ContentCoding::Brotli));
}

void tst_CompressedAssetCache::warmUpCompressesEveryFileAhead()
{
    std::shared_ptr<const StaticAsset> warmed;
    {
        const CompressedAssetCache cache(m_folder->path());
        QCOMPARE(cache.keptCount(), 0);
        cache.warmUp();
        QThreadPool::globalInstance()->waitForDone();
        QCOMPARE(cache.keptCount(), 2); // embed.js and index.html; not .secret, not sub/
        warmed = cache.asset("embed.js");
        // Kept from the warm-up: nothing is read or compressed again.
        QCOMPARE(cache.asset("embed.js").get(), warmed.get());
        cache.warmUp(); // the cache may go away while this runs
    }
    QThreadPool::globalInstance()->waitForDone();
    QVERIFY(!warmed->encoded(ContentCoding::Brotli).isEmpty());
}

void tst_CompressedAssetCache::endpointsServeWidgetFilesWithValidators()
{
    const HttpEndpoints http({}, m_folder->path());
    const HttpResponse index = http.respond(request("GET", "/widget/"));
    QCOMPARE(index.status, 200);
    QCOMPARE(index.contentType, QByteArray("text/html; charset=utf-8"));
    QCOMPARE(http.respond(request("GET", "/widget")).header("ETag"), index.header("ETag"));
    const HttpResponse script = http.respond(request("GET", "/widget/embed.js", "gzip"));
    QCOMPARE(script.header("Content-Encoding"), QByteArray("gzip"));
    QCOMPARE(
        gzipDecompress(script.body), std::optional<QByteArray>(repeatedText("var a = b", 400)));
    HttpRequest again = request("GET", "/widget/embed.js", "gzip");
    again.headers.insert("if-none-match", script.header("ETag"));
    QCOMPARE(http.respond(again).status, 304);
    QCOMPARE(http.respond(request("GET", "/widget/.secret")).status, 404);
    QCOMPARE(http.respond(request("GET", "/widget/sub/x.js")).status, 404);
    QCOMPARE(http.respond(request("GET", "/widget/missing.js")).status, 404);
    QCOMPARE(http.respond(request("POST", "/widget/embed.js")).status, 405);
}

void tst_CompressedAssetCache::endpointsGzipLargeGeneratedAnswers()
{
    const QByteArray exposition = repeatedText("switchboard_metric_total", 200);
    HttpEndpoints::Probes probes;
    probes.metrics = [exposition] {
        return exposition;
    };
    const HttpEndpoints http(probes, m_folder->path());
    const HttpResponse metrics = http.respond(request("GET", "/metrics", "gzip"));
    QCOMPARE(metrics.header("Content-Encoding"), QByteArray("gzip"));
    QCOMPARE(metrics.header("Vary"), QByteArray("Accept-Encoding"));
    QCOMPARE(metrics.cacheControl, QByteArray("no-store"));
    QCOMPARE(gzipDecompress(metrics.body), std::optional<QByteArray>(exposition));
    QCOMPARE(http.respond(request("GET", "/metrics", {})).body, exposition);
    const HttpResponse health = http.respond(request("GET", "/healthz", "gzip"));
    QCOMPARE(health.body, QByteArray("ok\n")); // too small to be worth it
    QVERIFY(health.header("Content-Encoding").isEmpty());
}

void tst_CompressedAssetCache::keepAlivePolicyCapsEachAddress()
{
    const KeepAlivePolicy policy;
    const QHostAddress visitor(u"192.0.2.7"_s);
    const QHostAddress other(u"2001:db8::1"_s);
    for (int i = 0; i < KeepAlivePolicy::maxPerAddress; ++i)
        QVERIFY(policy.tryHold(visitor));
    QVERIFY(!policy.tryHold(visitor)); // at the cap
    QCOMPARE(policy.heldBy(visitor), KeepAlivePolicy::maxPerAddress);
    QVERIFY(policy.tryHold(other)); // others are not affected
    policy.release(visitor);
    QVERIFY(policy.tryHold(visitor));
    for (int i = 0; i < KeepAlivePolicy::maxPerAddress; ++i)
        policy.release(visitor);
    QCOMPARE(policy.heldBy(visitor), 0);
    policy.release(visitor); // more releases than holds change nothing
    QCOMPARE(policy.heldBy(visitor), 0);
}

QTEST_GUILESS_MAIN(tst_CompressedAssetCache)
#include "tst_compressedassetcache.moc"
