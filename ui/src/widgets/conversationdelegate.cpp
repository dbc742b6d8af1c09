#include "conversationdelegate.h"

#include <QApplication>
#include <QDateTime>
#include <QLocale>
#include <QPainter>
#include <models/conversationlistmodel.h>

using namespace Qt::StringLiterals;

namespace switchboard::ui {

namespace {

constexpr int padding = 6;

} // namespace

ConversationDelegate::ConversationDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{
}

QString ConversationDelegate::elapsedText(const QDateTime &since, const QDateTime &now)
{
    const qint64 minutes = qMax<qint64>(0, since.secsTo(now) / 60);
    if (minutes < 1)
        return tr("now");
    if (minutes < 60)
        return tr("%1 min").arg(minutes);
    return tr("%1 h %2 min").arg(minutes / 60).arg(minutes % 60);
}

QSize ConversationDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    const QFontMetrics metrics(option.font);
    return QSize(option.rect.width(), 2 * metrics.height() + 3 * padding);
}

void ConversationDelegate::paint(
    QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget); // background

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const bool selected = opt.state & QStyle::State_Selected;
    const QPalette &palette = opt.palette;
    const QColor text = palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    const QColor dim = selected ? text : palette.color(QPalette::PlaceholderText);
    const QFontMetrics metrics(opt.font);
    const QRect inner = opt.rect.adjusted(padding, padding, -padding, -padding);
    const int lineHeight = metrics.height();

    // Right column: waiting time (queued) or last activity, and the unread badge under it.
    const QDateTime waiting = index.data(ConversationListModel::WaitingSinceRole).toDateTime();
    const QDateTime last = index.data(ConversationListModel::LastActivityRole).toDateTime();
    QString corner;
    if (waiting.isValid())
        corner = tr("waiting %1").arg(elapsedText(waiting, QDateTime::currentDateTimeUtc()));
    else if (last.isValid())
        corner = QLocale().toString(last.toLocalTime().time(), QLocale::ShortFormat);
    const int cornerWidth = metrics.horizontalAdvance(corner);
    const int unread = index.data(ConversationListModel::UnreadRole).toInt();

    QFont bold = opt.font;
    bold.setBold(unread > 0);
    painter->setFont(bold);
    painter->setPen(text);
    const QRect nameRect(
        inner.left(), inner.top(), inner.width() - cornerWidth - padding, lineHeight);
    painter->drawText(nameRect, Qt::AlignLeft | Qt::AlignVCenter,
        QFontMetrics(bold).elidedText(
            index.data(ConversationListModel::CustomerNameRole).toString(), Qt::ElideRight,
            nameRect.width()));
    painter->setFont(opt.font);
    painter->setPen(waiting.isValid() && !selected ? QColor(0xa1, 0x5c, 0x00) : dim);
    painter->drawText(QRect(inner.right() - cornerWidth, inner.top(), cornerWidth, lineHeight),
        Qt::AlignRight | Qt::AlignVCenter, corner);

    int badgeWidth = 0;
    if (unread > 0) {
        const QString count = unread > 99 ? u"99+"_s : QString::number(unread);
        badgeWidth = qMax(lineHeight, metrics.horizontalAdvance(count) + lineHeight / 2);
        const QRect badge(inner.right() - badgeWidth + 1, inner.top() + lineHeight + padding,
            badgeWidth, lineHeight);
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(0xd0, 0x2b, 0x2b));
        painter->drawRoundedRect(badge, lineHeight / 2.0, lineHeight / 2.0);
        painter->setPen(Qt::white);
        painter->drawText(badge, Qt::AlignCenter, count);
    }
    const QRect lineRect(inner.left(), inner.top() + lineHeight + padding,
        inner.width() - badgeWidth - (badgeWidth > 0 ? padding : 0), lineHeight);
    painter->setPen(dim);
    painter->drawText(lineRect, Qt::AlignLeft | Qt::AlignVCenter,
        metrics.elidedText(index.data(ConversationListModel::LastLineRole).toString(),
            Qt::ElideRight, lineRect.width()));
    painter->restore();
}

} // namespace switchboard::ui
