#pragma once

#include <QPointer>
#include <QWidget>
#include <client/searchhit.h>
#include <client/searchquery.h>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QListView;
class QPushButton;
class QToolButton;

namespace switchboard::ui {

class ChatClient;
class SearchResultModel;

// Search across conversations: a box, a compact row of filters (dates, agent, team, customer,
// state) behind a toggle, the hits with their matched words highlighted, and "More results"
// for the next page. Activating a hit asks to open its conversation at that message.
class SearchPanel final : public QWidget {
    Q_OBJECT

public:
    explicit SearchPanel(ChatClient *client, QWidget *parent = nullptr);
    Q_DISABLE_COPY_MOVE(SearchPanel)

    static constexpr int defaultPageSize = 50;
    void setPageSize(int hits) { m_pageSize = qBound(1, hits, 200); }

    QLineEdit *searchBox() const { return m_text; }
    QListView *resultView() const { return m_view; }
    SearchResultModel *results() const { return m_results; }
    QPushButton *moreButton() const { return m_more; }
    QString statusText() const;
    // The filters as a query (text included, offset 0).
    SearchQuery query() const;
    // Sets the filters' widgets from a query (the text too); nothing is sent.
    void setQuery(const SearchQuery &query);
    void showFilters(bool shown);
    // Sends the query in the widgets as a new search; returns false when there is nothing to
    // search for (no text and no filter) or no connection.
    bool search();
    void fetchMore();

Q_SIGNALS:
    void hitActivated(const switchboard::ui::SearchHit &hit);

private:
    void onResults(const QString &request, const QList<SearchHit> &hits, qint64 total,
        bool totalCapped, bool hasMore);
    void onError(const QString &code, const QString &message, const QString &ref);
    void showStatus();

    QPointer<ChatClient> m_client;
    SearchResultModel *m_results = nullptr;
    QLineEdit *m_text = nullptr;
    QToolButton *m_filtersToggle = nullptr;
    QWidget *m_filters = nullptr;
    QCheckBox *m_fromEnabled = nullptr;
    QDateEdit *m_from = nullptr;
    QCheckBox *m_toEnabled = nullptr;
    QDateEdit *m_to = nullptr;
    QLineEdit *m_agent = nullptr;
    QLineEdit *m_team = nullptr;
    QLineEdit *m_customer = nullptr;
    QComboBox *m_state = nullptr;
    QLabel *m_status = nullptr;
    QListView *m_view = nullptr;
    QPushButton *m_more = nullptr;
    SearchQuery m_query; // the one shown
    QString m_request; // the answer awaited
    bool m_appending = false;
    int m_pageSize = defaultPageSize;
    QString m_error;
};

} // namespace switchboard::ui
