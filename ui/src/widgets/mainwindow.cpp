#include "mainwindow.h"

#include "cannedreplyeditor.h"
#include "composeredit.h"
#include "conversationdelegate.h"
#include "customerpanel.h"
#include "emptyviewhint.h"
#include "messagedelegate.h"
#include "pasttranscriptdialog.h"
#include "rangeexportdialog.h"
#include "reachcustomerspanel.h"
#include "searchpanel.h"
#include "staffdialog.h"
#include "transcriptexportjob.h"
#include "transcriptscroller.h"

#include <QAction>
#include <QCheckBox>
#include <QCloseEvent>
#include <QDateTime>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QLocale>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabBar>
#include <QToolBar>
#include <QVBoxLayout>
#include <dashboard/dashboardwidget.h>
#include <models/cannedreplymodel.h>
#include <models/conversationfiltermodel.h>
#include <models/conversationlistmodel.h>
#include <models/searchresultmodel.h>
#include <models/transcriptmodel.h>

using namespace Qt::StringLiterals;

namespace switchboard::ui {

namespace {

constexpr int typingIdleMs = 3000;

} // namespace

MainWindow::MainWindow(ChatClient *client, QWidget *parent)
    : QMainWindow(parent)
    , m_client(client)
    , m_conversations(new ConversationListModel(this))
    , m_filter(new ConversationFilterModel(this))
    , m_transcript(new TranscriptModel(this))
    , m_canned(new CannedReplyModel(this))
    , m_connectionLabel(new QLabel(this))
{
    setWindowTitle(tr("Switchboard"));
    m_filter->setSourceModel(m_conversations);
    m_typingIdle.setSingleShot(true);
    m_typingIdle.setInterval(typingIdleMs);
    connect(&m_typingIdle, &QTimer::timeout, this, [this] { setTyping(false); });

    buildActions();
    m_customer = new CustomerPanel(this);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(buildConversationPane());
    m_centre = new QStackedWidget(this);
    m_transcriptPane = buildTranscriptPane();
    m_reach = new ReachCustomersPanel(m_centre);
    m_reach->setObjectName(u"reachCustomers"_s);
    m_centre->addWidget(m_transcriptPane);
    m_centre->addWidget(m_reach);
    splitter->addWidget(m_centre);
    splitter->addWidget(m_customer);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setStretchFactor(2, 0);
    splitter->setSizes({ 260, 560, 220 });
    setCentralWidget(splitter);
    m_routingLabel = new QLabel(this);
    m_routingLabel->setObjectName(u"routingState"_s);
    statusBar()->addPermanentWidget(m_routingLabel);
    statusBar()->addPermanentWidget(m_connectionLabel);
    m_connectionLabel->setObjectName(u"connectionState"_s);
    buildSearch();
    connect(m_conversations, &ConversationListModel::rowsInserted, this,
        &MainWindow::updateEmptyStates);
    connect(
        m_conversations, &ConversationListModel::rowsRemoved, this, &MainWindow::updateEmptyStates);
    connect(
        m_conversations, &ConversationListModel::modelReset, this, &MainWindow::updateEmptyStates);

    connectClient();
    showConnectionState();
    showRoutingState();
    updateActions();
    updateReading();
    resize(1100, 700);
    // Made after the sign-in (the console builds the window in its own `welcomed` handler, so
    // this window never hears that welcome): start from what the client already knows.
    if (m_client && m_client->state() == ChatClient::State::Online)
        onWelcomed(m_client->welcomeConversations());
    updateEmptyStates();
}

MainWindow::~MainWindow() = default;

void MainWindow::openDashboard()
{
    if (!m_client || m_client->role() != protocol::Role::Supervisor)
        return;
    if (!m_dashboardWindow)
        m_dashboardWindow = DashboardWidget::createFor(*m_client);
    m_dashboardWindow->show();
    m_dashboardWindow->raise();
    m_dashboardWindow->activateWindow();
    Q_EMIT dashboardOpened(m_dashboardWindow.get());
}

void MainWindow::buildActions()
{
    QToolBar *toolbar = addToolBar(tr("Conversation"));
    toolbar->setObjectName(u"conversationToolbar"_s);
    toolbar->setMovable(false);
    m_accept = toolbar->addAction(tr("&Accept"), this, [this] {
        if (m_client && !m_current.isEmpty())
            m_client->accept(m_current);
    });
    m_accept->setObjectName(u"acceptAction"_s);
    m_accept->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    m_transfer = toolbar->addAction(tr("&Transfer…"), this, &MainWindow::askTransfer);
    m_transfer->setObjectName(u"transferAction"_s);
    m_transfer->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    m_close = toolbar->addAction(tr("&Close conversation"), this, [this] {
        if (m_client && !m_current.isEmpty())
            m_client->closeConversation(m_current);
    });
    m_close->setObjectName(u"closeAction"_s);
    m_close->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_W));
    toolbar->addSeparator();
    m_dashboard = toolbar->addAction(tr("&Dashboard"), this, &MainWindow::openDashboard);
    m_dashboard->setObjectName(u"dashboardAction"_s);
    m_dashboard->setToolTip(tr("Supervisor dashboard: live charts, alerts and operations"));
    m_dashboard->setVisible(false); // supervisors only, once signed in
    m_away = toolbar->addAction(tr("Away"));
    m_away->setObjectName(u"awayAction"_s);
    m_away->setCheckable(true);
    m_away->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    m_away->setToolTip(tr("Away: receive no new conversations"));
    connect(m_away, &QAction::triggered, this, [this](bool away) {
        if (m_client)
            m_client->setStatus(
                away ? protocol::AgentStatus::Away : protocol::AgentStatus::Available);
    });
    m_editCanned = toolbar->addAction(tr("Canned &replies…"), this, &MainWindow::editCannedReplies);
    m_editCanned->setObjectName(u"cannedRepliesAction"_s);
    m_editCanned->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_settings = toolbar->addAction(tr("S&ettings…"), this, &MainWindow::settingsRequested);
    m_settings->setObjectName(u"settingsAction"_s);
    m_settings->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    toolbar->addSeparator();
    m_find = toolbar->addAction(tr("&Search…"), this, &MainWindow::showSearch);
    m_find->setObjectName(u"searchAction"_s);
    m_find->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_F));
    m_find->setToolTip(tr("Search conversations"));
    m_exportTranscript = toolbar->addAction(
        tr("E&xport transcript…"), this, [this] { askTranscriptExport(m_current); });
    m_exportTranscript->setObjectName(u"exportTranscriptAction"_s);
    m_exportTranscript->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_exportTranscript->setToolTip(tr("Save this conversation as text, HTML or JSON"));
    m_exportRange
        = toolbar->addAction(tr("Export &conversations…"), this, &MainWindow::openRangeExport);
    m_exportRange->setObjectName(u"exportRangeAction"_s);
    m_exportRange->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    m_exportRange->setToolTip(tr("Conversations of a date range as CSV or JSONL"));
    m_exportRange->setVisible(false); // supervisors only, once signed in
    m_staff = toolbar->addAction(tr("S&taff…"), this, &MainWindow::openStaff);
    m_staff->setObjectName(u"staffAction"_s);
    m_staff->setToolTip(tr("Add, edit and remove the shop's agents and supervisors"));
    m_staff->setVisible(false); // supervisors only, once signed in
    for (QAction *action : { m_accept, m_transfer, m_close, m_away, m_editCanned, m_settings,
             m_find, m_exportTranscript, m_exportRange })
        action->setToolTip(action->toolTip() + u" ("_s
            + action->shortcut().toString(QKeySequence::NativeText) + u')');

    // Not on the toolbar: quitting, and the list's three views.
    m_quit = new QAction(tr("&Quit Switchboard"), this);
    m_quit->setObjectName(u"quitAction"_s);
    m_quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    connect(m_quit, &QAction::triggered, this, &MainWindow::quitRequested);
    addAction(m_quit);
    const Qt::Key keys[] = { Qt::Key_1, Qt::Key_2, Qt::Key_3 };
    const QString names[] = { u"mineViewAction"_s, u"queuedViewAction"_s, u"allViewAction"_s };
    for (int tab = 0; tab < 3; ++tab) {
        auto *view = new QAction(this);
        view->setObjectName(names[tab]);
        view->setShortcut(QKeySequence(Qt::CTRL | keys[tab]));
        connect(view, &QAction::triggered, this, [this, tab] { m_tabs->setCurrentIndex(tab); });
        addAction(view);
    }
}

