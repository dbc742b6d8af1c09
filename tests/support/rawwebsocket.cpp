#include "rawwebsocket.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTest>
#include <QtEndian>

bool RawWebSocket::handshake(
    quint16 port, const QByteArray &extraHeaders, int timeoutMs, const QHostAddress &source)
{
    if (!source.isNull() && !m_socket.bind(source))
        return false;
    m_socket.connectToHost(QHostAddress::LocalHost, port);
    if (!m_socket.waitForConnected(timeoutMs))
        return false;
    m_socket.write("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                   "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                   "Sec-WebSocket-Version: 13\r\n"
        + extraHeaders + "\r\n");
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < timeoutMs) {
        QTest::qWait(5);
        m_buffer += m_socket.readAll();
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end >= 0) {
            const bool upgraded = m_buffer.startsWith("HTTP/1.1 101");
            m_responseHead = m_buffer.left(end + 4);
            m_buffer.remove(0, end + 4);
            return upgraded;
        }
    }
    return false;
}

void RawWebSocket::sendFrame(
    quint8 opcode, const QByteArray &payload, bool fin, bool masked, quint8 reservedBits)
{
    QByteArray frame;
    frame.append(char((fin ? 0x80 : 0) | ((reservedBits & 0x7) << 4) | (opcode & 0x0f)));
    const quint8 maskBit = masked ? 0x80 : 0;
    if (payload.size() < 126) {
        frame.append(char(maskBit | quint8(payload.size())));
    } else if (payload.size() <= 0xffff) {
        frame.append(char(maskBit | 126));
        quint16 length = qToBigEndian(quint16(payload.size()));
        frame.append(reinterpret_cast<const char *>(&length), 2);
    } else {
        frame.append(char(maskBit | 127));
        quint64 length = qToBigEndian(quint64(payload.size()));
        frame.append(reinterpret_cast<const char *>(&length), 8);
    }
    QByteArray body = payload;
    if (masked) {
        const quint32 key = QRandomGenerator::global()->generate();
        const char *keyBytes = reinterpret_cast<const char *>(&key);
        frame.append(keyBytes, 4);
        for (qsizetype i = 0; i < body.size(); ++i)
            body[i] = char(body[i] ^ keyBytes[i % 4]);
    }
    frame.append(body);
    m_socket.write(frame);
}

void RawWebSocket::parse()
{
    while (m_buffer.size() >= 2) {
        const quint8 opcode = quint8(m_buffer[0]) & 0x0f;
        quint64 length = quint8(m_buffer[1]) & 0x7f;
        qsizetype offset = 2;
        if (length == 126) {
            if (m_buffer.size() < 4)
                return;
            length = qFromBigEndian<quint16>(m_buffer.constData() + 2);
            offset = 4;
        } else if (length == 127) {
            if (m_buffer.size() < 10)
                return;
            length = qFromBigEndian<quint64>(m_buffer.constData() + 2);
            offset = 10;
        }
        if (quint64(m_buffer.size() - offset) < length)
            return;
        const QByteArray payload = m_buffer.mid(offset, qsizetype(length));
        m_buffer.remove(0, offset + qsizetype(length));
        if (opcode == 0x1)
            m_texts.append(payload);
        else if (opcode == 0x8)
            m_closeCode = payload.size() >= 2 ? qFromBigEndian<quint16>(payload.constData()) : 1005;
    }
}

int RawWebSocket::waitForClose(int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < timeoutMs && m_closeCode < 0) {
        QTest::qWait(5);
        m_buffer += m_socket.readAll();
        parse();
        if (m_socket.state() == QAbstractSocket::UnconnectedState && m_closeCode < 0)
            return -1;
    }
    return m_closeCode;
}

QList<QByteArray> RawWebSocket::readTexts(int waitMs)
{
    if (waitMs > 0)
        QTest::qWait(waitMs);
    m_buffer += m_socket.readAll();
    parse();
    return m_texts;
}
