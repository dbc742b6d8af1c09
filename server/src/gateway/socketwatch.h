#pragma once

#include "frameheaderscanner.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QTcpSocket>

class QWebSocket;

namespace switchboard::server {

// Watches the raw TCP side of one WebSocket client, next to the QWebSocket that reads it.
//
// Masks: each client frame header is looked at in the socket's read buffer before QWebSocket
// parses it, with a peek of at most a header (or a ping and a header), never a payload: the
// watch is told of new bytes before QWebSocket reads them (its readyRead slot is connected
// first) and of QWebSocket finishing a data frame or pong (the header after it is then at the
// front of the buffer). An unmasked frame emits unmasked() before QWebSocket takes it.
//
// Closes the server starts: closing a socket that still holds unread input makes the kernel
// send a reset, which throws away what was still on its way to the client (its last errors
// and the close frame). closeGracefully() stops QWebSocket reading, writes the close frame
// after everything already queued, shuts the write side once it is sent, and reads and drops
// input until the client's close frame, its end of stream or the timeout; then it aborts.
// QWebSocket's own closes (1007 for invalid UTF-8, 1009 for a message over the size limit,
// 1002, the echo of a client's close) write their close frame and then close the socket at
// once, with the same reset; on a plain connection the watch takes that close over and ends it
// the same way (the client's close frame is not looked for there: its end of stream or the
// timeout ends it).
class SocketWatch final : public QObject {
    Q_OBJECT

public:
    // Created before the upgrade, as a child of the socket, so that its readyRead slot runs
    // before QWebSocket's; it watches nothing until attach().
    explicit SocketWatch(QTcpSocket *tcp);

    // The upgrade is done and `webSocket` reads the socket from now on; the watch becomes the
    // web socket's child. Call it after connecting to the web socket's message signals.
    void attach(QWebSocket *webSocket);
    void closeGracefully(int closeCode, const QString &reason, int timeoutMs);
    bool isClosing() const { return m_state == State::Closing || m_state == State::Done; }
    int closeCode() const { return m_closeCode; }
    QTcpSocket *tcpSocket() const { return m_tcp.data(); }

    static SocketWatch *of(const QWebSocket *webSocket);

Q_SIGNALS:
    void unmasked();

private:
    enum class State { Waiting, Watching, Blind, Closing, Done };

    void onArrival();
    void afterWebSocketRead();
    void check();
    void stopChecking(const char *why);
    void drain();
    void shutDownWriteSideWhenSent();
    void finish();
    bool takeOverWebSocketClose();
    void lingerUntilRead(int timeoutMs);

    QPointer<QTcpSocket> m_tcp;
    QWebSocket *m_webSocket = nullptr;
    FrameHeaderScanner m_scanner;
    qint64 m_received = 0; // stream position just past the last byte the socket has read
    qint64 m_knownAvailable = 0; // bytes in the socket's buffer when last looked at
    qint64 m_drainSkip = 0; // buffered bytes the scanner has already seen, when draining
    int m_closeCode = 0;
    bool m_writeShutDown = false;
    bool m_webSocketClosing = false; // QWebSocket has written its own close frame
    bool m_scannerUsable = false; // while draining: the scanner still knows where frames are
    State m_state = State::Waiting;
};

} // namespace switchboard::server
