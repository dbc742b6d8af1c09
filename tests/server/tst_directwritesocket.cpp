// DirectWriteSocket (the gateway's TCP socket): writes reach the kernel at once while nothing
// is queued, so a connection keeps no write buffer; a peer that stops reading still gets every
// byte, in order, once it reads again.
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <gateway/directwritesocket.h>
#include <memory>

using switchboard::server::DirectWriteSocket;

namespace {

// Hands out accepted descriptors so the test can adopt them as the gateway does.
class DescriptorServer final : public QTcpServer {
public:
    QList<qintptr> descriptors;

protected:
    void incomingConnection(qintptr descriptor) override { descriptors.append(descriptor); }
};

QByteArray pattern(qint64 offset, qint64 size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (qint64 i = 0; i < size; ++i)
        bytes[i] = char((offset + i) % 251);
    return bytes;
}

} // namespace

class DirectWriteSocketTest : public QObject {
    Q_OBJECT

private:
    // A connected pair: our DirectWriteSocket on the server side, a plain client.
    bool connectPair(DirectWriteSocket &server, QTcpSocket &client)
    {
        DescriptorServer listener;
        if (!listener.listen(QHostAddress::LocalHost, 0))
            return false;
        client.connectToHost(QHostAddress::LocalHost, listener.serverPort());
        if (!client.waitForConnected(5000))
            return false;
        if (!QTest::qWaitFor([&] { return !listener.descriptors.isEmpty(); }, 5000))
            return false;
        return server.setSocketDescriptor(listener.descriptors.first());
    }

private Q_SLOTS:
    void aWriteWithNothingQueuedLeavesNothingBuffered()
    {
        DirectWriteSocket server;
        QTcpSocket client;
        QVERIFY(connectPair(server, client));
        const QByteArray frame("HTTP/1.1 101 Switching Protocols\r\n\r\n");
        QCOMPARE(server.write(frame), qint64(frame.size()));
        // Nothing waits in Qt's write buffer: the kernel took it all.
        QCOMPARE(server.bytesToWrite(), qint64(0));
        QByteArray received;
        QVERIFY(QTest::qWaitFor(
            [&] {
                received += client.readAll();
                return received.size() >= frame.size();
            },
            5000));
        QCOMPARE(received, frame);
    }

    void aPeerThatStopsReadingGetsEveryByteInOrder()
    {
        DirectWriteSocket server;
        QTcpSocket client;
        QVERIFY(connectPair(server, client));
        // Write until the kernel refuses and Qt queues the rest.
        constexpr qint64 block = 16 * 1024; // a frame small enough to be written directly
        qint64 written = 0;
        while (server.bytesToWrite() == 0 && written < 256 * 1024 * 1024) {
            QCOMPARE(server.write(pattern(written, block)), block);
            written += block;
        }
        QVERIFY2(server.bytesToWrite() > 0, "the kernel never filled up");
        // More writes go behind the queued ones, not around them.
        QCOMPARE(server.write(pattern(written, block)), block);
        written += block;

        qint64 received = 0;
        bool inOrder = true;
        QVERIFY(QTest::qWaitFor(
            [&] {
                const QByteArray bytes = client.readAll();
                inOrder = inOrder && bytes == pattern(received, bytes.size());
                received += bytes.size();
                return received >= written || !inOrder;
            },
            30000));
        QVERIFY(inOrder);
        QCOMPARE(received, written);
        QCOMPARE(server.bytesToWrite(), qint64(0));
    }
};

QTEST_GUILESS_MAIN(DirectWriteSocketTest)
#include "tst_directwritesocket.moc"
