#pragma once

#include "redisoptions.h"

#include <QByteArrayList>
#include <QObject>
#include <QTimer>
#include <functional>
#include <optional>

struct redisAsyncContext;
struct redisReply;
class QSocketNotifier;

namespace switchboard::server {

// A Redis reply reduced to what the cluster reads: an error, an integer, a bulk string (or
// nil) or an array of those.
struct RedisReply {
    enum class Type { Nil, Integer, String, Array, Error, Status };
    Type type = Type::Nil;
    qint64 integer = 0;
    QByteArray text; // String, Error, Status
    QList<RedisReply> elements; // Array

    static RedisReply from(const redisReply &reply);
};

// One asynchronous hiredis connection driven by this thread's Qt event loop. hiredis ships a
// Qt adapter, but it connects Qt 4 signal names that Qt 6's QSocketNotifier no longer has and
// uses the `slots` keyword this project turns off, so the few hooks it needs live here.
class RedisConnection final : public QObject {
    Q_OBJECT

public:
    using ReplyHandler = std::function<void(std::optional<RedisReply>)>; // nullopt: link lost

    RedisConnection(RedisOptions options, QString name, QObject *parent = nullptr);
    ~RedisConnection() override;
    Q_DISABLE_COPY_MOVE(RedisConnection)

    // Connects (AUTH and SELECT first when the URL asks); connected() or disconnected() follows.
    void open();
    void close();
    bool isConnected() const { return m_connected; }

    // Queues a command; `done` runs with the reply, or with nullopt when the link is lost first.
    void command(const QByteArrayList &arguments, ReplyHandler done = {});
    // Subscriber mode: `onMessage` receives the payload of every message on `channel`;
    // `onSubscribed` runs once Redis confirms, from when on nothing published is missed.
    void subscribe(const QByteArray &channel, std::function<void(QByteArray)> onMessage,
        std::function<void()> onSubscribed);

Q_SIGNALS:
    void connected();
    void disconnected(const QString &reason);

private:
    friend struct RedisHooks;
    void watchRead(bool on);
    void watchWrite(bool on);
    void dropNotifiers();
    void onConnectResult(int status);
    void onDisconnect(int status);
    void lose(const QString &reason);

    RedisOptions m_options;
    QString m_name;
    redisAsyncContext *m_context = nullptr;
    QSocketNotifier *m_readNotifier = nullptr;
    QSocketNotifier *m_writeNotifier = nullptr;
    QTimer m_connectTimer; // hiredis 0.14 has no connect timeout of its own
    std::function<void(QByteArray)> m_onMessage;
    std::function<void()> m_onSubscribed;
    bool m_connected = false;
};

} // namespace switchboard::server
