// FrameHeaderScanner follows client frames from their headers alone: masked frames of every
// length encoding pass, an unmasked one is reported, a close frame is noticed, and bytes may
// come in any split, payloads being skipped without being handed over.
#include <QTest>
#include <QtEndian>
#include <gateway/frameheaderscanner.h>

using switchboard::server::FrameHeaderScanner;
using Verdict = FrameHeaderScanner::Verdict;

namespace {

QByteArray frame(quint8 opcode, qint64 length, bool masked = true, bool fin = true)
{
    QByteArray bytes;
    bytes.append(char((fin ? 0x80 : 0) | opcode));
    const quint8 maskBit = masked ? 0x80 : 0;
    if (length < 126) {
        bytes.append(char(maskBit | quint8(length)));
    } else if (length <= 0xffff) {
        bytes.append(char(maskBit | 126));
        bytes.append(char(length >> 8));
        bytes.append(char(length & 0xff));
    } else {
        bytes.append(char(maskBit | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            bytes.append(char((length >> shift) & 0xff));
    }
    if (masked)
        bytes.append("\x11\x22\x33\x44", 4);
    bytes.append(QByteArray(length, 'p'));
    return bytes;
}

} // namespace

class FrameHeaderScannerTest final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void maskedFramesPassInAnySplit_data()
    {
        QTest::addColumn<int>("split");
        for (const int split : { 1, 2, 3, 7, 64, 100000 })
            QTest::addRow("%d bytes at a time", split) << split;
    }

    void maskedFramesPassInAnySplit()
    {
        QFETCH(int, split);
        const QByteArray stream = frame(0x1, 0) + frame(0x1, 125) + frame(0x1, 126)
            + frame(0x2, 70000) + frame(0x9, 125) + frame(0xa, 3) + frame(0x1, 5, true, false)
            + frame(0x0, 5);
        FrameHeaderScanner scanner;
        for (qsizetype at = 0; at < stream.size(); at += split) {
            const qsizetype size = std::min<qsizetype>(split, stream.size() - at);
            QCOMPARE(scanner.feed(stream.constData() + at, size), Verdict::Fine);
        }
        QCOMPARE(scanner.nextNeeded(), stream.size());
        QCOMPARE(scanner.position(), stream.size());
    }

    void unmaskedFrameIsReported_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::addRow("first frame") << frame(0x1, 10, false);
        QTest::addRow("after a masked one") << frame(0x1, 10) + frame(0x1, 10, false);
        QTest::addRow("after a long one") << frame(0x1, 300) + frame(0x1, 1, false);
        QTest::addRow("a ping") << frame(0x9, 0, false);
        QTest::addRow("a continuation") << frame(0x1, 4, true, false) + frame(0x0, 4, false);
        QTest::addRow("64-bit length") << frame(0x2, 70000, false);
    }

    void unmaskedFrameIsReported()
    {
        QFETCH(QByteArray, stream);
        FrameHeaderScanner scanner;
        QCOMPARE(scanner.feed(stream.constData(), stream.size()), Verdict::Unmasked);
        QCOMPARE(scanner.verdict(), Verdict::Unmasked);
    }

    // The caller hands over header bytes only: payload is skipped by count.
    void payloadIsSkippedWithoutBytes()
    {
        const QByteArray first = frame(0x1, 5000);
        const QByteArray second = frame(0x1, 10, false);
        FrameHeaderScanner scanner;
        QCOMPARE(scanner.feed(first.constData(), 8), Verdict::Fine); // header and 2 payload
        QCOMPARE(scanner.nextNeeded(), first.size());
        QVERIFY(!scanner.followsReportedFrame()); // still inside the payload
        scanner.skipPayload(first.size()); // more than is left: stops at the next header
        QCOMPARE(scanner.position(), first.size());
        QVERIFY(scanner.followsReportedFrame()); // a data frame: QWebSocket reports it
        QCOMPARE(scanner.feed(second.constData(), 2), Verdict::Unmasked);
    }

    void pingIsNotReportedButPongIs()
    {
        FrameHeaderScanner scanner;
        const QByteArray ping = frame(0x9, 4);
        QCOMPARE(scanner.feed(ping.constData(), ping.size()), Verdict::Fine);
        QVERIFY(!scanner.followsReportedFrame());
        const QByteArray pong = frame(0xa, 4);
        QCOMPARE(scanner.feed(pong.constData(), pong.size()), Verdict::Fine);
        QVERIFY(scanner.followsReportedFrame());
        const QByteArray half = frame(0x1, 4).left(1);
        QCOMPARE(scanner.feed(half.constData(), 1), Verdict::Fine);
        QVERIFY(!scanner.followsReportedFrame()); // inside a header
    }

    void closeFrameIsNoticedOnceComplete()
    {
        const QByteArray close = frame(0x8, 0);
        const QByteArray withReason = frame(0x8, 2);
        FrameHeaderScanner scanner;
        QCOMPARE(scanner.feed(withReason.constData(), withReason.size() - 1), Verdict::Fine);
        QCOMPARE(scanner.feed(withReason.constData() + withReason.size() - 1, 1), Verdict::Closed);
        FrameHeaderScanner empty;
        QCOMPARE(empty.feed(close.constData(), close.size()), Verdict::Closed);
    }

    void oversizedControlFrameIsLeftToQtWebSockets()
    {
        const QByteArray ping = frame(0x9, 126);
        FrameHeaderScanner scanner;
        QCOMPARE(scanner.feed(ping.constData(), ping.size()), Verdict::Malformed);
        const QByteArray fragmentedPing = frame(0x9, 1, true, false);
        FrameHeaderScanner other;
        QCOMPARE(other.feed(fragmentedPing.constData(), fragmentedPing.size()), Verdict::Malformed);
    }
};

QTEST_APPLESS_MAIN(FrameHeaderScannerTest)
#include "tst_frameheaderscanner.moc"
