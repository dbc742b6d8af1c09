#include "searchresultmodel.h"

#include <QDateTime>
#include <QPoint>
#include <QVariantList>

using namespace Qt::StringLiterals;

namespace switchboard::ui {

SearchResultModel::SearchResultModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

int SearchResultModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_hits.size());
}

QVariant SearchResultModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SearchHit &hit = m_hits.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return hit.customerName.isEmpty() ? hit.snippet : hit.customerName + u": "_s + hit.snippet;
    case Qt::ToolTipRole:
        return hit.snippet;
    case ConversationRole:
        return hit.conversation;
    case SeqRole:
        return hit.seq;
    case SnippetRole:
        return hit.snippet;
    case HighlightsRole: {
        QVariantList ranges;
        ranges.reserve(hit.highlights.size());
        for (const SearchHit::Range &range : hit.highlights)
            ranges.append(QPoint(range.offset, range.length));
        return ranges;
    }
    case KindRole:
        return hit.kind;
    case SenderNameRole:
        return hit.fromName;
    case CustomerNameRole:
        return hit.customerName;
    case CustomerEmailRole:
        return hit.customerEmail;
    case StateRole:
        return protocol::stateName(hit.state);
    case TeamRole:
        return hit.team;
    case AgentNameRole:
        return hit.agentName;
    case TimestampRole: {
        const qint64 ms = hit.isMessage() || hit.timestampMs > 0 ? hit.timestampMs : hit.createdMs;
        return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC) : QDateTime();
    }
    default:
        return {};
    }
}

QHash<int, QByteArray> SearchResultModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(ConversationRole, "conversation");
    names.insert(SeqRole, "seq");
    names.insert(SnippetRole, "snippet");
    names.insert(HighlightsRole, "highlights");
    names.insert(KindRole, "kind");
    names.insert(SenderNameRole, "senderName");
    names.insert(CustomerNameRole, "customerName");
    names.insert(CustomerEmailRole, "customerEmail");
    names.insert(StateRole, "state");
    names.insert(TeamRole, "team");
    names.insert(AgentNameRole, "agentName");
    names.insert(TimestampRole, "timestamp");
    return names;
}

void SearchResultModel::setResults(
    const QList<SearchHit> &hits, qint64 total, bool totalCapped, bool hasMore)
{
    beginResetModel();
    m_hits = hits;
    m_total = total;
    m_totalCapped = totalCapped;
    m_hasMore = hasMore;
    endResetModel();
}

void SearchResultModel::appendResults(
    const QList<SearchHit> &hits, qint64 total, bool totalCapped, bool hasMore)
{
    m_total = total;
    m_totalCapped = totalCapped;
    m_hasMore = hasMore;
    if (hits.isEmpty())
        return;
    const int first = int(m_hits.size());
    beginInsertRows({}, first, first + int(hits.size()) - 1);
    m_hits.append(hits);
    endInsertRows();
}

void SearchResultModel::clear()
{
    setResults({}, 0, false, false);
}

} // namespace switchboard::ui