void MainWindow::editCannedReplies()
{
    CannedReplyEditor editor(m_canned->replies(), this);
    if (editor.exec() != QDialog::Accepted)
        return;
    m_canned->setReplies(editor.replies());
    Q_EMIT cannedRepliesEdited();
}

QWidget *MainWindow::buildConversationPane()
{
    auto *pane = new QWidget(this);
    m_tabs = new QTabBar(pane);
    m_tabs->setObjectName(u"viewTabs"_s);
    m_tabs->addTab(tr("Mine"));
    m_tabs->addTab(tr("Queued"));
    m_tabs->addTab(tr("All"));
    for (int tab = 0; tab < m_tabs->count(); ++tab)
        m_tabs->setTabToolTip(tab,
            QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + tab)).toString(QKeySequence::NativeText));
    connect(m_tabs, &QTabBar::currentChanged, this, [this](int tab) {
        static constexpr ConversationFilterModel::View views[]
            = { ConversationFilterModel::View::Mine, ConversationFilterModel::View::Queued,
                  ConversationFilterModel::View::All };
        m_filter->setView(views[qBound(0, tab, 2)]);
        updateEmptyStates();
    });
    m_conversationView = new QListView(pane);
    m_conversationView->setObjectName(u"conversationList"_s);
    m_conversationView->setModel(m_filter);
    m_conversationView->setItemDelegate(new ConversationDelegate(m_conversationView));
    m_conversationView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_conversationView->setUniformItemSizes(true);
    m_listHint = new EmptyViewHint(m_conversationView);
    m_listHint->setObjectName(u"listHint"_s);
    // A long queue is listed in part at sign-in; the rest comes as the list reaches its end.
    connect(m_conversationView->verticalScrollBar(), &QScrollBar::valueChanged, this,
        [this](int value) {
            if (m_client && value >= m_conversationView->verticalScrollBar()->maximum())
                m_client->requestQueuePage();
        });
    connect(m_conversationView->selectionModel(), &QItemSelectionModel::currentChanged, this,
        [this](const QModelIndex &current) {
            const QString id = current.data(ConversationListModel::IdRole).toString();
            if (!id.isEmpty() && id != m_current)
                selectConversation(id);
        });
    // Waiting times in the list move on by themselves.
    auto *clock = new QTimer(m_conversationView);
    clock->start(30000);
    connect(clock, &QTimer::timeout, m_conversationView->viewport(), qOverload<>(&QWidget::update));
    auto *layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
    layout->addWidget(m_conversationView);
    return pane;
}

