#pragma once

#include <QHash>
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

    // Row heights by (conversation, seq or client_id, day break) at the last width: a committed
    // message never changes, so relayouts after a page comes in cost a lookup per row.
    mutable QHash<QString, int> m_heights;
    mutable int m_heightsWidth = -1;
};

} // namespace switchboard::ui
