#include "operationsconversationmodel.h"

#include <QDateTime>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace switchboard::ui {

namespace {

qint64 queuedSince(const ConversationInfo &conversation)
{
    return conversation.waitingSinceMs > 0 ? conversation.waitingSinceMs : conversation.createdMs;
}

QString formatWait(qint64 seconds)
{
    if (seconds < 60)
        return u"%1 s"_s.arg(seconds);
    if (seconds < 3600)
        return u"%1:%2"_s.arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return u"%1 h %2 min"_s.arg(seconds / 3600).arg((seconds % 3600) / 60);
}

} // namespace

OperationsConversationModel::OperationsConversationModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_nowMs(QDateTime::currentMSecsSinceEpoch())
{
}

void OperationsConversationModel::setConversations(const QList<ConversationInfo> &conversations)
{
    beginResetModel();
    m_conversations.clear();
    for (const ConversationInfo &conversation : conversations) {
        if (conversation.state != protocol::ConversationState::Closed)
            m_conversations.append(conversation);
    }
    sortRows();
    endResetModel();
}

void OperationsConversationModel::update(const ConversationInfo &conversation)
{
    const qsizetype row = indexOf(conversation.id);
    if (conversation.state == protocol::ConversationState::Closed) {
        if (row >= 0) {
            beginRemoveRows({}, int(row), int(row));
            m_conversations.removeAt(row);
            endRemoveRows();
        }
        return;
    }
    // Rows may move (queue order), so a change is a small reset: the table is short.
    beginResetModel();
    if (row >= 0) {
        ConversationInfo merged = conversation;
        const ConversationInfo &known = m_conversations.at(row);
        if (merged.customerName.isEmpty())
            merged.customerName = known.customerName;
        if (merged.team.isEmpty())
            merged.team = known.team;
        if (merged.createdMs == 0)
            merged.createdMs = known.createdMs;
        m_conversations[row] = merged;
    } else {
        m_conversations.append(conversation);
    }
    sortRows();
    endResetModel();
}

void OperationsConversationModel::tick(qint64 nowMs)
{
    m_nowMs = nowMs;
    if (!m_conversations.isEmpty())
        Q_EMIT dataChanged(
            index(0, WaitColumn), index(int(m_conversations.size()) - 1, WaitColumn));
}

qsizetype OperationsConversationModel::queuedCount() const
{
    return std::count_if(m_conversations.cbegin(), m_conversations.cend(),
        [](const ConversationInfo &c) { return c.state == protocol::ConversationState::Queued; });
}

qsizetype OperationsConversationModel::indexOf(const QString &id) const
{
    for (qsizetype row = 0; row < m_conversations.size(); ++row) {
        if (m_conversations.at(row).id == id)
            return row;
    }
    return -1;
}

qint64 OperationsConversationModel::waitSeconds(qsizetype row) const
{
    const ConversationInfo &conversation = m_conversations.at(row);
    if (conversation.state != protocol::ConversationState::Queued)
        return 0;
    const qint64 since = queuedSince(conversation);
    return since > 0 ? std::max<qint64>(0, (m_nowMs - since) / 1000) : 0;
}

void OperationsConversationModel::sortRows()
{
    std::stable_sort(m_conversations.begin(), m_conversations.end(),
        [](const ConversationInfo &a, const ConversationInfo &b) {
            const bool aQueued = a.state == protocol::ConversationState::Queued;
            const bool bQueued = b.state == protocol::ConversationState::Queued;
            if (aQueued != bQueued)
                return aQueued;
            if (aQueued)
                return queuedSince(a) < queuedSince(b);
            return a.createdMs < b.createdMs;
        });
}

int OperationsConversationModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_conversations.size());
}

int OperationsConversationModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OperationsConversationModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ConversationInfo &conversation = m_conversations.at(index.row());
    const bool queued = conversation.state == protocol::ConversationState::Queued;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case CustomerColumn:
            return conversation.customerName.isEmpty() ? tr("Visitor") : conversation.customerName;
        case StateColumn:
            return queued ? tr("Queued #%1").arg(conversation.queuePosition) : tr("Assigned");
        case AgentColumn:
            return conversation.agentName.isEmpty() ? conversation.agentLogin
                                                    : conversation.agentName;
        case TeamColumn:
            return conversation.team;
        case WaitColumn:
            return queued ? formatWait(waitSeconds(index.row())) : QString();
        default:
            return {};
        }
    case IdRole:
        return conversation.id;
    case StateRole:
        return queued ? u"queued"_s : u"assigned"_s;
    case WaitSecondsRole:
        return waitSeconds(index.row());
    case QueuePositionRole:
        return conversation.queuePosition;
    default:
        return {};
    }
}

QVariant OperationsConversationModel::headerData(
    int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case CustomerColumn:
        return tr("Customer");
    case StateColumn:
        return tr("State");
    case AgentColumn:
        return tr("Agent");
    case TeamColumn:
        return tr("Team");
    case WaitColumn:
        return tr("Waiting");
    default:
        return {};
    }
}

QHash<int, QByteArray> OperationsConversationModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(IdRole, "conversationId");
    names.insert(StateRole, "state");
    names.insert(WaitSecondsRole, "waitSeconds");
    names.insert(QueuePositionRole, "queuePosition");
    return names;
}

} // namespace switchboard::ui