QWidget *MainWindow::buildTranscriptPane()
{
    auto *pane = new QWidget(this);
    m_transcriptView = new QListView(pane);
    m_transcriptView->setObjectName(u"transcript"_s);
    m_transcriptView->setModel(m_transcript);
    m_transcriptView->setItemDelegate(new MessageDelegate(m_transcriptView));
    m_transcriptView->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_transcriptView->setSelectionMode(QAbstractItemView::NoSelection);
    m_transcriptView->setResizeMode(QListView::Adjust);
    m_transcriptView->setUniformItemSizes(false);
    new TranscriptScroller(m_transcriptView, m_transcript);

    m_composer = new ComposerEdit(pane);
    m_composer->setObjectName(u"composer"_s);
    m_composer->setPlaceholderText(tr("Write a reply. Enter sends, Shift+Enter starts a new line, "
                                      "/shortcut inserts a canned reply."));
    m_composer->setMaximumHeight(110);
    connect(m_composer, &ComposerEdit::submitted, this, &MainWindow::sendComposerText);
    connect(m_composer, &ComposerEdit::textChanged, this, &MainWindow::onTextEdited);
    m_noteToggle = new QCheckBox(tr("&Note (only staff see it)"), pane);
    m_noteToggle->setObjectName(u"noteToggle"_s);
    m_noteToggle->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_N));
    connect(m_noteToggle, &QCheckBox::toggled, this, [this](bool note) {
        m_composer->setStyleSheet(note ? u"background: #fff4c2;"_s : QString());
    });
    auto *send = new QPushButton(tr("&Send"), pane);
    connect(send, &QPushButton::clicked, this, &MainWindow::sendComposerText);
    m_typingLabel = new QLabel(pane);
    m_typingLabel->setObjectName(u"typing"_s);

    auto *row = new QHBoxLayout;
    row->addWidget(m_typingLabel, 1);
    row->addWidget(m_noteToggle);
    row->addWidget(send);
    auto *layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_transcriptView, 1);
    layout->addWidget(m_composer);
    layout->addLayout(row);
    return pane;
}

