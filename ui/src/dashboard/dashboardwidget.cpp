#include "dashboardwidget.h"

#include "alerttablemodel.h"
#include "auditlogwidget.h"
#include "chartpanel.h"
#include "exportfile.h"
#include "operationsconversationmodel.h"
#include "reportswidget.h"
#include "stafftablemodel.h"
#include "tableviews.h"

#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QStyle>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>
#include <switchboard/logging.h>

using namespace Qt::StringLiterals;

namespace switchboard::ui {

namespace {

using Field = MetricsHistory::Field;

QString clock(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(u"HH:mm:ss"_s);
}

} // namespace

DashboardWidget::DashboardWidget(ChatClient *client, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_firing(new AlertTableModel(AlertTableModel::Kind::Firing, this))
    , m_resolved(new AlertTableModel(AlertTableModel::Kind::Resolved, this))
    , m_staff(new StaffTableModel(this))
    , m_conversations(new OperationsConversationModel(this))
{
    setWindowTitle(tr("Switchboard — Supervisor dashboard"));

    m_status = new QLabel(this);
    m_status->setObjectName(u"dashboardStatus"_s);
    m_status->setTextFormat(Qt::PlainText);

    auto *top = new QHBoxLayout;
    top->addStretch(1);
    top->addWidget(new QLabel(tr("Window:"), this));
    m_window = new QComboBox(this);
    m_window->addItem(tr("5 minutes"), shortWindowSeconds);
    m_window->addItem(tr("1 hour"), longWindowSeconds);
    connect(m_window, &QComboBox::currentIndexChanged, this,
        [this](int index) { setWindowSeconds(m_window->itemData(index).toInt()); });
    top->addWidget(m_window);
    auto *png = new QPushButton(tr("Export PNG…"), this);
    connect(png, &QPushButton::clicked, this, &DashboardWidget::askExportPng);
    top->addWidget(png);
    auto *csv = new QPushButton(tr("Export CSV…"), this);
    connect(csv, &QPushButton::clicked, this, &DashboardWidget::askExportCsv);
    top->addWidget(csv);

    auto *lower = new QSplitter(Qt::Horizontal, this);
    lower->addWidget(buildAlerts());
    lower->addWidget(buildOperations());
    lower->addWidget(buildMonitor());
    lower->setStretchFactor(0, 3);
    lower->setStretchFactor(1, 3);
    lower->setStretchFactor(2, 2);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(buildCharts());
    split->addWidget(lower);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto *live = new QWidget(this);
    auto *liveLayout = new QVBoxLayout(live);
    liveLayout->setContentsMargins(0, 0, 0, 0);
    liveLayout->addLayout(top);
    liveLayout->addWidget(split, 1);

    // Reports and the audit log ask the server when their page is first shown.
    m_reports = new ReportsWidget(m_client, this);
    m_audit = new AuditLogWidget(m_client, this);
    m_pages = new QTabWidget(this);
    m_pages->setObjectName(u"dashboardPages"_s);
    m_pages->addTab(live, tr("Live"));
    m_pages->addTab(m_reports, tr("Reports"));
    m_pages->addTab(m_audit, tr("Audit log"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(m_pages, 1);

    if (m_client) {
        connect(m_client, &ChatClient::welcomed, this, &DashboardWidget::onWelcomed);
        connect(m_client, &ChatClient::supervisorFrameReceived, this,
            &DashboardWidget::onSupervisorFrame);
        connect(m_client, &ChatClient::conversationChanged, m_conversations,
            &OperationsConversationModel::update);
        connect(m_client, &ChatClient::conversationAssigned, m_conversations,
            &OperationsConversationModel::update);
        connect(m_client, &ChatClient::messageReceived, this, &DashboardWidget::onMessage);
        connect(m_client, &ChatClient::historyReceived, this,
            [this](const QString &conversation, const QList<ChatMessage> &messages, bool) {
                if (conversation != m_monitored)
                    return;
                m_monitorLog->clear();
                for (const ChatMessage &message : messages)
                    onMessage(message);
            });
        connect(m_client, &ChatClient::stateChanged, this, &DashboardWidget::updateStale);
        // Opened on a client that is already signed in: start the streams now.
        if (m_client->state() == ChatClient::State::Online) {
            QMetaObject::invokeMethod(
                this, [this] { onWelcomed({}); }, Qt::QueuedConnection);
        }
    }

    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &DashboardWidget::refresh);
    m_tick.start();
    updateStale();
    refresh();
}

DashboardWidget::~DashboardWidget() = default;

std::unique_ptr<DashboardWidget> DashboardWidget::createFor(const ChatClient &console)
{
    auto *client = new ChatClient;
    QList<QUrl> endpoints = console.endpoints();
    const QUrl current = console.currentEndpoint();
    if (current.isValid()) {
        endpoints.removeAll(current);
        endpoints.prepend(current);
    }
    client->setEndpoints(endpoints);
    client->setTrustedCertificate(console.trustedCertificate()); // the same server, the same trust
    client->setPasswordCredentials(console.login(), {});
    client->setToken(console.token());
    auto dashboard = std::make_unique<DashboardWidget>(client);
    client->setParent(dashboard.get());
    dashboard->resize(1400, 900);
    client->connectToServer();
    return dashboard;
}

QWidget *DashboardWidget::buildCharts()
{
    auto *area = new QWidget(this);
    area->setObjectName(u"dashboardCharts"_s);
    auto *grid = new QGridLayout(area);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(4);
    m_charts = {
        new ChartPanel(tr("Connections"), tr("clients"),
            { { Field::Customers, tr("Customers") }, { Field::Agents, tr("Agents") },
                { Field::Supervisors, tr("Supervisors") } },
            area),
        new ChartPanel(tr("Messages per second"), tr("msg/s"),
            { { Field::MessagesPerSecond, tr("Stored") } }, area),
        new ChartPanel(tr("Ack latency"), tr("ms"),
            { { Field::AckP50, tr("p50") }, { Field::AckP99, tr("p99") } }, area),
        new ChartPanel(
            tr("Queue"), tr("waiting"), { { Field::QueueWaiting, tr("Waiting") } }, area),
        new ChartPanel(tr("Longest wait"), tr("seconds"),
            { { Field::LongestWait, tr("Longest wait") } }, area),
        new ChartPanel(tr("Agents"), tr("agents"),
            { { Field::AgentsAvailable, tr("Available") }, { Field::AgentsAway, tr("Away") } },
            area),
    };
    for (qsizetype i = 0; i < m_charts.size(); ++i)
        grid->addWidget(m_charts.at(i), int(i / 3), int(i % 3));
    return area;
}

QWidget *DashboardWidget::buildAlerts()
{
    auto *box = new QGroupBox(tr("Alerts"), this);
    auto *layout = new QVBoxLayout(box);
    m_firingView = TableViews::make(m_firing, box);
    // A summary says what is wrong and what to do, and its column is narrow: the line under
    // the table holds the selected alert's (or the newest one's) whole, wrapped.
    m_alertDetail = new QLabel(box);
    m_alertDetail->setObjectName(u"alertDetail"_s);
    m_alertDetail->setWordWrap(true);
    m_alertDetail->setTextFormat(Qt::PlainText);
    m_alertDetail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    for (auto changed : { &QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved })
        connect(m_firing, changed, this, &DashboardWidget::showAlertDetail);
    connect(m_firing, &QAbstractItemModel::dataChanged, this, &DashboardWidget::showAlertDetail);
    connect(m_firing, &QAbstractItemModel::modelReset, this, &DashboardWidget::showAlertDetail);
    connect(m_firingView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &DashboardWidget::showAlertDetail);
    showAlertDetail();
    layout->addWidget(new QLabel(tr("Firing now"), box));
    layout->addWidget(m_firingView, 1);
    layout->addWidget(m_alertDetail);
    layout->addWidget(new QLabel(tr("Resolved"), box));
    layout->addWidget(TableViews::make(m_resolved, box), 1);
    return box;
}

QWidget *DashboardWidget::buildOperations()
{
    auto *box = new QGroupBox(tr("Operations"), this);
    auto *layout = new QVBoxLayout(box);
    layout->addWidget(new QLabel(tr("Staff"), box));
    layout->addWidget(TableViews::make(m_staff, box), 1);
    layout->addWidget(new QLabel(tr("Open conversations (queue first)"), box));
    m_conversationView = TableViews::make(m_conversations, box);
    connect(
        m_conversationView, &QTableView::doubleClicked, this, &DashboardWidget::monitorSelected);
    layout->addWidget(m_conversationView, 1);
    auto *monitor = new QPushButton(tr("Monitor selected"), box);
    connect(monitor, &QPushButton::clicked, this, &DashboardWidget::monitorSelected);
    layout->addWidget(monitor, 0, Qt::AlignRight);
    return box;
}

QWidget *DashboardWidget::buildMonitor()
{
    auto *box = new QGroupBox(tr("Monitor"), this);
    auto *layout = new QVBoxLayout(box);
    m_monitorTitle = new QLabel(tr("Pick a conversation to watch it silently."), box);
    m_monitorTitle->setWordWrap(true);
    layout->addWidget(m_monitorTitle);
    m_monitorLog = new QListWidget(box);
    m_monitorLog->setWordWrap(true);
    layout->addWidget(m_monitorLog, 1);
    auto *row = new QHBoxLayout;
    m_whisperEdit = new QLineEdit(box);
    m_whisperEdit->setPlaceholderText(tr("Whisper to the agent (customers never see it)"));
    m_whisperEdit->setMaxLength(protocol::maxTextLength);
    connect(m_whisperEdit, &QLineEdit::returnPressed, this, &DashboardWidget::sendWhisper);
    row->addWidget(m_whisperEdit, 1);
    m_whisperButton = new QPushButton(tr("Whisper"), box);
    connect(m_whisperButton, &QPushButton::clicked, this, &DashboardWidget::sendWhisper);
    row->addWidget(m_whisperButton);
    layout->addLayout(row);
    m_whisperEdit->setEnabled(false);
    m_whisperButton->setEnabled(false);
    return box;
}

void DashboardWidget::showPage(Page page)
{
    m_pages->setCurrentIndex(int(page));
}

ChartPanel *DashboardWidget::chart(Chart which) const
{
    return m_charts.value(qsizetype(which));
}

QString DashboardWidget::statusText() const
{
    return m_status->text();
}

void DashboardWidget::setWindowSeconds(int seconds)
{
    m_windowSeconds = seconds == longWindowSeconds ? longWindowSeconds : shortWindowSeconds;
    const int index = m_window->findData(m_windowSeconds);
    if (index != m_window->currentIndex())
        m_window->setCurrentIndex(index);
    refresh();
}

void DashboardWidget::refresh()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    // The right edge follows the newest sample while live, the clock when stale, so a gap shows.
    const qint64 edge = std::max(now, m_history.lastTimestampMs());
    for (ChartPanel *panel : std::as_const(m_charts))
        panel->refresh(m_history, edge, m_windowSeconds);
    m_conversations->tick(now);
    updateStale();
}

void DashboardWidget::updateStale()
{
    const bool online = m_client && m_client->state() == ChatClient::State::Online;
    const bool fresh = online && m_sinceFrame.isValid() && m_sinceFrame.elapsed() < staleAfterMs;
    QString text;
    if (fresh) {
        text = tr("Live — %1 — updated %2")
                   .arg(m_client->currentEndpoint().toDisplayString(), clock(m_lastFrameMs));
    } else if (m_lastFrameMs == 0) {
        text = online ? tr("Waiting for the first metrics…") : tr("Connecting…");
    } else {
        text = tr("Stale — no data since %1; %2")
                   .arg(clock(m_lastFrameMs),
                       online ? tr("waiting for the stream") : tr("reconnecting…"));
    }
    if (text != m_status->text())
        m_status->setText(text);
    m_status->setStyleSheet(
        fresh ? u"color: #2e7d32; font-weight: bold;"_s : u"color: #b26a00; font-weight: bold;"_s);
    if (fresh == !m_stale)
        return;
    m_stale = !fresh;
    Q_EMIT staleChanged(m_stale);
}

void DashboardWidget::onWelcomed(const QList<ConversationInfo> &conversations)
{
    if (!m_client)
        return;
    // The server sends the alerts firing now after the subscription, so start from those.
    m_firing->clear();
    m_client->subscribe(u"metrics"_s);
    m_client->subscribe(u"alerts"_s);
    if (!conversations.isEmpty() || m_conversations->rowCount() > 0)
        m_conversations->setConversations(conversations);
    if (!m_monitored.isEmpty())
        m_client->monitor(m_monitored);
}

void DashboardWidget::onSupervisorFrame(const QString &type, const QJsonObject &frame)
{
    if (type == u"alert") {
        onAlert(AlertEntry::fromJson(frame));
        return;
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const MetricsSample sample = MetricsSample::fromJson(frame, now);
    m_history.append(sample);
    m_lastFrameMs = sample.timestampMs;
    m_sinceFrame.start();
    if (frame.contains(u"staff"_s))
        m_staff->setStaff(StaffEntry::listFromJson(frame.value(u"staff"_s).toArray()));
    updateStale();
}

void DashboardWidget::showAlertDetail()
{
    const QModelIndex current = m_firingView->selectionModel()->currentIndex();
    const int row = current.isValid() ? current.row() : 0;
    if (row >= m_firing->rowCount()) {
        m_alertDetail->clear();
        m_alertDetail->hide();
        return;
    }
    const AlertEntry &alert = m_firing->at(row);
    m_alertDetail->setText(tr("%1: %2").arg(alert.rule, alert.summary));
    m_alertDetail->show();
}

QString DashboardWidget::alertDetail() const
{
    return m_alertDetail->isHidden() ? QString() : m_alertDetail->text();
}

void DashboardWidget::onAlert(const AlertEntry &alert)
{
    const bool wasFiring = m_firing->indexOf(alert.id) >= 0;
    m_firing->apply(alert);
    m_resolved->apply(alert);
    if (alert.firing && !wasFiring)
        notify(alert);
}

void DashboardWidget::notify(const AlertEntry &alert)
{
    qCInfo(lcUi) << "alert firing:" << alert.rule;
    Q_EMIT alertFired(alert);
    const QString title = alert.severity == u"critical" ? tr("Critical alert: %1").arg(alert.rule)
                                                        : tr("Alert: %1").arg(alert.rule);
    if (QSystemTrayIcon::isSystemTrayAvailable() && QSystemTrayIcon::supportsMessages()) {
        if (!m_tray) {
            m_tray = new QSystemTrayIcon(this);
            QIcon icon = windowIcon();
            if (icon.isNull())
                icon = style()->standardIcon(QStyle::SP_MessageBoxWarning);
            m_tray->setIcon(icon);
            m_tray->setToolTip(windowTitle());
            m_tray->show();
        }
        m_tray->showMessage(title, alert.summary,
            alert.severity == u"critical" ? QSystemTrayIcon::Critical : QSystemTrayIcon::Warning);
    } else {
        QApplication::alert(window());
    }
}

void DashboardWidget::onMessage(const ChatMessage &message)
{
    if (message.conversation != m_monitored || m_monitored.isEmpty())
        return;
    QString who = message.fromName;
    if (message.kind == protocol::MessageKind::Note)
        who = tr("%1 (note)").arg(who);
    auto *item = new QListWidgetItem(
        u"%1  %2: %3"_s.arg(clock(message.timestampMs), who, message.text), m_monitorLog);
    if (message.kind == protocol::MessageKind::Note)
        item->setForeground(QColor(0x6a, 0x4c, 0x93));
    m_monitorLog->scrollToBottom();
}

void DashboardWidget::monitorConversation(const QString &conversation)
{
    if (!m_client || conversation.isEmpty())
        return;
    m_monitored = conversation;
    m_monitorLog->clear();
    const qsizetype row = m_conversations->indexOf(conversation);
    const QString customer = row >= 0
        ? m_conversations->data(m_conversations->index(int(row), 0)).toString()
        : tr("a conversation");
    m_monitorTitle->setText(
        tr("Watching %1 silently. Whispers reach the agent only.").arg(customer));
    m_whisperEdit->setEnabled(true);
    m_whisperButton->setEnabled(true);
    m_client->monitor(conversation);
    m_client->requestHistory(conversation, 0, 50);
}

QStringList DashboardWidget::monitorTranscript() const
{
    QStringList lines;
    for (int row = 0; row < m_monitorLog->count(); ++row)
        lines.append(m_monitorLog->item(row)->text());
    return lines;
}

QString DashboardWidget::whisper(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (!m_client || m_monitored.isEmpty() || trimmed.isEmpty())
        return {};
    const QString clientId
        = m_client->sendMessage(m_monitored, trimmed, protocol::MessageKind::Note);
    ChatMessage mine;
    mine.conversation = m_monitored;
    mine.kind = protocol::MessageKind::Note;
    mine.fromName = tr("You");
    mine.text = trimmed;
    mine.timestampMs = QDateTime::currentMSecsSinceEpoch();
    onMessage(mine);
    return clientId;
}

void DashboardWidget::monitorSelected()
{
    const QModelIndex current = m_conversationView->currentIndex();
    if (current.isValid())
        monitorConversation(current.data(OperationsConversationModel::IdRole).toString());
}

void DashboardWidget::sendWhisper()
{
    if (!whisper(m_whisperEdit->text()).isEmpty())
        m_whisperEdit->clear();
}

QString DashboardWidget::exportPng(const QString &path)
{
    QWidget *area = findChild<QWidget *>(u"dashboardCharts"_s);
    return ExportFile::writePng(area ? area : this, path);
}

QString DashboardWidget::exportCsv(const QString &path) const
{
    return ExportFile::writeText(path, m_history.toCsv());
}

void DashboardWidget::askExportPng()
{
    ExportFile::askAndSave(this, tr("Export charts as PNG"), u"switchboard-dashboard.png"_s,
        tr("PNG images (*.png)"), [this](const QString &path) { return exportPng(path); });
}

void DashboardWidget::askExportCsv()
{
    ExportFile::askAndSave(this, tr("Export series as CSV"), u"switchboard-metrics.csv"_s,
        tr("CSV files (*.csv)"), [this](const QString &path) { return exportCsv(path); });
}

} // namespace switchboard::ui
