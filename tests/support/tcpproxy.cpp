#include "tcpproxy.h"

TcpProxy::TcpProxy(quint16 upstreamPort, QObject *parent)
    : QObject(parent)
    , m_upstreamPort(upstreamPort)
{
    m_server.listen(QHostAddress::LocalHost, 0);
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *client = m_server.nextPendingConnection()) {
            client->setParent(this);
            if (m_refusing) {
                client->abort();
                client->deleteLater();
                continue;
            }
            auto *upstream = new QTcpSocket(this);
            upstream->connectToHost(QHostAddress::LocalHost, m_upstreamPort);
            connect(client, &QTcpSocket::readyRead, this,
                [this, client, upstream] { relay(client, upstream); });
            connect(upstream, &QTcpSocket::readyRead, this,
                [this, client, upstream] { relay(upstream, client); });
            connect(upstream, &QTcpSocket::disconnected, this, [this, client] {
                m_upstreamClosed = true;
                if (!m_cut)
                    client->disconnectFromHost();
            });
            connect(client, &QTcpSocket::disconnected, this, [this, upstream] {
                if (!m_cut)
                    upstream->disconnectFromHost();
            });
            m_pairs.append(Pair { client, upstream });
        }
    });
}

void TcpProxy::cut()
{
    m_cut = true;
}

void TcpProxy::dropAll()
{
    for (const Pair &pair : std::as_const(m_pairs)) {
        if (pair.client && pair.client->state() == QAbstractSocket::ConnectedState)
            ++m_dropped;
        for (QTcpSocket *socket : { pair.client.data(), pair.upstream.data() }) {
            if (!socket)
                continue;
            socket->abort(); // a reset, not a FIN: nothing in flight is delivered
            socket->deleteLater();
        }
    }
    m_pairs.clear();
}

void TcpProxy::relay(QTcpSocket *from, QTcpSocket *to)
{
    if (m_cut)
        return; // leave the bytes unread: nothing moves, nothing closes
    if (to->state() != QAbstractSocket::ConnectedState) {
        // The upstream is still connecting: its connected() will flush what is waiting.
        connect(
            to, &QTcpSocket::connected, from, [this, from, to] { relay(from, to); },
            Qt::SingleShotConnection);
        return;
    }
    to->write(from->readAll());
}
