#include "directwritesocket.h"

#include <cerrno>
#include <sys/socket.h>

namespace switchboard::server {

DirectWriteSocket::DirectWriteSocket(QObject *parent)
    : QTcpSocket(parent)
{
}

namespace {

// Qt's write buffer keeps a chunk of up to 32 KB after sending it and frees a larger one.
// Larger writes (history pages, exports) go through it as before: nothing is kept, and a
// client that does not read is measured against the outbound cap without the kernel's
// buffers in front of it.
constexpr qint64 directWriteLimit = 32 * 1024;

} // namespace

qint64 DirectWriteSocket::writeData(const char *data, qint64 size)
{
    // Anything already queued goes first; a socket not (or no longer) connected lets Qt
    // report why.
    if (size <= 0 || size > directWriteLimit || bytesToWrite() > 0 || state() != ConnectedState
        || socketDescriptor() < 0)
        return QTcpSocket::writeData(data, size);
    ssize_t sent = -1;
    do {
        sent = ::send(int(socketDescriptor()), data, size_t(size), MSG_NOSIGNAL | MSG_DONTWAIT);
    } while (sent < 0 && errno == EINTR);
    if (sent == size)
        return size;
    // A full send buffer (or an error, which Qt's own write then reports): queue the rest.
    const qint64 taken = sent > 0 ? qint64(sent) : 0;
    const qint64 queued = QTcpSocket::writeData(data + taken, size - taken);
    return queued < 0 ? (taken > 0 ? taken : queued) : taken + queued;
}

} // namespace switchboard::server
