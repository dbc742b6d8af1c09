#include "compressedassetcache.h"

#include "servedtext.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QThreadPool>

namespace switchboard::server {

CompressedAssetCache::CompressedAssetCache(QString directory)
    : m_directory(std::move(directory))
    , m_shared(std::make_shared<Shared>())
{
}

void CompressedAssetCache::warmUp() const
{
    if (m_directory.isEmpty())
        return;
    QThreadPool::globalInstance()->start([cache = *this] {
        const QDir folder(cache.m_directory);
        QStringList names = folder.entryList(QDir::Files);
        for (const QString &sub : folder.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            for (const QString &name : QDir(folder.filePath(sub)).entryList(QDir::Files))
                names.append(sub + u'/' + name);
        }
        for (const QString &name : std::as_const(names))
            cache.asset(name.toUtf8());
    });
}

int CompressedAssetCache::keptCount() const
{
    QMutexLocker locker(&m_shared->lock);
    return int(m_shared->entries.size());
}

std::shared_ptr<const StaticAsset> CompressedAssetCache::asset(const QByteArray &fileName) const
{
    // Files of the folder and of the folders directly in it (i18n/), by plain names: no
    // traversal, no hidden files or folders.
    const QList<QByteArray> segments = fileName.split('/');
    if (m_directory.isEmpty() || segments.size() > maxDepth + 1)
        return nullptr;
    for (const QByteArray &segment : segments) {
        if (segment.isEmpty() || segment.startsWith('.') || segment.contains('\\'))
            return nullptr;
    }
    const QString path = m_directory + u'/' + QString::fromUtf8(fileName);
    const QFileInfo info(path);
    if (!info.isFile())
        return nullptr;
    {
        QMutexLocker locker(&m_shared->lock);
        const auto it = m_shared->entries.constFind(fileName);
        if (it != m_shared->entries.cend() && it->size == info.size()
            && it->modified == info.lastModified()) {
            return it->asset;
        }
    }
    // Read and compress outside the lock: another thread may do the same file at the same
    // time, once, and both results are equal.
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return nullptr;
    auto asset = std::make_shared<const StaticAsset>(
        servedText(file.readAll(), QFileInfo(path).suffix().toLower()), contentTypeFor(path));
    QMutexLocker locker(&m_shared->lock);
    m_shared->entries.insert(fileName, Entry { info.size(), info.lastModified(), asset });
    return asset;
}

QByteArray CompressedAssetCache::contentTypeFor(const QString &fileName)
{
    const QString suffix = QFileInfo(fileName).suffix().toLower();
    if (suffix == u"html")
        return "text/html; charset=utf-8";
    if (suffix == u"js" || suffix == u"mjs")
        return "text/javascript; charset=utf-8";
    if (suffix == u"css")
        return "text/css; charset=utf-8";
    if (suffix == u"json")
        return "application/json; charset=utf-8";
    if (suffix == u"svg")
        return "image/svg+xml";
    if (suffix == u"png")
        return "image/png";
    if (suffix == u"woff2")
        return "font/woff2";
    return "application/octet-stream";
}

} // namespace switchboard::server
