#pragma once

#include <QAbstractListModel>
#include <QList>
#include <client/searchhit.h>

namespace switchboard::ui {

// The hits of one search, newest first, as pages of a `search` answer come in ("more" appends
// the next page). Highlights are the server's [offset, length] ranges inside the snippet.
class SearchResultModel final : public QAbstractListModel {
    Q_OBJECT

public:
    enum Roles {
        ConversationRole = Qt::UserRole + 1,
        SeqRole,
        SnippetRole,
        HighlightsRole, // QVariantList of QPoint(offset, length)
        KindRole, // text, note; empty for a conversation hit
        SenderNameRole,
        CustomerNameRole,
        CustomerEmailRole,
        StateRole, // queued, assigned, closed
        TeamRole,
        AgentNameRole,
        TimestampRole, // QDateTime (UTC) of the message, or of the conversation's creation
    };
    Q_ENUM(Roles)

    explicit SearchResultModel(QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(SearchResultModel)

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // A new search's first page replaces what is shown; later pages are appended.
    void setResults(const QList<SearchHit> &hits, qint64 total, bool totalCapped, bool hasMore);
    void appendResults(const QList<SearchHit> &hits, qint64 total, bool totalCapped, bool hasMore);
    void clear();

    SearchHit hit(int row) const { return m_hits.value(row); }
    QList<SearchHit> hits() const { return m_hits; }
    qint64 total() const { return m_total; }
    bool isTotalCapped() const { return m_totalCapped; }
    bool hasMore() const { return m_hasMore; }

private:
    QList<SearchHit> m_hits;
    qint64 m_total = 0;
    bool m_totalCapped = false;
    bool m_hasMore = false;
};

} // namespace switchboard::ui
