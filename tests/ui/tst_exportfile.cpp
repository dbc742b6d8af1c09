// The console's CSV exports (dashboard tables, reports, the audit log) all go through
// ExportFile: a cell a spreadsheet would run as a formula is written with a leading ', other
// cells exactly; the file is read back from disk.
#include <QFile>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QTest>
#include <csvreader.h>
#include <dashboard/exportfile.h>

using namespace Qt::StringLiterals;
using switchboard::ui::ExportFile;

class ExportFileTest final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void formulaCellsAreNeutralisedInTheFile()
    {
        const QStringList cells { u"=HYPERLINK(\"https://evil.example\",\"Click\")"_s, u"+1+1"_s,
            u"-A1"_s, u"@SUM(A1:A9)"_s, u"\tTab"_s, u"\rReturn"_s, u"-12"_s, u"2.5"_s,
            u"Ann, \"the\" customer"_s, u"a=b"_s };
        QStandardItemModel model(1, int(cells.size()));
        for (int column = 0; column < cells.size(); ++column) {
            model.setHeaderData(column, Qt::Horizontal, u"c%1"_s.arg(column), ExportFile::CsvRole);
            model.setData(model.index(0, column), cells.at(column), ExportFile::CsvRole);
        }
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(u"table.csv"_s);
        QCOMPARE(ExportFile::writeText(path, ExportFile::modelToCsv(model)), QString());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QStringList> records = readCsv(QString::fromUtf8(file.readAll()));
        QCOMPARE(records.size(), 2);
        QCOMPARE(records.at(1),
            QStringList({ u"'"_s + cells.at(0), u"'+1+1"_s, u"'-A1"_s, u"'@SUM(A1:A9)"_s,
                u"'\tTab"_s, u"'\rReturn"_s, u"-12"_s, u"2.5"_s, cells.at(8), u"a=b"_s }));
    }
};

QTEST_GUILESS_MAIN(ExportFileTest)
#include "tst_exportfile.moc"
