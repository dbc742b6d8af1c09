// The I/O threads read the frequent client frames (send, delivered, read, typing, ping) without
// QJsonDocument (decodeFrequentClientMessage). Whatever such a frame says, the result must be
// the one the general decoder gives: the same message, or the same error with the same ref.
#include <QRandomGenerator>
#include <QTest>
#include <switchboard/clientmessage.h>

using namespace Qt::StringLiterals;
using namespace switchboard;
using namespace switchboard::protocol;

namespace {

using Decoded = Expected<ClientMessage, DecodeError>;

// Why two results differ, or an empty string when they are the same.
QString difference(const Decoded &fast, const Decoded &general)
{
    if (fast.hasValue() != general.hasValue())
        return fast ? u"only the general decoder refused: "_s + general.error().message
                    : u"only the fast decoder refused: "_s + fast.error().message;
    if (!fast) {
        const DecodeError &a = fast.error();
        const DecodeError &b = general.error();
        if (a.code != b.code || a.message != b.message || a.ref != b.ref)
            return u"errors differ: '%1' (ref '%2') vs '%3' (ref '%4')"_s.arg(
                a.message, a.ref, b.message, b.ref);
        return {};
    }
    if (fast->index() != general->index())
        return u"different message types"_s;
    if (const auto *send = std::get_if<SendMessage>(&*fast)) {
        const auto &other = std::get<SendMessage>(*general);
        if (send->conversation != other.conversation || send->clientId != other.clientId
            || send->text != other.text || send->kind != other.kind)
            return u"send differs"_s;
    } else if (const auto *receipt = std::get_if<ReceiptMessage>(&*fast)) {
        const auto &other = std::get<ReceiptMessage>(*general);
        if (receipt->kind != other.kind || receipt->conversation != other.conversation
            || receipt->seq != other.seq)
            return u"receipt differs"_s;
    } else if (const auto *typing = std::get_if<TypingMessage>(&*fast)) {
        const auto &other = std::get<TypingMessage>(*general);
        if (typing->conversation != other.conversation || typing->active != other.active)
            return u"typing differs"_s;
    }
    return {}; // ping has no fields; the other types are the general decoder's on both sides
}

// Compares both decoders on one frame; true when the fast one read it at all.
bool compare(const QString &frame)
{
    const std::optional<Decoded> fast = decodeFrequentClientMessage(frame);
    const Decoded general = decodeClientMessage(frame.toUtf8());
    if (!fast)
        return false;
    const bool frequent = !fast->hasValue() || std::holds_alternative<SendMessage>(**fast)
        || std::holds_alternative<ReceiptMessage>(**fast)
        || std::holds_alternative<TypingMessage>(**fast)
        || std::holds_alternative<PingMessage>(**fast);
    const QString why
        = frequent ? difference(*fast, general) : u"the fast decoder read another type"_s;
    if (!why.isEmpty())
        qWarning().noquote() << "frame" << frame << ":" << why;
    [&] {
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }();
    return true;
}

} // namespace

class tst_FrequentFrames : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsTheFrequentFramesAsTheGeneralDecoder_data();
    void readsTheFrequentFramesAsTheGeneralDecoder();
    void leavesTheRestToTheGeneralDecoder_data();
    void leavesTheRestToTheGeneralDecoder();
    void mutatedFramesReadTheSame();
};

void tst_FrequentFrames::readsTheFrequentFramesAsTheGeneralDecoder_data()
{
    QTest::addColumn<QString>("frame");
    const auto row = [](const char *name, const QString &frame) {
        QTest::newRow(name) << frame;
    };
    row("send", uR"({"type":"send","client_id":"c-1","text":"hello"})"_s);
    row("send to a conversation",
        uR"({"type":"send","conversation":"abc","client_id":"c_2","text":"hi","kind":"note"})"_s);
    row("send with spaces",
        u" {\n \"type\" : \"send\" ,\t\"client_id\":\"x\",\r\"text\":\"a\" } "_s);
    row("send with escapes",
        uR"({"type":"send","client_id":"x","text":"a\"b\\c\/d\b\f\n\r\t\u00e9\u20ac"})"_s);
    row("send with an emoji", u"{\"type\":\"send\",\"client_id\":\"x\",\"text\":\"ok 😀\"}"_s);
    row("send with an escaped pair", uR"({"type":"send","client_id":"x","text":"\ud83d\ude00"})"_s);
    row("send with a lone escaped surrogate",
        uR"({"type":"send","client_id":"x","text":"a\ud800b"})"_s);
    row("send with an escaped NUL", uR"({"type":"send","client_id":"x","text":"a\u0000b"})"_s);
    row("send, unknown fields ignored",
        uR"({"type":"send","client_id":"x","text":"a","extra":17,"more":null,"b":true})"_s);
    row("send, empty text", uR"({"type":"send","client_id":"x","text":""})"_s);
    row("send, no client_id", uR"({"type":"send","text":"a"})"_s);
    row("send, bad client_id", uR"({"type":"send","client_id":"a b","text":"a"})"_s);
    row("send, text a number", uR"({"type":"send","client_id":"x","text":5})"_s);
    row("send, null text", uR"({"type":"send","client_id":"x","text":null})"_s);
    row("send, kind event", uR"({"type":"send","client_id":"x","text":"a","kind":"event"})"_s);
    row("send, text too long",
        u"{\"type\":\"send\",\"client_id\":\"x\",\"text\":\"%1\"}"_s.arg(
            QString(maxTextLength + 1, u'a')));
    row("delivered", uR"({"type":"delivered","conversation":"abc","seq":42})"_s);
    row("read", uR"({"type":"read","conversation":"abc","seq":0})"_s);
    row("read, negative seq", uR"({"type":"read","conversation":"abc","seq":-1})"_s);
    row("read, minus zero", uR"({"type":"read","conversation":"abc","seq":-0})"_s);
    row("read, largest exact seq",
        uR"({"type":"read","conversation":"abc","seq":999999999999999})"_s);
    row("read, seq a string", uR"({"type":"read","conversation":"abc","seq":"1"})"_s);
    row("read, seq missing", uR"({"type":"read","conversation":"abc"})"_s);
    row("read, conversation missing", uR"({"type":"read","seq":3})"_s);
    row("typing", uR"({"type":"typing","active":true})"_s);
    row("typing off", uR"({"type":"typing","conversation":"abc","active":false})"_s);
    row("typing, active not a bool", uR"({"type":"typing","active":1})"_s);
    row("ping", uR"({"type":"ping"})"_s);
    row("escaped key", uR"({"t\u0079pe":"ping"})"_s);
}

