#pragma once

#include <QAbstractListModel>
#include <QList>
#include <client/chatmessage.h>

namespace switchboard::ui {

// One conversation's transcript as a bounded window over its history. It starts with the
// newest page, asks for older pages (olderMessagesNeeded) when the view nears the top, and
// merges live messages, sync results and history by seq, so nothing shows twice. Messages
// typed here sit at the bottom as pending until their ack gives them a seq.
class TranscriptModel final : public QAbstractListModel {
    Q_OBJECT

public:
    enum Roles {
        TextRole = Qt::UserRole + 1,
        KindRole, // text, note, event
        SenderRoleRole, // customer, agent, supervisor, system
        SenderNameRole,
        TimestampRole, // QDateTime (UTC); invalid while pending
        SeqRole,
        ClientIdRole,
        DeliveryRole, // int(DeliveryState) for our own messages, None for others
        OutgoingRole, // written by staff: drawn on the right
        DayBreakRole, // the first message of a calendar day (local time) in the window
        MarkedRole, // the message the transcript was opened at (a search hit)
    };
    Q_ENUM(Roles)

    explicit TranscriptModel(QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(TranscriptModel)

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Shows another conversation (empty: none) and asks for its newest page.
    void setConversation(const QString &conversation);
    QString conversation() const { return m_conversation; }
    // Shows a conversation opened at one message (a search hit): the page that ends with it
    // first (anchorLoaded then names its row), then the messages after it, page by page, up to
    // the newest, so live messages join as usual.
    void setConversationAt(const QString &conversation, qint64 seq);
    qint64 anchorSeq() const { return m_anchorSeq; }
    int rowOfSeq(qint64 seq) const;
    bool hasMoreAfter() const { return m_hasMoreAfter; }
    // Asks for the page before the oldest message held, once at a time, while there is one.
    void requestOlder();
    // A page asked for while the connection dropped never comes: ask again after a reconnect.
    void repeatUnansweredRequest();
    bool hasMoreBefore() const { return m_hasMoreBefore; }
    void setWindowLimit(int rows) { m_windowLimit = qMax(1, rows); }

    void addHistory(const QString &conversation, const QList<ChatMessage> &messages, bool hasMore);
    void addMessage(const ChatMessage &message);
    void addPending(const ChatMessage &message);
    void acknowledge(const QString &conversation, const QString &clientId, qint64 seq, qint64 ms);
    void removePending(const QString &clientId);
    void setReceipt(const QString &conversation, protocol::ReceiptKind kind, qint64 seq);

Q_SIGNALS:
    void olderMessagesNeeded(const QString &conversation, qint64 beforeSeq);
    // Pages after the anchor: `history` with this before_seq and limit.
    void newerMessagesNeeded(const QString &conversation, qint64 beforeSeq, int limit);
    void anchorLoaded(int row);

private:
    qsizetype sequencedCount() const;
    qsizetype pendingRow(const QString &clientId) const;
    void merge(const ChatMessage &message);
    void requestNewer();
    void addNewerPage(const QList<ChatMessage> &messages);
    void trimOldest();
    DeliveryState deliveryOf(const ChatMessage &message) const;
    bool startsDay(qsizetype row) const;

    QString m_conversation;
    QList<ChatMessage> m_rows; // sequenced rows by seq, then pending rows in typing order
    bool m_hasMoreBefore = false;
    bool m_historyPending = false;
    qint64 m_anchorSeq = 0;
    bool m_hasMoreAfter = false;
    bool m_anchorPending = false; // the page ending with the anchor is asked for
    qint64 m_newerBefore = 0; // before_seq of the page after the anchor asked for; 0: none
    int m_windowLimit = 5000;
    qint64 m_deliveredSeq = 0;
    qint64 m_readSeq = 0;
};

} // namespace switchboard::ui
