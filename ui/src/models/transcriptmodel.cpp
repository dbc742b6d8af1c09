#include "transcriptmodel.h"

#include <QDateTime>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace switchboard::ui {

namespace {

bool isStaff(const ChatMessage &message)
{
    return protocol::isStaff(message.fromRole);
}

} // namespace

TranscriptModel::TranscriptModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

int TranscriptModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant TranscriptModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ChatMessage &message = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case TextRole:
        return message.text;
    case KindRole:
        return protocol::kindName(message.kind);
    case SenderRoleRole:
        return protocol::roleName(message.fromRole);
    case SenderNameRole:
        return message.fromName;
    case TimestampRole:
        return message.timestampMs > 0
            ? QDateTime::fromMSecsSinceEpoch(message.timestampMs, Qt::UTC)
            : QDateTime();
    case SeqRole:
        return message.seq;
    case ClientIdRole:
        return message.clientId;
    case DeliveryRole:
        return int(deliveryOf(message));
    case OutgoingRole:
        return isStaff(message);
    case DayBreakRole:
        return startsDay(index.row());
    case MarkedRole:
        return m_anchorSeq > 0 && message.seq == m_anchorSeq;
    default:
        return {};
    }
}

QHash<int, QByteArray> TranscriptModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(TextRole, "text");
    names.insert(KindRole, "kind");
    names.insert(SenderRoleRole, "senderRole");
    names.insert(SenderNameRole, "senderName");
    names.insert(TimestampRole, "timestamp");
    names.insert(SeqRole, "seq");
    names.insert(ClientIdRole, "clientId");
    names.insert(DeliveryRole, "delivery");
    names.insert(OutgoingRole, "outgoing");
    names.insert(DayBreakRole, "dayBreak");
    names.insert(MarkedRole, "marked");
    return names;
}

void TranscriptModel::setConversation(const QString &conversation)
{
    beginResetModel();
    m_conversation = conversation;
    m_rows.clear();
    m_hasMoreBefore = !conversation.isEmpty();
    m_historyPending = false;
    m_anchorSeq = 0;
    m_hasMoreAfter = false;
    m_anchorPending = false;
    m_newerBefore = 0;
    m_deliveredSeq = 0;
    m_readSeq = 0;
    endResetModel();
    requestOlder();
}

void TranscriptModel::setConversationAt(const QString &conversation, qint64 seq)
{
    if (seq <= 0) {
        setConversation(conversation);
        return;
    }
    beginResetModel();
    m_conversation = conversation;
    m_rows.clear();
    m_hasMoreBefore = true;
    m_historyPending = true;
    m_anchorSeq = seq;
    m_hasMoreAfter = true;
    m_anchorPending = true;
    m_newerBefore = 0;
    m_deliveredSeq = 0;
    m_readSeq = 0;
    endResetModel();
    Q_EMIT olderMessagesNeeded(m_conversation, seq + 1);
}

int TranscriptModel::rowOfSeq(qint64 seq) const
{
    const qsizetype sequenced = sequencedCount();
    const auto begin = m_rows.cbegin();
    const auto at = std::lower_bound(begin, begin + sequenced, seq,
        [](const ChatMessage &row, qint64 value) { return row.seq < value; });
    return at != begin + sequenced && at->seq == seq ? int(at - begin) : -1;
}

void TranscriptModel::requestNewer()
{
    if (m_conversation.isEmpty() || !m_hasMoreAfter || m_historyPending)
        return;
    const qsizetype sequenced = sequencedCount();
    const qint64 newest = sequenced > 0 ? m_rows.at(sequenced - 1).seq : m_anchorSeq;
    m_historyPending = true;
    m_newerBefore = newest + 1 + protocol::maxHistoryLimit;
    Q_EMIT newerMessagesNeeded(m_conversation, m_newerBefore, protocol::maxHistoryLimit);
}

