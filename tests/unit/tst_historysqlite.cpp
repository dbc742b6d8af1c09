#include "historyconformance.h"

#include <QTemporaryDir>
#include <store/sqlitestore.h>

using namespace Qt::StringLiterals;

using namespace switchboard;
using namespace switchboard::server;

// The history cases on a SQLite file, read and swept through the module's own connection.
class tst_HistorySqlite final : public HistoryConformance {
    Q_OBJECT

protected:
    std::unique_ptr<Store> makeStore() override
    {
        m_dir = std::make_unique<QTemporaryDir>();
        if (!m_dir->isValid())
            return nullptr;
        m_path = m_dir->filePath(u"switchboard.sqlite3"_s);
        auto store = std::make_unique<SqliteStore>(m_path, u"history-store"_s, SqliteOptions {});
        if (const auto opened = store->open(); !opened) {
            qWarning("%s", qPrintable(opened.error().message));
            return nullptr;
        }
        return store;
    }

    std::unique_ptr<HistoryDatabase> makeHistory() override
    {
        return std::make_unique<HistoryDatabase>(m_path, u"history-read"_s);
    }

    void dropStore() override { m_dir.reset(); }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

QTEST_GUILESS_MAIN(tst_HistorySqlite)
#include "tst_historysqlite.moc"
