#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace switchboard::ui {

// One `export_chunk` answer: a piece of a range export, to be written as it comes.
struct ExportChunk {
    QString request;
    QString format; // csv, jsonl
    QString data;
    qint64 rows = 0; // rows in this chunk
    qint64 total = 0; // rows in the whole export
    QString cursor; // empty on the last chunk
    bool done = false;

    static ExportChunk fromJson(const QJsonObject &object);
};

} // namespace switchboard::ui

Q_DECLARE_METATYPE(switchboard::ui::ExportChunk)
