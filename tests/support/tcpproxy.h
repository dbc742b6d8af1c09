#pragma once

#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

// A loopback TCP relay that can "cut the cable": after cut(), bytes stop flowing both ways
// but no side sees a FIN or RST, exactly like a peer that vanished from the network.
class TcpProxy final : public QObject {
    Q_OBJECT

public:
    explicit TcpProxy(quint16 upstreamPort, QObject *parent = nullptr);

    quint16 port() const { return m_server.serverPort(); }
    void cut();
    // Resets every relayed connection at once (both sides see the connection drop), as when
    // the database restarts; the relay itself keeps listening.
    void dropAll();
    // While refusing, a new connection is accepted and reset at once, as by a database that
    // is down; existing ones are left alone.
    void setRefusing(bool refusing) { m_refusing = refusing; }
    qsizetype connectionsDropped() const { return m_dropped; }
    // True once the upstream side (the server) has closed any relayed connection.
    bool upstreamClosed() const { return m_upstreamClosed; }

private:
    struct Pair {
        QPointer<QTcpSocket> client;
        QPointer<QTcpSocket> upstream;
    };

    void relay(QTcpSocket *from, QTcpSocket *to);

    quint16 m_upstreamPort;
    QTcpServer m_server;
    QList<Pair> m_pairs;
    bool m_cut = false;
    bool m_refusing = false;
    qsizetype m_dropped = 0;
    bool m_upstreamClosed = false;
};
