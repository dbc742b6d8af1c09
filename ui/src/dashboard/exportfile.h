#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>
#include <functional>

class QAbstractItemModel;
class QWidget;

namespace switchboard::ui {

// The dashboard's exports in one place: a widget drawn into a PNG, text written atomically,
// CSV of a table model, and the save dialog that reports a failure. Each writer returns an
// empty string on success, else a one-line reason.
class ExportFile final {
    Q_DECLARE_TR_FUNCTIONS(switchboard::ui::ExportFile)

public:
    ExportFile() = delete;

    // Role for a column's CSV name in headerData() (a stable key, not the translated title),
    // and for a cell's CSV value in data() (the plain value; an invalid QVariant is empty).
    static constexpr int CsvRole = Qt::UserRole + 100;

    static QString writePng(QWidget *widget, const QString &path);
    static QString writeText(const QString &path, const QString &text);
    // RFC 4180 fields: quoted when they hold a comma, a quote or a line break. Lines end in \n.
    // A cell a spreadsheet would run as a formula gets a leading ' (neutralisedCsvCell).
    static QString csvField(const QString &cell);
    static QString csvLine(const QStringList &fields);
    // The whole model: a header of CsvRole names, then a line per row of CsvRole values.
    static QString modelToCsv(const QAbstractItemModel &model);

    // Asks for a file name and saves with `save`; a failure is shown in a dialog.
    static void askAndSave(QWidget *parent, const QString &title, const QString &suggestedName,
        const QString &filter, const std::function<QString(const QString &path)> &save);
};

} // namespace switchboard::ui
