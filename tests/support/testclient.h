#pragma once

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QUrl>
#include <QWebSocket>
#include <functional>

// A protocol client for tests: a real QWebSocket that records every JSON message it receives
// and lets a test wait for the next one matching a condition.
class TestClient final : public QObject {
    Q_OBJECT

public:
    explicit TestClient(QObject *parent = nullptr);
    ~TestClient() override;

    bool open(const QUrl &url, const QByteArray &origin = {}, int timeoutMs = 5000);
    void send(const QJsonObject &message);
    void sendRaw(const QString &text);
    void sendBinary(const QByteArray &bytes);
    void close();
    void abort();

    // Waits for the first not-yet-taken message of `type` (and matching `predicate`), takes
    // and returns it; an empty object after the timeout.
    QJsonObject take(const QString &type, int timeoutMs = 5000,
        const std::function<bool(const QJsonObject &)> &predicate = {});
    // True when a message of `type` arrives within `timeoutMs` (it is left in place).
    bool receives(const QString &type, int timeoutMs);
    QList<QJsonObject> all(const QString &type) const;
    void clear() { m_inbox.clear(); }
    QList<QJsonObject> inbox() const { return m_inbox; }

    bool waitClosed(int timeoutMs = 5000);
    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    int closeCode() const { return m_closeCode; }
    QWebSocket &socket() { return m_socket; }

    // Conveniences for the common hello flows; each returns the welcome (empty on failure).
    QJsonObject helloCustomer(const QString &name = QStringLiteral("Ann"),
        const QString &token = {}, const QString &team = {});
    QJsonObject helloStaff(const QString &login, const QString &password,
        const QString &role = QStringLiteral("agent"));
    QJsonObject helloToken(const QString &role, const QString &token);
    // Sends text and returns the ack (or error) for it.
    QJsonObject sendText(const QString &text, const QString &clientId,
        const QString &conversation = {}, const QString &kind = {});

private:
    QWebSocket m_socket;
    QList<QJsonObject> m_inbox;
    int m_closeCode = -1;
    bool m_closed = false;
};
