#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QTcpSocket>

// A hand-driven WebSocket client for abuse tests: it can send frames a well-behaved library
// never would (invalid UTF-8, reserved bits, unmasked, bad opcodes) and sees the server's
// close code.
class RawWebSocket final {
public:
    bool handshake(quint16 port, const QByteArray &extraHeaders = {}, int timeoutMs = 5000,
        const QHostAddress &source = {});
    void sendFrame(quint8 opcode, const QByteArray &payload, bool fin = true, bool masked = true,
        quint8 reservedBits = 0);
    void sendText(const QByteArray &utf8) { sendFrame(0x1, utf8); }
    // Reads until the server's close frame or disconnect; the close code, or -1 if none came.
    int waitForClose(int timeoutMs = 5000);
    // Text payloads received so far (complete, unfragmented frames).
    QList<QByteArray> readTexts(int waitMs = 0);
    // The server's answer to the upgrade request (status line and headers).
    const QByteArray &responseHead() const { return m_responseHead; }
    bool isOpen() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    QTcpSocket &socket() { return m_socket; }

private:
    void parse();

    QTcpSocket m_socket;
    QByteArray m_buffer;
    QByteArray m_responseHead;
    QList<QByteArray> m_texts;
    int m_closeCode = -1;
};
