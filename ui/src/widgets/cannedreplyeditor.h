#pragma once

#include <QDialog>
#include <models/cannedreplymodel.h>

class QLabel;
class QTableWidget;

namespace switchboard::ui {

// Edits the canned replies: a table of shortcut and text, rows added and removed. OK is
// refused while a shortcut is empty, has spaces or is used twice.
class CannedReplyEditor final : public QDialog {
    Q_OBJECT

public:
    explicit CannedReplyEditor(
        const QList<CannedReplyModel::Reply> &replies, QWidget *parent = nullptr);
    Q_DISABLE_COPY_MOVE(CannedReplyEditor)

    QList<CannedReplyModel::Reply> replies() const;
    void addReply(const QString &shortcut = {}, const QString &text = {});
    void removeReply(int row);
    QTableWidget *table() const { return m_table; }
    QString problem() const; // why OK is refused, or empty
    void accept() override;

private:
    QTableWidget *m_table = nullptr;
    QLabel *m_problem = nullptr;
};

} // namespace switchboard::ui
