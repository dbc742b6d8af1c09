#pragma once

#include <QSortFilterProxyModel>

namespace switchboard::ui {

// Shows one of the list's views: the queue, this agent's conversations, or everything.
class ConversationFilterModel final : public QSortFilterProxyModel {
    Q_OBJECT

public:
    enum class View { Queued, Mine, All };
    Q_ENUM(View)

    explicit ConversationFilterModel(QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(ConversationFilterModel)

    void setView(View view);
    View view() const { return m_view; }
    void setOwnLogin(const QString &login);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    View m_view = View::Mine;
    QString m_ownLogin;
};

} // namespace switchboard::ui
