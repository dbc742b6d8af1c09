#pragma once

#include "staticasset.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QMutex>
#include <QString>
#include <memory>

namespace switchboard::server {

// The files of one folder (the widget's), each read and compressed once and kept until the file
// changes on disk (size or modification time), so a replaced file is served new without a
// restart. Any plain file name in the folder is served, with a content type from its suffix.
// Safe to use from every I/O thread at once.
class CompressedAssetCache final {
public:
    explicit CompressedAssetCache(QString directory);

    // nullptr when the name is not a plain file of the folder (hidden, traversal, missing).
    std::shared_ptr<const StaticAsset> asset(const QByteArray &fileName) const;

    static QByteArray contentTypeFor(const QString &fileName);

private:
    struct Entry {
        qint64 size = -1;
        QDateTime modified;
        std::shared_ptr<const StaticAsset> asset;
    };

    QString m_directory;
    mutable QMutex m_lock;
    mutable QHash<QByteArray, Entry> m_entries; // guarded by m_lock
};

} // namespace switchboard::server
