#include "webhooksink.h"

#include <QJsonDocument>
#include <QTcpSocket>

using namespace Qt::StringLiterals;

WebhookSink::WebhookSink()
{
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            socket->setParent(this);
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    });
}

bool WebhookSink::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QString WebhookSink::url() const
{
    return u"http://127.0.0.1:%1/hooks"_s.arg(m_server.serverPort());
}

QList<QJsonObject> WebhookSink::events(const QString &type) const
{
    QList<QJsonObject> matching;
    for (const QJsonObject &body : m_bodies) {
        if (body.value(u"type"_s).toString() == type)
            matching.append(body);
    }
    return matching;
}

QJsonObject WebhookSink::find(const QString &type, const QString &conversation) const
{
    for (const QJsonObject &body : events(type)) {
        if (body.value(u"conversation"_s).toString() == conversation)
            return body;
    }
    return {};
}

void WebhookSink::read(QTcpSocket *socket)
{
    QByteArray &buffer = m_buffers[socket];
    buffer += socket->readAll();
    const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return;
    qsizetype length = 0;
    for (const QByteArray &line : buffer.left(headEnd).split('\n')) {
        if (line.toLower().startsWith("content-length:"))
            length = line.mid(15).trimmed().toLongLong();
    }
    if (buffer.size() < headEnd + 4 + length)
        return;
    m_bodies.append(QJsonDocument::fromJson(buffer.mid(headEnd + 4, length)).object());
    m_buffers.remove(socket);
    socket->write("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
    socket->disconnectFromHost();
}
