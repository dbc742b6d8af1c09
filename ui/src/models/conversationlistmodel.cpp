#include "conversationlistmodel.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace switchboard::ui {

ConversationListModel::ConversationListModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

int ConversationListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ConversationListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const ConversationInfo &info = row.info;
    switch (role) {
    case Qt::DisplayRole:
    case CustomerNameRole:
        return info.customerName.isEmpty() ? tr("Visitor") : info.customerName;
    case Qt::ToolTipRole:
        return info.customerEmail;
    case IdRole:
        return info.id;
    case CustomerEmailRole:
        return info.customerEmail;
    case CustomerPageRole:
        return info.customerPage;
    case LastLineRole:
        return row.lastLine;
    case LastActivityRole: {
        const qint64 ms = row.lastActivityMs > 0 ? row.lastActivityMs : info.createdMs;
        return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC) : QDateTime();
    }
    case WaitingSinceRole:
        return info.state == protocol::ConversationState::Queued && info.waitingSinceMs > 0
            ? QDateTime::fromMSecsSinceEpoch(info.waitingSinceMs, Qt::UTC)
            : QDateTime();
    case UnreadRole:
        return info.unread;
    case StateRole:
        return protocol::stateName(info.state);
    case AgentLoginRole:
        return info.agentLogin;
    case TeamRole:
        return info.team;
    default:
        return {};
    }
}

QHash<int, QByteArray> ConversationListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(IdRole, "conversationId");
    names.insert(CustomerNameRole, "customerName");
    names.insert(CustomerEmailRole, "customerEmail");
    names.insert(CustomerPageRole, "customerPage");
    names.insert(LastLineRole, "lastLine");
    names.insert(LastActivityRole, "lastActivity");
    names.insert(WaitingSinceRole, "waitingSince");
    names.insert(UnreadRole, "unread");
    names.insert(StateRole, "state");
    names.insert(AgentLoginRole, "agentLogin");
    names.insert(TeamRole, "team");
    return names;
}

void ConversationListModel::reset(const QList<ConversationInfo> &conversations)
{
    // Keep what only this console knows (last lines) for conversations that remain.
    QHash<QString, Row> previous;
    for (const Row &row : std::as_const(m_rows))
        previous.insert(row.info.id, row);
    beginResetModel();
    m_rows.clear();
    for (const ConversationInfo &info : conversations) {
        if (info.state == protocol::ConversationState::Closed)
            continue;
        Row row = previous.value(info.id);
        row.info = info;
        m_rows.append(row);
    }
    endResetModel();
    Q_EMIT totalUnreadChanged(totalUnread());
}

void ConversationListModel::upsert(const ConversationInfo &conversation)
{
    if (conversation.state == protocol::ConversationState::Closed) {
        remove(conversation.id);
        return;
    }
    const int row = rowOf(conversation.id);
    if (row < 0) {
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size()));
        m_rows.append(Row { conversation, {}, 0, 0 });
        endInsertRows();
    } else {
        ConversationInfo &info = m_rows[row].info;
        const int unread = info.unread;
        info = conversation;
        info.unread = qMax(unread, conversation.unread);
        changed(row);
    }
    Q_EMIT totalUnreadChanged(totalUnread());
}

void ConversationListModel::remove(const QString &id)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
    Q_EMIT totalUnreadChanged(totalUnread());
}

void ConversationListModel::addMessage(const ChatMessage &message)
{
    const int row = rowOf(message.conversation);
    if (row < 0)
        return;
    Row &entry = m_rows[row];
    // Up to the conversation's seq from the server, its unread count already includes it
    // (a sync after a reconnect repeats such messages).
    const bool counted = message.seq > 0 && message.seq <= entry.info.seq;
    entry.info.seq = qMax(entry.info.seq, message.seq);
    if (message.kind != protocol::MessageKind::Note && message.seq >= entry.lastLineSeq) {
        entry.lastLine = message.text.section(QLatin1Char('\n'), 0, 0);
        entry.lastLineSeq = message.seq;
        entry.lastActivityMs = message.timestampMs;
    }
    if (!counted && message.fromRole == protocol::Role::Customer
        && (message.conversation != m_current || !m_reading))
        ++entry.info.unread;
    changed(row);
    Q_EMIT totalUnreadChanged(totalUnread());
}

void ConversationListModel::setCurrent(const QString &id)
{
    m_current = id;
    markRead(id);
}

void ConversationListModel::setReading(bool reading)
{
    m_reading = reading;
    if (reading)
        markRead(m_current);
}

void ConversationListModel::markRead(const QString &id)
{
    const int row = rowOf(id);
    if (row < 0 || m_rows[row].info.unread == 0)
        return;
    m_rows[row].info.unread = 0;
    changed(row);
    Q_EMIT totalUnreadChanged(totalUnread());
}

int ConversationListModel::rowOf(const QString &id) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).info.id == id)
            return row;
    }
    return -1;
}

ConversationInfo ConversationListModel::conversation(const QString &id) const
{
    const int row = rowOf(id);
    return row < 0 ? ConversationInfo() : m_rows.at(row).info;
}

int ConversationListModel::totalUnread() const
{
    int total = 0;
    for (const Row &row : m_rows)
        total += row.info.unread;
    return total;
}

void ConversationListModel::changed(int row)
{
    const QModelIndex at = index(row);
    Q_EMIT dataChanged(at, at);
}

} // namespace switchboard::ui
