#include "redisconnection.h"

#include <QSocketNotifier>
#include <hiredis/async.h>
#include <hiredis/hiredis.h>
#include <switchboard/logging.h>

using namespace Qt::StringLiterals;

namespace switchboard::server {

namespace {

constexpr int connectTimeoutMs = 2000;

RedisConnection *owner(const redisAsyncContext *context)
{
    return static_cast<RedisConnection *>(context->data);
}

} // namespace

RedisReply RedisReply::from(const redisReply &reply)
{
    RedisReply result;
    switch (reply.type) {
    case REDIS_REPLY_INTEGER:
        result.type = Type::Integer;
        result.integer = reply.integer;
        break;
    case REDIS_REPLY_STRING:
        result.type = Type::String;
        result.text = QByteArray(reply.str, qsizetype(reply.len));
        break;
    case REDIS_REPLY_STATUS:
        result.type = Type::Status;
        result.text = QByteArray(reply.str, qsizetype(reply.len));
        break;
    case REDIS_REPLY_ERROR:
        result.type = Type::Error;
        result.text = QByteArray(reply.str, qsizetype(reply.len));
        break;
    case REDIS_REPLY_ARRAY:
        result.type = Type::Array;
        for (size_t i = 0; i < reply.elements; ++i)
            result.elements.append(from(*reply.element[i]));
        break;
    default:
        break;
    }
    return result;
}

// The C hooks hiredis calls; each forwards to the connection that owns the context.
struct RedisHooks {
    static void addRead(void *self) { static_cast<RedisConnection *>(self)->watchRead(true); }
    static void delRead(void *self) { static_cast<RedisConnection *>(self)->watchRead(false); }
    static void addWrite(void *self) { static_cast<RedisConnection *>(self)->watchWrite(true); }
    static void delWrite(void *self) { static_cast<RedisConnection *>(self)->watchWrite(false); }
    static void cleanup(void *self) { static_cast<RedisConnection *>(self)->dropNotifiers(); }

