#pragma once

#include <QTemporaryDir>
#include <QUrl>
#include <config/serverconfig.h>
#include <functional>
#include <memory>
#include <switchboardserver.h>

// A Switchboard node inside the test process, on an ephemeral loopback port with its own
// temporary data directory. Clients in the test talk to it over real sockets.
class TestServer final {
public:
    explicit TestServer(std::function<void(switchboard::server::ServerConfig &)> tweak = {});
    ~TestServer();

    bool start();
    void stop();
    bool restart(); // same data, same port

    // Creates a staff account directly in the database (works before or after start()).
    bool addUser(const QString &login, const QString &role, const QStringList &teams,
        const QString &password, const QString &name = {});

    quint16 port() const { return m_port; }
    QUrl url() const;
    QString dataDir() const { return m_dir.path(); }
    QString databasePath() const;
    switchboard::server::SwitchboardServer &node() { return *m_node; }

private:
    QTemporaryDir m_dir;
    switchboard::server::ServerConfig m_config;
    std::unique_ptr<switchboard::server::SwitchboardServer> m_node;
    quint16 m_port = 0;
};

// GET over a plain socket; returns the status code (or -1) and fills body.
int httpGet(
    quint16 port, const QByteArray &path, QByteArray *body = nullptr, QByteArray *head = nullptr);
// The value of one unlabelled (or exactly labelled) sample on /metrics; -1 when absent.
double metric(quint16 port, const QByteArray &sample);
quint16 freeTcpPort();