void MainWindow::connectClient()
{
    ChatClient *client = m_client;
    if (!client)
        return;
    connect(client, &ChatClient::stateChanged, this, &MainWindow::showConnectionState);
    connect(client, &ChatClient::stateChanged, this, &MainWindow::showRoutingState);
    connect(client, &ChatClient::routingStateChanged, this, &MainWindow::showRoutingState);
    connect(client, &ChatClient::reconnectScheduled, this, [this](int delayMs) {
        m_reconnectDelayMs = delayMs;
        showConnectionState();
    });
    connect(client, &ChatClient::welcomed, this, &MainWindow::onWelcomed);
    connect(
        client, &ChatClient::queuePageReceived, this, [this](const QList<ConversationInfo> &page) {
            for (const ConversationInfo &conversation : page)
                m_conversations->upsert(conversation);
            updateEmptyStates();
        });
    connect(client, &ChatClient::conversationAssigned, this,
        [this](const ConversationInfo &conversation) {
            m_conversations->upsert(conversation);
            if (m_current.isEmpty())
                selectConversation(conversation.id);
        });
    connect(client, &ChatClient::conversationChanged, this,
        [this](const ConversationInfo &conversation) {
            m_conversations->upsert(conversation);
            if (conversation.id == m_current) {
                // A closed conversation leaves the list but stays on screen: the panel keeps
                // its customer (and shows the rating the customer may now give).
                const ConversationInfo listed = m_conversations->conversation(m_current);
                m_customer->setConversation(listed.id.isEmpty() ? conversation : listed);
            }
            updateActions();
        });
    connect(client, &ChatClient::conversationUnassigned, this, [this](const QString &conversation) {
        m_conversations->remove(conversation);
        if (conversation == m_current)
            selectConversation({});
    });
    connect(client, &ChatClient::messageReceived, this, &MainWindow::onMessage);
    connect(client, &ChatClient::messageAcked, m_transcript, &TranscriptModel::acknowledge);
    connect(client, &ChatClient::messageFailed, this,
        [this](const QString &, const QString &clientId, const QString &reason) {
            m_transcript->removePending(clientId);
            statusBar()->showMessage(tr("Not sent: %1").arg(reason), 8000);
        });
    connect(client, &ChatClient::receiptReceived, m_transcript, &TranscriptModel::setReceipt);
    connect(client, &ChatClient::historyReceived, m_transcript, &TranscriptModel::addHistory);
    connect(
        client, &ChatClient::typingReceived, this, [this](const QString &conversation, bool on) {
            if (conversation == m_current)
                m_typingLabel->setText(on ? tr("The customer is typing…") : QString());
        });
    connect(client, &ChatClient::synced, this,
        [this](const QString &conversation, qint64, bool recovered) {
            if (!recovered && conversation == m_current)
                m_transcript->setConversation(conversation); // a new epoch: reload
        });
    connect(client, &ChatClient::statusChanged, this, [this](protocol::AgentStatus status) {
        m_away->setChecked(status == protocol::AgentStatus::Away);
        showRoutingState();
    });
    connect(
        client, &ChatClient::errorReceived, this, [this](const QString &, const QString &message) {
            statusBar()->showMessage(message, 8000);
        });
    connect(client, &ChatClient::protocolError, this, [this](const QString &problem) {
        statusBar()->showMessage(tr("The server sent something this console cannot read (%1); "
                                    "it was skipped.")
                                     .arg(problem),
            15000);
    });
    connect(m_transcript, &TranscriptModel::olderMessagesNeeded, client,
        [client](const QString &conversation, qint64 beforeSeq) {
            client->requestHistory(conversation, beforeSeq);
        });
    connect(m_transcript, &TranscriptModel::newerMessagesNeeded, client,
        [client](const QString &conversation, qint64 beforeSeq, int limit) {
            client->requestHistory(conversation, beforeSeq, limit);
        });
    connect(client, &ChatClient::customerConversationsReceived, m_customer,
        &CustomerPanel::setPreviousConversations);
    connect(client, &ChatClient::ratingReceived, m_customer, &CustomerPanel::setRating);
    connect(m_customer, &CustomerPanel::previousConversationActivated, this,
        &MainWindow::openPreviousConversation);
}