void tst_FrequentFrames::readsTheFrequentFramesAsTheGeneralDecoder()
{
    QFETCH(QString, frame);
    // Each of these is read by the fast decoder: a fast path that gave up on all of them would
    // cost nothing and prove nothing.
    QVERIFY2(compare(frame), "the fast decoder did not read this frame");
}

void tst_FrequentFrames::leavesTheRestToTheGeneralDecoder_data()
{
    QTest::addColumn<QString>("frame");
    const auto row = [](const char *name, const QString &frame) {
        QTest::newRow(name) << frame;
    };
    row("other type", uR"({"type":"accept","conversation":"abc"})"_s);
    row("hello", uR"({"type":"hello","v":1,"role":"customer"})"_s);
    row("nested value", uR"({"type":"send","client_id":"x","text":"a","meta":{"a":1}})"_s);
    row("array value", uR"({"type":"send","client_id":"x","text":"a","teams":[]})"_s);
    row("fraction", uR"({"type":"read","conversation":"abc","seq":1.5})"_s);
    row("exponent", uR"({"type":"read","conversation":"abc","seq":1e3})"_s);
    row("16 digits", uR"({"type":"read","conversation":"abc","seq":1234567890123456})"_s);
    row("leading zero", uR"({"type":"read","conversation":"abc","seq":01})"_s);
    row("duplicate key", uR"({"type":"send","client_id":"x","text":"a","text":"b"})"_s);
    row("raw control character", u"{\"type\":\"send\",\"client_id\":\"x\",\"text\":\"a\u0001\"}"_s);
    row("bad escape", uR"({"type":"send","client_id":"x","text":"\q"})"_s);
    row("short unicode escape", uR"({"type":"send","client_id":"x","text":"\u12"})"_s);
    row("trailing comma", uR"({"type":"ping",})"_s);
    row("garbage after", uR"({"type":"ping"} x)"_s);
    row("two objects", uR"({"type":"ping"}{"type":"ping"})"_s);
    row("not an object", uR"(["ping"])"_s);
    row("unterminated", uR"({"type":"send","client_id":"x","text":"a)"_s);
    row("empty", QString());
    row("no type", uR"({"client_id":"x"})"_s);
    row("type not a string", uR"({"type":3})"_s);
}

void tst_FrequentFrames::leavesTheRestToTheGeneralDecoder()
{
    QFETCH(QString, frame);
    QVERIFY(!decodeFrequentClientMessage(frame).has_value());
    // What the I/O thread calls gives the general decoder's answer for these.
    const Decoded viaFrame = decodeClientFrame(frame);
    const Decoded general = decodeClientMessage(frame.toUtf8());
    QCOMPARE(difference(viaFrame, general), QString());
}

void tst_FrequentFrames::mutatedFramesReadTheSame()
{
    // Valid frames with characters replaced, inserted or dropped at random (a fixed seed, so a
    // failure repeats): wherever the fast decoder reads the result, the answer must agree.
    const QList<QString> seeds = {
        uR"({"type":"send","conversation":"abc","client_id":"c-1","text":"h\u00e9llo \"q\"","kind":"text"})"_s,
        uR"({"type":"delivered","conversation":"abc","seq":42})"_s,
        uR"({"type":"typing","conversation":"abc","active":true})"_s,
        uR"({"type":"read","conversation":"abc","seq":7,"x":null})"_s,
    };
    const QString alphabet
        = uR"({}[]":,\ -0123456789.eEtfnrulasxy)"_s + QChar(0xd83d) + QChar(0xde00) + QChar(0x1);
    QRandomGenerator random(20261207);
    int readFast = 0;
    for (int i = 0; i < 20000; ++i) {
        QString frame = seeds.at(int(random.bounded(quint32(seeds.size()))));
        const int edits = 1 + int(random.bounded(3u));
        for (int e = 0; e < edits && !frame.isEmpty(); ++e) {
            const int at = int(random.bounded(quint32(frame.size())));
            const QChar c = alphabet.at(int(random.bounded(quint32(alphabet.size()))));
            switch (random.bounded(3u)) {
            case 0:
                frame[at] = c;
                break;
            case 1:
                frame.insert(at, c);
                break;
            default:
                frame.remove(at, 1);
                break;
            }
        }
        if (compare(frame))
            ++readFast;
        if (QTest::currentTestFailed())
            return;
    }
    // Most single edits leave a frame the fast decoder still reads (a changed letter in a
    // string, a digit in a number), so the comparison above has run on thousands of them.
    QVERIFY2(readFast > 2000, qPrintable(u"only %1 frames read fast"_s.arg(readFast)));
}

QTEST_GUILESS_MAIN(tst_FrequentFrames)
#include "tst_frequentframes.moc"
