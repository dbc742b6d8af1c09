#pragma once

#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>
#include <functional>

// The real switchboard-server binary as a child process, for scenarios that kill it.
class ServerProcess final {
public:
    explicit ServerProcess(QStringList extraArguments = {});
    ~ServerProcess();

    // Runs `switchboard-server user add ...` against this server's data directory.
    bool addUser(const QString &login, const QString &role, const QStringList &teams,
        const QString &password);
    // The same against a database (`--db URL`), for nodes that share PostgreSQL.
    static bool addUserToDatabase(const QString &databaseUrl, const QString &login,
        const QString &role, const QString &password, const QString &name = {});
    void setEnvironment(const QProcessEnvironment &environment)
    {
        m_process.setProcessEnvironment(environment);
    }
    bool start(int readyTimeoutMs = 10000);
    // How start() learns the server is ready; plain GET /readyz unless set (a TLS port needs
    // a client that trusts its certificate).
    void setReadyProbe(std::function<bool(quint16 port)> probe) { m_readyProbe = std::move(probe); }
    // The port start() will listen on, chosen now (e.g. for --public-endpoint).
    quint16 reservePort();
    void addArguments(const QStringList &arguments) { m_extraArguments += arguments; }
    // Sends SIGTERM and returns at once.
    void requestTermination() { m_process.terminate(); }
    QProcess &process() { return m_process; }
    void kill9();
    bool terminate(int timeoutMs = 10000); // SIGTERM; true when it exited in time
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    int exitCode() const { return m_process.exitCode(); }
    qint64 pid() const { return m_process.processId(); }
    qint64 residentBytes() const; // VmRSS of the running server

    quint16 port() const { return m_port; }
    QUrl url() const;
    QString dataDir() const { return m_dir.path(); }
    QString databasePath() const { return m_dir.path() + QStringLiteral("/switchboard.sqlite3"); }
    QByteArray log() const { return m_log; }
    static QString binary();

private:
    QTemporaryDir m_dir;
    QStringList m_extraArguments;
    QProcess m_process;
    quint16 m_port = 0;
    QByteArray m_log;
    std::function<bool(quint16)> m_readyProbe;
};