void MainWindow::openPreviousConversation(const QString &conversation)
{
    if (!m_client || conversation.isEmpty())
        return;
    QString title = conversation;
    for (const PastConversation &past : m_customer->previousConversations()) {
        if (past.id == conversation) {
            title = QLocale().toString(
                QDateTime::fromMSecsSinceEpoch(past.createdMs).toLocalTime(), QLocale::ShortFormat);
        }
    }
    auto *dialog = new PastTranscriptDialog(m_client.data(), conversation, title, this);
    connect(m_client.data(), &ChatClient::welcomed, dialog->transcript(),
        &TranscriptModel::repeatUnansweredRequest);
    connect(dialog, &PastTranscriptDialog::exportRequested, this, &MainWindow::askTranscriptExport);
    dialog->show();
}

void MainWindow::setCustomerFacingEndpoint(const QUrl &endpoint)
{
    m_customerFacingEndpoint = endpoint;
    if (m_client && m_client->state() == ChatClient::State::Online)
        m_reach->setServer(endpoint.isValid() ? endpoint : m_client->currentEndpoint());
}

void MainWindow::onWelcomed(const QList<ConversationInfo> &conversations)
{
    m_filter->setOwnLogin(m_client ? m_client->login() : QString());
    m_dashboard->setVisible(m_client && m_client->role() == protocol::Role::Supervisor);
    m_exportRange->setVisible(m_client && m_client->role() == protocol::Role::Supervisor);
    m_conversations->reset(conversations);
    if (m_client) {
        m_reach->setServer(m_customerFacingEndpoint.isValid() ? m_customerFacingEndpoint
                                                              : m_client->currentEndpoint());
    }
    m_transcript->repeatUnansweredRequest();
    // An answer asked for before the connection dropped never comes: ask again.
    if (m_client && !m_customer->conversation().isEmpty())
        m_client->requestCustomerConversations(m_customer->conversation());
    if (!m_current.isEmpty() && m_conversations->rowOf(m_current) < 0)
        selectConversation({});
    else if (m_current.isEmpty() && m_filter->rowCount() > 0)
        selectConversation(m_filter->index(0, 0).data(ConversationListModel::IdRole).toString());
    else if (!m_current.isEmpty())
        selectConversation(m_current); // the reset dropped the list's selection
}

void MainWindow::updateEmptyStates()
{
    if (!m_centre || !m_listHint)
        return; // still being built
    m_centre->setCurrentWidget(m_conversations->rowCount() == 0 ? m_reach : m_transcriptPane);
    switch (m_filter->view()) {
    case ConversationFilterModel::View::Mine:
        m_listHint->setHint(tr("Conversations you are serving appear here: the ones you accept "
                               "from the queue and the ones given to you."));
        break;
    case ConversationFilterModel::View::Queued:
        m_listHint->setHint(tr("Customers waiting for someone appear here, the longest wait "
                               "first. Select one and press Accept to take it."));
        break;
    case ConversationFilterModel::View::All:
        m_listHint->setHint(m_client && m_client->role() == protocol::Role::Supervisor
                ? tr("Every open conversation appears here: waiting, yours and other "
                     "agents'.")
                : tr("Every open conversation you may see appears here: waiting and yours."));
        break;
    }
}

void MainWindow::onMessage(const ChatMessage &message)
{
    m_conversations->addMessage(message);
    m_transcript->addMessage(message);
    if (message.conversation == m_current && message.fromRole == protocol::Role::Customer
        && m_client && isActiveWindow())
        m_client->sendReceipt(message.conversation, protocol::ReceiptKind::Read, message.seq);
}

