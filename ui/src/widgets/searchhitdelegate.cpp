#include "searchhitdelegate.h"

#include <QApplication>
#include <QDateTime>
#include <QLocale>
#include <QPainter>
#include <QTextLayout>
#include <models/searchresultmodel.h>

using namespace Qt::StringLiterals;

namespace switchboard::ui {

namespace {

constexpr int padding = 6;

QString stateText(const QString &state)
{
    if (state == u"queued")
        return SearchHitDelegate::tr("waiting");
    if (state == u"assigned")
        return SearchHitDelegate::tr("open");
    return SearchHitDelegate::tr("closed");
}

} // namespace

SearchHitDelegate::SearchHitDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{
}

QSize SearchHitDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    const QFontMetrics metrics(option.font);
    return QSize(option.rect.width(), 3 * metrics.height() + 2 * padding + 4);
}

void SearchHitDelegate::paint(
    QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, widget);

    const bool selected = opt.state & QStyle::State_Selected;
    const QPalette &palette = opt.palette;
    const QColor textColor = palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    const QFontMetrics metrics(opt.font);
    const int line = metrics.height();
    const QRect area = opt.rect.adjusted(padding, padding, -padding, -padding);
    painter->save();

    // Line 1: customer (bold), state and time on the right.
    const QDateTime time = index.data(SearchResultModel::TimestampRole).toDateTime();
    const QString when
        = time.isValid() ? QLocale().toString(time.toLocalTime(), QLocale::ShortFormat) : QString();
    const QString right
        = stateText(index.data(SearchResultModel::StateRole).toString()) + u" · "_s + when;
    const int rightWidth = metrics.horizontalAdvance(right);
    QFont bold = opt.font;
    bold.setBold(true);
    painter->setFont(bold);
    painter->setPen(textColor);
    QString customer = index.data(SearchResultModel::CustomerNameRole).toString();
    if (customer.isEmpty())
        customer = tr("Visitor");
    const QRect top(area.left(), area.top(), area.width() - rightWidth - padding, line);
    painter->drawText(top, Qt::AlignLeft | Qt::AlignVCenter,
        QFontMetrics(bold).elidedText(customer, Qt::ElideRight, top.width()));
    painter->setFont(opt.font);
    painter->setPen(selected ? textColor : palette.color(QPalette::PlaceholderText));
    painter->drawText(QRect(area.right() - rightWidth, area.top(), rightWidth, line),
        Qt::AlignRight | Qt::AlignVCenter, right);

    // Line 2: the snippet, its matched words on a yellow ground.
    const QString snippet = index.data(SearchResultModel::SnippetRole).toString();
    QList<QTextLayout::FormatRange> formats;
    for (const QVariant &value : index.data(SearchResultModel::HighlightsRole).toList()) {
        const QPoint range = value.toPoint();
        QTextLayout::FormatRange format;
        format.start = range.x();
        format.length = range.y();
        format.format.setBackground(QColor(0xff, 0xe0, 0x66));
        format.format.setForeground(QColor(Qt::black));
        format.format.setFontWeight(QFont::Bold);
        formats.append(format);
    }
    QString shown = snippet;
    shown.replace(u'\n', QChar::LineSeparator);
    QTextLayout layout(shown, opt.font);
    QTextOption textOption;
    textOption.setWrapMode(QTextOption::NoWrap);
    layout.setTextOption(textOption);
    layout.setFormats(formats);
    layout.beginLayout();
    QTextLine textLine = layout.createLine();
    if (textLine.isValid())
        textLine.setLineWidth(100000);
    layout.endLayout();
    painter->setPen(textColor);
    painter->setClipRect(QRect(area.left(), area.top() + line, area.width(), line + 2));
    layout.draw(painter, QPointF(area.left(), area.top() + line + 2));
    painter->setClipping(false);

    // Line 3: who wrote it, the team and the agent.
    QStringList facts;
    const QString sender = index.data(SearchResultModel::SenderNameRole).toString();
    const QString kind = index.data(SearchResultModel::KindRole).toString();
    if (!sender.isEmpty())
        facts.append(kind == u"note" ? tr("note by %1").arg(sender) : tr("by %1").arg(sender));
    const QString team = index.data(SearchResultModel::TeamRole).toString();
    if (!team.isEmpty())
        facts.append(tr("team %1").arg(team));
    const QString agent = index.data(SearchResultModel::AgentNameRole).toString();
    if (!agent.isEmpty())
        facts.append(tr("agent %1").arg(agent));
    painter->setPen(selected ? textColor : palette.color(QPalette::PlaceholderText));
    const QRect bottom(area.left(), area.top() + 2 * line + 4, area.width(), line);
    painter->drawText(bottom, Qt::AlignLeft | Qt::AlignVCenter,
        metrics.elidedText(facts.join(u" · "_s), Qt::ElideRight, bottom.width()));
    painter->restore();
}

} // namespace switchboard::ui