    static void onConnect(const redisAsyncContext *context, int status)
    {
        if (RedisConnection *connection = owner(context))
            connection->onConnectResult(status);
    }
    static void onDisconnect(const redisAsyncContext *context, int status)
    {
        if (RedisConnection *connection = owner(context))
            connection->onDisconnect(status);
    }
    static void onReply(redisAsyncContext *, void *reply, void *privdata)
    {
        std::unique_ptr<RedisConnection::ReplyHandler> handler(
            static_cast<RedisConnection::ReplyHandler *>(privdata));
        if (*handler) {
            (*handler)(reply ? std::optional(RedisReply::from(*static_cast<redisReply *>(reply)))
                             : std::nullopt);
        }
    }
    static void onSubscribed(redisAsyncContext *context, void *reply, void *)
    {
        RedisConnection *connection = owner(context);
        if (!connection || !reply || !connection->m_onMessage)
            return;
        const RedisReply message = RedisReply::from(*static_cast<redisReply *>(reply));
        // ["message", channel, payload]; the ["subscribe", channel, count] confirmation is not.
        if (message.type != RedisReply::Type::Array || message.elements.size() != 3)
            return;
        if (message.elements[0].text == "message")
            connection->m_onMessage(message.elements[2].text);
        else if (message.elements[0].text == "subscribe" && connection->m_onSubscribed)
            connection->m_onSubscribed();
    }
};

RedisConnection::RedisConnection(RedisOptions options, QString name, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_name(std::move(name))
    , m_connectTimer(this)
{
    m_connectTimer.setSingleShot(true);
    connect(&m_connectTimer, &QTimer::timeout, this,
        [this] { lose(u"no answer within "_s + QString::number(connectTimeoutMs) + u" ms"_s); });
}

RedisConnection::~RedisConnection()
{
    close();
}

void RedisConnection::open()
{
    if (m_context)
        return;
    m_context = redisAsyncConnect(m_options.host.toUtf8().constData(), m_options.port);
    if (!m_context) {
        QTimer::singleShot(0, this, [this] { Q_EMIT disconnected(u"out of memory"_s); });
        return;
    }
    if (m_context->err) {
        const QString reason = QString::fromUtf8(m_context->errstr);
        redisAsyncFree(m_context);
        m_context = nullptr;
        QTimer::singleShot(0, this, [this, reason] { Q_EMIT disconnected(reason); });
        return;
    }
    m_context->data = this;
    m_context->ev.data = this;
    m_context->ev.addRead = &RedisHooks::addRead;
    m_context->ev.delRead = &RedisHooks::delRead;
    m_context->ev.addWrite = &RedisHooks::addWrite;
    m_context->ev.delWrite = &RedisHooks::delWrite;
    m_context->ev.cleanup = &RedisHooks::cleanup;
    redisAsyncSetConnectCallback(m_context, &RedisHooks::onConnect);
    redisAsyncSetDisconnectCallback(m_context, &RedisHooks::onDisconnect);
    // Queued before the connection completes; Redis answers them first.
    if (!m_options.password.isEmpty()) {
        command({ "AUTH", m_options.password.toUtf8() }, [this](std::optional<RedisReply> reply) {
            if (reply && reply->type == RedisReply::Type::Error)
                lose(u"AUTH refused: "_s + QString::fromUtf8(reply->text));
        });
    }
    if (m_options.database != 0)
        command({ "SELECT", QByteArray::number(m_options.database) });
    m_connectTimer.start(connectTimeoutMs);
}

void RedisConnection::close()
{
    m_connectTimer.stop();
    m_connected = false;
    if (!m_context)
        return;
    redisAsyncContext *context = m_context;
    m_context = nullptr;
    context->data = nullptr; // the disconnect callback must not reach back: this is closing
    redisAsyncFree(context); // pending handlers run with nullopt
    dropNotifiers();
}

void RedisConnection::lose(const QString &reason)
{
    const bool wasOpen = m_context != nullptr;
    close();
    if (wasOpen)
        Q_EMIT disconnected(reason);
}

void RedisConnection::command(const QByteArrayList &arguments, ReplyHandler done)
{
    if (!m_context) {
        if (done)
            done(std::nullopt);
        return;
    }
    std::vector<const char *> argv;
    std::vector<size_t> lengths;
    for (const QByteArray &argument : arguments) {
        argv.push_back(argument.constData());
        lengths.push_back(size_t(argument.size()));
    }
    auto *handler = new ReplyHandler(std::move(done));
    if (redisAsyncCommandArgv(
            m_context, &RedisHooks::onReply, handler, int(argv.size()), argv.data(), lengths.data())
        != REDIS_OK) {
        std::unique_ptr<ReplyHandler> refused(handler);
        if (*refused)
            (*refused)(std::nullopt);
    }
}

void RedisConnection::subscribe(const QByteArray &channel,
    std::function<void(QByteArray)> onMessage, std::function<void()> onSubscribed)
{
    m_onMessage = std::move(onMessage);
    m_onSubscribed = std::move(onSubscribed);
    if (!m_context)
        return;
    const char *argv[] = { "SUBSCRIBE", channel.constData() };
    const size_t lengths[] = { 9, size_t(channel.size()) };
    redisAsyncCommandArgv(m_context, &RedisHooks::onSubscribed, nullptr, 2, argv, lengths);
}

void RedisConnection::watchRead(bool on)
{
    if (on && !m_readNotifier && m_context) {
        m_readNotifier = new QSocketNotifier(m_context->c.fd, QSocketNotifier::Read, this);
        connect(m_readNotifier, &QSocketNotifier::activated, this, [this] {
            if (m_context)
                redisAsyncHandleRead(m_context);
        });
    } else if (!on && m_readNotifier) {
        // Possibly inside this notifier's own signal: disable now, delete later.
        m_readNotifier->setEnabled(false);
        m_readNotifier->deleteLater();
        m_readNotifier = nullptr;
    }
}

void RedisConnection::watchWrite(bool on)
{
    if (on && !m_writeNotifier && m_context) {
        m_writeNotifier = new QSocketNotifier(m_context->c.fd, QSocketNotifier::Write, this);
        connect(m_writeNotifier, &QSocketNotifier::activated, this, [this] {
            if (m_context)
                redisAsyncHandleWrite(m_context);
        });
    } else if (!on && m_writeNotifier) {
        m_writeNotifier->setEnabled(false);
        m_writeNotifier->deleteLater();
        m_writeNotifier = nullptr;
    }
}

void RedisConnection::dropNotifiers()
{
    watchRead(false);
    watchWrite(false);
}

void RedisConnection::onConnectResult(int status)
{
    m_connectTimer.stop();
    if (status != REDIS_OK) {
        const QString reason = m_context ? QString::fromUtf8(m_context->errstr) : QString();
        m_context = nullptr; // hiredis frees it after this callback
        dropNotifiers();
        Q_EMIT disconnected(reason.isEmpty() ? u"connection refused"_s : reason);
        return;
    }
    m_connected = true;
    qCInfo(lcCluster) << "connected to" << m_options.masked() << "for" << m_name;
    Q_EMIT connected();
}

void RedisConnection::onDisconnect(int status)
{
    const QString reason
        = status == REDIS_OK || !m_context ? u"closed"_s : QString::fromUtf8(m_context->errstr);
    m_context = nullptr; // hiredis frees it after this callback
    m_connected = false;
    dropNotifiers();
    Q_EMIT disconnected(reason);
}

} // namespace switchboard::server