void MainWindow::selectConversation(const QString &conversation)
{
    if (!m_current.isEmpty() && m_current != conversation)
        setTyping(false);
    m_current = conversation;
    m_conversations->setCurrent(conversation);
    if (const qint64 openAt = std::exchange(m_openAtSeq, 0);
        openAt > 0 && !conversation.isEmpty()) {
        m_transcript->setConversationAt(conversation, openAt);
        m_typingLabel->clear();
    } else if (m_transcript->conversation() != conversation || conversation.isEmpty()) {
        m_transcript->setConversation(conversation);
        m_typingLabel->clear();
    }
    if (conversation.isEmpty()) {
        m_customer->clear();
    } else {
        const ConversationInfo info = m_conversations->conversation(conversation);
        const bool otherCustomer = m_customer->conversation() != conversation;
        m_customer->setConversation(info);
        if (m_client && otherCustomer)
            m_client->requestCustomerConversations(conversation);
        if (m_client && info.seq > 0)
            m_client->sendReceipt(conversation, protocol::ReceiptKind::Read, info.seq);
        const int sourceRow = m_conversations->rowOf(conversation);
        const QModelIndex index = m_filter->mapFromSource(m_conversations->index(sourceRow));
        if (index.isValid())
            m_conversationView->setCurrentIndex(index);
    }
    updateActions();
}

void MainWindow::sendComposerText()
{
    const QString text = m_composer->toPlainText().trimmed();
    if (!m_client || m_current.isEmpty() || text.isEmpty())
        return;
    if (const QString canned = m_canned->expand(text); !canned.isEmpty()) {
        // "/shortcut" becomes its reply in the composer, to be read (and edited) before sending.
        m_composer->setPlainText(canned);
        m_composer->moveCursor(QTextCursor::End);
        return;
    }
    ChatMessage message;
    message.conversation = m_current;
    message.kind
        = m_noteToggle->isChecked() ? protocol::MessageKind::Note : protocol::MessageKind::Text;
    message.fromRole = m_client->role();
    message.fromName = m_client->displayName();
    message.text = text;
    message.clientId = m_client->sendMessage(m_current, text, message.kind);
    m_transcript->addPending(message);
    m_composer->clear();
    setTyping(false);
}

void MainWindow::transferCurrent(const QString &target)
{
    const QString trimmed = target.trimmed();
    if (!m_client || m_current.isEmpty() || trimmed.isEmpty())
        return;
    if (trimmed.startsWith(u"team:"))
        m_client->transferToTeam(m_current, trimmed.mid(5).trimmed());
    else
        m_client->transferToAgent(m_current, trimmed);
}

void MainWindow::askTransfer()
{
    if (m_current.isEmpty())
        return;
    bool ok = false;
    const QString target = QInputDialog::getText(this, tr("Transfer conversation"),
        tr("Agent login, or team:NAME for a team:"), QLineEdit::Normal, {}, &ok);
    if (ok)
        transferCurrent(target);
}

void MainWindow::onTextEdited()
{
    if (m_current.isEmpty())
        return;
    if (m_composer->document()->isEmpty()) {
        setTyping(false);
        return;
    }
    setTyping(true);
    m_typingIdle.start();
}

void MainWindow::setTyping(bool active)
{
    if (active == m_typingSent || !m_client || m_current.isEmpty())
        return;
    if (m_noteToggle->isChecked() && active)
        return; // notes are not for the customer's eyes, nor is their drafting
    m_typingSent = active;
    m_client->sendTyping(m_current, active);
}

void MainWindow::updateActions()
{
    const ConversationInfo info = m_conversations->conversation(m_current);
    const bool has = !m_current.isEmpty();
    m_accept->setEnabled(has && info.state == protocol::ConversationState::Queued);
    m_transfer->setEnabled(has);
    m_close->setEnabled(has);
    m_exportTranscript->setEnabled(has);
    m_composer->setEnabled(has);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    Q_EMIT closing();
    QMainWindow::closeEvent(event);
}

void MainWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    if (event->type() == QEvent::ActivationChange || event->type() == QEvent::WindowStateChange)
        updateReading();
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    updateReading();
}

