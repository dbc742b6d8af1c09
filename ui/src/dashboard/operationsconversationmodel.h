#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <client/conversationinfo.h>

namespace switchboard::ui {

// The open conversations a supervisor sees (welcome, then `conversation` and `assigned`
// frames): the queue first, longest-waiting on top, then the assigned ones. A supervisor
// picks a row to monitor it.
class OperationsConversationModel final : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { CustomerColumn, StateColumn, AgentColumn, TeamColumn, WaitColumn, ColumnCount };
    enum Roles { IdRole = Qt::UserRole + 1, StateRole, WaitSecondsRole, QueuePositionRole };

    explicit OperationsConversationModel(QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(OperationsConversationModel)

    void setConversations(const QList<ConversationInfo> &conversations);
    void update(const ConversationInfo &conversation);
    // Moves the wait column on; call once a second.
    void tick(qint64 nowMs);

    qsizetype queuedCount() const;
    qsizetype indexOf(const QString &id) const;
    const ConversationInfo &at(qsizetype row) const { return m_conversations.at(row); }
    qint64 waitSeconds(qsizetype row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    void sortRows();

    QList<ConversationInfo> m_conversations;
    qint64 m_nowMs = 0;
};

} // namespace switchboard::ui
