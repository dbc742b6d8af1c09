#include "mainwindow.h"

#include "cannedreplyeditor.h"
#include "composeredit.h"
#include "conversationdelegate.h"
#include "customerpanel.h"
#include "messagedelegate.h"
#include "pasttranscriptdialog.h"
#include "transcriptscroller.h"

#include <QAction>
#include <QCheckBox>
#include <QCloseEvent>
#include <QDateTime>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QListView>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QStatusBar>
#include <QTabBar>
#include <QToolBar>
#include <QVBoxLayout>
#include <dashboard/dashboardwidget.h>
#include <models/cannedreplymodel.h>
#include <models/conversationfiltermodel.h>
#include <models/conversationlistmodel.h>
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
    splitter->addWidget(buildTranscriptPane());
    splitter->addWidget(m_customer);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setStretchFactor(2, 0);
    splitter->setSizes({ 260, 560, 220 });
    setCentralWidget(splitter);
    statusBar()->addPermanentWidget(m_connectionLabel);
    m_connectionLabel->setObjectName(u"connectionState"_s);

    connectClient();
    showConnectionState();
    updateActions();
    updateReading();
    resize(1100, 700);
}

MainWindow::~MainWindow() = default;

void MainWindow::openDashboard()
{
    if (!m_client)
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
    m_accept->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    m_transfer = toolbar->addAction(tr("&Transfer…"), this, &MainWindow::askTransfer);
    m_transfer->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    m_close = toolbar->addAction(tr("&Close conversation"), this, [this] {
        if (m_client && !m_current.isEmpty())
            m_client->closeConversation(m_current);
    });
    m_close->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_W));
    toolbar->addSeparator();
    m_dashboard = toolbar->addAction(tr("&Dashboard"), this, &MainWindow::openDashboard);
    m_dashboard->setToolTip(tr("Supervisor dashboard: live charts, alerts and operations"));
    m_dashboard->setVisible(false); // supervisors only, once signed in
    m_away = toolbar->addAction(tr("Away"));
    m_away->setCheckable(true);
    m_away->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    m_away->setToolTip(tr("Away: receive no new conversations"));
    connect(m_away, &QAction::triggered, this, [this](bool away) {
        if (m_client)
            m_client->setStatus(
                away ? protocol::AgentStatus::Away : protocol::AgentStatus::Available);
    });
    m_editCanned = toolbar->addAction(tr("Canned &replies…"), this, &MainWindow::editCannedReplies);
    m_editCanned->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_settings = toolbar->addAction(tr("S&ettings…"), this, &MainWindow::settingsRequested);
    m_settings->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    for (QAction *action : { m_accept, m_transfer, m_close, m_away, m_editCanned, m_settings })
        action->setToolTip(action->toolTip() + u" ("_s
            + action->shortcut().toString(QKeySequence::NativeText) + u')');

    // Not on the toolbar: quitting, and the list's three views.
    m_quit = new QAction(tr("&Quit Switchboard"), this);
    m_quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    connect(m_quit, &QAction::triggered, this, &MainWindow::quitRequested);
    addAction(m_quit);
    const Qt::Key keys[] = { Qt::Key_1, Qt::Key_2, Qt::Key_3 };
    for (int tab = 0; tab < 3; ++tab) {
        auto *view = new QAction(this);
        view->setShortcut(QKeySequence(Qt::CTRL | keys[tab]));
        connect(view, &QAction::triggered, this, [this, tab] { m_tabs->setCurrentIndex(tab); });
        addAction(view);
        m_viewActions.append(view);
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
    });
    m_conversationView = new QListView(pane);
    m_conversationView->setObjectName(u"conversationList"_s);
    m_conversationView->setModel(m_filter);
    m_conversationView->setItemDelegate(new ConversationDelegate(m_conversationView));
    m_conversationView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_conversationView->setUniformItemSizes(true);
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
    connect(client, &ChatClient::reconnectScheduled, this, [this](int delayMs) {
        m_reconnectDelayMs = delayMs;
        showConnectionState();
    });
    connect(client, &ChatClient::welcomed, this, &MainWindow::onWelcomed);
    connect(client, &ChatClient::conversationAssigned, this,
        [this](const ConversationInfo &conversation) {
            m_conversations->upsert(conversation);
            if (m_current.isEmpty())
                selectConversation(conversation.id);
        });
    connect(client, &ChatClient::conversationChanged, this,
        [this](const ConversationInfo &conversation) {
            m_conversations->upsert(conversation);
            if (conversation.id == m_current)
                m_customer->setConversation(m_conversations->conversation(m_current));
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
    });
    connect(
        client, &ChatClient::errorReceived, this, [this](const QString &, const QString &message) {
            statusBar()->showMessage(message, 8000);
        });
    connect(m_transcript, &TranscriptModel::olderMessagesNeeded, client,
        [client](const QString &conversation, qint64 beforeSeq) {
            client->requestHistory(conversation, beforeSeq);
        });
    connect(client, &ChatClient::customerConversationsReceived, m_customer,
        &CustomerPanel::setPreviousConversations);
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
    dialog->show();
}

void MainWindow::onWelcomed(const QList<ConversationInfo> &conversations)
{
    m_filter->setOwnLogin(m_client ? m_client->login() : QString());
    m_dashboard->setVisible(m_client && m_client->role() == protocol::Role::Supervisor);
    m_conversations->reset(conversations);
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
    if (m_transcript->conversation() != conversation || conversation.isEmpty()) {
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

QString MainWindow::connectionText() const
{
    return m_connectionLabel->text();
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

} // namespace switchboard::ui
