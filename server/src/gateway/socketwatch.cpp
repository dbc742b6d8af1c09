#include "socketwatch.h"

#include "directwritesocket.h"
#include "platform/platform.h"

#include <QSslSocket>
#include <QTimer>
#include <QVarLengthArray>
#include <QWebSocket>
#include <algorithm>
#include <switchboard/logging.h>

namespace switchboard::server {

namespace {

// Room for a ping (the one frame QWebSocket takes without telling) and the header after it;
// several pings in a row need more, on the heap.
constexpr qsizetype peekWindow
    = FrameHeaderScanner::maxControlFrameBytes + 2 * FrameHeaderScanner::maxHeaderBytes;
// A close frame's payload is at most 125 bytes: the code and up to 123 bytes of reason.
constexpr qsizetype maxCloseReasonBytes = 123;
constexpr qint64 drainChunkBytes = 4096;
// How long a close QWebSocket started waits for the client to end its side.
constexpr int webSocketCloseLingerMs = 5000;

} // namespace

SocketWatch::SocketWatch(QTcpSocket *tcp)
    : QObject(tcp)
    , m_tcp(tcp)
{
    connect(tcp, &QIODevice::readyRead, this, &SocketWatch::onArrival);
}

SocketWatch *SocketWatch::of(const QWebSocket *webSocket)
{
    return webSocket ? webSocket->findChild<SocketWatch *>(QString(), Qt::FindDirectChildrenOnly)
                     : nullptr;
}

void SocketWatch::attach(QWebSocket *webSocket)
{
    if (!m_tcp)
        return;
    m_webSocket = webSocket;
    setParent(webSocket);
    // Connected after QWebSocket's own slot: by then it has read what it could.
    connect(m_tcp.data(), &QIODevice::readyRead, this, &SocketWatch::afterWebSocketRead);
    // Emitted between frames: the header after the reported frame is now at the front. A
    // message is looked past after the worker has handled it (its slots come first).
    const auto checkUnlessLast = [this](const auto &, bool isLastFrame) {
        if (!isLastFrame)
            check();
    };
    connect(webSocket, &QWebSocket::textFrameReceived, this, checkUnlessLast);
    connect(webSocket, &QWebSocket::binaryFrameReceived, this, checkUnlessLast);
    connect(webSocket, &QWebSocket::textMessageReceived, this, &SocketWatch::check);
    connect(webSocket, &QWebSocket::binaryMessageReceived, this, &SocketWatch::check);
    connect(webSocket, &QWebSocket::pong, this, &SocketWatch::check);
    // Emitted once QWebSocket's close frame is written and before it closes the socket.
    connect(webSocket, &QWebSocket::aboutToClose, this, [this] { m_webSocketClosing = true; });
    if (auto *direct = dynamic_cast<DirectWriteSocket *>(m_tcp.data())) {
        direct->setCloseInterceptor([watch = QPointer<SocketWatch>(this)] {
            return watch && watch->takeOverWebSocketClose();
        });
    }
    m_state = State::Watching;
    m_received = m_tcp->bytesAvailable(); // the handshake is read; what is left is frames
    m_knownAvailable = m_received;
    check();
}

void SocketWatch::onArrival()
{
    if (m_state == State::Closing) {
        drain();
        return;
    }
    if (m_state != State::Watching || !m_tcp)
        return;
    const qint64 available = m_tcp->bytesAvailable();
    if (available < m_knownAvailable) {
        stopChecking("bytes were read between two looks");
        return;
    }
    m_received += available - m_knownAvailable;
    m_knownAvailable = available;
    check();
}

void SocketWatch::afterWebSocketRead()
{
    if (m_state != State::Watching || !m_tcp)
        return;
    m_knownAvailable = m_tcp->bytesAvailable();
    check();
}

void SocketWatch::check()
{
    if (m_state != State::Watching || !m_tcp)
        return;
    const qint64 available = m_tcp->bytesAvailable();
    const qint64 front = m_received - available; // the stream position QWebSocket reads next
    QVarLengthArray<char, peekWindow> window; // the buffer's first bytes, peeked as needed
    while (m_scanner.verdict() == FrameHeaderScanner::Verdict::Fine) {
        // Payload that has arrived (read or not) needs no look.
        m_scanner.skipPayload(std::min(m_received, m_scanner.nextNeeded()) - m_scanner.position());
        const qint64 position = m_scanner.position();
        if (position < front) {
            stopChecking("a frame header was read before it was checked");
            return;
        }
        if (position >= m_received)
            return; // the next header has not arrived yet
        const qint64 gap = position - front;
        if (gap > 0 && m_scanner.followsReportedFrame())
            return; // looked at when QWebSocket reports the frame before it: no payload copied
        // What lies before the header is header bytes or control frames: cheap to copy. The
        // window doubles when it must reach further, so a run of pings is copied about once,
        // not once more for each of them.
        if (gap >= window.size()) {
            const qint64 want = std::min<qint64>(available,
                std::max<qint64>(2 * window.size(), gap + FrameHeaderScanner::maxHeaderBytes));
            window.resize(want);
            const qint64 got = m_tcp->peek(window.data(), want);
            window.resize(std::max<qint64>(got, 0));
            if (got <= gap)
                return;
        }
        m_scanner.feed(window.data() + gap, window.size() - gap);
    }
    switch (m_scanner.verdict()) {
    case FrameHeaderScanner::Verdict::Unmasked:
        m_state = State::Blind;
        Q_EMIT unmasked();
        break;
    case FrameHeaderScanner::Verdict::Malformed: // QWebSocket closes with 1002 itself
    case FrameHeaderScanner::Verdict::Closed: // the client closes; QWebSocket answers
        m_state = State::Blind;
        break;
    case FrameHeaderScanner::Verdict::Fine:
        break;
    }
}

void SocketWatch::stopChecking(const char *why)
{
    // Not expected with the QtWebSockets this was built for; the connection keeps working.
    qCWarning(lcGateway) << "stopped checking client frame masks on a connection:" << why;
    m_state = State::Blind;
}

void SocketWatch::closeGracefully(int closeCode, const QString &reason, int timeoutMs)
{
    if (isClosing() || !m_tcp)
        return;
    // Follow the frames while draining to notice the client's close frame, if the watch knows
    // where they are.
    bool scanning
        = m_state == State::Watching && m_scanner.verdict() == FrameHeaderScanner::Verdict::Fine;
    const qint64 front = m_received - m_tcp->bytesAvailable();
    if (scanning) {
        m_scanner.skipPayload(std::min(m_received, m_scanner.nextNeeded()) - m_scanner.position());
        scanning = m_scanner.position() >= front;
        m_drainSkip = scanning ? m_scanner.position() - front : 0;
    }
    m_state = State::Closing;
    m_closeCode = closeCode;
    if (m_webSocket) // QWebSocket reads and parses nothing more
        QObject::disconnect(m_tcp.data(), &QIODevice::readyRead, m_webSocket, nullptr);
    m_scannerUsable = scanning;

    QByteArray reasonBytes = reason.toUtf8().left(maxCloseReasonBytes);
    QByteArray frame;
    frame.reserve(4 + reasonBytes.size());
    frame.append(char(0x88)); // FIN, close; a server's frames are not masked
    frame.append(char(2 + reasonBytes.size()));
    frame.append(char((closeCode >> 8) & 0xff));
    frame.append(char(closeCode & 0xff));
    frame.append(reasonBytes);
    m_tcp->write(frame); // after everything QWebSocket has queued before it
    lingerUntilRead(timeoutMs);
}

bool SocketWatch::takeOverWebSocketClose()
{
    if (!m_webSocketClosing || isClosing() || !m_tcp || !m_webSocket
        || m_tcp->state() != QAbstractSocket::ConnectedState)
        return false;
    m_state = State::Closing;
    m_closeCode = m_webSocket->closeCode();
    QObject::disconnect(m_tcp.data(), &QIODevice::readyRead, m_webSocket, nullptr);
    m_scannerUsable = false;
    lingerUntilRead(webSocketCloseLingerMs);
    return true;
}

// The close frame is written: send it, then our end of stream, and read and drop input until
// the client has ended too (or the timeout), so that closing sends no reset.
void SocketWatch::lingerUntilRead(int timeoutMs)
{
    // Under TLS a half-close beneath the encryption would end its stream without close_notify
    // (the client reports an error instead of the close): there the client's close frame, its
    // end of stream or the timeout ends the connection.
    const bool halfClose = !qobject_cast<QSslSocket *>(m_tcp.data());
    if (halfClose)
        connect(
            m_tcp.data(), &QIODevice::bytesWritten, this, &SocketWatch::shutDownWriteSideWhenSent);
    connect(m_tcp.data(), &QAbstractSocket::disconnected, this, &SocketWatch::finish);
    QTimer::singleShot(timeoutMs, this, &SocketWatch::finish);
    m_tcp->flush();
    if (halfClose)
        shutDownWriteSideWhenSent();
    drain();
}

void SocketWatch::shutDownWriteSideWhenSent()
{
    if (m_writeShutDown || !m_tcp || m_tcp->bytesToWrite() > 0
        || m_tcp->state() != QAbstractSocket::ConnectedState)
        return;
    // Our FIN after the close frame: the client reads everything, then sees the end.
    platform::shutdownSending(m_tcp->socketDescriptor());
    m_writeShutDown = true;
}

void SocketWatch::drain()
{
    if (!m_tcp)
        return;
    bool peerClosed = false;
    char chunk[drainChunkBytes];
    for (;;) {
        const qint64 read = m_tcp->read(chunk, drainChunkBytes);
        if (read <= 0)
            break;
        const qint64 seen = std::min(read, m_drainSkip);
        m_drainSkip -= seen;
        if (m_scannerUsable && read > seen) {
            const auto verdict = m_scanner.feed(chunk + seen, read - seen);
            peerClosed = verdict == FrameHeaderScanner::Verdict::Closed;
            m_scannerUsable = verdict == FrameHeaderScanner::Verdict::Fine;
        }
    }
    if (peerClosed)
        finish(); // the close handshake is complete
}

void SocketWatch::finish()
{
    if (m_state == State::Done || !m_tcp)
        return;
    m_state = State::Done;
    drain(); // nothing unread, so closing sends no reset
    // The socket's state change tells QWebSocket, which emits disconnected.
    m_tcp->abort();
}

} // namespace switchboard::server