void MainWindow::hideEvent(QHideEvent *event)
{
    QMainWindow::hideEvent(event);
    updateReading();
}

void MainWindow::updateReading()
{
    const bool reading = isVisible() && !isMinimized() && isActiveWindow();
    if (reading == m_conversations->isReading())
        return;
    m_conversations->setReading(reading);
    if (!reading || m_current.isEmpty() || !m_client)
        return;
    // Back in front: what came in meanwhile is read now.
    const ConversationInfo info = m_conversations->conversation(m_current);
    if (info.seq > 0)
        m_client->sendReceipt(m_current, protocol::ReceiptKind::Read, info.seq);
}

void MainWindow::openStaff()
{
    if (!m_client)
        return;
    if (!m_staffDialog)
        m_staffDialog = new StaffDialog(m_client.data(), this);
    else
        m_staffDialog->refresh();
    m_staffDialog->show();
    m_staffDialog->raise();
    m_staffDialog->activateWindow();
}

void MainWindow::showRoutingState()
{
    const bool online = m_client && m_client->state() == ChatClient::State::Online;
    // The window may be made after the welcome (ConsoleApplication): read the role here too.
    m_staff->setVisible(online && m_client->role() == protocol::Role::Supervisor);
    if (!online) {
        m_routingLabel->clear();
        return;
    }
    if (m_away->isChecked())
        m_routingLabel->setText(tr("Away — no new chats come to you"));
    else if (m_client->chatsComeAutomatically())
        m_routingLabel->setText(tr("Available — new chats come to you"));
    else
        m_routingLabel->setText(tr("Available — new chats wait in the queue; accept them by hand"));
}

void MainWindow::showConnectionState()
{
    if (!m_client) {
        m_connectionLabel->setText(tr("Offline"));
        return;
    }
    switch (m_client->state()) {
    case ChatClient::State::Offline:
        m_connectionLabel->setText(tr("● Offline"));
        m_connectionLabel->setStyleSheet(u"color: #b00020;"_s);
        break;
    case ChatClient::State::Connecting:
        m_connectionLabel->setText(m_reconnectDelayMs > 0
                ? tr("● Reconnecting in %1 s…").arg((m_reconnectDelayMs + 999) / 1000)
                : tr("● Connecting…"));
        m_connectionLabel->setStyleSheet(u"color: #a15c00;"_s);
        break;
    case ChatClient::State::Online:
        m_reconnectDelayMs = 0;
        m_connectionLabel->setText(tr("● Online as %1").arg(m_client->displayName()));
        m_connectionLabel->setStyleSheet(u"color: #1b7f3b;"_s);
        break;
    }
}

void MainWindow::buildSearch()
{
    m_search = new SearchPanel(m_client.data(), this);
    m_search->setObjectName(u"searchPanel"_s);
    m_searchDock = new QDockWidget(tr("Search"), this);
    m_searchDock->setObjectName(u"searchDock"_s);
    m_searchDock->setWidget(m_search);
    m_searchDock->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    addDockWidget(Qt::LeftDockWidgetArea, m_searchDock);
    m_searchDock->hide();
    connect(m_search, &SearchPanel::hitActivated, this, &MainWindow::openSearchHit);
}

void MainWindow::showSearch()
{
    m_searchDock->show();
    m_searchDock->raise();
    m_search->searchBox()->setFocus(Qt::ShortcutFocusReason);
    m_search->searchBox()->selectAll();
}

