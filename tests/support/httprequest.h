#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QTcpSocket>
#include <QUrl>

// One HTTP/1.1 request with a body over a plain socket, for the endpoints that take uploads
// (POST /attachments) and answer with headers the tests read. Header-only, like testpostgres.h.
struct HttpReply {
    int status = -1;
    QByteArray head;
    QByteArray body;

    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QByteArray header(const QByteArray &name) const
    {
        for (const QByteArray &line : head.split('\n')) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0 && line.left(colon).trimmed().toLower() == name.toLower())
                return line.mid(colon + 1).trimmed();
        }
        return {};
    }
};

// One HTTP/1.1 request over a plain socket. sendBody false: the head alone (a client that
// waits to hear whether it may send).
inline HttpReply httpRequest(quint16 port, const QByteArray &method, const QByteArray &path,
    const QString &token, const QByteArray &body = {}, const QByteArray &contentType = {},
    bool sendBody = true, qint64 declaredLength = -1)
{
    HttpReply reply;
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(3000))
        return reply;
    QByteArray head = method + ' ' + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n";
    if (!token.isEmpty())
        head += "Authorization: Bearer " + token.toUtf8() + "\r\n";
    if (!contentType.isEmpty())
        head += "Content-Type: " + contentType + "\r\n";
    if (method == "POST") {
        head += "Content-Length: "
            + QByteArray::number(declaredLength >= 0 ? declaredLength : body.size()) + "\r\n";
    }
    socket.write(head + "\r\n");
    if (sendBody)
        socket.write(body);
    QByteArray response;
    QElapsedTimer clock;
    clock.start();
    // Done once the answer is complete: a refused body's sender need not wait for the close.
    auto complete = [&response] {
        const qsizetype split = response.indexOf("\r\n\r\n");
        if (split < 0)
            return false;
        const QByteArray answerHead = response.left(split).toLower();
        const qsizetype at = answerHead.indexOf("content-length:");
        if (at < 0)
            return false;
        const qsizetype end = answerHead.indexOf("\r\n", at);
        const qint64 length
            = answerHead.mid(at + 15, end < 0 ? -1 : end - at - 15).trimmed().toLongLong();
        return response.size() - split - 4 >= length;
    };
    while (clock.elapsed() < 15000 && !complete()) {
        if (socket.waitForReadyRead(100))
            response += socket.readAll();
        if (socket.state() == QAbstractSocket::UnconnectedState)
            break;
    }
    response += socket.readAll();
    const qsizetype split = response.indexOf("\r\n\r\n");
    if (split < 0)
        return reply;
    reply.head = response.left(split);
    reply.body = response.mid(split + 4);
    const QList<QByteArray> statusLine = reply.head.left(reply.head.indexOf("\r\n")).split(' ');
    reply.status = statusLine.size() >= 2 ? statusLine[1].toInt() : -1;
    return reply;
}

// POST /attachments's target for a conversation, a client_id and a file name.
inline QByteArray attachmentUploadPath(
    const QString &conversation, const QString &clientId, const QString &name = {})
{
    QByteArray path = "/attachments?conversation=" + QUrl::toPercentEncoding(conversation)
        + "&client_id=" + QUrl::toPercentEncoding(clientId);
    if (!name.isEmpty())
        path += "&name=" + QUrl::toPercentEncoding(name);
    return path;
}
