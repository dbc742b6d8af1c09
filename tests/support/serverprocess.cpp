#include "serverprocess.h"

#include "testserver.h"

#include <QFile>
#include <QTest>

using namespace Qt::StringLiterals;

ServerProcess::ServerProcess(QStringList extraArguments)
    : m_extraArguments(std::move(extraArguments))
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    QObject::connect(
        &m_process, &QProcess::readyRead, &m_process, [this] { m_log += m_process.readAll(); });
}

ServerProcess::~ServerProcess()
{
    if (isRunning())
        kill9();
}

QString ServerProcess::binary()
{
    return QString::fromUtf8(SWITCHBOARD_SERVER_BINARY);
}

namespace {

// `switchboard-server user add LOGIN --role ROLE --password-stdin` plus `where`; the tool's
// output is printed when it fails.
bool runUserAdd(
    const QString &login, const QString &role, const QString &password, const QStringList &where)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(ServerProcess::binary(),
        QStringList { u"user"_s, u"add"_s, login, u"--role"_s, role, u"--password-stdin"_s }
            + where);
    process.write(password.toUtf8() + '\n');
    process.closeWriteChannel();
    if (!process.waitForFinished(30000) || process.exitCode() != 0) {
        qWarning("user add: %s", process.readAll().constData());
        return false;
    }
    return true;
}

} // namespace

bool ServerProcess::addUser(
    const QString &login, const QString &role, const QStringList &teams, const QString &password)
{
    QStringList where { u"--data"_s, m_dir.path() };
    for (const QString &team : teams)
        where << u"--team"_s << team;
    return runUserAdd(login, role, password, where);
}

bool ServerProcess::addUserToDatabase(const QString &databaseUrl, const QString &login,
    const QString &role, const QString &password, const QString &name)
{
    QStringList where { u"--db"_s, databaseUrl };
    if (!name.isEmpty())
        where << u"--name"_s << name;
    return runUserAdd(login, role, password, where);
}

quint16 ServerProcess::reservePort()
{
    if (m_port == 0)
        m_port = freeTcpPort();
    return m_port;
}

bool ServerProcess::start(int readyTimeoutMs)
{
    reservePort();
    // Every test client comes from 127.0.0.1: the per-address limits on new visitors are off
    // unless a test sets them (a later flag wins).
    QStringList arguments { u"--listen"_s, u"127.0.0.1:%1"_s.arg(m_port), u"--data"_s, m_dir.path(),
        u"--log-format"_s, u"json"_s, u"--new-visitors-per-minute"_s, u"0"_s,
        u"--open-conversations-per-address"_s, u"0"_s, u"--pending-hellos-per-address"_s, u"0"_s };
    arguments += m_extraArguments;
    m_process.start(binary(), arguments);
    if (!m_process.waitForStarted(5000))
        return false;
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < readyTimeoutMs) {
        if (m_readyProbe ? m_readyProbe(m_port) : httpGet(m_port, "/readyz") == 200)
            return true;
        if (!isRunning())
            return false;
        QTest::qWait(25);
    }
    return false;
}

void ServerProcess::kill9()
{
    m_process.kill(); // SIGKILL: no chance to flush or close anything
    m_process.waitForFinished(5000);
}

bool ServerProcess::terminate(int timeoutMs)
{
    m_process.terminate();
    return m_process.waitForFinished(timeoutMs);
}

QUrl ServerProcess::url() const
{
    return QUrl(u"ws://127.0.0.1:%1/ws"_s.arg(m_port));
}

qint64 ServerProcess::residentBytes() const
{
    QFile status(u"/proc/%1/status"_s.arg(pid()));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong() * 1024;
    }
    return -1;
}
