// Attachments on PostgreSQL across two nodes sharing the database and Redis (docs/protocol.md,
// "Attachments"): a file uploaded on one node is announced to the other side's connection on
// the other node and downloads from either; a retried upload on the other node is stored once.
// Needs SWITCHBOARD_TEST_POSTGRES_URL (tools/test.sh sets it) and redis-server: it fails
// without them, never skips.
#include "httprequest.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QImage>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <memory>
#include <redisprocess.h>
#include <serverprocess.h>
#include <testclient.h>
#include <testpostgres.h>
#include <testserver.h>

using namespace Qt::StringLiterals;
using namespace switchboard::server;

namespace {

const QString password = u"correct horse battery"_s;

QByteArray pngBytes()
{
    QImage image(40, 30, QImage::Format_RGB32);
    image.fill(QColor(20, 120, 200));
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

} // namespace

class tst_AttachmentsCluster final : public QObject {
    Q_OBJECT

private:
    QString m_baseUrl;
    PostgresOptions m_options;
    RedisProcess m_redis;
    QString m_schema;
    std::vector<std::unique_ptr<ServerProcess>> m_nodes;

    QString schemaUrl() const { return m_baseUrl + u"?schema="_s + m_schema; }

    ServerProcess *startNode(const QString &nodeId)
    {
        auto node = std::make_unique<ServerProcess>();
        const quint16 port = node->reservePort();
        node->addArguments({ u"--db"_s, schemaUrl(), u"--redis"_s, m_redis.url(), u"--node-id"_s,
            nodeId, u"--public-endpoint"_s, u"ws://127.0.0.1:%1/ws"_s.arg(port),
            u"--drain-seconds"_s, u"0"_s });
        if (!node->start(20000)) {
            qWarning("node %s did not start: %s", qPrintable(nodeId), node->log().constData());
            return nullptr;
        }
        m_nodes.push_back(std::move(node));
        return m_nodes.back().get();
    }

private Q_SLOTS:
    void initTestCase()
    {
        const auto postgres = TestPostgres::fromEnvironment();
        if (!postgres)
            QFAIL(qPrintable(postgres.error()));
        m_baseUrl = postgres->url;
        m_options = postgres->options;
        QSqlDatabase db = TestPostgres::addRawConnection(m_options, u"attachments-raw"_s);
        QVERIFY2(db.open(), qPrintable(db.lastError().text()));
        QVERIFY2(m_redis.start(), qPrintable(m_redis.error()));
        m_schema = u"sbattach_%1"_s.arg(
            QRandomGenerator::global()->generate64(), 16, 16, QLatin1Char('0'));
    }

    void cleanupTestCase()
    {
        for (auto &node : m_nodes) {
            if (node->isRunning() && !node->terminate(10000))
                node->kill9();
        }
        m_nodes.clear();
        {
            QSqlQuery drop(QSqlDatabase::database(u"attachments-raw"_s));
            drop.exec(u"SET client_min_messages TO warning"_s);
            drop.exec(u"DROP SCHEMA IF EXISTS \"%1\" CASCADE"_s.arg(m_schema));
        }
        m_redis.stop();
        QSqlDatabase::database(u"attachments-raw"_s, false).close();
        QSqlDatabase::removeDatabase(u"attachments-raw"_s);
    }

