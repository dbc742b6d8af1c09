#include "tableviews.h"

#include <QAbstractItemModel>
#include <QHeaderView>
#include <QTableView>

namespace switchboard::ui {

QTableView *TableViews::make(QAbstractItemModel *model, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->verticalHeader()->hide();
    // Every column as wide as its contents but the last, which takes the rest and elides.
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->horizontalHeader()->setSectionResizeMode(model->columnCount() - 1, QHeaderView::Stretch);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    // Inserted rows do not re-measure the columns by themselves.
    QObject::connect(model, &QAbstractItemModel::rowsInserted, view,
        [view] { view->resizeColumnsToContents(); });
    return view;
}

} // namespace switchboard::ui
