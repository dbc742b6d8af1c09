// The protocol codec without sockets: client frames in, decoded structs or errors out; server
// encoders out as compact JSON; the identifier helpers and the reconnect backoff.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <optional>
#include <switchboard/backoffpolicy.h>
#include <switchboard/clientmessage.h>
#include <switchboard/ids.h>
#include <switchboard/protocol.h>
#include <switchboard/servermessage.h>

using namespace Qt::StringLiterals;
using namespace switchboard;
using namespace switchboard::protocol;

namespace {

// A marker put into text and password fields of bad frames: error messages must never echo it.
constexpr QLatin1StringView secret("SECRET-7f3a");

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray sendFrame(const QJsonValue &clientId, const QJsonValue &text)
{
    return compact(QJsonObject { { u"type"_s, u"send"_s }, { u"conversation"_s, u"c1"_s },
        { u"client_id"_s, clientId }, { u"text"_s, text } });
}

QByteArray nested(int depth)
{
    return QByteArray(depth, '[') + QByteArray(depth, ']');
}

// Decodes a frame that must become a T; on any other outcome `why` says what happened.
template<typename T> std::optional<T> decodeAs(const QByteArray &frame, QByteArray &why)
{
    const auto result = decodeClientMessage(frame);
    if (!result) {
        why = "decode failed with " + errorCodeName(result.error().code).toUtf8() + ": "
            + result.error().message.toUtf8();
        return std::nullopt;
    }
    if (const T *message = std::get_if<T>(&*result))
        return *message;
    why = "decoded as another type: " + messageTypeName(*result).toUtf8();
    return std::nullopt;
}

// The frame as a JSON object, only if it is exactly the compact serialisation of one.
std::optional<QJsonObject> compactObject(const QByteArray &frame)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(frame, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    if (document.toJson(QJsonDocument::Compact) != frame)
        return std::nullopt; // whitespace or otherwise not compact
    return document.object();
}

QStringList sortedKeys(const QJsonObject &object)
{
    QStringList keys = object.keys();
    keys.sort();
    return keys;
}

bool isRfc3339Ms(const QString &text)
{
    static const QRegularExpression pattern(
        u"^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$"_s);
    return pattern.match(text).hasMatch();
}

bool isLowerHex(const QString &text)
{
    static const QRegularExpression pattern(u"^[0-9a-f]+$"_s);
    return pattern.match(text).hasMatch();
}

// 2026-11-27T09:30:00.123Z, the example time of PROTOCOL.md.
constexpr qint64 exampleMs = 1795771800123;

} // namespace

