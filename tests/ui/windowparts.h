#pragma once

// What the UI tests read of a window, found the way the window itself names its parts: by
// objectName (MainWindow lists its names), so no class keeps accessors only for tests.
#include <QApplication>
#include <QLabel>
#include <QListView>
#include <QString>
#include <QWidget>
#include <QtGlobal>
#include <models/transcriptmodel.h>
#include <widgets/composeredit.h>
#include <widgets/mainwindow.h>
#include <widgets/searchpanel.h>

// The child of `parent` of type T named `name`. A part that is missing or renamed ends the test
// with the name that was looked for, not with a null pointer later.
template<typename T> T *child(const QObject *parent, const QString &name)
{
    T *found = parent->findChild<T *>(name);
    if (!found) {
        qFatal("%s has no %s named \"%s\"", parent->metaObject()->className(),
            T::staticMetaObject.className(), qPrintable(name));
    }
    return found;
}

// The first visible top-level window of type T, or null.
template<typename T> T *visibleTopLevel()
{
    for (QWidget *widget : QApplication::topLevelWidgets()) {
        if (auto *found = qobject_cast<T *>(widget); found && found->isVisible())
            return found;
    }
    return nullptr;
}

inline QListView *transcriptViewOf(const switchboard::ui::MainWindow *window)
{
    return child<QListView>(window, QStringLiteral("transcript"));
}

inline switchboard::ui::TranscriptModel *transcriptOf(const switchboard::ui::MainWindow *window)
{
    return qobject_cast<switchboard::ui::TranscriptModel *>(transcriptViewOf(window)->model());
}

// The conversation the window shows (its transcript's), empty when none is selected.
inline QString shownConversation(const switchboard::ui::MainWindow *window)
{
    return transcriptOf(window)->conversation();
}

inline switchboard::ui::ComposerEdit *composerOf(const switchboard::ui::MainWindow *window)
{
    return child<switchboard::ui::ComposerEdit>(window, QStringLiteral("composer"));
}

// The status bar's connection line ("● Online as …").
inline QString connectionText(const switchboard::ui::MainWindow *window)
{
    return child<QLabel>(window, QStringLiteral("connectionState"))->text();
}

// Whether, with no conversation at all, the window shows how customers reach the shop in place
// of the transcript.
inline bool showsReachCustomers(const switchboard::ui::MainWindow *window)
{
    return child<QWidget>(window, QStringLiteral("reachCustomers"))->isVisibleTo(window);
}

inline switchboard::ui::SearchPanel *searchPanelOf(const switchboard::ui::MainWindow *window)
{
    return child<switchboard::ui::SearchPanel>(window, QStringLiteral("searchPanel"));
}