void TranscriptModel::addNewerPage(const QList<ChatMessage> &messages)
{
    qint64 newest = 0;
    for (const ChatMessage &message : messages) {
        newest = qMax(newest, message.seq);
        merge(message);
    }
    // A page that stops short of what was asked for reached the newest message.
    m_hasMoreAfter = newest >= m_newerBefore - 1;
    m_newerBefore = 0;
    requestNewer();
}

void TranscriptModel::requestOlder()
{
    if (m_conversation.isEmpty() || !m_hasMoreBefore || m_historyPending)
        return;
    m_historyPending = true;
    const qint64 oldest = sequencedCount() > 0 ? m_rows.first().seq : 0;
    Q_EMIT olderMessagesNeeded(m_conversation, oldest);
}

void TranscriptModel::repeatUnansweredRequest()
{
    if (!m_historyPending)
        return;
    m_historyPending = false;
    if (m_anchorPending) {
        m_historyPending = true;
        Q_EMIT olderMessagesNeeded(m_conversation, m_anchorSeq + 1);
    } else if (m_newerBefore > 0) {
        m_newerBefore = 0;
        requestNewer();
    } else {
        requestOlder();
    }
}

void TranscriptModel::addHistory(
    const QString &conversation, const QList<ChatMessage> &messages, bool hasMore)
{
    if (conversation != m_conversation)
        return;
    if (m_anchorPending) {
        // The page asked for ends with the anchor; one reaching past it answered an earlier
        // request (the newest page) and is not the one awaited.
        const bool pastAnchor = std::any_of(messages.cbegin(), messages.cend(),
            [this](const ChatMessage &message) { return message.seq > m_anchorSeq; });
        if (pastAnchor)
            return;
    }
    m_historyPending = false;
    if (m_newerBefore > 0) {
        addNewerPage(messages);
        return;
    }
    m_hasMoreBefore = hasMore;
    if (m_anchorPending) {
        m_anchorPending = false;
        for (const ChatMessage &message : messages)
            merge(message);
        Q_EMIT anchorLoaded(rowOfSeq(m_anchorSeq));
        requestNewer();
        return;
    }
    // The usual page lies wholly before what is held: one insertion, so a view lays out once.
    const qsizetype sequenced = sequencedCount();
    const qint64 oldestHeld = sequenced > 0 ? m_rows.first().seq : 0;
    QList<ChatMessage> older;
    older.reserve(messages.size());
    qint64 previous = 0;
    bool ordered = true;
    for (const ChatMessage &message : messages) {
        if (message.isPending())
            continue;
        ordered = ordered && message.seq > previous && (oldestHeld == 0 || message.seq < oldestHeld)
            && pendingRow(message.clientId) < 0;
        previous = message.seq;
        older.append(message);
    }
    if (!ordered || older.isEmpty()) {
        for (const ChatMessage &message : messages)
            merge(message);
        return;
    }
    beginInsertRows({}, 0, int(older.size()) - 1);
    m_rows = older + m_rows;
    endInsertRows();
    if (older.size() < m_rows.size()) {
        const QModelIndex next = index(int(older.size()));
        Q_EMIT dataChanged(next, next, { DayBreakRole });
    }
}

void TranscriptModel::addMessage(const ChatMessage &message)
{
    if (message.conversation != m_conversation)
        return;
    merge(message);
    trimOldest();
}

void TranscriptModel::addPending(const ChatMessage &message)
{
    if (message.conversation != m_conversation)
        return;
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    ChatMessage pending = message;
    pending.seq = 0;
    m_rows.append(pending);
    endInsertRows();
}

void TranscriptModel::acknowledge(
    const QString &conversation, const QString &clientId, qint64 seq, qint64 ms)
{
    if (conversation != m_conversation)
        return;
    const qsizetype row = pendingRow(clientId);
    if (row < 0)
        return; // already merged from a sync, or typed on another device
    ChatMessage message = m_rows.at(row);
    message.seq = seq;
    message.timestampMs = ms;
    merge(message); // also takes the pending row out
}

