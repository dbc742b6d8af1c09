#include "exportfile.h"

#include <QAbstractItemModel>
#include <QFileDialog>
#include <QImageWriter>
#include <QMessageBox>
#include <QPixmap>
#include <QSaveFile>
#include <QWidget>
#include <switchboard/csvcell.h>

using namespace Qt::StringLiterals;

namespace switchboard::ui {

QString ExportFile::writePng(QWidget *widget, const QString &path)
{
    const QPixmap shot = widget ? widget->grab() : QPixmap();
    if (shot.isNull())
        return tr("The charts could not be drawn.");
    QImageWriter writer(path, "png");
    if (!writer.write(shot.toImage()))
        return tr("Could not write %1: %2").arg(path, writer.errorString());
    return {};
}

QString ExportFile::writeText(const QString &path, const QString &text)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        return tr("Could not write %1: %2").arg(path, file.errorString());
    file.write(text.toUtf8());
    if (!file.commit())
        return tr("Could not write %1: %2").arg(path, file.errorString());
    return {};
}

QString ExportFile::csvField(const QString &cell)
{
    const QString value = switchboard::neutralisedCsvCell(cell);
    if (!value.contains(u',') && !value.contains(u'"') && !value.contains(u'\n')
        && !value.contains(u'\r'))
        return value;
    QString quoted = value;
    quoted.replace(u"\""_s, u"\"\""_s);
    return u'"' + quoted + u'"';
}

QString ExportFile::csvLine(const QStringList &fields)
{
    QStringList quoted;
    quoted.reserve(fields.size());
    for (const QString &field : fields)
        quoted.append(csvField(field));
    return quoted.join(u',') + u'\n';
}

QString ExportFile::modelToCsv(const QAbstractItemModel &model)
{
    QStringList header;
    for (int column = 0; column < model.columnCount(); ++column)
        header.append(model.headerData(column, Qt::Horizontal, CsvRole).toString());
    QString csv = csvLine(header);
    for (int row = 0; row < model.rowCount(); ++row) {
        QStringList cells;
        for (int column = 0; column < model.columnCount(); ++column)
            cells.append(model.index(row, column).data(CsvRole).toString());
        csv += csvLine(cells);
    }
    return csv;
}

void ExportFile::askAndSave(QWidget *parent, const QString &title, const QString &suggestedName,
    const QString &filter, const std::function<QString(const QString &path)> &save)
{
    const QString path = QFileDialog::getSaveFileName(parent, title, suggestedName, filter);
    if (path.isEmpty())
        return;
    const QString error = save(path);
    if (!error.isEmpty())
        QMessageBox::warning(parent, tr("Export failed"), error);
}

} // namespace switchboard::ui
