#pragma once

#include <QAbstractListModel>
#include <QList>
#include <client/chatmessage.h>
#include <client/conversationinfo.h>

namespace switchboard::ui {

// The conversations this agent can see, one row each, in the order the server listed them
// (oldest first) with new ones appended. Filtering by queue lives in ConversationFilterModel.
class ConversationListModel final : public QAbstractListModel {
    Q_OBJECT

public:
    enum Roles {
        IdRole = Qt::UserRole + 1,
        CustomerNameRole,
        CustomerEmailRole,
        CustomerPageRole,
        LastLineRole,
        LastActivityRole, // QDateTime of the last message, or of the conversation's creation
        WaitingSinceRole, // QDateTime while queued
        UnreadRole,
        StateRole, // protocol state name: queued, assigned, closed
        AgentLoginRole,
        TeamRole,
    };
    Q_ENUM(Roles)

    explicit ConversationListModel(QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(ConversationListModel)

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    void reset(const QList<ConversationInfo> &conversations);
    void upsert(const ConversationInfo &conversation);
    void remove(const QString &id);
    // A message arrived: updates the last line; counts it unread unless it is ours or the
    // conversation is the one being read.
    void addMessage(const ChatMessage &message);
    void setCurrent(const QString &id);
    // Whether the agent is looking at the current conversation (the window is in front); while
    // not, its messages count as unread too. Back in front, the current one is read.
    void setReading(bool reading);
    bool isReading() const { return m_reading; }
    void markRead(const QString &id);

    int rowOf(const QString &id) const;
    ConversationInfo conversation(const QString &id) const;
    int totalUnread() const;

Q_SIGNALS:
    void totalUnreadChanged(int unread);

private:
    struct Row {
        ConversationInfo info;
        QString lastLine;
        qint64 lastLineSeq = 0;
        qint64 lastActivityMs = 0;
    };
    void changed(int row);

    QList<Row> m_rows;
    QString m_current;
    bool m_reading = true;
};

} // namespace switchboard::ui
