#pragma once

#include <QStyledItemDelegate>

namespace switchboard::ui {

// Paints a transcript row: a bubble (customer left, staff right), a note in its own colour
// and frame, a system event as a centred line, delivery ticks under our own messages, and a
// day separator above the first message of each day.
class MessageDelegate final : public QStyledItemDelegate {
    Q_OBJECT

public:
    explicit MessageDelegate(QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(MessageDelegate)

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    struct Layout {
        QRect separator; // empty when no day break
        QRect bubble;
        QRect header;
        QRect text;
        QRect footer;
    };
    Layout layout(const QStyleOptionViewItem &option, const QModelIndex &index) const;
};

} // namespace switchboard::ui
