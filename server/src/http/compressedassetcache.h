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
// restart. Any file in the folder or in a folder directly in it (the languages in i18n/) is
// served, with a content type from its suffix.
// Safe to use from every I/O thread at once; copies share one cache.
class CompressedAssetCache final {
public:
    explicit CompressedAssetCache(QString directory);

    // Folders below the widget folder whose files are served (i18n/ is one level down).
    static constexpr int maxDepth = 1;

    // A path relative to the folder ("embed.js", "i18n/zh-CN.json"); nullptr when it names no
    // file there (hidden, traversal, too deep, missing).
    std::shared_ptr<const StaticAsset> asset(const QByteArray &fileName) const;
    // Compresses every file of the folder on a pool thread, so the first visitor after a start
    // does not wait for Brotli's best quality (a quarter of a second on embed.js).
    void warmUp() const;
    // How many files are read and compressed already.
    int keptCount() const;

    static QByteArray contentTypeFor(const QString &fileName);

private:
    struct Entry {
        qint64 size = -1;
        QDateTime modified;
        std::shared_ptr<const StaticAsset> asset;
    };

    struct Shared {
        QMutex lock;
        QHash<QByteArray, Entry> entries; // guarded by lock
    };

    QString m_directory;
    std::shared_ptr<Shared> m_shared; // outlives us while a warm-up runs
};

} // namespace switchboard::server