class ClientMessageTest final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // ---- decoding: refusals --------------------------------------------------------------

    void rejectsMalformed_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("ref");

        const QString bad = u"bad_request"_s;
        const QString none;
        const QString k1 = u"k1"_s;

        // Not one JSON object.
        QTest::addRow("not JSON") << R"({"type":"ping")"_ba << bad << none;
        QTest::addRow("empty frame") << QByteArray() << bad << none;
        QTest::addRow("JSON array") << R"([{"type":"ping"}])"_ba << bad << none;
        QTest::addRow("JSON string") << R"("hello")"_ba << bad << none;
        QTest::addRow("JSON number") << "42"_ba << bad << none;
        QTest::addRow("JSON null") << "null"_ba << bad << none;
        QTest::addRow("two objects in one frame")
            << R"({"type":"ping"}{"type":"ping"})"_ba << bad << none;
        QTest::addRow("5000 nested arrays") << nested(5000) << bad << none;
        QTest::addRow("5000 nested arrays in an ignored field")
            << QByteArray(R"({"type":"ping","extra":)"_ba + nested(5000) + "}") << bad << none;

        // The type field.
        QTest::addRow("missing type") << R"({"client_id":"k1","text":"hi"})"_ba << bad << none;
        QTest::addRow("type is a number") << R"({"type":7})"_ba << bad << none;
        QTest::addRow("type is null") << R"({"type":null})"_ba << bad << none;
        QTest::addRow("type is an object") << R"({"type":{"name":"ping"}})"_ba << bad << none;
        QTest::addRow("unknown type") << R"({"type":"launch"})"_ba << bad << none;
        QTest::addRow("type in the wrong case") << R"({"type":"Ping"})"_ba << bad << none;

        // hello.
        QTest::addRow("hello without v")
            << R"({"type":"hello","role":"customer"})"_ba << bad << none;
        QTest::addRow("hello v 2")
            << R"({"type":"hello","v":2,"role":"customer"})"_ba << u"unsupported_version"_s << none;
        QTest::addRow("hello v 0")
            << R"({"type":"hello","v":0,"role":"customer"})"_ba << u"unsupported_version"_s << none;
        QTest::addRow("hello v 1.5") << R"({"type":"hello","v":1.5,"role":"customer"})"_ba
                                     << u"unsupported_version"_s << none;
        QTest::addRow("hello without role") << R"({"type":"hello","v":1})"_ba << bad << none;
        QTest::addRow("hello role is a number")
            << R"({"type":"hello","v":1,"role":1})"_ba << bad << none;
        QTest::addRow("hello role bogus")
            << R"({"type":"hello","v":1,"role":"admin"})"_ba << bad << none;
        QTest::addRow("hello role system")
            << R"({"type":"hello","v":1,"role":"system"})"_ba << bad << none;
        // A staff hello without credentials is a failed sign-in rather than a malformed frame,
        // so the transport closes it with 1008 like a wrong password.
        const QString unauthenticated = u"unauthenticated"_s;
        QTest::addRow("staff hello without password")
            << R"({"type":"hello","v":1,"role":"agent","login":"alice"})"_ba << unauthenticated
            << none;
        QTest::addRow("staff hello without login")
            << R"({"type":"hello","v":1,"role":"agent","password":"SECRET-7f3a"})"_ba
            << unauthenticated << none;
        QTest::addRow("staff hello with empty password")
            << R"({"type":"hello","v":1,"role":"agent","login":"alice","password":""})"_ba
            << unauthenticated << none;
        QTest::addRow("supervisor hello without password")
            << R"({"type":"hello","v":1,"role":"supervisor","login":"sam"})"_ba << unauthenticated
            << none;
        QTest::addRow("staff hello password is a number")
            << R"({"type":"hello","v":1,"role":"agent","login":"alice","password":1234})"_ba << bad
            << none;
        QTest::addRow("staff hello login is a list")
            << R"({"type":"hello","v":1,"role":"agent","login":["alice"],"password":"SECRET-7f3a"})"_ba
            << bad << none;
        QTest::addRow("hello token is a number")
            << R"({"type":"hello","v":1,"role":"customer","token":12345})"_ba << bad << none;
        QTest::addRow("hello token is empty")
            << R"({"type":"hello","v":1,"role":"customer","token":""})"_ba << bad << none;
        QTest::addRow("customer hello name is a number")
            << R"({"type":"hello","v":1,"role":"customer","name":5})"_ba << bad << none;
        QTest::addRow("customer hello name of 60 KB")
            << compact(QJsonObject { { u"type"_s, u"hello"_s }, { u"v"_s, 1 },
                   { u"role"_s, u"customer"_s }, { u"name"_s, QString(60 * 1024, u'n') } })
            << bad << none;

        // send: client_id problems leave no ref; later problems carry the valid client_id.
        QTest::addRow("send without client_id")
            << R"({"type":"send","conversation":"c1","text":"SECRET-7f3a"})"_ba << bad << none;
        QTest::addRow("send client_id is a number")
            << sendFrame(42, u"SECRET-7f3a"_s) << bad << none;
        QTest::addRow("send client_id empty") << sendFrame(u""_s, u"SECRET-7f3a"_s) << bad << none;
        QTest::addRow("send client_id of 65 chars")
            << sendFrame(QString(65, u'a'), u"SECRET-7f3a"_s) << bad << none;
        QTest::addRow("send client_id with a space")
            << sendFrame(u"k 1"_s, u"SECRET-7f3a"_s) << bad << none;
        QTest::addRow("send client_id with an accented letter")
            << sendFrame(u"cl\u00e9"_s, u"SECRET-7f3a"_s) << bad << none;
        QTest::addRow("send client_id with a non-ASCII digit")
            << sendFrame(u"k\u0661"_s, u"SECRET-7f3a"_s) << bad << none;
        QTest::addRow("send client_id with an emoji")
            << sendFrame(u"k\U0001F600"_s, u"SECRET-7f3a"_s) << bad << none;
        QTest::addRow("send client_id with a dot")
            << sendFrame(u"k.1"_s, u"SECRET-7f3a"_s) << bad << none;
        QTest::addRow("send without text")
            << R"({"type":"send","conversation":"c1","client_id":"k1"})"_ba << bad << k1;
        QTest::addRow("send text is a number") << sendFrame(k1, 5) << bad << k1;
        QTest::addRow("send text is null") << sendFrame(k1, QJsonValue()) << bad << k1;
        QTest::addRow("send text empty") << sendFrame(k1, u""_s) << bad << k1;
        QTest::addRow("send text of 8001 chars")
            << sendFrame(k1, QString(secret + QString(8001 - secret.size(), u'x'))) << bad << k1;
        QTest::addRow("send text of 60 KB")
            << sendFrame(k1, QString(secret + QString(60 * 1024, u'x'))) << bad << k1;
        // Escapes JSON allows but Unicode does not: a surrogate without its pair.
        QTest::addRow("send text with a lone high surrogate")
            << R"({"type":"send","client_id":"k1","text":"a\ud800b"})"_ba << bad << k1;
        QTest::addRow("send text ending in a high surrogate")
            << R"({"type":"send","client_id":"k1","text":"ab\ud800"})"_ba << bad << k1;
        QTest::addRow("send text with a lone low surrogate")
            << R"({"type":"send","client_id":"k1","text":"\udc00"})"_ba << bad << k1;
        QTest::addRow("send text with a high surrogate before a letter")
            << R"({"type":"send","client_id":"k1","text":"\ud800\u0041"})"_ba << bad << k1;
        QTest::addRow("send text with swapped surrogates")
            << R"({"type":"send","client_id":"k1","text":"\ude00\ud83d"})"_ba << bad << k1;
        QTest::addRow("customer hello name with a lone surrogate")
            << R"({"type":"hello","v":1,"role":"customer","name":"\udbff"})"_ba << bad << none;
        QTest::addRow("send kind event")
            << R"({"type":"send","client_id":"k1","text":"SECRET-7f3a","kind":"event"})"_ba << bad
            << k1;
        QTest::addRow("send kind bogus")
            << R"({"type":"send","client_id":"k1","text":"SECRET-7f3a","kind":"bogus"})"_ba << bad
            << k1;
        QTest::addRow("send kind is a number")
            << R"({"type":"send","client_id":"k1","text":"SECRET-7f3a","kind":1})"_ba << bad << k1;
        QTest::addRow("send conversation is a number")
            << R"({"type":"send","conversation":7,"client_id":"k1","text":"SECRET-7f3a"})"_ba << bad
            << k1;

        // Receipts.
        for (const char *type : { "delivered", "read" }) {
            const auto receipt = [type](const char *fields) -> QByteArray {
                return QByteArray("{\"type\":\"") + type + "\"" + fields + "}";
            };
            QTest::addRow("%s without conversation", type) << receipt(R"(,"seq":3)") << bad << none;
            QTest::addRow("%s conversation is a number", type)
                << receipt(R"(,"conversation":3,"seq":3)") << bad << none;
            QTest::addRow("%s without seq", type)
                << receipt(R"(,"conversation":"c1")") << bad << none;
            QTest::addRow("%s seq negative", type)
                << receipt(R"(,"conversation":"c1","seq":-1)") << bad << none;
            QTest::addRow("%s seq fractional", type)
                << receipt(R"(,"conversation":"c1","seq":2.5)") << bad << none;
            QTest::addRow("%s seq is a string", type)
                << receipt(R"(,"conversation":"c1","seq":"3")") << bad << none;
            QTest::addRow("%s seq is a bool", type)
                << receipt(R"(,"conversation":"c1","seq":true)") << bad << none;
            QTest::addRow("%s seq 2^53", type)
                << receipt(R"(,"conversation":"c1","seq":9007199254740992)") << bad << none;
            QTest::addRow("%s seq above 2^53", type)
                << receipt(R"(,"conversation":"c1","seq":9007199254740994)") << bad << none;
            QTest::addRow("%s seq 1e300", type)
                << receipt(R"(,"conversation":"c1","seq":1e300)") << bad << none;
        }

        // typing.
        QTest::addRow("typing without active")
            << R"({"type":"typing","conversation":"c1"})"_ba << bad << none;
        QTest::addRow("typing active is a string")
            << R"({"type":"typing","conversation":"c1","active":"yes"})"_ba << bad << none;
        QTest::addRow("typing active is a number")
            << R"({"type":"typing","conversation":"c1","active":1})"_ba << bad << none;
        QTest::addRow("typing conversation is a number")
            << R"({"type":"typing","conversation":1,"active":true})"_ba << bad << none;

        // sync.
        QTest::addRow("sync without conversation")
            << R"({"type":"sync","after_seq":0})"_ba << bad << none;
        QTest::addRow("sync conversation is a number")
            << R"({"type":"sync","conversation":1,"after_seq":0})"_ba << bad << none;
        QTest::addRow("sync without after_seq")
            << R"({"type":"sync","conversation":"c1"})"_ba << bad << none;
        QTest::addRow("sync after_seq negative")
            << R"({"type":"sync","conversation":"c1","after_seq":-1})"_ba << bad << none;
        QTest::addRow("sync after_seq fractional")
            << R"({"type":"sync","conversation":"c1","after_seq":0.5})"_ba << bad << none;
        QTest::addRow("sync after_seq is a string")
            << R"({"type":"sync","conversation":"c1","after_seq":"12"})"_ba << bad << none;
        QTest::addRow("sync after_seq above 2^53")
            << R"({"type":"sync","conversation":"c1","after_seq":9007199254740994})"_ba << bad
            << none;
        QTest::addRow("sync limit 0")
            << R"({"type":"sync","conversation":"c1","after_seq":0,"limit":0})"_ba << bad << none;
        QTest::addRow("sync limit above max")
            << compact(QJsonObject { { u"type"_s, u"sync"_s }, { u"conversation"_s, u"c1"_s },
                   { u"after_seq"_s, 0 }, { u"limit"_s, maxSyncLimit + 1 } })
            << bad << none;
        QTest::addRow("sync limit is a string")
            << R"({"type":"sync","conversation":"c1","after_seq":0,"limit":"10"})"_ba << bad
            << none;
        QTest::addRow("sync epoch is a number")
            << R"({"type":"sync","conversation":"c1","after_seq":0,"epoch":5})"_ba << bad << none;

        // history.
        QTest::addRow("history without conversation") << R"({"type":"history"})"_ba << bad << none;
        QTest::addRow("history conversation is a number")
            << R"({"type":"history","conversation":1})"_ba << bad << none;
        QTest::addRow("history before_seq 0")
            << R"({"type":"history","conversation":"c1","before_seq":0})"_ba << bad << none;
        QTest::addRow("history before_seq is a string")
            << R"({"type":"history","conversation":"c1","before_seq":"13"})"_ba << bad << none;
        QTest::addRow("history limit 0")
            << R"({"type":"history","conversation":"c1","limit":0})"_ba << bad << none;
        QTest::addRow("history limit negative")
            << R"({"type":"history","conversation":"c1","limit":-5})"_ba << bad << none;
        QTest::addRow("history limit above max")
            << compact(QJsonObject { { u"type"_s, u"history"_s }, { u"conversation"_s, u"c1"_s },
                   { u"limit"_s, maxHistoryLimit + 1 } })
            << bad << none;

        // customer_conversations.
        QTest::addRow("customer_conversations without conversation")
            << R"({"type":"customer_conversations"})"_ba << bad << none;
        QTest::addRow("customer_conversations conversation is a number")
            << R"({"type":"customer_conversations","conversation":7})"_ba << bad << none;
        QTest::addRow("customer_conversations conversation too long") << compact(QJsonObject {
            { u"type"_s, u"customer_conversations"_s }, { u"conversation"_s, QString(129, u'c') } })
                                                                      << bad << none;
        QTest::addRow("customer_conversations limit 0")
            << R"({"type":"customer_conversations","conversation":"c1","limit":0})"_ba << bad
            << none;
        QTest::addRow("customer_conversations limit fractional")
            << R"({"type":"customer_conversations","conversation":"c1","limit":2.5})"_ba << bad
            << none;
        QTest::addRow("customer_conversations limit is a string")
            << R"({"type":"customer_conversations","conversation":"c1","limit":"20"})"_ba << bad
            << none;
        QTest::addRow("customer_conversations limit above max") << compact(
            QJsonObject { { u"type"_s, u"customer_conversations"_s },
                { u"conversation"_s, u"c1"_s }, { u"limit"_s, maxCustomerConversationsLimit + 1 } })
                                                                << bad << none;

        // search, export, reports, audit: a malformed field is bad_request with the request id
        // as ref; a malformed request id has no ref.
        const QString s1 = u"s1"_s;
        QTest::addRow("search request id with a space")
            << R"({"type":"search","request":"s 1","text":"refund"})"_ba << bad << none;
        QTest::addRow("search request id of 65 chars") << compact(
            QJsonObject { { u"type"_s, u"search"_s }, { u"request"_s, QString(65, u'r') } })
                                                       << bad << none;
        QTest::addRow("search request id is a number")
            << R"({"type":"search","request":5})"_ba << bad << none;
        QTest::addRow("search text empty")
            << R"({"type":"search","request":"s1","text":""})"_ba << bad << s1;
        QTest::addRow("search text only punctuation")
            << R"({"type":"search","request":"s1","text":"* - !? [ ]"})"_ba << bad << s1;
        QTest::addRow("search text of 201 chars") << compact(QJsonObject {
            { u"type"_s, u"search"_s }, { u"request"_s, s1 }, { u"text"_s, QString(201, u'a') } })
                                                  << bad << s1;
        QTest::addRow("search text is a number")
            << R"({"type":"search","request":"s1","text":7})"_ba << bad << s1;
        QTest::addRow("search from not a time")
            << R"({"type":"search","request":"s1","from":"yesterday"})"_ba << bad << s1;
        QTest::addRow("search from without zone")
            << R"({"type":"search","request":"s1","from":"2026-11-01T00:00:00"})"_ba << bad << s1;
        QTest::addRow("search to a bare date")
            << R"({"type":"search","request":"s1","to":"2026-11-01"})"_ba << bad << s1;
        QTest::addRow("search to month 13")
            << R"({"type":"search","request":"s1","to":"2026-13-01T00:00:00Z"})"_ba << bad << s1;
        QTest::addRow("search from after to")
            << R"({"type":"search","request":"s1","from":"2026-12-01T00:00:00Z","to":"2026-11-01T00:00:00Z"})"_ba
            << bad << s1;
        QTest::addRow("search from equal to")
            << R"({"type":"search","request":"s1","from":"2026-12-01T00:00:00Z","to":"2026-12-01T00:00:00Z"})"_ba
            << bad << s1;
        QTest::addRow("search state bogus")
            << R"({"type":"search","request":"s1","state":"open"})"_ba << bad << s1;
        QTest::addRow("search state empty")
            << R"({"type":"search","request":"s1","state":""})"_ba << bad << s1;
        QTest::addRow("search agent is a number")
            << R"({"type":"search","request":"s1","agent":3})"_ba << bad << s1;
        QTest::addRow("search team is a list")
            << R"({"type":"search","request":"s1","team":["sales"]})"_ba << bad << s1;
        QTest::addRow("search customer of 257 chars")
            << compact(QJsonObject { { u"type"_s, u"search"_s }, { u"request"_s, s1 },
                   { u"customer"_s, QString(257, u'c') } })
            << bad << s1;
        QTest::addRow("search limit 0")
            << R"({"type":"search","request":"s1","limit":0})"_ba << bad << s1;
        QTest::addRow("search limit 201")
            << R"({"type":"search","request":"s1","limit":201})"_ba << bad << s1;
        QTest::addRow("search offset negative")
            << R"({"type":"search","request":"s1","offset":-1})"_ba << bad << s1;
        QTest::addRow("search offset fractional")
            << R"({"type":"search","request":"s1","offset":1.5})"_ba << bad << s1;
        const QString e1 = u"e1"_s;
        QTest::addRow("export without format")
            << R"({"type":"export","request":"e1"})"_ba << bad << e1;
        QTest::addRow("export format pdf")
            << R"({"type":"export","request":"e1","format":"pdf"})"_ba << bad << e1;
        QTest::addRow("export format in capitals")
            << R"({"type":"export","request":"e1","format":"CSV"})"_ba << bad << e1;
        QTest::addRow("export cursor empty")
            << R"({"type":"export","request":"e1","format":"csv","cursor":""})"_ba << bad << e1;
        QTest::addRow("export cursor is a number")
            << R"({"type":"export","request":"e1","format":"csv","cursor":4})"_ba << bad << e1;
        QTest::addRow("export to not a time")
            << R"({"type":"export","request":"e1","format":"jsonl","to":"soon"})"_ba << bad << e1;
        const QString r1 = u"r1"_s;
        QTest::addRow("reports utc_offset_min 841")
            << R"({"type":"reports","request":"r1","utc_offset_min":841})"_ba << bad << r1;
        QTest::addRow("reports utc_offset_min -841")
            << R"({"type":"reports","request":"r1","utc_offset_min":-841})"_ba << bad << r1;
        QTest::addRow("reports utc_offset_min is a string")
            << R"({"type":"reports","request":"r1","utc_offset_min":"60"})"_ba << bad << r1;
        QTest::addRow("reports from with fractional seconds beyond ms")
            << R"({"type":"reports","request":"r1","from":"2026-11-01T00:00:00.1234Z"})"_ba << bad
            << r1;
        const QString a1 = u"a1"_s;
        QTest::addRow("audit action bogus")
            << R"({"type":"audit","request":"a1","action":"delete_everything"})"_ba << bad << a1;
        QTest::addRow("audit action empty")
            << R"({"type":"audit","request":"a1","action":""})"_ba << bad << a1;
        QTest::addRow("audit actor is a number")
            << R"({"type":"audit","request":"a1","actor":1})"_ba << bad << a1;
        QTest::addRow("audit limit 501")
            << R"({"type":"audit","request":"a1","limit":501})"_ba << bad << a1;
        QTest::addRow("audit limit 0")
            << R"({"type":"audit","request":"a1","limit":0})"_ba << bad << a1;
        QTest::addRow("audit offset negative")
            << R"({"type":"audit","request":"a1","offset":-5})"_ba << bad << a1;
        QTest::addRow("audit without request id, bad limit")
            << R"({"type":"audit","limit":"x"})"_ba << bad << none;

        // status.
        QTest::addRow("status without state") << R"({"type":"status"})"_ba << bad << none;
        QTest::addRow("status bogus state")
            << R"({"type":"status","state":"asleep"})"_ba << bad << none;
        QTest::addRow("status state is a bool")
            << R"({"type":"status","state":true})"_ba << bad << none;

        // accept, transfer, close, monitor.
        QTest::addRow("accept without conversation") << R"({"type":"accept"})"_ba << bad << none;
        QTest::addRow("accept conversation is a number")
            << R"({"type":"accept","conversation":12})"_ba << bad << none;
        QTest::addRow("transfer without conversation")
            << R"({"type":"transfer","to_agent":"bob"})"_ba << bad << none;
        QTest::addRow("transfer conversation is a number")
            << R"({"type":"transfer","conversation":1,"to_agent":"bob"})"_ba << bad << none;
        QTest::addRow("transfer with both targets")
            << R"({"type":"transfer","conversation":"c1","to_agent":"bob","to_team":"billing"})"_ba
            << bad << none;
        QTest::addRow("transfer with neither target")
            << R"({"type":"transfer","conversation":"c1"})"_ba << bad << none;
        QTest::addRow("transfer with empty targets")
            << R"({"type":"transfer","conversation":"c1","to_agent":"","to_team":""})"_ba << bad
            << none;
        QTest::addRow("transfer to_agent is a number")
            << R"({"type":"transfer","conversation":"c1","to_agent":7})"_ba << bad << none;
        QTest::addRow("transfer to_team is a list")
            << R"({"type":"transfer","conversation":"c1","to_team":["billing"]})"_ba << bad << none;
        QTest::addRow("close conversation is a number")
            << R"({"type":"close","conversation":3})"_ba << bad << none;
        QTest::addRow("monitor without conversation") << R"({"type":"monitor"})"_ba << bad << none;
        QTest::addRow("monitor conversation is a bool")
            << R"({"type":"monitor","conversation":false})"_ba << bad << none;

        // subscribe.
        QTest::addRow("subscribe without topic") << R"({"type":"subscribe"})"_ba << bad << none;
        QTest::addRow("subscribe bogus topic")
            << R"({"type":"subscribe","topic":"gossip"})"_ba << bad << none;
        QTest::addRow("subscribe topic is a number")
            << R"({"type":"subscribe","topic":1})"_ba << bad << none;

        // Staff accounts: the refusal names the field, carries the request id, and never
        // repeats the password.
        QTest::addRow("staff_add empty login")
            << R"({"type":"staff_add","request":"s1","login":"","role":"agent","password":"long enough 1"})"_ba
            << bad << s1;
        QTest::addRow("staff_add without login")
            << R"({"type":"staff_add","request":"s1","role":"agent","password":"long enough 1"})"_ba
            << bad << s1;
        QTest::addRow("staff_add login with a space")
            << R"({"type":"staff_add","request":"s1","login":"a b","role":"agent","password":"long enough 1"})"_ba
            << bad << s1;
        QTest::addRow("staff_add customer role")
            << R"({"type":"staff_add","request":"s1","login":"bo","role":"customer","password":"long enough 1"})"_ba
            << bad << s1;
        QTest::addRow("staff_add empty password")
            << R"({"type":"staff_add","request":"s1","login":"bo","role":"agent","password":""})"_ba
            << bad << s1;
        QTest::addRow("staff_add weak password")
            << R"({"type":"staff_add","request":"s1","login":"bo","role":"agent","password":"1234567"})"_ba
            << bad << s1;
        QTest::addRow("staff_add blank password")
            << R"({"type":"staff_add","request":"s1","login":"bo","role":"agent","password":"          "})"_ba
            << bad << s1;
        QTest::addRow("staff_add teams as a string")
            << R"({"type":"staff_add","request":"s1","login":"bo","role":"agent","teams":"sales,billing","password":"long enough 1"})"_ba
            << bad << s1;
        QTest::addRow("staff_add empty team")
            << R"({"type":"staff_add","request":"s1","login":"bo","role":"agent","teams":[""],"password":"long enough 1"})"_ba
            << bad << s1;
        QTest::addRow("staff_add team with a comma")
            << R"({"type":"staff_add","request":"s1","login":"bo","role":"agent","teams":["a,b"],"password":"long enough 1"})"_ba
            << bad << s1;
        QTest::addRow("staff_add team is a number")
            << R"({"type":"staff_add","request":"s1","login":"bo","role":"agent","teams":[7],"password":"long enough 1"})"_ba
            << bad << s1;
        QTest::addRow("staff_add receives_chats is a string")
            << R"({"type":"staff_add","request":"s1","login":"bo","role":"agent","password":"long enough 1","receives_chats":"yes"})"_ba
            << bad << s1;
        QTest::addRow("staff_update changes nothing")
            << R"({"type":"staff_update","request":"s1","login":"bo"})"_ba << bad << s1;
        QTest::addRow("staff_update bad role")
            << R"({"type":"staff_update","request":"s1","login":"bo","role":"boss"})"_ba << bad
            << s1;
        QTest::addRow("staff_password short")
            << R"({"type":"staff_password","request":"s1","login":"bo","password":"short"})"_ba
            << bad << s1;
        QTest::addRow("staff_password missing")
            << R"({"type":"staff_password","request":"s1","login":"bo"})"_ba << bad << s1;
        QTest::addRow("staff_remove empty login")
            << R"({"type":"staff_remove","request":"s1","login":""})"_ba << bad << s1;
        // rate: a whole number from 1 to 5 and a comment of at most 1,000 characters.
        QTest::addRow("rate without conversation")
            << R"({"type":"rate","rating":4})"_ba << bad << none;
        QTest::addRow("rate without rating")
            << R"({"type":"rate","conversation":"c1"})"_ba << bad << none;
        QTest::addRow("rate 0") << R"({"type":"rate","conversation":"c1","rating":0})"_ba << bad
                                << none;
        QTest::addRow("rate 6") << R"({"type":"rate","conversation":"c1","rating":6})"_ba << bad
                                << none;
        QTest::addRow("rate 4.5") << R"({"type":"rate","conversation":"c1","rating":4.5})"_ba << bad
                                  << none;
        QTest::addRow("rate as a string")
            << R"({"type":"rate","conversation":"c1","rating":"5"})"_ba << bad << none;
        QTest::addRow("rate comment too long")
            << (R"({"type":"rate","conversation":"c1","rating":5,"comment":")"_ba
                   + QByteArray(1001, 'x') + R"("})"_ba)
            << bad << none;
        QTest::addRow("rate comment not a string")
            << R"({"type":"rate","conversation":"c1","rating":5,"comment":5})"_ba << bad << none;
    }

    void rejectsMalformed()
    {
        QFETCH(QByteArray, frame);
        QFETCH(QString, code);
        QFETCH(QString, ref);

        const auto result = decodeClientMessage(frame);
        QVERIFY2(!result,
            qPrintable(u"accepted as "_s + (result ? messageTypeName(*result) : QString())));
        QCOMPARE(errorCodeName(result.error().code), code);
        QCOMPARE(result.error().ref, ref);
        QVERIFY2(!result.error().message.isEmpty(), "an error needs a human-readable message");
        QVERIFY2(!result.error().message.contains(secret),
            "the error message echoes message text or a password");
    }

    // ---- decoding: accepted frames -------------------------------------------------------

    void decodesHello_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QString>("role");
        QTest::addColumn<std::optional<QString>>("token");
        QTest::addColumn<QString>("login");
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("email");
        QTest::addColumn<QString>("page");
        QTest::addColumn<QString>("team");

        const std::optional<QString> noToken;
        QTest::addRow("customer with full profile and null token")
            << R"({"type":"hello","v":1,"role":"customer","token":null,"name":"Ann","email":"ann@example.com","page":"https://shop.example/cart","team":"sales"})"_ba
            << u"customer"_s << noToken << QString() << QString() << u"Ann"_s
            << u"ann@example.com"_s << u"https://shop.example/cart"_s << u"sales"_s;
        QTest::addRow("customer with nothing optional")
            << R"({"type":"hello","v":1,"role":"customer"})"_ba << u"customer"_s << noToken
            << QString() << QString() << QString() << QString() << QString() << QString();
        QTest::addRow("customer resuming with a token")
            << R"({"type":"hello","v":1,"role":"customer","token":"tok-123"})"_ba << u"customer"_s
            << std::optional<QString>(u"tok-123"_s) << QString() << QString() << QString()
            << QString() << QString() << QString();
        QTest::addRow("customer with unknown extra fields")
            << R"({"type":"hello","v":1,"role":"customer","name":"Ann","future":{"x":[1,2]}})"_ba
            << u"customer"_s << noToken << QString() << QString() << u"Ann"_s << QString()
            << QString() << QString();
        QTest::addRow("customer with a non-ASCII name")
            << R"({"type":"hello","v":1,"role":"customer","name":"Zoë 李"})"_ba << u"customer"_s
            << noToken << QString() << QString() << u"Zo\u00eb \u674e"_s << QString() << QString()
            << QString();
        QTest::addRow("agent with password")
            << R"({"type":"hello","v":1,"role":"agent","login":"alice","password":"pw 1"})"_ba
            << u"agent"_s << noToken << u"alice"_s << u"pw 1"_s << QString() << QString()
            << QString() << QString();
        QTest::addRow("agent with token")
            << R"({"type":"hello","v":1,"role":"agent","token":"tok-9"})"_ba << u"agent"_s
            << std::optional<QString>(u"tok-9"_s) << QString() << QString() << QString()
            << QString() << QString() << QString();
        QTest::addRow("supervisor with password")
            << R"({"type":"hello","v":1,"role":"supervisor","login":"sam","password":"x"})"_ba
            << u"supervisor"_s << noToken << u"sam"_s << u"x"_s << QString() << QString()
            << QString() << QString();
        QTest::addRow("v written as 1.0")
            << R"({"type":"hello","v":1.0,"role":"customer"})"_ba << u"customer"_s << noToken
            << QString() << QString() << QString() << QString() << QString() << QString();
    }

    void decodesHello()
    {
        QFETCH(QByteArray, frame);
        QByteArray why;
        const auto hello = decodeAs<HelloMessage>(frame, why);
        QVERIFY2(hello, why.constData());
        QFETCH(QString, role);
        QCOMPARE(roleName(hello->role), role);
        QFETCH(std::optional<QString>, token);
        QCOMPARE(hello->token.has_value(), token.has_value());
        if (token)
            QCOMPARE(*hello->token, *token);
        QFETCH(QString, login);
        QCOMPARE(hello->login, login);
        QFETCH(QString, password);
        QCOMPARE(hello->password, password);
        QFETCH(QString, name);
        QCOMPARE(hello->name, name);
        QFETCH(QString, email);
        QCOMPARE(hello->email, email);
        QFETCH(QString, page);
        QCOMPARE(hello->page, page);
        QFETCH(QString, team);
        QCOMPARE(hello->team, team);
        QCOMPARE(messageTypeName(*decodeClientMessage(frame)), u"hello"_s);
    }

    void decodesSend_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QString>("conversation");
        QTest::addColumn<QString>("clientId");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("kind");

        QTest::addRow("customer send without conversation defaults to text")
            << R"({"type":"send","client_id":"k3J9-2c","text":"Hello"})"_ba << QString()
            << u"k3J9-2c"_s << u"Hello"_s << u"text"_s;
        QTest::addRow("agent send with conversation and explicit text kind")
            << R"({"type":"send","conversation":"c1","client_id":"a_1","text":"Hi","kind":"text"})"_ba
            << u"c1"_s << u"a_1"_s << u"Hi"_s << u"text"_s;
        QTest::addRow("note")
            << R"({"type":"send","conversation":"c1","client_id":"n1","text":"psst","kind":"note"})"_ba
            << u"c1"_s << u"n1"_s << u"psst"_s << u"note"_s;
        QTest::addRow("null conversation means the customer's own")
            << R"({"type":"send","conversation":null,"client_id":"k","text":"x"})"_ba << QString()
            << u"k"_s << u"x"_s << u"text"_s;
        const QString longId
            = QString(32, u'A') + QString(16, u'9') + QString(8, u'_') + QString(8, u'-');
        QTest::addRow("client_id of 64 chars")
            << sendFrame(longId, u"x"_s) << u"c1"_s << longId << u"x"_s << u"text"_s;
        const QString longText(maxTextLength, u'y');
        QTest::addRow("text of 8000 chars")
            << sendFrame(u"k1"_s, longText) << u"c1"_s << u"k1"_s << longText << u"text"_s;
        QTest::addRow("text with emoji and newlines")
            << sendFrame(u"k1"_s, u"line 1\nline 2 \U0001F600"_s) << u"c1"_s << u"k1"_s
            << u"line 1\nline 2 \U0001F600"_s << u"text"_s;
        QTest::addRow("text with an escaped surrogate pair")
            << R"({"type":"send","client_id":"k1","text":"\ud83d\ude00 \ufffd"})"_ba << QString()
            << u"k1"_s << u"\U0001F600 \uFFFD"_s << u"text"_s;
        QTest::addRow("unknown fields ignored")
            << R"({"type":"send","client_id":"k1","text":"x","attachments":[],"v":99})"_ba
            << QString() << u"k1"_s << u"x"_s << u"text"_s;
    }

    void decodesSend()
    {
        QFETCH(QByteArray, frame);
        QByteArray why;
        const auto send = decodeAs<SendMessage>(frame, why);
        QVERIFY2(send, why.constData());
        QFETCH(QString, conversation);
        QCOMPARE(send->conversation, conversation);
        QFETCH(QString, clientId);
        QCOMPARE(send->clientId, clientId);
        QFETCH(QString, text);
        QCOMPARE(send->text, text);
        QFETCH(QString, kind);
        QCOMPARE(kindName(send->kind), kind);
        QVERIFY(isValidClientId(send->clientId));
    }

    void decodesReceipt_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("conversation");
        QTest::addColumn<qint64>("seq");

        QTest::addRow("delivered") << R"({"type":"delivered","conversation":"c1","seq":13})"_ba
                                   << u"delivered"_s << u"c1"_s << qint64(13);
        QTest::addRow("read") << R"({"type":"read","conversation":"c2","seq":7})"_ba << u"read"_s
                              << u"c2"_s << qint64(7);
        QTest::addRow("read seq 0") << R"({"type":"read","conversation":"c2","seq":0})"_ba
                                    << u"read"_s << u"c2"_s << qint64(0);
        QTest::addRow("seq written as 13.0")
            << R"({"type":"delivered","conversation":"c1","seq":13.0})"_ba << u"delivered"_s
            << u"c1"_s << qint64(13);
        QTest::addRow("seq 2^53 - 1")
            << R"({"type":"delivered","conversation":"c1","seq":9007199254740991})"_ba
            << u"delivered"_s << u"c1"_s << qint64(9007199254740991);
    }

    void decodesReceipt()
    {
        QFETCH(QByteArray, frame);
        QByteArray why;
        const auto receipt = decodeAs<ReceiptMessage>(frame, why);
        QVERIFY2(receipt, why.constData());
        QFETCH(QString, type);
        QCOMPARE(receiptName(receipt->kind), type);
        QCOMPARE(messageTypeName(ClientMessage(*receipt)), type);
        QFETCH(QString, conversation);
        QCOMPARE(receipt->conversation, conversation);
        QFETCH(qint64, seq);
        QCOMPARE(receipt->seq, seq);
    }

    void decodesTyping_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QString>("conversation");
        QTest::addColumn<bool>("active");

        QTest::addRow("active") << R"({"type":"typing","conversation":"c1","active":true})"_ba
                                << u"c1"_s << true;
        QTest::addRow("stopped") << R"({"type":"typing","conversation":"c1","active":false})"_ba
                                 << u"c1"_s << false;
        QTest::addRow("customer without conversation")
            << R"({"type":"typing","active":true})"_ba << QString() << true;
    }

    void decodesTyping()
    {
        QFETCH(QByteArray, frame);
        QByteArray why;
        const auto typing = decodeAs<TypingMessage>(frame, why);
        QVERIFY2(typing, why.constData());
        QFETCH(QString, conversation);
        QCOMPARE(typing->conversation, conversation);
        QFETCH(bool, active);
        QCOMPARE(typing->active, active);
    }

    void decodesSync_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QString>("conversation");
        QTest::addColumn<qint64>("afterSeq");
        QTest::addColumn<std::optional<QString>>("epoch");
        QTest::addColumn<int>("limit");

        QTest::addRow("defaults: limit 500, no epoch")
            << R"({"type":"sync","conversation":"c1","after_seq":12})"_ba << u"c1"_s << qint64(12)
            << std::optional<QString>() << 500;
        QTest::addRow("explicit epoch and limit")
            << R"({"type":"sync","conversation":"c1","after_seq":0,"epoch":"e1","limit":20})"_ba
            << u"c1"_s << qint64(0) << std::optional<QString>(u"e1"_s) << 20;
        QTest::addRow("limit at max")
            << compact(QJsonObject { { u"type"_s, u"sync"_s }, { u"conversation"_s, u"c1"_s },
                   { u"after_seq"_s, 5 }, { u"limit"_s, maxSyncLimit } })
            << u"c1"_s << qint64(5) << std::optional<QString>() << maxSyncLimit;
        QTest::addRow("limit 1")
            << R"({"type":"sync","conversation":"c1","after_seq":5,"limit":1})"_ba << u"c1"_s
            << qint64(5) << std::optional<QString>() << 1;
        QTest::addRow("null epoch and limit use defaults")
            << R"({"type":"sync","conversation":"c1","after_seq":3,"epoch":null,"limit":null})"_ba
            << u"c1"_s << qint64(3) << std::optional<QString>() << 500;
    }

    void decodesSync()
    {
        QFETCH(QByteArray, frame);
        QByteArray why;
        const auto sync = decodeAs<SyncMessage>(frame, why);
        QVERIFY2(sync, why.constData());
        QFETCH(QString, conversation);
        QCOMPARE(sync->conversation, conversation);
        QFETCH(qint64, afterSeq);
        QCOMPARE(sync->afterSeq, afterSeq);
        QFETCH(std::optional<QString>, epoch);
        QCOMPARE(sync->epoch.has_value(), epoch.has_value());
        if (epoch)
            QCOMPARE(*sync->epoch, *epoch);
        QFETCH(int, limit);
        QCOMPARE(sync->limit, limit);
    }

    void decodesHistory_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<std::optional<qint64>>("beforeSeq");
        QTest::addColumn<int>("limit");

        QTest::addRow("defaults: newest page of 50")
            << R"({"type":"history","conversation":"c1"})"_ba << std::optional<qint64>() << 50;
        QTest::addRow("before_seq and limit")
            << R"({"type":"history","conversation":"c1","before_seq":13,"limit":20})"_ba
            << std::optional<qint64>(13) << 20;
        QTest::addRow("limit at max") << compact(QJsonObject { { u"type"_s, u"history"_s },
            { u"conversation"_s, u"c1"_s }, { u"limit"_s, maxHistoryLimit } })
                                      << std::optional<qint64>() << maxHistoryLimit;
    }

    void decodesHistory()
    {
        QFETCH(QByteArray, frame);
        QByteArray why;
        const auto history = decodeAs<HistoryMessage>(frame, why);
        QVERIFY2(history, why.constData());
        QCOMPARE(history->conversation, u"c1"_s);
        QFETCH(std::optional<qint64>, beforeSeq);
        QCOMPARE(history->beforeSeq.has_value(), beforeSeq.has_value());
        if (beforeSeq)
            QCOMPARE(*history->beforeSeq, *beforeSeq);
        QFETCH(int, limit);
        QCOMPARE(history->limit, limit);
    }

    void decodesCustomerConversations_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<int>("limit");

        QTest::addRow("default limit")
            << R"({"type":"customer_conversations","conversation":"c1"})"_ba
            << defaultCustomerConversationsLimit;
        QTest::addRow("explicit limit")
            << R"({"type":"customer_conversations","conversation":"c1","limit":5,"x":1})"_ba << 5;
        QTest::addRow("limit at max")
            << compact(QJsonObject { { u"type"_s, u"customer_conversations"_s },
                   { u"conversation"_s, u"c1"_s }, { u"limit"_s, maxCustomerConversationsLimit } })
            << maxCustomerConversationsLimit;
    }

    void decodesCustomerConversations()
    {
        QFETCH(QByteArray, frame);
        QByteArray why;
        const auto request = decodeAs<CustomerConversationsMessage>(frame, why);
        QVERIFY2(request, why.constData());
        QCOMPARE(request->conversation, u"c1"_s);
        QFETCH(int, limit);
        QCOMPARE(request->limit, limit);
        QCOMPARE(messageTypeName(ClientMessage(*request)), u"customer_conversations"_s);
    }

    void decodesSearch()
    {
        QByteArray why;
        const auto full = decodeAs<SearchMessage>(
            R"({"type":"search","request":"s1","text":"refund order","from":"2026-11-01T00:00:00.000Z","to":"2026-12-01T01:00:00+01:00","agent":"alice","team":"sales","customer":"ann","state":"closed","limit":20,"offset":40})"_ba,
            why);
        QVERIFY2(full, why.constData());
        QCOMPARE(full->request, u"s1"_s);
        QCOMPARE(full->text, u"refund order"_s);
        QCOMPARE(full->range.fromMs, std::optional<qint64>(1793491200000));
        QCOMPARE(full->range.toMs, std::optional<qint64>(1796083200000)); // +01:00 folded to UTC
        QCOMPARE(full->agent, u"alice"_s);
        QCOMPARE(full->team, u"sales"_s);
        QCOMPARE(full->customer, u"ann"_s);
        QCOMPARE(full->state, std::optional<ConversationState>(ConversationState::Closed));
        QCOMPARE(full->limit, 20);
        QCOMPARE(full->offset, 40);
        QCOMPARE(messageTypeName(ClientMessage(*full)), u"search"_s);

        const auto bare = decodeAs<SearchMessage>(R"({"type":"search"})"_ba, why);
        QVERIFY2(bare, why.constData());
        QVERIFY(bare->request.isEmpty());
        QVERIFY(bare->text.isEmpty());
        QVERIFY(!bare->range.fromMs && !bare->range.toMs && !bare->state);
        QCOMPARE(bare->limit, defaultSearchLimit);
        QCOMPARE(bare->offset, 0);
        const auto nulls = decodeAs<SearchMessage>(
            R"({"type":"search","text":null,"state":null,"from":null,"request":null})"_ba, why);
        QVERIFY2(nulls, why.constData());
        QVERIFY(nulls->text.isEmpty() && !nulls->state && !nulls->range.fromMs);
    }

    void decodesExport()
    {
        QByteArray why;
        const auto first = decodeAs<ExportMessage>(
            R"({"type":"export","request":"e1","format":"jsonl","from":"2026-11-01T00:00:00Z","cursor":null})"_ba,
            why);
        QVERIFY2(first, why.constData());
        QCOMPARE(first->request, u"e1"_s);
        QCOMPARE(first->format, ExportFormat::Jsonl);
        QCOMPARE(first->range.fromMs, std::optional<qint64>(1793491200000));
        QVERIFY(!first->range.toMs);
        QVERIFY(!first->cursor);
        const auto next = decodeAs<ExportMessage>(
            R"({"type":"export","format":"csv","cursor":"abc-123"})"_ba, why);
        QVERIFY2(next, why.constData());
        QCOMPARE(next->format, ExportFormat::Csv);
        QCOMPARE(next->cursor, std::optional<QString>(u"abc-123"_s));
        QCOMPARE(messageTypeName(ClientMessage(*next)), u"export"_s);
    }

    void decodesReports()
    {
        QByteArray why;
        const auto reports = decodeAs<ReportsMessage>(
            R"({"type":"reports","request":"r1","from":"2026-11-01T00:00:00Z","to":"2026-11-02T00:00:00Z","utc_offset_min":-300})"_ba,
            why);
        QVERIFY2(reports, why.constData());
        QCOMPARE(reports->request, u"r1"_s);
        QCOMPARE(reports->utcOffsetMinutes, -300);
        QCOMPARE(reports->range.toMs, std::optional<qint64>(1793491200000 + 86400000));
        const auto plain = decodeAs<ReportsMessage>(R"({"type":"reports"})"_ba, why);
        QVERIFY2(plain, why.constData());
        QCOMPARE(plain->utcOffsetMinutes, 0);
        QCOMPARE(messageTypeName(ClientMessage(*plain)), u"reports"_s);
    }

    void decodesAudit()
    {
        QByteArray why;
        const auto audit = decodeAs<AuditMessage>(
            R"({"type":"audit","request":"a1","actor":"alice","action":"login_failed","limit":10,"offset":20})"_ba,
            why);
        QVERIFY2(audit, why.constData());
        QCOMPARE(audit->actor, std::optional<QString>(u"alice"_s));
        QCOMPARE(audit->action, u"login_failed"_s);
        QCOMPARE(audit->limit, 10);
        QCOMPARE(audit->offset, 20);
        // An empty actor is a filter too: the failed sign-ins of unknown logins.
        const auto unknown = decodeAs<AuditMessage>(R"({"type":"audit","actor":""})"_ba, why);
        QVERIFY2(unknown, why.constData());
        QVERIFY(unknown->actor.has_value());
        QVERIFY(unknown->actor->isEmpty());
        const auto plain = decodeAs<AuditMessage>(R"({"type":"audit"})"_ba, why);
        QVERIFY2(plain, why.constData());
        QVERIFY(!plain->actor);
        QVERIFY(plain->action.isEmpty());
        QCOMPARE(plain->limit, defaultAuditLimit);
        for (const char *action : { "login", "login_failed", "logout", "transfer", "close",
                 "monitor", "whisper", "export", "retention_delete", "retention_redact",
                 "user_create", "user_remove", "user_passwd" }) {
            const QByteArray frame
                = QByteArray(R"({"type":"audit","action":")") + action + QByteArray(R"("})");
            QVERIFY2(decodeAs<AuditMessage>(frame, why), action);
        }
        QCOMPARE(messageTypeName(ClientMessage(*plain)), u"audit"_s);
    }

    void decodesStaffRequests()
    {
        QByteArray why;
        const auto add = decodeAs<StaffAddMessage>(
            R"({"type":"staff_add","request":"a1","login":"carol.c","name":" Carol ","role":"supervisor","teams":["sales","billing","sales"],"password":"long enough","receives_chats":true})"_ba,
            why);
        QVERIFY2(add, why.constData());
        QCOMPARE(add->request, u"a1"_s);
        QCOMPARE(add->login, u"carol.c"_s);
        QCOMPARE(add->name, u"Carol"_s);
        QCOMPARE(add->role, Role::Supervisor);
        QCOMPARE(add->teams, QStringList({ u"sales"_s, u"billing"_s }));
        QCOMPARE(add->password, u"long enough"_s);
        QCOMPARE(add->receivesChats, std::optional<bool>(true));
        const auto plain = decodeAs<StaffAddMessage>(
            R"({"type":"staff_add","login":"bo","role":"agent","password":"long enough"})"_ba, why);
        QVERIFY2(plain, why.constData());
        QVERIFY(plain->teams.isEmpty());
        QVERIFY(!plain->receivesChats);

        const auto update = decodeAs<StaffUpdateMessage>(
            R"({"type":"staff_update","login":"bo","teams":[],"receives_chats":false})"_ba, why);
        QVERIFY2(update, why.constData());
        QCOMPARE(update->teams, std::optional<QStringList>(QStringList()));
        QCOMPARE(update->receivesChats, std::optional<bool>(false));
        QVERIFY(!update->role);
        QVERIFY(!update->name);

        const auto password = decodeAs<StaffPasswordMessage>(
            R"({"type":"staff_password","login":"bo","password":"long enough"})"_ba, why);
        QVERIFY2(password, why.constData());
        QCOMPARE(password->password, u"long enough"_s);
        const auto remove
            = decodeAs<StaffRemoveMessage>(R"({"type":"staff_remove","login":"bo"})"_ba, why);
        QVERIFY2(remove, why.constData());
        QCOMPARE(remove->login, u"bo"_s);
        QVERIFY2(decodeAs<AuditMessage>(R"({"type":"audit","action":"user_update"})"_ba, why),
            why.constData());
    }

    void decodesStatus_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QString>("state");

        QTest::addRow("available")
            << R"({"type":"status","state":"available"})"_ba << u"available"_s;
        QTest::addRow("away") << R"({"type":"status","state":"away"})"_ba << u"away"_s;
    }

    void decodesStatus()
    {
        QFETCH(QByteArray, frame);
        QByteArray why;
        const auto status = decodeAs<StatusMessage>(frame, why);
        QVERIFY2(status, why.constData());
        QFETCH(QString, state);
        QCOMPARE(statusName(status->state), state);
    }

    void decodesTransfer_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QString>("toAgent");
        QTest::addColumn<QString>("toTeam");

        QTest::addRow("to an agent")
            << R"({"type":"transfer","conversation":"c1","to_agent":"bob"})"_ba << u"bob"_s
            << QString();
        QTest::addRow("to a team")
            << R"({"type":"transfer","conversation":"c1","to_team":"billing"})"_ba << QString()
            << u"billing"_s;
        QTest::addRow("to an agent, null team")
            << R"({"type":"transfer","conversation":"c1","to_agent":"bob","to_team":null})"_ba
            << u"bob"_s << QString();
    }

    void decodesTransfer()
    {
        QFETCH(QByteArray, frame);
        QByteArray why;
        const auto transfer = decodeAs<TransferMessage>(frame, why);
        QVERIFY2(transfer, why.constData());
        QCOMPARE(transfer->conversation, u"c1"_s);
        QFETCH(QString, toAgent);
        QCOMPARE(transfer->toAgent, toAgent);
        QFETCH(QString, toTeam);
        QCOMPARE(transfer->toTeam, toTeam);
    }

    void decodesClose_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QString>("conversation");

        QTest::addRow("named conversation")
            << R"({"type":"close","conversation":"c9"})"_ba << u"c9"_s;
        QTest::addRow("customer's own conversation") << R"({"type":"close"})"_ba << QString();
    }

    void decodesClose()
    {
        QFETCH(QByteArray, frame);
        QByteArray why;
        const auto close = decodeAs<CloseMessage>(frame, why);
        QVERIFY2(close, why.constData());
        QFETCH(QString, conversation);
        QCOMPARE(close->conversation, conversation);
    }

    void decodesSubscribe_data()
    {
        QTest::addColumn<QString>("topic");
        QTest::addRow("metrics") << u"metrics"_s;
        QTest::addRow("alerts") << u"alerts"_s;
    }

    void decodesSubscribe()
    {
        QFETCH(QString, topic);
        QByteArray why;
        const auto subscribe = decodeAs<SubscribeMessage>(
            compact(QJsonObject { { u"type"_s, u"subscribe"_s }, { u"topic"_s, topic } }), why);
        QVERIFY2(subscribe, why.constData());
        QCOMPARE(subscribe->topic, topic);
    }

    void decodesSimpleMessages()
    {
        QByteArray why;
        const auto accept
            = decodeAs<AcceptMessage>(R"({"type":"accept","conversation":"c4"})"_ba, why);
        QVERIFY2(accept, why.constData());
        QCOMPARE(accept->conversation, u"c4"_s);

        const auto monitor
            = decodeAs<MonitorMessage>(R"({"type":"monitor","conversation":"c5"})"_ba, why);
        QVERIFY2(monitor, why.constData());
        QCOMPARE(monitor->conversation, u"c5"_s);

        QVERIFY2(decodeAs<PingMessage>(R"({"type":"ping"})"_ba, why), why.constData());
        QVERIFY2(decodeAs<PingMessage>(R"({"type":"ping","nonce":42})"_ba, why), why.constData());
        QVERIFY2(decodeAs<PingMessage>(" \n {\"type\" : \"ping\"}\n"_ba, why), why.constData());
    }

    void namesEveryMessageType_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QString>("type");

        const auto row = [](const char *name, QByteArray frame) {
            QTest::addRow("%s", name) << frame << QString::fromLatin1(name);
        };
        row("hello", R"({"type":"hello","v":1,"role":"customer"})"_ba);
        row("send", R"({"type":"send","client_id":"k","text":"x"})"_ba);
        row("delivered", R"({"type":"delivered","conversation":"c","seq":1})"_ba);
        row("read", R"({"type":"read","conversation":"c","seq":1})"_ba);
        row("typing", R"({"type":"typing","active":false})"_ba);
        row("sync", R"({"type":"sync","conversation":"c","after_seq":0})"_ba);
        row("history", R"({"type":"history","conversation":"c"})"_ba);
        row("status", R"({"type":"status","state":"away"})"_ba);
        row("accept", R"({"type":"accept","conversation":"c"})"_ba);
        row("transfer", R"({"type":"transfer","conversation":"c","to_team":"t"})"_ba);
        row("close", R"({"type":"close"})"_ba);
        row("ping", R"({"type":"ping"})"_ba);
        row("subscribe", R"({"type":"subscribe","topic":"alerts"})"_ba);
        row("monitor", R"({"type":"monitor","conversation":"c"})"_ba);
        row("staff_list", R"({"type":"staff_list"})"_ba);
        row("staff_add",
            R"({"type":"staff_add","login":"bo","role":"agent","password":"long enough"})"_ba);
        row("staff_update", R"({"type":"staff_update","login":"bo","teams":[]})"_ba);
        row("staff_password",
            R"({"type":"staff_password","login":"bo","password":"long enough"})"_ba);
        row("staff_remove", R"({"type":"staff_remove","login":"bo"})"_ba);
        row("queue_page", R"({"type":"queue_page","after_position":200})"_ba);
    }

    void decodesQueuePage()
    {
        QByteArray why;
        const auto page = decodeAs<QueuePageMessage>(
            R"({"type":"queue_page","request":"q1","after_position":200,"limit":50})"_ba, why);
        QVERIFY2(page, why.constData());
        QCOMPARE(page->request, u"q1"_s);
        QCOMPARE(page->afterPosition, 200);
        QCOMPARE(page->limit, 50);
        const auto plain = decodeAs<QueuePageMessage>(R"({"type":"queue_page"})"_ba, why);
        QVERIFY2(plain, why.constData());
        QCOMPARE(plain->afterPosition, 0);
        QCOMPARE(plain->limit, defaultQueuePageLimit);
        QVERIFY(!decodeClientMessage(R"({"type":"queue_page","after_position":-1})"_ba));
        QVERIFY(!decodeClientMessage(R"({"type":"queue_page","limit":501})"_ba));
    }

    void namesEveryMessageType()
    {
        QFETCH(QByteArray, frame);
        QFETCH(QString, type);
        const auto result = decodeClientMessage(frame);
        QVERIFY2(result, qPrintable(result ? QString() : result.error().message));
        QCOMPARE(messageTypeName(*result), type);
    }

    // ---- encoding ------------------------------------------------------------------------

    void encodesAck_data()
    {
        QTest::addColumn<bool>("duplicate");
        QTest::addRow("first ack") << false;
        QTest::addRow("duplicate ack") << true;
    }

    void encodesAck()
    {
        QFETCH(bool, duplicate);
        const QByteArray frame = encodeAck(u"k3J9-2c"_s, u"conv-1"_s, 13, exampleMs, duplicate);
        const auto ack = compactObject(frame);
        QVERIFY2(ack, frame.constData());
        QStringList expected { u"client_id"_s, u"conversation"_s, u"seq"_s, u"ts"_s, u"type"_s };
        if (duplicate)
            expected.append(u"duplicate"_s);
        expected.sort();
        QCOMPARE(sortedKeys(*ack), expected);
        QCOMPARE(ack->value(u"type"_s).toString(), u"ack"_s);
        QCOMPARE(ack->value(u"client_id"_s).toString(), u"k3J9-2c"_s);
        QCOMPARE(ack->value(u"conversation"_s).toString(), u"conv-1"_s);
        QVERIFY(ack->value(u"seq"_s).isDouble());
        QCOMPARE(ack->value(u"seq"_s).toInteger(), qint64(13));
        QCOMPARE(ack->value(u"ts"_s).toString(), u"2026-11-27T09:30:00.123Z"_s);
        if (duplicate)
            QCOMPARE(ack->value(u"duplicate"_s), QJsonValue(true));
    }

    void encodesMessage_data()
    {
        QTest::addColumn<int>("role");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("roleText");
        QTest::addColumn<QString>("kindText");

        QTest::addRow("customer text")
            << int(Role::Customer) << int(MessageKind::Text) << u"customer"_s << u"text"_s;
        QTest::addRow("agent note")
            << int(Role::Agent) << int(MessageKind::Note) << u"agent"_s << u"note"_s;
        QTest::addRow("supervisor note")
            << int(Role::Supervisor) << int(MessageKind::Note) << u"supervisor"_s << u"note"_s;
        QTest::addRow("system event")
            << int(Role::System) << int(MessageKind::Event) << u"system"_s << u"event"_s;
    }

    void encodesMessage()
    {
        QFETCH(int, role);
        QFETCH(int, kind);
        MessageView view;
        view.conversation = u"conv-1"_s;
        view.seq = 13;
        view.clientId = u"k3J9-2c"_s;
        view.kind = MessageKind(kind);
        view.fromRole = Role(role);
        view.fromName = u"Ann \"the\" \u00c5berg"_s;
        view.text = u"Hello\n\"quoted\" \\ \U0001F600"_s;
        view.timestampMs = exampleMs;
        view.traceId = u"4bf92f3577b34da6a3ce929d0e0e4736"_s;

        const QByteArray frame = encodeMessage(view);
        const auto message = compactObject(frame);
        QVERIFY2(message, frame.constData());
        QCOMPARE(message->value(u"type"_s).toString(), u"message"_s);
        QCOMPARE(message->value(u"conversation"_s).toString(), view.conversation);
        QCOMPARE(message->value(u"seq"_s).toInteger(), qint64(13));
        QCOMPARE(message->value(u"client_id"_s).toString(), view.clientId);
        QFETCH(QString, kindText);
        QCOMPARE(message->value(u"kind"_s).toString(), kindText);
        const QJsonObject from = message->value(u"from"_s).toObject();
        QCOMPARE(sortedKeys(from), QStringList({ u"name"_s, u"role"_s }));
        QFETCH(QString, roleText);
        QCOMPARE(from.value(u"role"_s).toString(), roleText);
        QCOMPARE(from.value(u"name"_s).toString(), view.fromName);
        QCOMPARE(message->value(u"text"_s).toString(), view.text);
        QCOMPARE(message->value(u"ts"_s).toString(), u"2026-11-27T09:30:00.123Z"_s);
        QCOMPARE(message->value(u"trace_id"_s).toString(), view.traceId);
        QCOMPARE(QJsonValue(messageObject(view)), QJsonValue(*message));
    }

    void encodesTimestamps_data()
    {
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QString>("expected");

        QTest::addRow("example from the protocol") << exampleMs << u"2026-11-27T09:30:00.123Z"_s;
        QTest::addRow("whole second keeps .000")
            << qint64(1795771800000) << u"2026-11-27T09:30:00.000Z"_s;
        QTest::addRow("single-digit ms padded")
            << qint64(1795771800007) << u"2026-11-27T09:30:00.007Z"_s;
        QTest::addRow("epoch") << qint64(0) << u"1970-01-01T00:00:00.000Z"_s;
        QTest::addRow("leap day") << qint64(1709208000999) << u"2024-02-29T12:00:00.999Z"_s;
    }

    void encodesTimestamps()
    {
        QFETCH(qint64, ms);
        QFETCH(QString, expected);
        const auto ack = compactObject(encodeAck(u"k"_s, u"c"_s, 1, ms, false));
        QVERIFY(ack);
        const QString ts = ack->value(u"ts"_s).toString();
        QVERIFY2(isRfc3339Ms(ts), qPrintable(ts));
        QCOMPARE(ts, expected);
    }

    void encodesWelcomeForCustomer()
    {
        ConversationView conversation;
        conversation.id = u"conv-1"_s;
        conversation.seq = 0;
        conversation.epoch = u"ep-1"_s;
        conversation.state = ConversationState::Queued;
        conversation.queuePosition = 3;
        conversation.customer = CustomerView { u"Ann"_s, u"ann@example.com"_s, u"p"_s, true };
        conversation.agentLogin = u"alice"_s; // staff-only fields must not leak to customers
        conversation.unread = 4;

        const QByteArray frame = encodeWelcomeCustomer(u"tok"_s, 25, u"node-a"_s, conversation);
        const auto welcome = compactObject(frame);
        QVERIFY2(welcome, frame.constData());
        QCOMPARE(welcome->value(u"type"_s).toString(), u"welcome"_s);
        QCOMPARE(welcome->value(u"v"_s).toInt(), 1);
        QCOMPARE(welcome->value(u"role"_s).toString(), u"customer"_s);
        QCOMPARE(welcome->value(u"token"_s).toString(), u"tok"_s);
        QCOMPARE(welcome->value(u"heartbeat_s"_s).toInt(), 25);
        QCOMPARE(welcome->value(u"node"_s).toString(), u"node-a"_s);
        QVERIFY(!welcome->contains(u"agent"_s));
        QVERIFY(!welcome->contains(u"conversations"_s));
        const QJsonObject view = welcome->value(u"conversation"_s).toObject();
        QCOMPARE(view.value(u"id"_s).toString(), u"conv-1"_s);
        QVERIFY(view.value(u"seq"_s).isDouble());
        QCOMPARE(view.value(u"seq"_s).toInteger(), qint64(0));
        QCOMPARE(view.value(u"epoch"_s).toString(), u"ep-1"_s);
        QCOMPARE(view.value(u"state"_s).toString(), u"queued"_s);
        QCOMPARE(view.value(u"queue_position"_s).toInt(), 3);
        QVERIFY2(!view.contains(u"customer"_s) && !view.contains(u"unread"_s),
            "staff-only fields in a customer's view");
        QVERIFY2(!frame.contains("alice"), "an agent's login in a customer's view");
    }

    void encodesConversationForCustomer()
    {
        ConversationView conversation;
        conversation.id = u"conv-1"_s;
        conversation.seq = 4;
        conversation.epoch = u"ep"_s;
        conversation.state = ConversationState::Assigned;
        conversation.agentName = u"Alice"_s;
        conversation.agentLogin = u"alice"_s;
        const QByteArray frame = encodeConversationForCustomer(conversation);
        const auto update = compactObject(frame);
        QVERIFY2(update, frame.constData());
        QCOMPARE(update->value(u"type"_s).toString(), u"conversation"_s);
        const QJsonObject view = update->value(u"conversation"_s).toObject();
        QCOMPARE(view.value(u"state"_s).toString(), u"assigned"_s);
        QCOMPARE(view.value(u"queue_position"_s), QJsonValue(0));
        QCOMPARE(view.value(u"agent"_s).toObject(), QJsonObject({ { u"name"_s, u"Alice"_s } }));
    }

    void encodesWelcomeForStaff_data()
    {
        QTest::addColumn<int>("role");
        QTest::addColumn<QString>("roleText");
        QTest::addRow("agent") << int(Role::Agent) << u"agent"_s;
        QTest::addRow("supervisor") << int(Role::Supervisor) << u"supervisor"_s;
    }

    void encodesWelcomeForStaff()
    {
        QFETCH(int, role);
        QFETCH(QString, roleText);
        const StaffProfile profile { u"alice"_s, u"Alice"_s, Role(role),
            { u"sales"_s, u"billing"_s } };
        ConversationView assigned;
        assigned.id = u"conv-1"_s;
        assigned.seq = 12;
        assigned.epoch = u"ep-1"_s;
        assigned.state = ConversationState::Assigned;
        assigned.customer
            = CustomerView { u"Ann"_s, u"ann@example.com"_s, u"https://shop.example/cart"_s, true };
        assigned.unread = 2;
        ConversationView queued;
        queued.id = u"conv-2"_s;
        queued.epoch = u"ep-2"_s;
        queued.state = ConversationState::Queued;
        queued.queuePosition = 1;
        queued.customer = CustomerView { u"Bo"_s, {}, {}, false };
        queued.unread = 0;

        const QByteArray frame
            = encodeWelcomeStaff(u"tok"_s, 30, u"node-b"_s, profile, { assigned, queued });
        const auto welcome = compactObject(frame);
        QVERIFY2(welcome, frame.constData());
        QCOMPARE(welcome->value(u"type"_s).toString(), u"welcome"_s);
        QCOMPARE(welcome->value(u"v"_s).toInt(), 1);
        QCOMPARE(welcome->value(u"role"_s).toString(), roleText);
        QCOMPARE(welcome->value(u"token"_s).toString(), u"tok"_s);
        QCOMPARE(welcome->value(u"heartbeat_s"_s).toInt(), 30);
        QCOMPARE(welcome->value(u"node"_s).toString(), u"node-b"_s);
        const QJsonObject agent = welcome->value(u"agent"_s).toObject();
        QCOMPARE(agent.value(u"login"_s).toString(), u"alice"_s);
        QCOMPARE(agent.value(u"name"_s).toString(), u"Alice"_s);
        QCOMPARE(agent.value(u"role"_s).toString(), roleText);
        QCOMPARE(agent.value(u"teams"_s).toArray(), QJsonArray({ u"sales"_s, u"billing"_s }));

        const QJsonArray list = welcome->value(u"conversations"_s).toArray();
        QCOMPARE(list.size(), 2);
        const QJsonObject first = list.at(0).toObject();
        QCOMPARE(first.value(u"id"_s).toString(), u"conv-1"_s);
        QCOMPARE(first.value(u"seq"_s).toInteger(), qint64(12));
        QCOMPARE(first.value(u"epoch"_s).toString(), u"ep-1"_s);
        QCOMPARE(first.value(u"state"_s).toString(), u"assigned"_s);
        QCOMPARE(first.value(u"unread"_s).toInt(), 2);
        const QJsonObject customer = first.value(u"customer"_s).toObject();
        QCOMPARE(customer.value(u"name"_s).toString(), u"Ann"_s);
        QCOMPARE(customer.value(u"email"_s).toString(), u"ann@example.com"_s);
        QCOMPARE(customer.value(u"page"_s).toString(), u"https://shop.example/cart"_s);
        QCOMPARE(customer.value(u"online"_s), QJsonValue(true));
        const QJsonObject second = list.at(1).toObject();
        QCOMPARE(second.value(u"state"_s).toString(), u"queued"_s);
        QCOMPARE(second.value(u"queue_position"_s).toInt(), 1);
        QCOMPARE(second.value(u"customer"_s).toObject().value(u"online"_s), QJsonValue(false));
    }

    void encodesError_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("codeText");
        QTest::addColumn<QString>("ref");

        QTest::addRow("bad_request with ref")
            << int(ErrorCode::BadRequest) << u"bad_request"_s << u"k3J9-2c"_s;
        QTest::addRow("bad_request without ref")
            << int(ErrorCode::BadRequest) << u"bad_request"_s << QString();
        QTest::addRow("unsupported_version")
            << int(ErrorCode::UnsupportedVersion) << u"unsupported_version"_s << QString();
        QTest::addRow("unauthenticated")
            << int(ErrorCode::Unauthenticated) << u"unauthenticated"_s << QString();
        QTest::addRow("forbidden with ref")
            << int(ErrorCode::Forbidden) << u"forbidden"_s << u"k1"_s;
        QTest::addRow("not_found") << int(ErrorCode::NotFound) << u"not_found"_s << QString();
        QTest::addRow("rate_limited")
            << int(ErrorCode::RateLimited) << u"rate_limited"_s << QString();
        QTest::addRow("overloaded") << int(ErrorCode::Overloaded) << u"overloaded"_s << QString();
        QTest::addRow("unavailable with ref")
            << int(ErrorCode::Unavailable) << u"unavailable"_s << u"k2"_s;
        QTest::addRow("conflict with ref") << int(ErrorCode::Conflict) << u"conflict"_s << u"s1"_s;
        QTest::addRow("internal") << int(ErrorCode::Internal) << u"internal"_s << QString();
    }

    void encodesError()
    {
        QFETCH(int, code);
        QFETCH(QString, codeText);
        QFETCH(QString, ref);
        const QString text = u"field \"x\" is wrong"_s;
        const QByteArray frame = encodeError(ErrorCode(code), text, ref);
        const auto error = compactObject(frame);
        QVERIFY2(error, frame.constData());
        QStringList expected { u"code"_s, u"message"_s, u"type"_s };
        if (!ref.isEmpty())
            expected.append(u"ref"_s);
        expected.sort();
        QCOMPARE(sortedKeys(*error), expected);
        QCOMPARE(error->value(u"type"_s).toString(), u"error"_s);
        QCOMPARE(error->value(u"code"_s).toString(), codeText);
        QCOMPARE(error->value(u"message"_s).toString(), text);
        if (!ref.isEmpty())
            QCOMPARE(error->value(u"ref"_s).toString(), ref);
    }

    void encodesOtherServerFrames()
    {
        const auto receipt
            = compactObject(encodeReceipt(ReceiptKind::Read, u"c1"_s, 13, Role::Customer));
        QVERIFY(receipt);
        QCOMPARE(*receipt,
            QJsonObject({ { u"type"_s, u"read"_s }, { u"conversation"_s, u"c1"_s },
                { u"seq"_s, 13 }, { u"by"_s, u"customer"_s } }));
        const auto delivered
            = compactObject(encodeReceipt(ReceiptKind::Delivered, u"c1"_s, 2, Role::Supervisor));
        QVERIFY(delivered);
        QCOMPARE(delivered->value(u"type"_s).toString(), u"delivered"_s);
        QCOMPARE(delivered->value(u"by"_s).toString(), u"agent"_s); // staff side is "agent"

        const auto typing = compactObject(encodeTyping(u"c1"_s, true, Role::Agent));
        QVERIFY(typing);
        QCOMPARE(*typing,
            QJsonObject({ { u"type"_s, u"typing"_s }, { u"conversation"_s, u"c1"_s },
                { u"active"_s, true }, { u"by"_s, u"agent"_s } }));

        const auto synced = compactObject(encodeSynced(u"c1"_s, 20, u"ep"_s, false, true));
        QVERIFY(synced);
        QCOMPARE(*synced,
            QJsonObject(
                { { u"type"_s, u"synced"_s }, { u"conversation"_s, u"c1"_s }, { u"seq"_s, 20 },
                    { u"epoch"_s, u"ep"_s }, { u"complete"_s, false }, { u"recovered"_s, true } }));

        const auto unassigned = compactObject(encodeUnassigned(u"c1"_s, u"transferred"_s));
        QVERIFY(unassigned);
        QCOMPARE(*unassigned,
            QJsonObject({ { u"type"_s, u"unassigned"_s }, { u"conversation"_s, u"c1"_s },
                { u"reason"_s, u"transferred"_s } }));

        MessageView message;
        message.conversation = u"c1"_s;
        message.seq = 5;
        const auto history = compactObject(encodeHistory(u"c1"_s, { message, message }, true));
        QVERIFY(history);
        QCOMPARE(history->value(u"type"_s).toString(), u"history"_s);
        QCOMPARE(history->value(u"messages"_s).toArray().size(), 2);
        QCOMPARE(history->value(u"messages"_s).toArray().at(0).toObject().value(u"type"_s),
            QJsonValue(u"message"_s));
        QCOMPARE(history->value(u"has_more"_s), QJsonValue(true));

        const auto status = compactObject(encodeStatus(AgentStatus::Away));
        QVERIFY(status);
        QCOMPARE(*status, QJsonObject({ { u"type"_s, u"status"_s }, { u"state"_s, u"away"_s } }));

        const auto pong = compactObject(encodePong());
        QVERIFY(pong);
        QCOMPARE(*pong, QJsonObject({ { u"type"_s, u"pong"_s } }));
    }

    // ---- identifiers ---------------------------------------------------------------------

    void tokensAreLongAndUnique()
    {
        static const QRegularExpression base64Url(u"^[A-Za-z0-9_-]+$"_s);
        QSet<QString> seen;
        for (int i = 0; i < 2000; ++i) {
            const QString token = ids::newToken();
            QVERIFY2(token.size() >= 22, qPrintable(token)); // >= 128 bits in base64url
            QVERIFY2(base64Url.match(token).hasMatch(), qPrintable(token));
            QVERIFY2(!seen.contains(token), "a token was issued twice");
            seen.insert(token);
        }
        QCOMPARE(ids::tokenDigest(u"abc"_s).size(), 32);
        QCOMPARE(ids::tokenDigest(u"abc"_s), ids::tokenDigest(u"abc"_s));
        QVERIFY(ids::tokenDigest(u"abc"_s) != ids::tokenDigest(u"abd"_s));
    }

    void traceIdFromTraceparent_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QString>("traceId");
        // Headers W3C Trace Context calls invalid that ids.cpp still accepts (see the report).

        const QString id = u"4bf92f3577b34da6a3ce929d0e0e4736"_s;
        QTest::addRow("valid, sampled")
            << "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"_ba << id;
        QTest::addRow("valid, not sampled")
            << "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"_ba << id;
        QTest::addRow("surrounding whitespace")
            << "  00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 "_ba << id;
        QTest::addRow("future version with extra field")
            << "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra"_ba << id;
        QTest::addRow("empty") << QByteArray() << QString();
        QTest::addRow("garbage") << "hello"_ba << QString();
        QTest::addRow("missing flags")
            << "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7"_ba << QString();
        QTest::addRow("uppercase trace id")
            << "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"_ba << QString();
        QTest::addRow("non-hex trace id")
            << "00-4bf92f3577b34da6a3ce929d0e0e47zz-00f067aa0ba902b7-01"_ba << QString();
        QTest::addRow("all-zero trace id")
            << "00-00000000000000000000000000000000-00f067aa0ba902b7-01"_ba << QString();
        QTest::addRow("short trace id")
            << "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01"_ba << QString();
        QTest::addRow("long trace id")
            << "00-4bf92f3577b34da6a3ce929d0e0e47360-00f067aa0ba902b7-01"_ba << QString();
        QTest::addRow("short parent id")
            << "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b-01"_ba << QString();
        QTest::addRow("version ff")
            << "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"_ba << QString();
        QTest::addRow("non-hex version")
            << "zz-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"_ba << QString();
        QTest::addRow("non-hex parent id")
            << "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902zz-01"_ba << QString();
        QTest::addRow("all-zero parent id")
            << "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01"_ba << QString();
        QTest::addRow("non-hex flags")
            << "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-zz"_ba << QString();
        QTest::addRow("version 00 with an extra field")
            << "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra"_ba << QString();
        QTest::addRow("one-digit version")
            << "0-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"_ba << QString();
    }

    void traceIdFromTraceparent()
    {
        QFETCH(QByteArray, header);
        QFETCH(QString, traceId);
        QCOMPARE(ids::traceIdFromTraceparent(header), traceId);
    }

    void newTraceIdIs32LowercaseHex()
    {
        QSet<QString> seen;
        for (int i = 0; i < 1000; ++i) {
            const QString id = ids::newTraceId();
            QCOMPARE(id.size(), 32);
            QVERIFY2(isLowerHex(id), qPrintable(id));
            QVERIFY2(id != QString(32, u'0'), "the all-zero trace id is invalid");
            QVERIFY2(!seen.contains(id), "a trace id was generated twice");
            seen.insert(id);
            // What we generate, we also accept from a traceparent header.
            const QByteArray header = "00-" + id.toLatin1() + "-00f067aa0ba902b7-01";
            QCOMPARE(ids::traceIdFromTraceparent(header), id);
        }
    }

    // ---- reconnect backoff ---------------------------------------------------------------

    void backoffCeilingDoublesThenCaps_data()
    {
        QTest::addColumn<int>("attempt");
        QTest::addColumn<int>("ceiling");

        QTest::addRow("attempt 0") << 0 << 500;
        QTest::addRow("attempt 1") << 1 << 1000;
        QTest::addRow("attempt 2") << 2 << 2000;
        QTest::addRow("attempt 3") << 3 << 4000;
        QTest::addRow("attempt 5") << 5 << 16000;
        QTest::addRow("attempt 6 capped") << 6 << 30000;
        QTest::addRow("attempt 7 capped") << 7 << 30000;
        QTest::addRow("attempt 40 capped") << 40 << 30000;
        QTest::addRow("attempt 1000 capped") << 1000 << 30000;
        QTest::addRow("negative attempt like the first") << -3 << 500;
    }

    void backoffCeilingDoublesThenCaps()
    {
        QFETCH(int, attempt);
        QFETCH(int, ceiling);
        const BackoffPolicy policy(500, 30000);
        QCOMPARE(policy.ceilingMs(attempt), ceiling);
    }

    void backoffDelayStaysWithinBounds_data()
    {
        QTest::addColumn<int>("baseMs");
        QTest::addColumn<int>("capMs");
        QTest::addRow("defaults") << 500 << 30000;
        QTest::addRow("small base") << 10 << 1000;
        QTest::addRow("base above cap") << 5000 << 2000;
    }

    void backoffDelayStaysWithinBounds()
    {
        QFETCH(int, baseMs);
        QFETCH(int, capMs);
        const BackoffPolicy policy(baseMs, capMs);
        for (int attempt = 0; attempt < 12; ++attempt) {
            const int ceiling = policy.ceilingMs(attempt);
            QVERIFY(ceiling <= capMs);
            QSet<int> distinct;
            for (int i = 0; i < 300; ++i) {
                const int delay = policy.delayMs(attempt);
                QVERIFY2(delay >= ceiling / 10 && delay <= ceiling,
                    qPrintable(u"attempt %1: delay %2 outside [%3, %4]"_s.arg(attempt)
                                   .arg(delay)
                                   .arg(ceiling / 10)
                                   .arg(ceiling)));
                distinct.insert(delay);
            }
            // Jitter: many different delays, as many as the range allows.
            const int possible = ceiling - ceiling / 10 + 1;
            QVERIFY2(distinct.size() >= qMin(10, possible / 2), "the delays are not jittered");
        }
    }
};

QTEST_GUILESS_MAIN(ClientMessageTest)
#include "tst_clientmessage.moc"
