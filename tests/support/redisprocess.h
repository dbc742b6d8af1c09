#pragma once

#include <QProcess>
#include <QString>

// A real redis-server on loopback for the cluster tests, on a port of its own, keeping
// nothing on disk. stop() and start() again on the same port play "Redis went away".
class RedisProcess final {
public:
    RedisProcess();
    ~RedisProcess();

    // False, with why in error(), when redis-server is missing or does not answer.
    bool start(int readyTimeoutMs = 10000);
    void stop(); // SIGKILL: gone at once, as in a crash
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    QString url() const; // redis://127.0.0.1:PORT
    quint16 port() const { return m_port; }
    QString error() const { return m_error; }

private:
    QProcess m_process;
    quint16 m_port = 0;
    QString m_error;
};