    void uploadedOnOneNodeDownloadedFromTheOther()
    {
        QVERIFY(ServerProcess::addUserToDatabase(schemaUrl(), u"alice"_s, u"agent"_s, password));
        ServerProcess *nodeA = startNode(u"node-a"_s);
        ServerProcess *nodeB = startNode(u"node-b"_s);
        QVERIFY(nodeA && nodeB);
        QTRY_COMPARE_WITH_TIMEOUT(metric(nodeA->port(), "switchboard_cluster_nodes"), 2.0, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(metric(nodeB->port(), "switchboard_cluster_nodes"), 2.0, 10000);

        TestClient agent;
        QVERIFY(agent.open(nodeB->url()));
        const QString agentToken
            = agent.helloStaff(u"alice"_s, password).value(u"token"_s).toString();
        QVERIFY(!agentToken.isEmpty());
        TestClient customer;
        QVERIFY(customer.open(nodeA->url()));
        const QJsonObject welcome = customer.helloCustomer(u"Ann"_s);
        const QString conversation
            = welcome.value(u"conversation"_s).toObject().value(u"id"_s).toString();
        const QString customerToken = welcome.value(u"token"_s).toString();
        QCOMPARE(agent.take(u"assigned"_s, 10000)
                     .value(u"conversation"_s)
                     .toObject()
                     .value(u"id"_s)
                     .toString(),
            conversation);

        // The customer uploads on node A; the agent, on node B, hears of it and downloads it
        // from B.
        const QByteArray png = pngBytes();
        const HttpReply uploaded = httpRequest(nodeA->port(), "POST",
            attachmentUploadPath(conversation, u"shot-1"_s, u"screenshot.png"_s), customerToken,
            png, "image/png");
        QCOMPARE(uploaded.status, 201);
        const QJsonObject attachment = uploaded.json().value(u"attachment"_s).toObject();
        const QString id = attachment.value(u"id"_s).toString();
        QCOMPARE(attachment.value(u"media_type"_s).toString(), u"image/png"_s);
        QCOMPARE(attachment.value(u"width"_s).toInt(), 40);
        const QJsonObject message = agent.take(u"message"_s, 10000,
            [](const QJsonObject &m) { return m.value(u"kind"_s).toString() == u"attachment"_s; });
        QCOMPARE(message.value(u"attachment"_s).toObject(), attachment);
        QCOMPARE(message.value(u"seq"_s), uploaded.json().value(u"seq"_s));

        const HttpReply onB
            = httpRequest(nodeB->port(), "GET", "/attachments/" + id.toUtf8(), agentToken);
        QCOMPARE(onB.status, 200);
        QCOMPARE(onB.header("Content-Type"), "image/png"_ba);
        QCOMPARE(QImage::fromData(onB.body, "PNG").size(), QSize(40, 30));
        const HttpReply onA
            = httpRequest(nodeA->port(), "GET", "/attachments/" + id.toUtf8(), customerToken);
        QCOMPARE(onA.status, 200);
        QCOMPARE(onA.body, onB.body);

        // The agent's upload on B, retried on A after a lost answer: stored once.
        const QByteArray notes = "Order 1234: shipped on Monday.\n";
        const HttpReply first = httpRequest(nodeB->port(), "POST",
            attachmentUploadPath(conversation, u"notes-1"_s, u"notes.txt"_s), agentToken, notes);
        QCOMPARE(first.status, 201);
        const HttpReply retried = httpRequest(nodeA->port(), "POST",
            attachmentUploadPath(conversation, u"notes-1"_s, u"notes.txt"_s), agentToken, notes);
        QCOMPARE(retried.status, 200);
        QCOMPARE(retried.json().value(u"duplicate"_s).toBool(), true);
        QCOMPARE(retried.json().value(u"seq"_s), first.json().value(u"seq"_s));
        const QString notesId
            = first.json().value(u"attachment"_s).toObject().value(u"id"_s).toString();
        const HttpReply text
            = httpRequest(nodeA->port(), "GET", "/attachments/" + notesId.toUtf8(), customerToken);
        QCOMPARE(text.status, 200);
        QCOMPARE(text.body, notes);
        QCOMPARE(text.header("Content-Type"), "text/plain; charset=utf-8"_ba);
        QVERIFY(text.header("Content-Disposition").startsWith("attachment;"));
        QSqlQuery count(QSqlDatabase::database(u"attachments-raw"_s));
        QVERIFY(count.exec(u"SELECT count(*) FROM \"%1\".attachments"_s.arg(m_schema)));
        QVERIFY(count.next());
        QCOMPARE(count.value(0).toInt(), 2);
    }
};

QTEST_GUILESS_MAIN(tst_AttachmentsCluster)
#include "tst_attachmentscluster.moc"
