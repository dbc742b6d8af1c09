#include "consoletray.h"

#include <QAction>
#include <QMenu>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>
#include <QSystemTrayIcon>

using namespace Qt::StringLiterals;

namespace switchboard::app {

namespace {

void drawBase(QPainter &painter, int size)
{
    // A speech bubble on the console's blue.
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(0x1f, 0x5f, 0xbf));
    painter.drawRoundedRect(QRectF(0, 0, size, size), size * 0.2, size * 0.2);
    painter.setBrush(Qt::white);
    const QRectF bubble(size * 0.18, size * 0.22, size * 0.64, size * 0.44);
    painter.drawRoundedRect(bubble, size * 0.12, size * 0.12);
    QPainterPath tail;
    tail.moveTo(size * 0.32, size * 0.62);
    tail.lineTo(size * 0.28, size * 0.80);
    tail.lineTo(size * 0.48, size * 0.64);
    tail.closeSubpath();
    painter.drawPath(tail);
}

void drawBadge(QPainter &painter, int size, int unread)
{
    const QString text = unread > 99 ? u"99+"_s : QString::number(unread);
    QFont font = painter.font();
    font.setBold(true);
    font.setPixelSize(qMax(6, int(size * (text.size() > 2 ? 0.30 : 0.40))));
    painter.setFont(font);
    const qreal diameter = size * 0.58;
    const QRectF badge(size - diameter, 0, diameter, diameter);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(0xd3, 0x2f, 0x2f));
    painter.drawEllipse(badge);
    painter.setPen(Qt::white);
    painter.drawText(badge, Qt::AlignCenter, text);
}

} // namespace

ConsoleTray::ConsoleTray(QObject *parent)
    : QObject(parent)
    , m_icon(new QSystemTrayIcon(this))
    , m_menu(new QMenu)
{
    m_open = m_menu->addAction(tr("&Open Switchboard"), this, &ConsoleTray::openRequested);
    m_settings = m_menu->addAction(tr("&Settings…"), this, &ConsoleTray::settingsRequested);
    m_menu->addSeparator();
    m_quit = m_menu->addAction(tr("&Quit Switchboard"), this, &ConsoleTray::quitRequested);
    m_icon->setContextMenu(m_menu);
    connect(m_icon, &QSystemTrayIcon::activated, this,
        [this](QSystemTrayIcon::ActivationReason reason) {
            if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
                Q_EMIT openRequested();
        });
    connect(m_icon, &QSystemTrayIcon::messageClicked, this, &ConsoleTray::openRequested);
    setUnread(0);
}

ConsoleTray::~ConsoleTray()
{
    m_icon->hide();
    delete m_menu;
}

bool ConsoleTray::isAvailable()
{
    return QSystemTrayIcon::isSystemTrayAvailable();
}

void ConsoleTray::show()
{
    m_icon->show();
}

void ConsoleTray::setUnread(int unread)
{
    m_unread = qMax(0, unread);
    m_icon->setIcon(iconFor(m_unread));
    m_icon->setToolTip(toolTip());
}

QString ConsoleTray::toolTip() const
{
    return m_unread == 0 ? tr("Switchboard: nothing unread")
                         : tr("Switchboard: %n unread message(s)", nullptr, m_unread);
}

QIcon ConsoleTray::icon() const
{
    return m_icon->icon();
}

void ConsoleTray::notify(const QString &title, const QString &body)
{
    if (m_icon->isVisible())
        m_icon->showMessage(title, body, iconFor(m_unread), 8000);
}

QIcon ConsoleTray::iconFor(int unread)
{
    QIcon icon;
    for (const int size : { 16, 22, 32, 48, 64 }) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        drawBase(painter, size);
        if (unread > 0)
            drawBadge(painter, size, unread);
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

} // namespace switchboard::app
