#pragma once

#include "../support/historyseed.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QObject>
#include <QTest>
#include <history/exportwriter.h>
#include <history/historydatabase.h>
#include <history/reportbuilder.h>
#include <history/retentionsweeper.h>
#include <memory>
#include <store/store.h>
#include <switchboard/timeformat.h>

// The history cases every backend passes with the same bytes and answers: export (CSV and
// JSON lines, paged at any size), reports and retention, through the history module's own
// connection (HistoryDatabase) on a database the store wrote. tst_historysqlite and
// tst_historypostgres run them.
namespace switchboard::server {

class HistoryConformance : public QObject {
    Q_OBJECT

protected:
    // A freshly opened (migrated) store on an empty database, or nullptr.
    virtual std::unique_ptr<Store> makeStore() = 0;
    // The history connection to the database makeStore() made, not yet opened.
    virtual std::unique_ptr<HistoryDatabase> makeHistory() = 0;
    virtual void dropStore() { }

    static constexpr qint64 second = 1000;
    static constexpr qint64 t0 = 1795132800000; // 2026-11-20T00:00:00Z
    static constexpr qint64 t2 = t0 + 3600 * second;

    std::unique_ptr<Store> m_store;
    std::unique_ptr<HistoryDatabase> m_history;
    qint64 m_alice = 0;
    qint64 m_bob = 0;
    qint64 m_cy = 0;
    // conv1 (sales, alice, closed), conv4 (sales, closed, never assigned), then conv2 (billing,
    // bob, open) and conv3 (no team, queued) created in the same millisecond.
    QString m_conv1, m_conv2, m_conv3, m_conv4;

    static QByteArray csvRow(const QStringList &cells)
    {
        QByteArray row;
        for (const QString &cell : cells)
            row += (row.isEmpty() ? QByteArray() : QByteArray(",")) + ExportWriter::csvField(cell);
        return row + "\r\n";
    }

    QByteArray expectedCsv() const
    {
        const QByteArray conv2 = csvRow({ m_conv2, u"Bo, \"B\""_qs, u"bo@example.com"_qs, u"bob"_qs,
            u"billing"_qs, formatTimestamp(t2), {}, {}, u"5.000"_qs, {}, {}, u"1"_qs, u"0"_qs,
            u"0"_qs, {}, {} });
        const QByteArray conv3 = csvRow({ m_conv3, u"Ann"_qs, u"ann@example.com"_qs, {}, {},
            formatTimestamp(t2), {}, {}, {}, {}, {}, u"0"_qs, u"0"_qs, u"0"_qs, {}, {} });
        // The same millisecond: ordered by id, byte by byte.
        const bool twoFirst = m_conv2.toUtf8() < m_conv3.toUtf8();
        return ExportWriter::csvHeader()
            + csvRow({ m_conv1, u"Ann"_qs, u"ann@example.com"_qs, u"alice"_qs, u"sales"_qs,
                formatTimestamp(t0), formatTimestamp(t0 + 40 * second),
                formatTimestamp(t0 + 600 * second), u"10.000"_qs, u"40.000"_qs, u"590.000"_qs,
                u"1"_qs, u"1"_qs, u"1"_qs, u"5"_qs, u"great, \"thanks\""_qs })
            + csvRow({ m_conv4, u"Cy"_qs, u"cy@example.com"_qs, {}, u"sales"_qs,
                formatTimestamp(t0 + 100 * second), {}, formatTimestamp(t0 + 700 * second), {}, {},
                {}, u"1"_qs, u"0"_qs, u"0"_qs, {}, {} })
            + (twoFirst ? conv2 + conv3 : conv3 + conv2);
    }

    static QByteArray jsonLine(const QString &conversation, const QString &customerName,
        const QString &customerEmail, const QString &team, qint64 seq,
        const historyseed::Message &m)
    {
        QJsonObject line;
        line.insert(u"client_id"_qs, m.clientId.isEmpty() ? QJsonValue() : QJsonValue(m.clientId));
        line.insert(u"conversation"_qs, conversation);
        line.insert(u"customer"_qs,
            QJsonObject { { u"email"_qs, customerEmail }, { u"name"_qs, customerName } });
        line.insert(u"from"_qs,
            QJsonObject { { u"name"_qs, m.name }, { u"role"_qs, protocol::roleName(m.role) } });
        line.insert(u"kind"_qs, protocol::kindName(m.kind));
        line.insert(u"seq"_qs, seq);
        line.insert(u"team"_qs, team);
        line.insert(u"text"_qs, m.text);
        line.insert(u"trace_id"_qs, QString(u"trace-"_qs + QString::number(m.timestampMs)));
        line.insert(u"ts"_qs, formatTimestamp(m.timestampMs));
        return QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n';
    }

    QList<historyseed::Message> m_conv1Messages, m_conv2Messages, m_conv4Messages;

