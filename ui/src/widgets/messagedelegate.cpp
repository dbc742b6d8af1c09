#include "messagedelegate.h"

#include <QApplication>
#include <QDateTime>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <client/chatmessage.h>
#include <models/transcriptmodel.h>

using namespace Qt::StringLiterals;

namespace switchboard::ui {

namespace {

constexpr int margin = 8;
constexpr int padding = 8;
constexpr int separatorHeight = 26;

QString header(const QModelIndex &index)
{
    const QString kind = index.data(TranscriptModel::KindRole).toString();
    const QString name = index.data(TranscriptModel::SenderNameRole).toString();
    if (kind == u"note")
        return MessageDelegate::tr("Note by %1").arg(name);
    return name;
}

QString footer(const QModelIndex &index)
{
    const QDateTime time = index.data(TranscriptModel::TimestampRole).toDateTime();
    QString text = time.isValid()
        ? QLocale().toString(time.toLocalTime().time(), QLocale::ShortFormat)
        : QString();
    switch (DeliveryState(index.data(TranscriptModel::DeliveryRole).toInt())) {
    case DeliveryState::Pending:
        text = MessageDelegate::tr("sending…");
        break;
    case DeliveryState::Sent:
        text += u"  ✓"_s;
        break;
    case DeliveryState::Delivered:
        text += u"  ✓✓"_s;
        break;
    case DeliveryState::Read:
        text += u"  ✓✓ "_s + MessageDelegate::tr("read");
        break;
    case DeliveryState::None:
        break;
    }
    return text;
}

} // namespace

MessageDelegate::MessageDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{
}

MessageDelegate::Layout MessageDelegate::layout(
    const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    Layout result;
    QRect area = option.rect;
    if (index.data(TranscriptModel::DayBreakRole).toBool()) {
        result.separator = QRect(area.left(), area.top(), area.width(), separatorHeight);
        area.setTop(area.top() + separatorHeight);
    }
    const QString kind = index.data(TranscriptModel::KindRole).toString();
    const QFontMetrics metrics(option.font);
    const int maxWidth = qMax(120, area.width() * 7 / 10);
    const int flags = Qt::TextWordWrap;
    if (kind == u"event") {
        const QRect text = metrics.boundingRect(QRect(0, 0, area.width() - 2 * margin, 10000),
            flags | Qt::AlignHCenter, index.data(TranscriptModel::TextRole).toString());
        result.text = QRect(area.left() + margin, area.top() + margin / 2,
            area.width() - 2 * margin, text.height());
        result.bubble = result.text;
        return result;
    }
    const QRect text = metrics.boundingRect(QRect(0, 0, maxWidth - 2 * padding, 10000), flags,
        index.data(TranscriptModel::TextRole).toString());
    const int headerWidth = metrics.horizontalAdvance(header(index));
    const int footerWidth = metrics.horizontalAdvance(footer(index));
    const int innerWidth
        = qMin(maxWidth - 2 * padding, qMax(text.width(), qMax(headerWidth, footerWidth)) + 2);
    const int lineHeight = metrics.height();
    const int bubbleWidth = innerWidth + 2 * padding;
    const int bubbleHeight = lineHeight + text.height() + lineHeight + 2 * padding;
    const bool outgoing = index.data(TranscriptModel::OutgoingRole).toBool();
    const int left = outgoing ? area.right() - margin - bubbleWidth : area.left() + margin;
    result.bubble = QRect(left, area.top() + margin / 2, bubbleWidth, bubbleHeight);
    const QRect inner = result.bubble.adjusted(padding, padding, -padding, -padding);
    result.header = QRect(inner.left(), inner.top(), inner.width(), lineHeight);
    result.text = QRect(inner.left(), inner.top() + lineHeight, inner.width(), text.height());
    result.footer = QRect(inner.left(), result.text.bottom() + 1, inner.width(), lineHeight);
    return result;
}

QSize MessageDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    constexpr qsizetype maxCachedHeights = 20000;
    const qint64 seq = index.data(TranscriptModel::SeqRole).toLongLong();
    const auto *transcript = qobject_cast<const TranscriptModel *>(index.model());
    QString key = transcript ? transcript->conversation() : QString();
    key += u'/';
    if (seq > 0)
        key += QString::number(seq);
    else
        key += u'p' + index.data(TranscriptModel::ClientIdRole).toString();
    if (index.data(TranscriptModel::DayBreakRole).toBool())
        key += u"+d";
    if (option.rect.width() != m_heightsWidth || m_heights.size() > maxCachedHeights) {
        m_heights.clear();
        m_heightsWidth = option.rect.width();
    }
    if (const auto cached = m_heights.constFind(key); cached != m_heights.cend())
        return QSize(option.rect.width(), *cached);
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const Layout parts = layout(opt, index);
    const int height = parts.bubble.bottom() - opt.rect.top() + margin;
    m_heights.insert(key, height);
    return QSize(opt.rect.width(), height);
}

