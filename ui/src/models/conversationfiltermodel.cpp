#include "conversationfiltermodel.h"

#include "conversationlistmodel.h"

using namespace Qt::StringLiterals;

namespace switchboard::ui {

ConversationFilterModel::ConversationFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
}

void ConversationFilterModel::setView(View view)
{
    if (m_view == view)
        return;
    m_view = view;
    invalidateRowsFilter();
}

void ConversationFilterModel::setOwnLogin(const QString &login)
{
    m_ownLogin = login;
    invalidateRowsFilter();
}

bool ConversationFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    const QString state = index.data(ConversationListModel::StateRole).toString();
    switch (m_view) {
    case View::Queued:
        return state == u"queued";
    case View::Mine: {
        const QString agent = index.data(ConversationListModel::AgentLoginRole).toString();
        return state == u"assigned" && (agent.isEmpty() || agent == m_ownLogin);
    }
    case View::All:
        return true;
    }
    return false;
}

} // namespace switchboard::ui
