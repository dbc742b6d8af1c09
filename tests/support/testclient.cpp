#include "testclient.h"

#include <QJsonDocument>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

TestClient::TestClient(QObject *parent)
    : QObject(parent)
{
    connect(&m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
        m_inbox.append(QJsonDocument::fromJson(text.toUtf8()).object());
    });
    connect(&m_socket, &QWebSocket::disconnected, this, [this] {
        m_closed = true;
        m_closeCode = int(m_socket.closeCode());
    });
}

TestClient::~TestClient()
{
    m_socket.abort();
}

bool TestClient::open(const QUrl &url, const QByteArray &origin, int timeoutMs)
{
    QNetworkRequest request(url);
    if (!origin.isEmpty())
        request.setRawHeader("Origin", origin);
    QSignalSpy connected(&m_socket, &QWebSocket::connected);
    m_socket.open(request);
    return connected.wait(timeoutMs) || m_socket.state() == QAbstractSocket::ConnectedState;
}

void TestClient::send(const QJsonObject &message)
{
    m_socket.sendTextMessage(
        QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
}

void TestClient::sendRaw(const QString &text)
{
    m_socket.sendTextMessage(text);
}

void TestClient::sendBinary(const QByteArray &bytes)
{
    m_socket.sendBinaryMessage(bytes);
}

void TestClient::close()
{
    m_socket.close();
}

void TestClient::abort()
{
    m_socket.abort();
}

QJsonObject TestClient::take(
    const QString &type, int timeoutMs, const std::function<bool(const QJsonObject &)> &predicate)
{
    QElapsedTimer clock;
    clock.start();
    while (true) {
        for (qsizetype i = 0; i < m_inbox.size(); ++i) {
            const QJsonObject &message = m_inbox.at(i);
            if (message.value(u"type"_s).toString() == type && (!predicate || predicate(message)))
                return m_inbox.takeAt(i);
        }
        if (clock.elapsed() > timeoutMs)
            return {};
        QTest::qWait(5);
    }
}

bool TestClient::receives(const QString &type, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() <= timeoutMs) {
        for (const QJsonObject &message : std::as_const(m_inbox)) {
            if (message.value(u"type"_s).toString() == type)
                return true;
        }
        QTest::qWait(5);
    }
    return false;
}

QList<QJsonObject> TestClient::all(const QString &type) const
{
    QList<QJsonObject> matching;
    for (const QJsonObject &message : m_inbox) {
        if (message.value(u"type"_s).toString() == type)
            matching.append(message);
    }
    return matching;
}

bool TestClient::waitClosed(int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    while (!m_closed && clock.elapsed() <= timeoutMs)
        QTest::qWait(5);
    return m_closed;
}

QJsonObject TestClient::helloCustomer(
    const QString &name, const QString &token, const QString &team)
{
    QJsonObject hello { { u"type"_s, u"hello"_s }, { u"v"_s, 1 }, { u"role"_s, u"customer"_s },
        { u"name"_s, name } };
    hello.insert(u"token"_s, token.isEmpty() ? QJsonValue() : QJsonValue(token));
    if (!team.isEmpty())
        hello.insert(u"team"_s, team);
    send(hello);
    return take(u"welcome"_s);
}

QJsonObject TestClient::helloStaff(
    const QString &login, const QString &password, const QString &role)
{
    send(QJsonObject { { u"type"_s, u"hello"_s }, { u"v"_s, 1 }, { u"role"_s, role },
        { u"login"_s, login }, { u"password"_s, password } });
    return take(u"welcome"_s, 10000);
}

QJsonObject TestClient::helloToken(const QString &role, const QString &token)
{
    send(QJsonObject {
        { u"type"_s, u"hello"_s }, { u"v"_s, 1 }, { u"role"_s, role }, { u"token"_s, token } });
    return take(u"welcome"_s);
}

QJsonObject TestClient::sendText(
    const QString &text, const QString &clientId, const QString &conversation, const QString &kind)
{
    QJsonObject message { { u"type"_s, u"send"_s }, { u"client_id"_s, clientId },
        { u"text"_s, text } };
    if (!conversation.isEmpty())
        message.insert(u"conversation"_s, conversation);
    if (!kind.isEmpty())
        message.insert(u"kind"_s, kind);
    send(message);
    const auto mine = [clientId](const QJsonObject &m) {
        return m.value(u"client_id"_s).toString() == clientId
            || m.value(u"ref"_s).toString() == clientId;
    };
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 10000) {
        QJsonObject ack = take(u"ack"_s, 0, mine);
        if (!ack.isEmpty())
            return ack;
        QJsonObject error = take(u"error"_s, 0, mine);
        if (!error.isEmpty())
            return error;
        QTest::qWait(5);
    }
    return {};
}