void TranscriptModel::removePending(const QString &clientId)
{
    const qsizetype row = pendingRow(clientId);
    if (row < 0)
        return;
    beginRemoveRows({}, int(row), int(row));
    m_rows.removeAt(row);
    endRemoveRows();
}

void TranscriptModel::setReceipt(
    const QString &conversation, protocol::ReceiptKind kind, qint64 seq)
{
    if (conversation != m_conversation)
        return;
    qint64 &mark = kind == protocol::ReceiptKind::Read ? m_readSeq : m_deliveredSeq;
    if (seq <= mark)
        return;
    mark = seq;
    if (kind == protocol::ReceiptKind::Read)
        m_deliveredSeq = qMax(m_deliveredSeq, seq);
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0), index(int(m_rows.size()) - 1), { DeliveryRole });
}

qsizetype TranscriptModel::sequencedCount() const
{
    const auto firstPending = std::find_if(m_rows.cbegin(), m_rows.cend(),
        [](const ChatMessage &message) { return message.isPending(); });
    return firstPending - m_rows.cbegin();
}

qsizetype TranscriptModel::pendingRow(const QString &clientId) const
{
    if (clientId.isEmpty())
        return -1;
    for (qsizetype row = sequencedCount(); row < m_rows.size(); ++row) {
        if (m_rows.at(row).clientId == clientId)
            return row;
    }
    return -1;
}

void TranscriptModel::merge(const ChatMessage &message)
{
    if (message.isPending())
        return;
    const qsizetype pending = pendingRow(message.clientId);
    if (pending >= 0 && isStaff(message)) {
        beginRemoveRows({}, int(pending), int(pending));
        m_rows.removeAt(pending);
        endRemoveRows();
    }
    const qsizetype sequenced = sequencedCount();
    const auto begin = m_rows.cbegin();
    const auto at = std::lower_bound(begin, begin + sequenced, message.seq,
        [](const ChatMessage &row, qint64 seq) { return row.seq < seq; });
    if (at != begin + sequenced && at->seq == message.seq)
        return; // already held
    const int row = int(at - begin);
    beginInsertRows({}, row, row);
    m_rows.insert(row, message);
    endInsertRows();
    if (row + 1 < m_rows.size()) {
        const QModelIndex next = index(row + 1);
        Q_EMIT dataChanged(next, next, { DayBreakRole });
    }
}

void TranscriptModel::trimOldest()
{
    const qsizetype excess = m_rows.size() - m_windowLimit;
    const qsizetype removable = qMin(excess, sequencedCount());
    if (removable <= 0)
        return;
    beginRemoveRows({}, 0, int(removable) - 1);
    m_rows.remove(0, removable);
    endRemoveRows();
    m_hasMoreBefore = true;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0), index(0), { DayBreakRole });
}

DeliveryState TranscriptModel::deliveryOf(const ChatMessage &message) const
{
    if (!isStaff(message) || message.kind != protocol::MessageKind::Text)
        return message.isPending() ? DeliveryState::Pending : DeliveryState::None;
    if (message.isPending())
        return DeliveryState::Pending;
    if (message.seq <= m_readSeq)
        return DeliveryState::Read;
    if (message.seq <= m_deliveredSeq)
        return DeliveryState::Delivered;
    return DeliveryState::Sent;
}

bool TranscriptModel::startsDay(qsizetype row) const
{
    const qint64 ms = m_rows.at(row).timestampMs;
    if (ms <= 0)
        return false;
    if (row == 0)
        return !m_hasMoreBefore;
    const qint64 previous = m_rows.at(row - 1).timestampMs;
    return previous <= 0
        || QDateTime::fromMSecsSinceEpoch(ms).date()
        != QDateTime::fromMSecsSinceEpoch(previous).date();
}

} // namespace switchboard::ui