void MainWindow::openSearchHit(const SearchHit &hit)
{
    if (!m_client || hit.conversation.isEmpty())
        return;
    const qint64 seq = hit.isMessage() ? hit.seq : 0;
    if (m_conversations->rowOf(hit.conversation) >= 0) {
        // One of the window's own open conversations: shown here, where it can be answered.
        const int sourceRow = m_conversations->rowOf(hit.conversation);
        if (!m_filter->mapFromSource(m_conversations->index(sourceRow)).isValid())
            m_tabs->setCurrentIndex(2); // All
        m_openAtSeq = seq;
        selectConversation(hit.conversation);
        m_openAtSeq = 0;
        return;
    }
    const QString when = hit.createdMs > 0
        ? QLocale().toString(
            QDateTime::fromMSecsSinceEpoch(hit.createdMs).toLocalTime(), QLocale::ShortFormat)
        : QString();
    const QString who = hit.customerName.isEmpty() ? tr("Visitor") : hit.customerName;
    auto *dialog = new PastTranscriptDialog(m_client.data(), hit.conversation,
        when.isEmpty() ? who : tr("%1, %2").arg(who, when), this, seq);
    dialog->setWindowTitle(tr("Conversation with %1").arg(who));
    if (hit.state != protocol::ConversationState::Closed)
        dialog->setNote(tr("Read-only: this conversation is not in your list."));
    connect(m_client.data(), &ChatClient::welcomed, dialog->transcript(),
        &TranscriptModel::repeatUnansweredRequest);
    connect(dialog, &PastTranscriptDialog::exportRequested, this, &MainWindow::askTranscriptExport);
    dialog->show();
}

TranscriptHeader MainWindow::headerOf(const QString &conversation) const
{
    TranscriptHeader header;
    header.id = conversation;
    if (m_conversations->rowOf(conversation) >= 0) {
        const ConversationInfo info = m_conversations->conversation(conversation);
        header.customerName = info.customerName;
        header.customerEmail = info.customerEmail;
        header.team = info.team;
        header.agentLogin = info.agentLogin;
        header.agentName = info.agentName;
        header.state = info.state;
        header.createdMs = info.createdMs;
        return header;
    }
    for (const PastConversation &past : m_customer->previousConversations()) {
        if (past.id == conversation) {
            // The same visitor as the conversation shown beside it.
            const ConversationInfo shown
                = m_conversations->conversation(m_customer->conversation());
            header.customerName = shown.customerName;
            header.customerEmail = shown.customerEmail;
            header.team = past.team;
            header.agentLogin = past.agentLogin;
            header.agentName = past.agentName;
            header.state = past.state;
            header.createdMs = past.createdMs;
            return header;
        }
    }
    for (const SearchHit &hit : m_search->results()->hits()) {
        if (hit.conversation == conversation) {
            header.customerName = hit.customerName;
            header.customerEmail = hit.customerEmail;
            header.team = hit.team;
            header.agentLogin = hit.agentLogin;
            header.agentName = hit.agentName;
            header.state = hit.state;
            header.createdMs = hit.createdMs;
            break;
        }
    }
    return header;
}

void MainWindow::askTranscriptExport(const QString &conversation)
{
    if (conversation.isEmpty() || !m_client)
        return;
    const TranscriptHeader header = headerOf(conversation);
    const QStringList filters = TranscriptExportJob::fileFilters();
    QString filter = filters.first();
    const QString path = QFileDialog::getSaveFileName(this, tr("Export transcript"),
        QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
            .filePath(TranscriptExportJob::suggestedFileName(header)),
        filters.join(u";;"_s), &filter);
    if (path.isEmpty())
        return;
    const auto started
        = exportTranscript(conversation, TranscriptExportJob::formatFor(filter, path), path);
    if (!started)
        statusBar()->showMessage(started.error(), 8000);
}

Expected<TranscriptExportJob *, QString> MainWindow::exportTranscript(
    const QString &conversation, TranscriptWriter::Format format, const QString &path)
{
    if (!m_client || conversation.isEmpty())
        return unexpected(tr("No conversation to export."));
    if (m_transcriptExport && m_transcriptExport->isRunning())
        return unexpected(tr("A transcript export is already running."));
    auto started
        = TranscriptExportJob::start(*m_client, headerOf(conversation), format, path, this);
    if (!started)
        return started;
    m_transcriptExport = *started;
    connect(
        *started, &TranscriptExportJob::finished, this, [this](bool ok, const QString &message) {
            statusBar()->showMessage(message, 8000);
            Q_EMIT transcriptExportFinished(ok, message);
        });
    return started;
}

void MainWindow::openRangeExport()
{
    if (!m_client || m_client->role() != protocol::Role::Supervisor)
        return;
    if (!m_rangeExport) {
        m_rangeExport = new RangeExportDialog(m_client.data(), this);
        m_rangeExport->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_rangeExport->show();
    m_rangeExport->raise();
    m_rangeExport->activateWindow();
}

} // namespace switchboard::ui
