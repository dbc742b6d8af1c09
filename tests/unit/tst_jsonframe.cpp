// The hand-written encoders of the per-message frames (ack, message, receipt, typing) and the
// timestamp formatter must write exactly what the QJsonDocument/QDateTime versions wrote:
// the same bytes for the same values, whatever the text holds.
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <switchboard/jsonframe.h>
#include <switchboard/servermessage.h>
#include <switchboard/timeformat.h>

using namespace switchboard;
using namespace switchboard::protocol;
using namespace Qt::StringLiterals;

namespace {

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QString referenceTimestamp(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(u"yyyy-MM-ddTHH:mm:ss.zzzZ"_s);
}

} // namespace

class tst_JsonFrame final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void messageFrameMatchesQJsonDocument_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addRow("plain") << u"hello"_s;
        QTest::addRow("empty") << QString();
        QTest::addRow("quotes and backslashes") << u"say \"hi\" \\ there /"_s;
        QTest::addRow("control characters")
            << QString::fromUtf16(u"tab\there\nnew\r\u0001\u001f\u007f\b\f");
        QTest::addRow("non-latin") << u"我的订单没有到 — café 🚚"_s;
        QTest::addRow("lone surrogate") << QString(QChar(0xd800));
        QTest::addRow("lone low surrogate, high at the end")
            << u"a"_s + QChar(0xdc00) + u"b🚚"_s + QChar(0xd83d);
        QTest::addRow("two high surrogates, then a pair")
            << QString(QChar(0xd83d)) + QChar(0xd83d) + QChar(0xde00) + u"ߞࠀ￿"_s;
        QTest::addRow("long") << QString(5000, u'x');
    }

    void messageFrameMatchesQJsonDocument()
    {
        QFETCH(QString, text);
        MessageView view;
        view.conversation = u"c-1 \"x\""_s;
        view.seq = 9007199254740993LL;
        view.clientId = text.left(10);
        view.kind = MessageKind::Note;
        view.fromRole = Role::Agent;
        view.fromName = text;
        view.text = text;
        view.timestampMs = 1765000000123;
        view.traceId = u"4bf92f3577b34da6a3ce929d0e0e4736"_s;
        const QJsonObject expected {
            { u"type"_s, u"message"_s },
            { u"conversation"_s, view.conversation },
            { u"seq"_s, view.seq },
            { u"client_id"_s, view.clientId },
            { u"kind"_s, u"note"_s },
            { u"from"_s, QJsonObject { { u"role"_s, u"agent"_s }, { u"name"_s, view.fromName } } },
            { u"text"_s, view.text },
            { u"ts"_s, referenceTimestamp(view.timestampMs) },
            { u"trace_id"_s, view.traceId },
        };
        QCOMPARE(encodeMessage(view), compact(expected));
        // And it parses back to the same values.
        QJsonParseError error;
        const QJsonDocument parsed = QJsonDocument::fromJson(encodeMessage(view), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(parsed.object(), expected);
    }

    void smallFramesMatchQJsonDocument()
    {
        QCOMPARE(encodeAck(u"k\n1"_s, u"conv"_s, 42, 0, false),
            compact({ { u"type"_s, u"ack"_s }, { u"client_id"_s, u"k\n1"_s },
                { u"conversation"_s, u"conv"_s }, { u"seq"_s, 42 },
                { u"ts"_s, u"1970-01-01T00:00:00.000Z"_s } }));
        QCOMPARE(encodeAck(u"k"_s, u"conv"_s, -3, 951782400999, true),
            compact({ { u"type"_s, u"ack"_s }, { u"client_id"_s, u"k"_s },
                { u"conversation"_s, u"conv"_s }, { u"seq"_s, -3 }, { u"duplicate"_s, true },
                { u"ts"_s, referenceTimestamp(951782400999) } }));
        QCOMPARE(encodeReceipt(ReceiptKind::Read, u"c"_s, 7, Role::Customer),
            compact({ { u"type"_s, u"read"_s }, { u"conversation"_s, u"c"_s }, { u"seq"_s, 7 },
                { u"by"_s, u"customer"_s } }));
        QCOMPARE(encodeTyping(u"c"_s, false, Role::Supervisor),
            compact({ { u"type"_s, u"typing"_s }, { u"conversation"_s, u"c"_s },
                { u"active"_s, false }, { u"by"_s, u"agent"_s } }));
    }

    void timestampsMatchQDateTime()
    {
        // Epoch, leap days, century rules, the end of the range, and a sweep of ordinary days.
        QList<qint64> samples { 0, 1, 999, 86399999, 951782400000, 951868799999, 4107542400000,
            4107628800000, 253402300799999, 1765000000123 };
        for (qint64 ms = 0; ms < 4102444800000; ms += 86400000LL * 37 + 3601234)
            samples.append(ms);
        for (const qint64 ms : samples)
            QCOMPARE(formatTimestamp(ms), referenceTimestamp(ms));
        // Outside what the fast path covers, QDateTime still answers.
        QCOMPARE(formatTimestamp(-1), referenceTimestamp(-1));
    }
};

QTEST_GUILESS_MAIN(tst_JsonFrame)
#include "tst_jsonframe.moc"
