#pragma once

#include <QLabel>
#include <QPointer>

class QAbstractItemView;

namespace switchboard::ui {

// A line of text over an item view while its model has no rows: what will appear there, so an
// empty list teaches instead of looking broken. Clicks go through to the view.
class EmptyViewHint final : public QLabel {
    Q_OBJECT

public:
    explicit EmptyViewHint(QAbstractItemView *view);
    Q_DISABLE_COPY_MOVE(EmptyViewHint)

    void setHint(const QString &text);
    // Whether the hint shows now (the model is empty and there is text to say).
    bool isShown() const { return !isHidden(); }

private:
    void refresh();
    void watch();

    QPointer<QAbstractItemView> m_view;
};

} // namespace switchboard::ui
