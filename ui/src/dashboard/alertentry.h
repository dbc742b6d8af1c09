#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace switchboard::ui {

// One `alert` frame of the supervisor stream.
struct AlertEntry {
    QString id;
    QString rule;
    QString severity; // "warning" or "critical"
    QString summary;
    bool firing = false;
    qint64 sinceMs = 0; // when it started firing
    qint64 changedMs = 0; // when it fired or resolved

    static AlertEntry fromJson(const QJsonObject &frame);
};

} // namespace switchboard::ui

Q_DECLARE_METATYPE(switchboard::ui::AlertEntry)
