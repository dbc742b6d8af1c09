#pragma once

class QAbstractItemModel;
class QTableView;
class QWidget;

namespace switchboard::ui {

// The dashboard's tables all look alike: whole rows selected, read-only, no row numbers,
// columns as wide as their contents but the last, which takes the rest.
class TableViews final {
public:
    TableViews() = delete;

    static QTableView *make(QAbstractItemModel *model, QWidget *parent);
};

} // namespace switchboard::ui
