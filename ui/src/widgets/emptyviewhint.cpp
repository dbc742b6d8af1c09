#include "emptyviewhint.h"

#include <QAbstractItemModel>
#include <QAbstractItemView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace switchboard::ui {

EmptyViewHint::EmptyViewHint(QAbstractItemView *view)
    : QLabel(view->viewport())
    , m_view(view)
{
    setObjectName(u"emptyViewHint"_s);
    setWordWrap(true);
    setAlignment(Qt::AlignCenter);
    setMargin(16);
    setAttribute(Qt::WA_TransparentForMouseEvents);
    QPalette muted = palette();
    muted.setColor(QPalette::WindowText, muted.color(QPalette::PlaceholderText));
    setPalette(muted);
    auto *layout = new QVBoxLayout(view->viewport());
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(this);
    watch();
    refresh();
}

void EmptyViewHint::setHint(const QString &text)
{
    setText(text);
    refresh();
}

void EmptyViewHint::watch()
{
    QAbstractItemModel *model = m_view ? m_view->model() : nullptr;
    if (!model)
        return;
    connect(model, &QAbstractItemModel::rowsInserted, this, &EmptyViewHint::refresh);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &EmptyViewHint::refresh);
    connect(model, &QAbstractItemModel::modelReset, this, &EmptyViewHint::refresh);
    connect(model, &QAbstractItemModel::layoutChanged, this, &EmptyViewHint::refresh);
}

void EmptyViewHint::refresh()
{
    const QAbstractItemModel *model = m_view ? m_view->model() : nullptr;
    setVisible(!text().isEmpty() && (!model || model->rowCount() == 0));
}

} // namespace switchboard::ui