    QByteArray expectedJsonl() const
    {
        QByteArray bytes;
        qint64 seq = 0;
        for (const auto &m : m_conv1Messages)
            bytes += jsonLine(m_conv1, u"Ann"_qs, u"ann@example.com"_qs, u"sales"_qs, ++seq, m);
        bytes += jsonLine(
            m_conv4, u"Cy"_qs, u"cy@example.com"_qs, u"sales"_qs, 1, m_conv4Messages.first());
        // conv3 has no messages, so the tie does not change these bytes.
        bytes += jsonLine(m_conv2, u"Bo, \"B\""_qs, u"bo@example.com"_qs, u"billing"_qs, 1,
            m_conv2Messages.first());
        return bytes;
    }

    // Every chunk of an export of `format` over everything, each at most `maxBytes` (or one
    // row), joined; the number of chunks in `chunks`.
    QByteArray exportAll(ExportFormat format, qsizetype maxBytes, int *chunks = nullptr)
    {
        ExportWriter writer(*m_history, format, ExportRange {});
        ExportPosition position;
        QByteArray all;
        int count = 0;
        for (int guard = 0; guard < 1000; ++guard) {
            auto chunk = writer.nextChunk(position, maxBytes);
            if (!chunk) {
                qWarning("%s", qPrintable(chunk.error().message));
                return {};
            }
            all += chunk->data;
            ++count;
            position = chunk->next;
            if (chunk->done)
                break;
        }
        if (chunks)
            *chunks = count;
        return all;
    }

private Q_SLOTS:
    void init()
    {
        using namespace historyseed;
        m_store = makeStore();
        QVERIFY(m_store);
        Store &store = *m_store;
        m_alice
            = addStaff(store, u"alice"_qs, u"Alice A"_qs, protocol::Role::Agent, { u"sales"_qs });
        m_bob = addStaff(store, u"bob"_qs, u"Bob B"_qs, protocol::Role::Agent, { u"billing"_qs });
        const qint64 ann = addCustomer(store, u"Ann"_qs, u"ann@example.com"_qs, t0);
        const qint64 bo = addCustomer(store, u"Bo, \"B\""_qs, u"bo@example.com"_qs, t0);
        m_cy = addCustomer(store, u"Cy"_qs, u"cy@example.com"_qs, t0);
        QVERIFY(m_alice && m_bob && ann && bo && m_cy);

        m_conv1Messages = { customerSays(ann, u"Ann"_qs, u"hello"_qs, t0 + 1),
            staffSays(m_alice, u"Alice A"_qs, u"hi, there"_qs, t0 + 40 * second),
            staffSays(m_alice, u"Alice A"_qs, u"VIP \u00e9\u2713"_qs, t0 + 50 * second,
                protocol::MessageKind::Note) };
        m_conv1 = seed(store,
            { ann, u"sales"_qs, t0, m_alice, t0 + 10 * second, t0 + 600 * second,
                m_conv1Messages });
        // Ann rated it (CSAT): the CSV's last two columns, quoted as any other field.
        const auto rated = store.rateConversation({ m_conv1, ann, 5, u"great, \"thanks\""_qs,
            t0 + 601 * second, protocol::ratingChangeWindowMs });
        QVERIFY(rated && rated->result == RatingOutcome::Result::Stored);
        m_conv4Messages = { customerSays(m_cy, u"Cy"_qs, u"bye"_qs, t0 + 101 * second) };
        m_conv4 = seed(store,
            { m_cy, u"sales"_qs, t0 + 100 * second, 0, 0, t0 + 700 * second, m_conv4Messages });
        m_conv2Messages = { customerSays(
            bo, u"Bo, \"B\""_qs, u"line 1\n\"quoted\"\ttab \u0001 \\ end"_qs, t2 + 1) };
        m_conv2
            = seed(store, { bo, u"billing"_qs, t2, m_bob, t2 + 5 * second, 0, m_conv2Messages });
        m_conv3 = seed(store, { ann, QString(), t2, 0, 0, 0, {} });
        QVERIFY(
            !m_conv1.isEmpty() && !m_conv2.isEmpty() && !m_conv3.isEmpty() && !m_conv4.isEmpty());

        m_history = makeHistory();
        QVERIFY(m_history);
        const auto opened = m_history->open();
        QVERIFY2(opened.hasValue(), opened ? "" : qPrintable(opened.error().message));
    }

    void cleanup()
    {
        m_history.reset();
        m_store.reset();
        dropStore();
    }

    void csvHasTheExpectedBytes()
    {
        QCOMPARE(exportAll(ExportFormat::Csv, 1 << 20), expectedCsv());
        ExportWriter writer(*m_history, ExportFormat::Csv, ExportRange {});
        const auto rows = writer.countRows();
        QVERIFY(rows.hasValue());
        QCOMPARE(*rows, qint64(4));
    }

