#pragma once

#include <QByteArray>
#include <QTcpSocket>
#include <functional>

namespace switchboard::server {

// A QTcpSocket that keeps no write buffer while idle. Qt 6.4's QAbstractSocket copies every
// write into a ring buffer whose chunk is 32 KB and keeps that chunk once it is sent; with one
// per connection it was most of what an idle client cost (see docs/architecture.md). Here
// small writes made in one pass of the event loop (QWebSocket writes a frame's header and its
// payload separately) are gathered in a buffer of their own, sent to the kernel in one call at
// the end of the pass, and the buffer is freed. What the kernel does not take, and large
// writes, go through QAbstractSocket's buffer as before, in order. bytesWritten() is emitted
// for what it sends, as QAbstractSocket does for its own.
class DirectWriteSocket final : public QTcpSocket {
public:
    explicit DirectWriteSocket(QObject *parent = nullptr);

    qint64 bytesToWrite() const override;
    void disconnectFromHost() override;
    void close() override;

    // Asked first whenever close() is called: when it returns true it has taken the close over
    // (SocketWatch ends the connection itself once the client has read it) and the socket
    // stays open for now.
    void setCloseInterceptor(std::function<bool()> interceptor)
    {
        m_closeInterceptor = std::move(interceptor);
    }

protected:
    qint64 writeData(const char *data, qint64 size) override;

private:
    void sendGathered();

    std::function<bool()> m_closeInterceptor;
    QByteArray m_gathered;
    bool m_sendScheduled = false;
};

} // namespace switchboard::server
