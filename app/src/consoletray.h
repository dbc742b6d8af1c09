#pragma once

#include <QIcon>
#include <QObject>

class QAction;
class QMenu;
class QSystemTrayIcon;

namespace switchboard::app {

// The console's tray icon: the unread count drawn on the icon and in its tooltip, a menu to
// open the window, change the settings or quit, and the desktop notifications.
class ConsoleTray final : public QObject {
    Q_OBJECT

public:
    explicit ConsoleTray(QObject *parent = nullptr);
    ~ConsoleTray() override;
    Q_DISABLE_COPY_MOVE(ConsoleTray)

    // Whether the desktop shows tray icons at all (it may not: no tray, no session bus).
    static bool isAvailable();
    void show();
    void setUnread(int unread);
    int unread() const { return m_unread; }
    QString toolTip() const;
    QIcon icon() const;
    // A desktop notification; a desktop without a tray shows none.
    void notify(const QString &title, const QString &body);
    QAction *openAction() const { return m_open; }
    QAction *settingsAction() const { return m_settings; }
    QAction *quitAction() const { return m_quit; }

    // The icon with a red badge holding the count (none at zero, "99+" above 99).
    static QIcon iconFor(int unread);

Q_SIGNALS:
    void openRequested();
    void settingsRequested();
    void quitRequested();

private:
    QSystemTrayIcon *m_icon = nullptr;
    QMenu *m_menu = nullptr;
    QAction *m_open = nullptr;
    QAction *m_settings = nullptr;
    QAction *m_quit = nullptr;
    int m_unread = 0;
};

} // namespace switchboard::app
