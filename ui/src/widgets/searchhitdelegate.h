#pragma once

#include <QStyledItemDelegate>

namespace switchboard::ui {

// One search hit in three lines: the customer, state and time; the snippet with the matched
// words highlighted; who wrote it, in which team.
class SearchHitDelegate final : public QStyledItemDelegate {
    Q_OBJECT

public:
    explicit SearchHitDelegate(QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(SearchHitDelegate)

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override;
};

} // namespace switchboard::ui
