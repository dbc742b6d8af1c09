#include "searchpanel.h"

#include "searchhitdelegate.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QLocale>
#include <QPushButton>
#include <QTimeZone>
#include <QToolButton>
#include <QVBoxLayout>
#include <client/chatclient.h>
#include <models/searchresultmodel.h>

using namespace Qt::StringLiterals;

namespace switchboard::ui {

namespace {

qint64 startOfDayMs(const QDate &date)
{
    return date.startOfDay().toMSecsSinceEpoch();
}

} // namespace

SearchPanel::SearchPanel(ChatClient *client, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_results(new SearchResultModel(this))
{
    setObjectName(u"searchPanel"_s);
    m_text = new QLineEdit(this);
    m_text->setObjectName(u"searchBox"_s);
    m_text->setClearButtonEnabled(true);
    m_text->setPlaceholderText(tr("Search conversations"));
    m_text->setMaxLength(200);
    connect(m_text, &QLineEdit::returnPressed, this, [this] { search(); });
    m_filtersToggle = new QToolButton(this);
    m_filtersToggle->setObjectName(u"searchFiltersToggle"_s);
    m_filtersToggle->setText(tr("Filters"));
    m_filtersToggle->setCheckable(true);
    m_filtersToggle->setToolTip(tr("Dates, agent, team, customer and state"));
    auto *go = new QPushButton(tr("Search"), this);
    go->setObjectName(u"searchButton"_s);
    connect(go, &QPushButton::clicked, this, [this] { search(); });

    m_filters = new QWidget(this);
    m_filters->setObjectName(u"searchFilters"_s);
    const QDate today = QDate::currentDate();
    m_fromEnabled = new QCheckBox(tr("From"), m_filters);
    m_from = new QDateEdit(today.addMonths(-1), m_filters);
    m_toEnabled = new QCheckBox(tr("To"), m_filters);
    m_to = new QDateEdit(today, m_filters);
    for (QDateEdit *edit : { m_from, m_to }) {
        edit->setCalendarPopup(true);
        edit->setEnabled(false);
    }
    connect(m_fromEnabled, &QCheckBox::toggled, m_from, &QWidget::setEnabled);
    connect(m_toEnabled, &QCheckBox::toggled, m_to, &QWidget::setEnabled);
    m_agent = new QLineEdit(m_filters);
    m_agent->setPlaceholderText(tr("Agent login"));
    m_team = new QLineEdit(m_filters);
    m_team->setPlaceholderText(tr("Team"));
    m_customer = new QLineEdit(m_filters);
    m_customer->setPlaceholderText(tr("Customer name or e-mail"));
    m_state = new QComboBox(m_filters);
    m_state->addItem(tr("Any state"));
    m_state->addItem(tr("Waiting"), protocol::stateName(protocol::ConversationState::Queued));
    m_state->addItem(tr("Open"), protocol::stateName(protocol::ConversationState::Assigned));
    m_state->addItem(tr("Closed"), protocol::stateName(protocol::ConversationState::Closed));
    for (QLineEdit *edit : { m_agent, m_team, m_customer })
        connect(edit, &QLineEdit::returnPressed, this, [this] { search(); });
    auto *grid = new QGridLayout(m_filters);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(m_fromEnabled, 0, 0);
    grid->addWidget(m_from, 0, 1);
    grid->addWidget(m_toEnabled, 0, 2);
    grid->addWidget(m_to, 0, 3);
    grid->addWidget(m_agent, 1, 0, 1, 2);
    grid->addWidget(m_team, 1, 2, 1, 2);
    grid->addWidget(m_customer, 2, 0, 1, 2);
    grid->addWidget(m_state, 2, 2, 1, 2);
    m_filters->setVisible(false);
    connect(m_filtersToggle, &QToolButton::toggled, this, &SearchPanel::showFilters);

    m_status = new QLabel(this);
    m_status->setObjectName(u"searchStatus"_s);
    m_status->setWordWrap(true);
    m_view = new QListView(this);
    m_view->setObjectName(u"searchResults"_s);
    m_view->setModel(m_results);
    m_view->setItemDelegate(new SearchHitDelegate(m_view));
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setUniformItemSizes(true);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    connect(m_view, &QListView::activated, this, [this](const QModelIndex &index) {
        if (index.isValid())
            Q_EMIT hitActivated(m_results->hit(index.row()));
    });
    m_more = new QPushButton(tr("More results"), this);
    m_more->setObjectName(u"searchMore"_s);
    m_more->setVisible(false);
    connect(m_more, &QPushButton::clicked, this, &SearchPanel::fetchMore);

    auto *row = new QHBoxLayout;
    row->addWidget(m_text, 1);
    row->addWidget(m_filtersToggle);
    row->addWidget(go);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(row);
    layout->addWidget(m_filters);
    layout->addWidget(m_status);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_more);

    if (client) {
        connect(client, &ChatClient::searchResultsReceived, this, &SearchPanel::onResults);
        connect(client, &ChatClient::errorReceived, this, &SearchPanel::onError);
        connect(client, &ChatClient::stateChanged, this, [this](ChatClient::State state) {
            if (state != ChatClient::State::Online && !m_request.isEmpty()) {
                // The answer will not come over this connection: search again once back.
                m_request.clear();
                m_error = tr("The connection was lost; search again when it is back.");
                showStatus();
            }
        });
    }
    showStatus();
}

void SearchPanel::showFilters(bool shown)
{
    m_filters->setVisible(shown);
    if (m_filtersToggle->isChecked() != shown)
        m_filtersToggle->setChecked(shown);
}

SearchQuery SearchPanel::query() const
{
    SearchQuery query;
    query.text = m_text->text().simplified();
    if (m_fromEnabled->isChecked())
        query.fromMs = startOfDayMs(m_from->date());
    if (m_toEnabled->isChecked())
        query.toMs = startOfDayMs(m_to->date().addDays(1)); // the whole "to" day is in
    query.agent = m_agent->text().trimmed();
    query.team = m_team->text().trimmed();
    query.customer = m_customer->text().trimmed();
    const QString state = m_state->currentData().toString();
    if (!state.isEmpty())
        query.state = protocol::stateFromName(state);
    query.limit = m_pageSize;
    return query;
}

void SearchPanel::setQuery(const SearchQuery &query)
{
    m_text->setText(query.text);
    m_fromEnabled->setChecked(query.fromMs > 0);
    if (query.fromMs > 0)
        m_from->setDate(QDateTime::fromMSecsSinceEpoch(query.fromMs).date());
    m_toEnabled->setChecked(query.toMs > 0);
    if (query.toMs > 0)
        m_to->setDate(QDateTime::fromMSecsSinceEpoch(query.toMs - 1).date());
    m_agent->setText(query.agent);
    m_team->setText(query.team);
    m_customer->setText(query.customer);
    m_state->setCurrentIndex(
        query.state ? m_state->findData(protocol::stateName(*query.state)) : 0);
}

bool SearchPanel::search()
{
    const SearchQuery next = query();
    const bool anything = !next.text.isEmpty() || next.fromMs > 0 || next.toMs > 0
        || !next.agent.isEmpty() || !next.team.isEmpty() || !next.customer.isEmpty()
        || next.state.has_value();
    m_error.clear();
    if (!anything) {
        m_error = tr("Type words to search for, or set a filter.");
        showStatus();
        return false;
    }
    if (!m_client || m_client->state() != ChatClient::State::Online) {
        m_error = tr("Not connected: search when the connection is back.");
        showStatus();
        return false;
    }
    m_query = next;
    m_appending = false;
    m_results->clear();
    m_request = m_client->search(m_query);
    showStatus();
    return true;
}

void SearchPanel::fetchMore()
{
    if (!m_client || !m_request.isEmpty() || !m_results->hasMore())
        return;
    m_query.offset = int(m_results->rowCount());
    m_appending = true;
    m_error.clear();
    m_request = m_client->search(m_query);
    showStatus();
}

void SearchPanel::onResults(const QString &request, const QList<SearchHit> &hits, qint64 total,
    bool totalCapped, bool hasMore)
{
    if (request.isEmpty() || request != m_request)
        return; // an earlier search's answer
    m_request.clear();
    if (m_appending)
        m_results->appendResults(hits, total, totalCapped, hasMore);
    else
        m_results->setResults(hits, total, totalCapped, hasMore);
    showStatus();
}

void SearchPanel::onError(const QString &code, const QString &message, const QString &ref)
{
    if (ref.isEmpty() || ref != m_request)
        return;
    m_request.clear();
    if (code == u"forbidden")
        m_error = tr("You may not search conversations.");
    else if (code == u"bad_request")
        m_error = tr("The server did not accept this search: %1").arg(message);
    else
        m_error = tr("The search failed: %1").arg(message);
    showStatus();
}

QString SearchPanel::statusText() const
{
    return m_status->text();
}

void SearchPanel::showStatus()
{
    m_more->setVisible(m_results->hasMore());
    m_more->setEnabled(m_request.isEmpty());
    if (!m_error.isEmpty()) {
        m_status->setText(m_error);
        return;
    }
    if (!m_request.isEmpty()) {
        m_status->setText(tr("Searching…"));
        return;
    }
    if (m_query == SearchQuery {}) {
        m_status->setText(tr("Words match in any order; the last one may be the start of a word."));
        return;
    }
    const QString count = m_results->isTotalCapped()
        ? tr("More than %1 hits").arg(QLocale().toString(m_results->total()))
        : tr("%n hit(s)", nullptr, int(qMin<qint64>(m_results->total(), 1000000)));
    m_status->setText(m_results->rowCount() < m_results->total()
            ? tr("%1, %2 shown").arg(count, QLocale().toString(m_results->rowCount()))
            : count);
}

} // namespace switchboard::ui