    void jsonlHasTheExpectedBytes()
    {
        QCOMPARE(exportAll(ExportFormat::Jsonl, 1 << 20), expectedJsonl());
        ExportWriter writer(*m_history, ExportFormat::Jsonl, ExportRange {});
        const auto rows = writer.countRows();
        QVERIFY(rows.hasValue());
        QCOMPARE(*rows, qint64(5));
    }

    void pagesOfOneRowCoverEveryRowOnce()
    {
        int chunks = 0;
        QCOMPARE(exportAll(ExportFormat::Csv, 1, &chunks), expectedCsv());
        QCOMPARE(chunks, 4); // the header travels with the first row
        QCOMPARE(exportAll(ExportFormat::Jsonl, 1, &chunks), expectedJsonl());
        QVERIFY(chunks >= 5);
    }

    void aRangeKeepsItsConversationsOnly()
    {
        ExportWriter writer(*m_history, ExportFormat::Csv, ExportRange { t0 + 50 * second, t2 });
        auto chunk = writer.nextChunk({}, 1 << 20);
        QVERIFY(chunk.hasValue());
        QVERIFY(chunk->done);
        QCOMPARE(chunk->rows, 1);
        QVERIFY(chunk->data.contains(m_conv4.toUtf8()));
    }

    void reportFiguresAreTheSame()
    {
        const auto built = ReportBuilder(*m_history).build(ExportRange {}, 0);
        QVERIFY(built.hasValue());
        const QJsonObject summary = built->value(u"summary"_qs).toObject();
        QCOMPARE(summary.value(u"conversations"_qs).toInt(), 4);
        QCOMPARE(summary.value(u"closed"_qs).toInt(), 2);
        const auto stat = [](int count, double median, double p90, double mean) {
            return QJsonObject { { u"count"_qs, count }, { u"median"_qs, median },
                { u"p90"_qs, p90 }, { u"mean"_qs, mean } };
        };
        QCOMPARE(summary.value(u"first_response_s"_qs).toObject(), stat(1, 40, 40, 40));
        QCOMPARE(summary.value(u"resolution_s"_qs).toObject(), stat(2, 600, 600, 600));
        QCOMPARE(summary.value(u"queue_wait_s"_qs).toObject(), stat(2, 7.5, 10, 7.5));
        const QJsonArray agents = built->value(u"by_agent"_qs).toArray();
        QCOMPARE(agents.size(), 2);
        QCOMPARE(agents.at(0).toObject().value(u"login"_qs).toString(), u"alice"_qs);
        QCOMPARE(agents.at(1).toObject().value(u"login"_qs).toString(), u"bob"_qs);
        QCOMPARE(agents.at(1).toObject().value(u"name"_qs).toString(), u"Bob B"_qs);
        const QJsonArray teams = built->value(u"by_team"_qs).toArray();
        QCOMPARE(teams.size(), 3);
        QCOMPARE(teams.at(0).toObject().value(u"team"_qs).toString(), QString());
        QCOMPARE(teams.at(2).toObject().value(u"conversations"_qs).toInt(), 2);
        const QJsonArray days = built->value(u"by_day"_qs).toArray();
        QCOMPARE(days.size(), 1);
        QCOMPARE(days.at(0).toObject().value(u"day"_qs).toString(), u"2026-11-20"_qs);
    }

    void retentionDeletesAndRedactsWhatIsDue()
    {
        RetentionSweeper sweeper(*m_history);
        // conv1 closed at +600 s, conv4 at +700 s: only conv1 is due at +650 s.
        const auto deleted = sweeper.deleteClosedBefore(t0 + 650 * second, 1);
        QVERIFY2(deleted.hasValue(), deleted ? "" : qPrintable(deleted.error().message));
        QCOMPARE(deleted->deletedConversations, qint64(1));
        QCOMPARE(deleted->deletedMessages, qint64(3));
        const auto gone = m_store->findConversation(m_conv1);
        QVERIFY(gone.hasValue());
        QVERIFY(!gone->has_value());
        // Cy's only conversation closed before the cut-off; Ann and Bo have open ones.
        const auto redacted = sweeper.redactClosedBefore(t0 + 800 * second, 1);
        QVERIFY2(redacted.hasValue(), redacted ? "" : qPrintable(redacted.error().message));
        QCOMPARE(redacted->redactedCustomers, qint64(1));
        const auto cy = m_store->findCustomer(m_cy);
        QVERIFY(cy.hasValue() && cy->has_value());
        QCOMPARE((*cy)->name, QString());
        QCOMPARE((*cy)->email, QString());
        const auto page = m_store->messagesAfter(m_conv4, 0, 10, true);
        QVERIFY(page.hasValue());
        QCOMPARE(page->messages.size(), 1);
        QCOMPARE(page->messages.first().senderName, QString());
        // A second run finds nothing due.
        const auto again = sweeper.deleteClosedBefore(t0 + 650 * second, 1);
        QVERIFY(again.hasValue());
        QCOMPARE(again->deletedConversations, qint64(0));
    }
};

} // namespace switchboard::server
