#include "testserver.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QUuid>
#include <auth/passwordhasher.h>
#include <store/sqlitestore.h>

using namespace Qt::StringLiterals;

using namespace switchboard::server;

TestServer::TestServer(std::function<void(ServerConfig &)> tweak)
{
    PasswordHasher::initialize();
    m_config.listenAddress = QHostAddress::LocalHost;
    m_config.listenPort = 0;
    m_config.dataDir = m_dir.path();
    m_config.ioThreads = 2;
    m_config.nodeId = u"test-node"_s;
    m_config.rateLimit = 0; // tests that need a limit set one
    // Every client comes from 127.0.0.1: per-address limits on new visitors are off unless a
    // test sets them.
    m_config.newVisitorsPerMinute = 0;
    m_config.openConversationsPerAddress = 0;
    m_config.pendingHellosPerAddress = 0;
    m_config.drainSeconds = 0;
    if (tweak)
        tweak(m_config);
}

TestServer::~TestServer()
{
    stop();
}

bool TestServer::start()
{
    if (m_port != 0)
        m_config.listenPort = m_port; // a restart keeps the address clients know
    m_node = std::make_unique<SwitchboardServer>(m_config);
    auto started = m_node->start();
    if (!started) {
        qWarning("test server failed to start: %s", qPrintable(started.error()));
        return false;
    }
    m_port = *started;
    return true;
}

void TestServer::stop()
{
    m_node.reset();
}

bool TestServer::restart()
{
    stop();
    return start();
}

QUrl TestServer::url() const
{
    return QUrl(u"ws://127.0.0.1:%1/ws"_s.arg(m_port));
}

QString TestServer::databasePath() const
{
    return m_config.databasePath();
}

bool TestServer::addUser(const QString &login, const QString &role, const QStringList &teams,
    const QString &password, const QString &name)
{
    SqliteStore store(databasePath(), u"test-seed-"_s + QUuid::createUuid().toString());
    if (!store.open())
        return false;
    UserRecord user;
    user.login = login;
    user.name = name.isEmpty() ? login : name;
    user.role = role == u"supervisor" ? switchboard::protocol::Role::Supervisor
                                      : switchboard::protocol::Role::Agent;
    user.teams = teams;
    user.passwordHash = PasswordHasher::hash(password);
    const bool ok = store.createUser(user).hasValue();
    store.close();
    return ok;
}

double metric(quint16 port, const QByteArray &sample)
{
    QByteArray body;
    if (httpGet(port, "/metrics", &body) != 200)
        return -1;
    for (const QByteArray &line : body.split('\n')) {
        if (line.startsWith(QByteArray(sample + ' ')))
            return line.mid(sample.size() + 1).toDouble();
    }
    return -1;
}

int httpGet(quint16 port, const QByteArray &path, QByteArray *body, QByteArray *head)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(3000))
        return -1;
    socket.write("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    QByteArray response;
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 5000) {
        if (socket.waitForReadyRead(100))
            response += socket.readAll();
        if (socket.state() == QAbstractSocket::UnconnectedState)
            break;
    }
    response += socket.readAll();
    const qsizetype split = response.indexOf("\r\n\r\n");
    if (split < 0)
        return -1;
    if (body)
        *body = response.mid(split + 4);
    if (head)
        *head = response.left(split);
    const QList<QByteArray> statusLine = response.left(response.indexOf("\r\n")).split(' ');
    return statusLine.size() >= 2 ? statusLine[1].toInt() : -1;
}

quint16 freeTcpPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}
