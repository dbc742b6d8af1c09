#pragma once

#include <QObject>
#include <QPointer>

class QListView;
class QScrollBar;

namespace switchboard::ui {

class TranscriptModel;

// Keeps a transcript view where a reader expects it: at the newest message while the reader
// is there, still when older pages come in above, and asks the model for the page before when
// the reader nears the top (or when everything held fits on screen). A transcript opened at
// one message (a search hit) scrolls to it and marks it current.
class TranscriptScroller final : public QObject {
    Q_OBJECT

public:
    TranscriptScroller(QListView *view, TranscriptModel *model);
    Q_DISABLE_COPY_MOVE(TranscriptScroller)

    bool isFollowingNewest() const { return m_followNewest; }
    // Scrolls to a row and makes it the view's current one, and stops following the newest.
    void showAnchor(int row);

private:
    void onValueChanged(int value);
    void onRangeChanged(int minimum, int maximum);

    QPointer<QListView> m_view;
    QPointer<TranscriptModel> m_model;
    QScrollBar *m_bar = nullptr;
    bool m_followNewest = true;
    int m_lastMaximum = 0;
    bool m_pageAbove = false; // the last rows inserted went in above what the reader sees
};

} // namespace switchboard::ui
