// DirectWriteSocket (the gateway's TCP socket): once its writes are sent a connection keeps no
// write buffer (Qt's own keeps 32 KB per socket); a peer that stops reading still gets every
// byte, in order, once it reads again.
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <algorithm>
#include <gateway/directwritesocket.h>
#include <malloc.h>
#include <memory>
#include <vector>

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
    void aSentWriteLeavesNoBufferBehind()
    {
        constexpr int sockets = 100;
        std::vector<std::unique_ptr<DirectWriteSocket>> servers;
        std::vector<std::unique_ptr<QTcpSocket>> clients;
        for (int i = 0; i < sockets; ++i) {
            servers.push_back(std::make_unique<DirectWriteSocket>());
            clients.push_back(std::make_unique<QTcpSocket>());
            QVERIFY(connectPair(*servers.back(), *clients.back()));
        }
        // The 101 response and a frame header and payload, as one handshake writes them.
        const QByteArray response("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                                  "Connection: Upgrade\r\nSec-WebSocket-Accept: x\r\n\r\n");
        const QByteArray header("\x81\x20", 2);
        const QByteArray payload(32, 'w');
        const QByteArray expected = response + header + payload;
        QSignalSpy written(servers.front().get(), &QIODevice::bytesWritten);
        const std::size_t heapBefore = mallinfo2().uordblks;
        for (auto &server : servers) {
            QCOMPARE(server->write(response), qint64(response.size()));
            QCOMPARE(server->write(header), qint64(header.size()));
            QCOMPARE(server->write(payload), qint64(payload.size()));
        }
        QVERIFY(QTest::qWaitFor(
            [&] {
                return std::all_of(servers.begin(), servers.end(),
                    [](const auto &server) { return server->bytesToWrite() == 0; });
            },
            5000));
        const std::size_t heapAfter = mallinfo2().uordblks;
        // Whoever waits for the queue to empty (a graceful close) hears of every byte sent.
        qint64 reported = 0;
        for (const QList<QVariant> &arguments : std::as_const(written))
            reported += arguments.first().toLongLong();
        QCOMPARE(reported, qint64(expected.size()));
        for (auto &client : clients) {
            QByteArray received;
            QVERIFY(QTest::qWaitFor(
                [&] {
                    received += client->readAll();
                    return received.size() >= expected.size();
                },
                5000));
            QCOMPARE(received, expected);
        }
        // Qt's buffered write keeps a 32 KB chunk per socket; ours keeps nothing.
        const double keptPerSocket
            = double(qint64(heapAfter) - qint64(heapBefore)) / double(sockets);
        qInfo("heap kept per socket after its writes were sent: %.0f bytes", keptPerSocket);
#ifndef SWITCHBOARD_PORTABLE_PLATFORM
        QVERIFY2(keptPerSocket < 2048, "a socket keeps no write buffer once its writes are sent");
#endif // the portable platform code sends through Qt's buffer (platform.h): order only
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
