#include "redisprocess.h"

#include "testserver.h"

#include <QElapsedTimer>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// True when something on the port answers PING with PONG.
bool answersPing(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(500))
        return false;
    socket.write("PING\r\n");
    if (!socket.waitForBytesWritten(500) || !socket.waitForReadyRead(500))
        return false;
    return socket.readAll().startsWith("+PONG");
}

} // namespace

RedisProcess::RedisProcess()
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
}

RedisProcess::~RedisProcess()
{
    stop();
}

bool RedisProcess::start(int readyTimeoutMs)
{
    if (m_port == 0)
        m_port = freeTcpPort();
    // No persistence: a restarted Redis comes back empty, like a replaced one.
    m_process.start(u"redis-server"_s,
        { u"--port"_s, QString::number(m_port), u"--bind"_s, u"127.0.0.1"_s, u"--save"_s, u""_s,
            u"--appendonly"_s, u"no"_s, u"--protected-mode"_s, u"yes"_s });
    if (!m_process.waitForStarted(5000)) {
        m_error = u"cannot run redis-server (install the redis-server package): "_s
            + m_process.errorString();
        return false;
    }
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < readyTimeoutMs) {
        if (answersPing(m_port))
            return true;
        if (!isRunning()) {
            m_error = u"redis-server exited: "_s + QString::fromUtf8(m_process.readAll());
            return false;
        }
        QTest::qWait(25);
    }
    m_error = u"redis-server did not answer PING"_s;
    return false;
}

void RedisProcess::stop()
{
    if (!isRunning())
        return;
    m_process.kill();
    m_process.waitForFinished(5000);
}

QString RedisProcess::url() const
{
    return u"redis://127.0.0.1:"_s + QString::number(m_port);
}
