#pragma once

#include <QDir>
#include <QFile>
#include <QImage>
#include <QString>

// Saves a rendered window for a person to look at: into the build tree's screenshots folder,
// and into docs/images so the README shows the current look. Header-only, so the socket-level
// test support library stays free of QtGui; the two folders come from the test target's
// compile definitions (switchboard_renders_screenshots in tests/ui/CMakeLists.txt).
// Returns an empty string, or what went wrong.
inline QString saveScreenshot(const QImage &shot, const QString &fileName)
{
    if (shot.isNull())
        return QStringLiteral("the screenshot is empty");
    const QString shotDir = QStringLiteral(SWITCHBOARD_SCREENSHOT_DIR);
    const QString docsDir = QStringLiteral(SWITCHBOARD_DOCS_IMAGES_DIR);
    if (!QDir().mkpath(shotDir) || !QDir().mkpath(docsDir))
        return QStringLiteral("cannot create ") + shotDir + QStringLiteral(" or ") + docsDir;
    const QString shotPath = shotDir + u'/' + fileName;
    if (!shot.save(shotPath))
        return QStringLiteral("cannot write ") + shotPath;
    const QString docsPath = docsDir + u'/' + fileName;
    QFile::remove(docsPath);
    if (!QFile::copy(shotPath, docsPath))
        return QStringLiteral("cannot copy the screenshot to ") + docsPath;
    return {};
}
