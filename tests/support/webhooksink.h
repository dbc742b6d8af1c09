#pragma once

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QTcpServer>

class QTcpSocket;

// The shop's webhook receiver in a test: takes each POST on loopback, keeps its JSON body and
// answers 204. (tst_webhooks has its own, which also fails and stalls on purpose.)
class WebhookSink final : public QObject {
public:
    WebhookSink();

    bool listen();
    QString url() const;
    // The bodies received of this event type, in order.
    QList<QJsonObject> events(const QString &type) const;
    // The first body of `type` about `conversation`; empty when none came.
    QJsonObject find(const QString &type, const QString &conversation) const;

private:
    void read(QTcpSocket *socket);

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QList<QJsonObject> m_bodies;
};
