#pragma once

#include <QStyledItemDelegate>

namespace switchboard::ui {

// A conversation list row: the customer's name, the last line, how long they have waited
// (or when the last message came) and an unread badge.
class ConversationDelegate final : public QStyledItemDelegate {
    Q_OBJECT

public:
    explicit ConversationDelegate(QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(ConversationDelegate)

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // "3 min", "1 h 5 min": how long ago `since` was, for the row's corner.
    static QString elapsedText(const QDateTime &since, const QDateTime &now);
};

} // namespace switchboard::ui
