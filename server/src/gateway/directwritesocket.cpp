#include "directwritesocket.h"

#include "platform/platform.h"

#include <utility>

namespace switchboard::server {

namespace {

// Qt's write buffer keeps a chunk of up to 32 KB after sending it and frees a larger one.
// Larger writes (history pages, exports) go through it as before: nothing is kept, and a
// client that does not read is measured against the outbound cap without the kernel's
// buffers in front of it.
constexpr qint64 gatherLimit = 32 * 1024;

} // namespace

DirectWriteSocket::DirectWriteSocket(QObject *parent)
    : QTcpSocket(parent)
{
}

qint64 DirectWriteSocket::bytesToWrite() const
{
    return QTcpSocket::bytesToWrite() + m_gathered.size();
}

void DirectWriteSocket::disconnectFromHost()
{
    sendGathered(); // what was written before the close goes out before it
    QTcpSocket::disconnectFromHost();
}

void DirectWriteSocket::close()
{
    sendGathered();
    if (m_closeInterceptor && m_closeInterceptor())
        return;
    QTcpSocket::close();
}

qint64 DirectWriteSocket::writeData(const char *data, qint64 size)
{
    if (size <= 0 || state() != ConnectedState || QTcpSocket::bytesToWrite() > 0
        || m_gathered.size() + size > gatherLimit) {
        sendGathered(); // keeps the order
        return QTcpSocket::writeData(data, size);
    }
    m_gathered.append(data, size);
    if (!m_sendScheduled) {
        m_sendScheduled = true;
        QMetaObject::invokeMethod(this, &DirectWriteSocket::sendGathered, Qt::QueuedConnection);
    }
    return size;
}

void DirectWriteSocket::sendGathered()
{
    m_sendScheduled = false;
    if (m_gathered.isEmpty())
        return;
    const QByteArray bytes = std::exchange(m_gathered, QByteArray()); // freed when done
    qint64 sent = 0;
    if (state() == ConnectedState && QTcpSocket::bytesToWrite() == 0 && socketDescriptor() >= 0)
        sent = platform::sendWithoutWaiting(socketDescriptor(), bytes.constData(), bytes.size());
    // A full send buffer (or an error, which Qt's own write then reports): queue the rest.
    if (sent < bytes.size())
        QTcpSocket::writeData(bytes.constData() + sent, bytes.size() - sent);
    // As Qt does for what it sends: whoever waits for the queue to empty hears of it.
    if (sent > 0)
        Q_EMIT bytesWritten(sent);
}

} // namespace switchboard::server
