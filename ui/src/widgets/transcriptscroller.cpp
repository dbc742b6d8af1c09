#include "transcriptscroller.h"

#include <QListView>
#include <QScrollBar>
#include <models/transcriptmodel.h>

namespace switchboard::ui {

namespace {

constexpr int nearEdgePx = 40;

} // namespace

TranscriptScroller::TranscriptScroller(QListView *view, TranscriptModel *model)
    : QObject(view)
    , m_view(view)
    , m_model(model)
    , m_bar(view->verticalScrollBar())
{
    connect(m_bar, &QScrollBar::valueChanged, this, &TranscriptScroller::onValueChanged);
    connect(m_bar, &QScrollBar::rangeChanged, this, &TranscriptScroller::onRangeChanged);
    connect(model, &TranscriptModel::modelReset, this, [this] {
        m_followNewest = true;
        m_lastMaximum = 0;
        m_pageAbove = false;
    });
    connect(model, &TranscriptModel::rowsAboutToBeInserted, this,
        [this](const QModelIndex &, int first) {
            m_pageAbove = first == 0 && m_model && m_model->rowCount() > 0;
        });
    connect(model, &TranscriptModel::anchorLoaded, this, &TranscriptScroller::showAnchor);
}

void TranscriptScroller::showAnchor(int row)
{
    if (!m_view || !m_model || row < 0)
        return;
    // The reader came for this message: stay with it while the pages after it come in.
    m_followNewest = false;
    const QModelIndex index = m_model->index(row);
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index, QAbstractItemView::PositionAtCenter);
}

void TranscriptScroller::onValueChanged(int value)
{
    m_followNewest = value >= m_bar->maximum() - nearEdgePx / 4;
    if (value <= m_bar->minimum() + nearEdgePx && m_bar->maximum() > m_bar->minimum() && m_model)
        m_model->requestOlder();
}

void TranscriptScroller::onRangeChanged(int minimum, int maximum)
{
    const int grown = maximum - m_lastMaximum;
    m_lastMaximum = maximum;
    if (m_followNewest) {
        m_bar->setValue(maximum);
    } else if (grown > 0 && m_pageAbove && m_bar->value() <= minimum + nearEdgePx) {
        // An older page came in above what the reader looks at: keep it in place.
        m_bar->setValue(m_bar->value() + grown);
    }
    if (maximum <= minimum && m_model && m_model->rowCount() > 0)
        m_model->requestOlder(); // all of it fits: there is no top to scroll to
}

} // namespace switchboard::ui
