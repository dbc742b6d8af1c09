#include "historyconformance.h"

#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <store/postgresstore.h>
#include <testpostgres.h>

using namespace Qt::StringLiterals;

using namespace switchboard;
using namespace switchboard::server;

// The history cases on PostgreSQL, each in a fresh schema dropped afterwards: the same bytes
// and answers as tst_historysqlite. tools/test.sh sets SWITCHBOARD_TEST_POSTGRES_URL; without
// it every case fails saying so.
class tst_HistoryPostgres final : public HistoryConformance {
    Q_OBJECT

protected:
    std::unique_ptr<Store> makeStore() override
    {
        if (!m_base)
            return nullptr;
        m_schema = u"sbhist_%1"_s.arg(
            QRandomGenerator::global()->generate64(), 16, 16, QLatin1Char('0'));
        auto store = std::make_unique<PostgresStore>(options(), u"history-store"_s);
        if (const auto opened = store->open(); !opened) {
            qWarning("%s", qPrintable(opened.error().message));
            return nullptr;
        }
        return store;
    }

    std::unique_ptr<HistoryDatabase> makeHistory() override
    {
        return std::make_unique<HistoryDatabase>(options(), u"history-read"_s);
    }

    void dropStore() override
    {
        if (m_schema.isEmpty())
            return;
        QSqlQuery drop(QSqlDatabase::database(u"pg-raw"_s));
        if (!drop.exec(u"DROP SCHEMA IF EXISTS \"%1\" CASCADE"_s.arg(m_schema)))
            qWarning("%s", qPrintable(drop.lastError().text()));
        m_schema.clear();
    }

private:
    PostgresOptions options() const
    {
        PostgresOptions options = *m_base;
        options.schema = m_schema;
        return options;
    }

    std::optional<PostgresOptions> m_base;
    QString m_schema;

private Q_SLOTS:
    void initTestCase()
    {
        const auto postgres = TestPostgres::fromEnvironment();
        if (!postgres)
            QFAIL(qPrintable(postgres.error()));
        const PostgresOptions *parsed = &postgres->options;
        QSqlDatabase raw = TestPostgres::addRawConnection(*parsed, u"pg-raw"_s);
        if (!raw.open())
            QFAIL(qPrintable(u"cannot connect: "_s + raw.lastError().text()));
        QSqlQuery(raw).exec(u"SET client_min_messages TO warning"_s); // DROP … CASCADE notices
        m_base = *parsed;
    }

    void cleanupTestCase()
    {
        {
            QSqlDatabase raw = QSqlDatabase::database(u"pg-raw"_s, false);
            raw.close();
        }
        QSqlDatabase::removeDatabase(u"pg-raw"_s);
    }

    // Lost between two exports (PostgreSQL restarted, an idle connection dropped): the next
    // statement reconnects instead of answering `unavailable` until the node restarts.
    void reconnectsAfterTheConnectionIsLost()
    {
        QSqlQuery kill(QSqlDatabase::database(u"pg-raw"_s));
        QVERIFY2(kill.exec(u"SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                           u"WHERE application_name = 'switchboard:history'"_s),
            qPrintable(kill.lastError().text()));
        QVERIFY2(kill.next(), "the history connection was not found to terminate");
        QCOMPARE(exportAll(ExportFormat::Csv, 1 << 20), expectedCsv());
    }
};

QTEST_GUILESS_MAIN(tst_HistoryPostgres)
#include "tst_historypostgres.moc"
