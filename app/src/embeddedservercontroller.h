#pragma once

#include <QObject>
#include <QSslCertificate>
#include <QStringList>
#include <QUrl>
#include <functional>
#include <memory>
#include <switchboard/expected.h>
#include <switchboard/protocol.h>

namespace switchboard::server {
class SwitchboardServer;
struct ServerConfig;
} // namespace switchboard::server

namespace switchboard::app {

// The server on this computer: the server library on its own threads, data in the user's
// data directory. It outlives the main window (closed to the tray) and stops on quit.
class EmbeddedServerController final : public QObject {
    Q_OBJECT

public:
    explicit EmbeddedServerController(QObject *parent = nullptr);
    ~EmbeddedServerController() override;
    Q_DISABLE_COPY_MOVE(EmbeddedServerController)

    // What a supervisor chooses in Settings; each takes effect at the next start.
    struct Options {
        bool onNetwork = false; // listen on every interface, not 127.0.0.1 only
        QStringList allowedOrigins; // empty: any page may embed the widget
        protocol::RoutingMode routing = protocol::RoutingMode::LeastLoaded;
        int capacity = 5; // conversations per agent at once
        // PEM files ("Safe on the open internet"): with both, wss:// and https:// only.
        QString tlsCertificatePath;
        QString tlsKeyPath;
        bool usesTls() const { return !tlsCertificatePath.isEmpty() && !tlsKeyPath.isEmpty(); }
        bool operator==(const Options &) const = default;
    };

    void setDataDir(const QString &dir) { m_dataDir = dir; }
    QString dataDir() const { return m_dataDir; }
    void setPort(quint16 port) { m_port = port; }
    // Adjusts the server's configuration before each start, after the data folder and port.
    void setConfigTweak(std::function<void(server::ServerConfig &)> tweak)
    {
        m_tweak = std::move(tweak);
    }

    // Whether the server's database holds any account yet (none on the first run).
    Expected<bool, QString> hasAccounts();
    // The first run has no account: this creates the first supervisor (nothing when one exists).
    Expected<bool, QString> ensureFirstSupervisor(
        const QString &login, const QString &password, const QString &name = {});
    void setOptions(const Options &options) { m_options = options; }
    Options options() const { return m_options; }
    Expected<quint16, QString> start();
    void stop();
    // Stops (draining: connected clients are told to reconnect) and starts again on the same
    // port with the current options.
    Expected<quint16, QString> restart();
    // The addresses other agents' consoles use on the local network (empty unless on it).
    QList<QUrl> networkUrls() const;
    bool isRunning() const { return m_server != nullptr; }
    QUrl url() const;
    // The certificate the server presents (the first of tls-cert), null without TLS: the
    // console's own client trusts exactly it, at 127.0.0.1 too.
    QSslCertificate certificate() const;

Q_SIGNALS:
    void runningChanged(bool running);

private:
    QString m_dataDir;
    quint16 m_port = 0;
    quint16 m_boundPort = 0;
    std::function<void(server::ServerConfig &)> m_tweak;
    Options m_options;
    std::unique_ptr<server::SwitchboardServer> m_server;
};

} // namespace switchboard::app
