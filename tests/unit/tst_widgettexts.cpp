#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <config/serverconfig.h>
#include <config/widgettexts.h>
#include <http/httpendpoints.h>

using namespace Qt::StringLiterals;

using namespace switchboard::server;

// The shop's widget texts (the widget-texts setting): what is accepted, what is refused with
// which one-line reason, and how /widget/ serves them and the language files.
class tst_WidgetTexts final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void acceptsLanguagesOfKnownTexts();
    void refusesMistakes_data();
    void refusesMistakes();
    void readsTheFileOrSaysWhy();
    void defaultsToTheDataDirectory();
    void servedToOtherOrigins();
    void languageFilesAreServedFromTheirFolderOnly();
};

void tst_WidgetTexts::acceptsLanguagesOfKnownTexts()
{
    const QByteArray json = R"({
        "en": {"title": "Northwind Coffee", "greeting": "Welcome!", "question": "What can we do?",
               "offline": "Back at nine.", "subtitle": "Roasted on Tuesdays"},
        "zh-CN": {"greeting": "欢迎光临！"},
        "zh-Hans-CN": {}
    })";
    auto texts = WidgetTexts::fromJson(json);
    QVERIFY2(texts.hasValue(), qPrintable(texts ? QString() : texts.error()));
    const QJsonObject served = QJsonDocument::fromJson(texts->json()).object();
    QCOMPARE(served.value(u"zh-CN"_s).toObject().value(u"greeting"_s).toString(), u"欢迎光临！"_s);
    QCOMPARE(served.value(u"en"_s).toObject().value(u"offline"_s).toString(), u"Back at nine."_s);
    QVERIFY2(!texts->json().contains('\n'), "served compact");
    QCOMPARE(WidgetTexts().json(), QByteArray("{}"));
}

void tst_WidgetTexts::refusesMistakes_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("reason");
    QTest::addRow("not JSON") << QByteArray("{\"en\": ") << u"not JSON"_s;
    QTest::addRow("an array") << QByteArray("[]") << u"expected an object of languages"_s;
    QTest::addRow("underscore tag")
        << QByteArray(R"({"zh_CN": {}})") << u"\"zh_CN\" is not a language tag"_s;
    QTest::addRow("texts not an object")
        << QByteArray(R"({"en": "Hello"})") << u"\"en\": expected an object of texts"_s;
    QTest::addRow("mistyped field") << QByteArray(R"({"en": {"greting": "Hi"}})")
                                    << u"\"en\".\"greting\" is not a text the widget shows"_s;
    QTest::addRow("number") << QByteArray(R"({"en": {"title": 5}})")
                            << u"\"en\".\"title\": expected a string"_s;
    QTest::addRow("too long") << (R"({"en": {"title": ")" + QByteArray(1001, 'x') + R"("}})")
                              << u"\"en\".\"title\": longer than 1000 characters"_s;
}

void tst_WidgetTexts::refusesMistakes()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, reason);
    auto texts = WidgetTexts::fromJson(json);
    QVERIFY(!texts.hasValue());
    QVERIFY2(texts.error().contains(reason), qPrintable(texts.error()));
    QVERIFY(!texts.error().contains(u'\n'));
}

void tst_WidgetTexts::readsTheFileOrSaysWhy()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"texts.json"_s);
    auto missing = WidgetTexts::fromFile(path);
    QVERIFY(!missing.hasValue());
    QVERIFY2(missing.error().startsWith(u"cannot read "_s + path), qPrintable(missing.error()));

    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"en": {"offline": "Back at nine."}})");
    file.close();
    auto read = WidgetTexts::fromFile(path);
    QVERIFY2(read.hasValue(), qPrintable(read ? QString() : read.error()));
    QVERIFY(read->json().contains("Back at nine."));

    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(R"({"en": {"ofline": "x"}})");
    file.close();
    auto wrong = WidgetTexts::fromFile(path);
    QVERIFY(!wrong.hasValue());
    QVERIFY2(wrong.error().startsWith(path + u": "_s), "the file is named");
}

void tst_WidgetTexts::defaultsToTheDataDirectory()
{
    QTemporaryDir dir;
    ServerConfig config;
    config.dataDir = dir.path();
    QCOMPARE(config.widgetTextsPath(), QString()); // nothing there: no texts
    QFile file(QDir(dir.path()).filePath(u"widget-texts.json"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    QCOMPARE(config.widgetTextsPath(), file.fileName());
    config.widgetTextsFile = u"/etc/switchboard/widget-texts.json"_s;
    QCOMPARE(config.widgetTextsPath(), config.widgetTextsFile); // the setting wins
}

namespace {

HttpResponse get(const HttpEndpoints &http, const QByteArray &path)
{
    HttpRequest request;
    request.method = "GET";
    request.path = path;
    return http.respond(request);
}

QByteArray header(const HttpResponse &response, const QByteArray &name)
{
    for (const auto &[key, value] : response.headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

} // namespace

void tst_WidgetTexts::servedToOtherOrigins()
{
    HttpEndpoints http({}, QString());
    HttpResponse empty = get(http, "/widget/texts.json");
    QCOMPARE(empty.status, 200);
    QCOMPARE(empty.body, QByteArray("{}"));

    http.setWidgetTexts(WidgetTexts::fromJson(R"({"zh-CN": {"title": "北风咖啡"}})")->json());
    HttpResponse texts = get(http, "/widget/texts.json");
    QCOMPARE(texts.status, 200);
    QVERIFY(texts.contentType.startsWith("application/json"));
    QCOMPARE(header(texts, "Access-Control-Allow-Origin"), QByteArray("*"));
    QCOMPARE(QJsonDocument::fromJson(texts.body)
                 .object()
                 .value(u"zh-CN"_s)
                 .toObject()
                 .value(u"title"_s)
                 .toString(),
        u"北风咖啡"_s);
}

void tst_WidgetTexts::languageFilesAreServedFromTheirFolderOnly()
{
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkpath(u"i18n/deeper"_s));
    const auto write = [&dir](const QString &name, const QByteArray &content) {
        QFile file(QDir(dir.path()).filePath(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    };
    write(u"i18n/zh-CN.json"_s, R"({"open": "打开聊天"})");
    write(u"i18n/.hidden.json"_s, "{}");
    write(u"i18n/deeper/x.json"_s, "{}");
    write(u"embed.js"_s, "/* widget */");
    HttpEndpoints http({}, dir.path());

    HttpResponse language = get(http, "/widget/i18n/zh-CN.json");
    QCOMPARE(language.status, 200);
    QCOMPARE(language.contentType, QByteArray("application/json; charset=utf-8"));
    QCOMPARE(header(language, "Access-Control-Allow-Origin"), QByteArray("*"));
    QVERIFY(language.body.contains("打开聊天"));
    QCOMPARE(get(http, "/widget/embed.js").status, 200);

    QCOMPARE(get(http, "/widget/i18n/.hidden.json").status, 404);
    QCOMPARE(get(http, "/widget/i18n/deeper/x.json").status, 404);
    QCOMPARE(get(http, "/widget/i18n/../embed.js").status, 404);
    QCOMPARE(get(http, "/widget/other/zh-CN.json").status, 404);
}

QTEST_GUILESS_MAIN(tst_WidgetTexts)
#include "tst_widgettexts.moc"
