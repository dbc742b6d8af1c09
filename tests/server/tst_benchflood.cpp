// switchboard-bench --flood-visitors against the real switchboard-server: one address floods
// new visitors while a probe visitor from another address chats with an agent. The report
// counts each visitor once (accepted, refused at the upgrade by the bound on connections not yet
// welcomed, refused by the per-address limit or by the node's cap, or an error), the probe's
// messages all acked and delivered, and the server's RSS; the database holds only the accepted
// visitors' conversations.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>
#include <serverprocess.h>

using namespace Qt::StringLiterals;

namespace {

const QString agentPassword = u"bench-password"_s;

QString bench()
{
    return QString::fromUtf8(SWITCHBOARD_BENCH_BINARY);
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// Runs the flood of `visitors` against `server`; the report, or an empty object.
QJsonObject flood(ServerProcess &server, int visitors)
{
    QProcess process;
    process.start(bench(),
        { u"--url"_s, server.url().toString(), u"--no-progress"_s, u"--agent-password"_s,
            agentPassword, u"--server-pid"_s, QString::number(server.pid()), u"--flood-visitors"_s,
            QString::number(visitors), u"--flood-concurrency"_s, u"200"_s, u"--slice-seconds"_s,
            u"1"_s, u"--drain"_s, u"1"_s });
    if (!process.waitForFinished(60000) || process.exitCode() != 0) {
        qWarning() << "switchboard-bench failed:" << process.readAllStandardError();
        return {};
    }
    const QList<QByteArray> lines = process.readAllStandardOutput().trimmed().split('\n');
    return QJsonDocument::fromJson(lines.last()).object();
}

qint64 conversationsStored(const QString &databasePath, const QString &connectionName)
{
    qint64 count = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connectionName);
        db.setDatabaseName(databasePath);
        QSqlQuery query(db);
        if (db.open() && query.exec(u"SELECT COUNT(*) FROM conversations"_s) && query.next())
            count = query.value(0).toLongLong();
    }
    QSqlDatabase::removeDatabase(connectionName);
    return count;
}

// What every flood report must show: each visitor counted once, slices adding up, the probe
// answered in full, the RSS read.
void checkReport(const QJsonObject &report, int visitors)
{
    QVERIFY2(!report.isEmpty(), "no report");
    QCOMPARE(report.value(u"mode"_s).toString(), u"flood"_s);
    QCOMPARE(report.value(u"finished"_s).toInt(), visitors);
    QVERIFY2(report.value(u"errors"_s).toObject().isEmpty(), compact(report).constData());
    QCOMPARE(report.value(u"refused_without_retry"_s).toInt(), 0);
    qint64 counted = 0;
    for (const QJsonValue slice : report.value(u"slices"_s).toArray())
        counted += slice[u"accepted"_s].toInteger() + slice[u"refused"_s].toInteger();
    QCOMPARE(counted, qint64(visitors));

    const QJsonObject probe = report.value(u"probe"_s).toObject();
    QVERIFY2(probe.value(u"assigned"_s).toBool(), compact(probe).constData());
    QVERIFY2(probe.value(u"errors"_s).toObject().isEmpty(), compact(probe).constData());
    const qint64 sent = probe.value(u"sent"_s).toInteger();
    QVERIFY2(sent >= 10, compact(probe).constData()); // 20/s for the flood and a 1 s tail
    QCOMPARE(probe.value(u"acked"_s).toInteger(), sent);
    QCOMPARE(probe.value(u"delivered"_s).toInteger(), sent);

    QVERIFY(report.value(u"server_rss_kb_before"_s).toInteger() > 0);
    QVERIFY(report.value(u"server_rss_kb_peak"_s).toInteger()
        >= report.value(u"server_rss_kb_before"_s).toInteger());
}

} // namespace

class BenchFloodTest final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void perAddressLimitRefusesTheFloodWhileTheProbeChats()
    {
        // The default limits: 60 new visitors per address and minute, 64 connections per
        // address not yet welcomed. 200 in flight from one address pass the second: those past
        // it get 429 at the upgrade, counted apart, and never reach hello.
        ServerProcess server({ u"--log-level"_s, u"warning"_s, u"--new-visitors-per-minute"_s,
            u"60"_s, u"--open-conversations-per-address"_s, u"300"_s,
            u"--pending-hellos-per-address"_s, u"64"_s });
        QVERIFY(server.addUser(u"bench-agent-0"_s, u"agent"_s, {}, agentPassword));
        QVERIFY2(server.start(), server.log().constData());
        const QJsonObject report = flood(server, 500);
        checkReport(report, 500);
        QCOMPARE(report.value(u"accepted"_s).toInt(), 60);
        const int atUpgrade = report.value(u"refused_at_upgrade"_s).toInt();
        QVERIFY2(atUpgrade > 0, compact(report).constData());
        QCOMPARE(report.value(u"refused_rate_limited"_s).toInt() + atUpgrade, 440);
        QCOMPARE(report.value(u"refused_capacity"_s).toInt(), 0);
        // Refused visitors stored nothing: the accepted ones and the probe.
        QVERIFY(server.terminate());
        QCOMPARE(conversationsStored(server.databasePath(), u"flood-rate"_s), 61);
    }

    void openConversationsPerAddressRefuseTheFloodWhileTheProbeChats()
    {
        // No per-address rate: the default of 300 open conversations per address. The hellos
        // in flight count as open, or a burst of them would all pass. No bound on connections
        // not yet welcomed, so every visitor reaches hello.
        ServerProcess server({ u"--log-level"_s, u"warning"_s, u"--new-visitors-per-minute"_s,
            u"0"_s, u"--open-conversations-per-address"_s, u"300"_s,
            u"--pending-hellos-per-address"_s, u"0"_s });
        QVERIFY(server.addUser(u"bench-agent-0"_s, u"agent"_s, {}, agentPassword));
        QVERIFY2(server.start(), server.log().constData());
        const QJsonObject report = flood(server, 500);
        checkReport(report, 500);
        QCOMPARE(report.value(u"accepted"_s).toInt(), 300);
        QCOMPARE(report.value(u"refused_rate_limited"_s).toInt(), 200);
        QCOMPARE(report.value(u"refused_capacity"_s).toInt(), 0);
        QVERIFY(server.terminate());
        QCOMPARE(conversationsStored(server.databasePath(), u"flood-open"_s), 301);
    }

    void openConversationCapRefusesTheFloodWhileTheProbeChats()
    {
        // No per-address limits (nor the bound on connections not yet welcomed): the node's cap
        // of 100 open conversations (the probe's is one), with the conversations still being
        // stored counted.
        ServerProcess server({ u"--log-level"_s, u"warning"_s, u"--new-visitors-per-minute"_s,
            u"0"_s, u"--max-open-conversations"_s, u"100"_s, u"--pending-hellos-per-address"_s,
            u"0"_s });
        QVERIFY(server.addUser(u"bench-agent-0"_s, u"agent"_s, {}, agentPassword));
        QVERIFY2(server.start(), server.log().constData());
        const QJsonObject report = flood(server, 300);
        checkReport(report, 300);
        QCOMPARE(report.value(u"accepted"_s).toInt(), 99);
        QCOMPARE(report.value(u"refused_capacity"_s).toInt(), 201);
        QCOMPARE(report.value(u"refused_rate_limited"_s).toInt(), 0);
        QVERIFY(server.terminate());
        QCOMPARE(conversationsStored(server.databasePath(), u"flood-cap"_s), 100);
    }
};

QTEST_GUILESS_MAIN(BenchFloodTest)
#include "tst_benchflood.moc"
