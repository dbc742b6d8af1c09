#include "embeddedservercontroller.h"

#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QNetworkInterface>
#include <QStandardPaths>
#include <QUuid>
#include <auth/passwordhasher.h>
#include <cli/usercommands.h>
#include <store/sqlitestore.h>
#include <switchboard/logging.h>
#include <switchboard/protocol.h>
#include <switchboardserver.h>

using namespace Qt::StringLiterals;

namespace switchboard::app {

EmbeddedServerController::EmbeddedServerController(QObject *parent)
    : QObject(parent)
    , m_dataDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
    , m_port(quint16(protocol::defaultPort))
{
}

EmbeddedServerController::~EmbeddedServerController()
{
    stop();
}

Expected<bool, QString> EmbeddedServerController::hasAccounts()
{
    server::ServerConfig config;
    config.dataDir = m_dataDir;
    if (!QFile::exists(config.databasePath()))
        return false;
    server::SqliteStore store(config.databasePath(),
        u"console-probe-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces));
    if (auto opened = store.open(); !opened)
        return unexpected(tr("Cannot open the server's database: %1").arg(opened.error().message));
    auto users = store.listUsers();
    store.close();
    if (!users)
        return unexpected(users.error().message);
    return !users->isEmpty();
}

Expected<bool, QString> EmbeddedServerController::ensureFirstSupervisor(
    const QString &login, const QString &password, const QString &name)
{
    if (!server::isValidLogin(login))
        return unexpected(tr(
            "The login must be 1 to 64 characters of A-Z, a-z, 0-9, dot, underscore or hyphen."));
    if (password.size() < 8)
        return unexpected(tr("The password needs at least 8 characters."));
    if (!QDir().mkpath(m_dataDir))
        return unexpected(tr("Cannot create the data folder %1.").arg(m_dataDir));
    if (!server::PasswordHasher::initialize())
        return unexpected(tr("The password library cannot start."));
    server::ServerConfig config;
    config.dataDir = m_dataDir;
    server::SqliteStore store(config.databasePath(),
        u"console-setup-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces));
    if (auto opened = store.open(); !opened)
        return unexpected(tr("Cannot open the server's database: %1").arg(opened.error().message));
    auto users = store.listUsers();
    if (!users) {
        store.close();
        return unexpected(users.error().message);
    }
    if (!users->isEmpty()) {
        store.close();
        return false;
    }
    server::UserRecord user;
    user.login = login;
    user.name = name.isEmpty() ? login : name;
    user.role = protocol::Role::Supervisor;
    // The owner of a new shop is its only staff: chats come to them until they say otherwise
    // (Staff dialog), or nobody would ever be assigned a conversation.
    user.receivesChats = true;
    user.passwordHash = server::PasswordHasher::hash(password);
    const auto created = store.createUser(user);
    store.close();
    if (!created)
        return unexpected(created.error().message);
    qCInfo(lcUi) << "created the first supervisor account of the embedded server";
    return true;
}

Expected<quint16, QString> EmbeddedServerController::start()
{
    if (m_server)
        return m_boundPort;
    if (!QDir().mkpath(m_dataDir))
        return unexpected(tr("Cannot create the data folder %1.").arg(m_dataDir));
    server::ServerConfig config;
    config.dataDir = m_dataDir;
    config.listenPort = m_port;
    config.listenAddress = m_options.onNetwork ? QHostAddress(QHostAddress::AnyIPv4)
                                               : QHostAddress(QHostAddress::LocalHost);
    config.allowedOrigins = m_options.allowedOrigins;
    config.routing = m_options.routing;
    config.agentCapacity = qMax(1, m_options.capacity);
    if (m_options.usesTls()) {
        config.tlsCertificatePath = m_options.tlsCertificatePath;
        config.tlsKeyPath = m_options.tlsKeyPath;
    }
    if (m_tweak)
        m_tweak(config);
    auto node = std::make_unique<server::SwitchboardServer>(config);
    auto started = node->start();
    if (!started)
        return unexpected(started.error());
    m_boundPort = *started;
    m_server = std::move(node);
    Q_EMIT runningChanged(true);
    return m_boundPort;
}

void EmbeddedServerController::stop()
{
    if (!m_server)
        return;
    m_server->stop();
    m_server.reset();
    Q_EMIT runningChanged(false);
}

Expected<quint16, QString> EmbeddedServerController::restart()
{
    if (m_server && m_port == 0)
        m_port = m_boundPort; // clients reconnect to the address they know
    stop();
    return start();
}

QList<QUrl> EmbeddedServerController::networkUrls() const
{
    QList<QUrl> urls;
    if (!m_server || !m_options.onNetwork)
        return urls;
    for (const QHostAddress &address : QNetworkInterface::allAddresses()) {
        if (address.protocol() != QAbstractSocket::IPv4Protocol || address.isLoopback()
            || address.isLinkLocal())
            continue;
        urls.append(QUrl(u"%1://%2:%3/ws"_s.arg(m_options.usesTls() ? u"wss"_s : u"ws"_s)
                             .arg(address.toString())
                             .arg(m_boundPort)));
    }
    return urls;
}

QUrl EmbeddedServerController::url() const
{
    return QUrl(
        u"%1://127.0.0.1:%2/ws"_s.arg(m_options.usesTls() ? u"wss"_s : u"ws"_s).arg(m_boundPort));
}

QSslCertificate EmbeddedServerController::certificate() const
{
    if (!m_options.usesTls())
        return QSslCertificate();
    const QList<QSslCertificate> chain = QSslCertificate::fromPath(m_options.tlsCertificatePath);
    return chain.isEmpty() ? QSslCertificate() : chain.first();
}

} // namespace switchboard::app
