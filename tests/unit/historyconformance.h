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
        const QByteArray conv2 = csvRow({ m_conv2, QStringLiteral("Bo, \"B\""),
            QStringLiteral("bo@example.com"), QStringLiteral("bob"), QStringLiteral("billing"),
            formatTimestamp(t2), {}, {}, QStringLiteral("5.000"), {}, {}, QStringLiteral("1"),
            QStringLiteral("0"), QStringLiteral("0"), {}, {} });
        const QByteArray conv3 = csvRow({ m_conv3, QStringLiteral("Ann"),
            QStringLiteral("ann@example.com"), {}, {}, formatTimestamp(t2), {}, {}, {}, {}, {},
            QStringLiteral("0"), QStringLiteral("0"), QStringLiteral("0"), {}, {} });
        // The same millisecond: ordered by id, byte by byte.
        const bool twoFirst = m_conv2.toUtf8() < m_conv3.toUtf8();
        return ExportWriter::csvHeader()
            + csvRow({ m_conv1, QStringLiteral("Ann"), QStringLiteral("ann@example.com"),
                QStringLiteral("alice"), QStringLiteral("sales"), formatTimestamp(t0),
                formatTimestamp(t0 + 40 * second), formatTimestamp(t0 + 600 * second),
                QStringLiteral("10.000"), QStringLiteral("40.000"), QStringLiteral("590.000"),
                QStringLiteral("1"), QStringLiteral("1"), QStringLiteral("1"), QStringLiteral("5"),
                QStringLiteral("great, \"thanks\"") })
            + csvRow({ m_conv4, QStringLiteral("Cy"), QStringLiteral("cy@example.com"), {},
                QStringLiteral("sales"), formatTimestamp(t0 + 100 * second), {},
                formatTimestamp(t0 + 700 * second), {}, {}, {}, QStringLiteral("1"),
                QStringLiteral("0"), QStringLiteral("0"), {}, {} })
            + (twoFirst ? conv2 + conv3 : conv3 + conv2);
    }

    static QByteArray jsonLine(const QString &conversation, const QString &customerName,
        const QString &customerEmail, const QString &team, qint64 seq,
        const historyseed::Message &m)
    {
        QJsonObject line;
        line.insert(QStringLiteral("client_id"),
            m.clientId.isEmpty() ? QJsonValue() : QJsonValue(m.clientId));
        line.insert(QStringLiteral("conversation"), conversation);
        line.insert(QStringLiteral("customer"),
            QJsonObject { { QStringLiteral("email"), customerEmail },
                { QStringLiteral("name"), customerName } });
        line.insert(QStringLiteral("from"),
            QJsonObject { { QStringLiteral("name"), m.name },
                { QStringLiteral("role"), protocol::roleName(m.role) } });
        line.insert(QStringLiteral("kind"), protocol::kindName(m.kind));
        line.insert(QStringLiteral("seq"), seq);
        line.insert(QStringLiteral("team"), team);
        line.insert(QStringLiteral("text"), m.text);
        line.insert(QStringLiteral("trace_id"),
            QString(QStringLiteral("trace-") + QString::number(m.timestampMs)));
        line.insert(QStringLiteral("ts"), formatTimestamp(m.timestampMs));
        return QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n';
    }

    QList<historyseed::Message> m_conv1Messages, m_conv2Messages, m_conv4Messages;

    QByteArray expectedJsonl() const
    {
        QByteArray bytes;
        qint64 seq = 0;
        for (const auto &m : m_conv1Messages)
            bytes += jsonLine(m_conv1, QStringLiteral("Ann"), QStringLiteral("ann@example.com"),
                QStringLiteral("sales"), ++seq, m);
        bytes += jsonLine(m_conv4, QStringLiteral("Cy"), QStringLiteral("cy@example.com"),
            QStringLiteral("sales"), 1, m_conv4Messages.first());
        // conv3 has no messages, so the tie does not change these bytes.
        bytes += jsonLine(m_conv2, QStringLiteral("Bo, \"B\""), QStringLiteral("bo@example.com"),
            QStringLiteral("billing"), 1, m_conv2Messages.first());
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
        m_alice = addStaff(store, QStringLiteral("alice"), QStringLiteral("Alice A"),
            protocol::Role::Agent, { QStringLiteral("sales") });
        m_bob = addStaff(store, QStringLiteral("bob"), QStringLiteral("Bob B"),
            protocol::Role::Agent, { QStringLiteral("billing") });
        const qint64 ann
            = addCustomer(store, QStringLiteral("Ann"), QStringLiteral("ann@example.com"), t0);
        const qint64 bo
            = addCustomer(store, QStringLiteral("Bo, \"B\""), QStringLiteral("bo@example.com"), t0);
        m_cy = addCustomer(store, QStringLiteral("Cy"), QStringLiteral("cy@example.com"), t0);
        QVERIFY(m_alice && m_bob && ann && bo && m_cy);

        m_conv1Messages
            = { customerSays(ann, QStringLiteral("Ann"), QStringLiteral("hello"), t0 + 1),
                  staffSays(m_alice, QStringLiteral("Alice A"), QStringLiteral("hi, there"),
                      t0 + 40 * second),
                  staffSays(m_alice, QStringLiteral("Alice A"), QStringLiteral("VIP \u00e9\u2713"),
                      t0 + 50 * second, protocol::MessageKind::Note) };
        m_conv1 = seed(store,
            { ann, QStringLiteral("sales"), t0, m_alice, t0 + 10 * second, t0 + 600 * second,
                m_conv1Messages });
        // Ann rated it (CSAT): the CSV's last two columns, quoted as any other field.
        const auto rated
            = store.rateConversation({ m_conv1, ann, 5, QStringLiteral("great, \"thanks\""),
                t0 + 601 * second, protocol::ratingChangeWindowMs });
        QVERIFY(rated && rated->result == RatingOutcome::Result::Stored);
        m_conv4Messages = { customerSays(
            m_cy, QStringLiteral("Cy"), QStringLiteral("bye"), t0 + 101 * second) };
        m_conv4 = seed(store,
            { m_cy, QStringLiteral("sales"), t0 + 100 * second, 0, 0, t0 + 700 * second,
                m_conv4Messages });
        m_conv2Messages = { customerSays(bo, QStringLiteral("Bo, \"B\""),
            QStringLiteral("line 1\n\"quoted\"\ttab \u0001 \\ end"), t2 + 1) };
        m_conv2 = seed(store,
            { bo, QStringLiteral("billing"), t2, m_bob, t2 + 5 * second, 0, m_conv2Messages });
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
        const QJsonObject summary = built->value(QStringLiteral("summary")).toObject();
        QCOMPARE(summary.value(QStringLiteral("conversations")).toInt(), 4);
        QCOMPARE(summary.value(QStringLiteral("closed")).toInt(), 2);
        const auto stat = [](int count, double median, double p90, double mean) {
            return QJsonObject { { QStringLiteral("count"), count },
                { QStringLiteral("median"), median }, { QStringLiteral("p90"), p90 },
                { QStringLiteral("mean"), mean } };
        };
        QCOMPARE(summary.value(QStringLiteral("first_response_s")).toObject(), stat(1, 40, 40, 40));
        QCOMPARE(summary.value(QStringLiteral("resolution_s")).toObject(), stat(2, 600, 600, 600));
        QCOMPARE(summary.value(QStringLiteral("queue_wait_s")).toObject(), stat(2, 7.5, 10, 7.5));
        const QJsonArray agents = built->value(QStringLiteral("by_agent")).toArray();
        QCOMPARE(agents.size(), 2);
        QCOMPARE(agents.at(0).toObject().value(QStringLiteral("login")).toString(),
            QStringLiteral("alice"));
        QCOMPARE(agents.at(1).toObject().value(QStringLiteral("login")).toString(),
            QStringLiteral("bob"));
        QCOMPARE(agents.at(1).toObject().value(QStringLiteral("name")).toString(),
            QStringLiteral("Bob B"));
        const QJsonArray teams = built->value(QStringLiteral("by_team")).toArray();
        QCOMPARE(teams.size(), 3);
        QCOMPARE(teams.at(0).toObject().value(QStringLiteral("team")).toString(), QString());
        QCOMPARE(teams.at(2).toObject().value(QStringLiteral("conversations")).toInt(), 2);
        const QJsonArray days = built->value(QStringLiteral("by_day")).toArray();
        QCOMPARE(days.size(), 1);
        QCOMPARE(days.at(0).toObject().value(QStringLiteral("day")).toString(),
            QStringLiteral("2026-11-20"));
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