void MessageDelegate::paint(
    QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const Layout parts = layout(opt, index);
    const QPalette &palette = opt.palette;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setFont(opt.font);

    if (!parts.separator.isEmpty()) {
        const QDateTime time = index.data(TranscriptModel::TimestampRole).toDateTime();
        const QString day = QLocale().toString(time.toLocalTime().date(), QLocale::LongFormat);
        painter->setPen(palette.color(QPalette::PlaceholderText));
        const int y = parts.separator.center().y();
        const int textWidth = opt.fontMetrics.horizontalAdvance(day) + 2 * padding;
        const int mid = parts.separator.center().x();
        painter->drawLine(parts.separator.left() + margin, y, mid - textWidth / 2, y);
        painter->drawLine(mid + textWidth / 2, y, parts.separator.right() - margin, y);
        painter->drawText(parts.separator, Qt::AlignCenter, day);
    }

    const QString kind = index.data(TranscriptModel::KindRole).toString();
    const QString text = index.data(TranscriptModel::TextRole).toString();
    if (kind == u"event") {
        QFont italic = opt.font;
        italic.setItalic(true);
        painter->setFont(italic);
        painter->setPen(palette.color(QPalette::PlaceholderText));
        painter->drawText(parts.text, Qt::AlignHCenter | Qt::TextWordWrap, text);
        painter->restore();
        return;
    }

    const bool outgoing = index.data(TranscriptModel::OutgoingRole).toBool();
    QColor fill = outgoing ? QColor(0xd7, 0xe8, 0xff) : QColor(0xf0, 0xf0, 0xf0);
    QColor border = fill.darker(115);
    if (kind == u"note") {
        fill = QColor(0xff, 0xf4, 0xc2);
        border = QColor(0xd9, 0xa4, 0x00);
    }
    QPainterPath path;
    path.addRoundedRect(parts.bubble, 10, 10);
    painter->setPen(
        QPen(border, kind == u"note" ? 1.5 : 1.0, kind == u"note" ? Qt::DashLine : Qt::SolidLine));
    painter->fillPath(path, fill);
    painter->drawPath(path);
    if (index.data(TranscriptModel::MarkedRole).toBool()) {
        // The message a search hit opened: a ring the reader's eye finds at once.
        QPainterPath ring;
        ring.addRoundedRect(QRectF(parts.bubble).adjusted(-3, -3, 3, 3), 12, 12);
        painter->setPen(QPen(QColor(0xe0, 0x7b, 0x00), 2.5));
        painter->drawPath(ring);
    }

    QFont bold = opt.font;
    bold.setBold(true);
    painter->setFont(bold);
    painter->setPen(QColor(0x33, 0x33, 0x33));
    painter->drawText(parts.header, Qt::AlignLeft | Qt::AlignVCenter, header(index));
    painter->setFont(opt.font);
    painter->setPen(Qt::black);
    painter->drawText(parts.text, Qt::AlignLeft | Qt::TextWordWrap, text);
    painter->setPen(QColor(0x66, 0x66, 0x66));
    painter->drawText(parts.footer, Qt::AlignRight | Qt::AlignVCenter, footer(index));
    painter->restore();
}

} // namespace switchboard::ui
