#pragma once

#include <QTcpServer>
#include <functional>

namespace switchboard::server {

// Accepts TCP connections and hands each raw descriptor on; it never builds a QTcpSocket
// itself, so the socket is created directly on the I/O thread that will own it.
class Acceptor final : public QTcpServer {
    Q_OBJECT

public:
    using Handoff = std::function<void(qintptr)>;
    explicit Acceptor(Handoff handoff, QObject *parent = nullptr)
        : QTcpServer(parent)
        , m_handoff(std::move(handoff))
    {
    }

protected:
    void incomingConnection(qintptr socketDescriptor) override { m_handoff(socketDescriptor); }

private:
    Handoff m_handoff;
};

} // namespace switchboard::server
