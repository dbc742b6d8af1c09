#include "auditlogwidget.h"

#include "audittablemodel.h"
#include "daterangepicker.h"
#include "exportfile.h"
#include "tableviews.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShowEvent>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <switchboard/logging.h>

using namespace Qt::StringLiterals;

namespace switchboard::ui {

AuditLogWidget::AuditLogWidget(ChatClient *client, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_model(new AuditTableModel(this))
{
    auto *filters = new QHBoxLayout;
    m_range = new DateRangePicker(true, this);
    filters->addWidget(m_range);
    filters->addWidget(new QLabel(tr("Who:"), this));
    m_actor = new QLineEdit(this);
    m_actor->setPlaceholderText(tr("any account"));
    m_actor->setMaxLength(64);
    m_actor->setClearButtonEnabled(true);
    connect(m_actor, &QLineEdit::returnPressed, this, &AuditLogWidget::reload);
    filters->addWidget(m_actor);
    filters->addWidget(new QLabel(tr("Action:"), this));
    m_action = new QComboBox(this);
    m_action->addItem(tr("All actions"), QString());
    const QStringList actions = AuditTableModel::actions();
    for (const QString &action : actions)
        m_action->addItem(AuditTableModel::actionLabel(action), action);
    filters->addWidget(m_action);
    auto *apply = new QPushButton(tr("Apply"), this);
    connect(apply, &QPushButton::clicked, this, &AuditLogWidget::reload);
    filters->addWidget(apply);
    auto *csv = new QPushButton(tr("Export CSV…"), this);
    connect(csv, &QPushButton::clicked, this, [this] {
        ExportFile::askAndSave(this, tr("Export the audit log as CSV"), u"switchboard-audit.csv"_s,
            tr("CSV files (*.csv)"), [this](const QString &path) { return exportCsv(path); });
    });
    filters->addWidget(csv);
    filters->addStretch(1);

    m_view = TableViews::make(m_model, this);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &AuditLogWidget::showDetail);
    m_detail = new QPlainTextEdit(this);
    m_detail->setObjectName(u"auditDetail"_s);
    m_detail->setReadOnly(true);
    m_detail->setPlaceholderText(tr("Select an entry to see everything it records."));
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_view);
    split->addWidget(m_detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);

    auto *bottom = new QHBoxLayout;
    m_status = new QLabel(this);
    m_status->setObjectName(u"auditStatus"_s);
    m_status->setTextFormat(Qt::PlainText);
    bottom->addWidget(m_status, 1);
    m_more = new QPushButton(tr("More"), this);
    m_more->setEnabled(false);
    connect(m_more, &QPushButton::clicked, this, &AuditLogWidget::loadMore);
    bottom->addWidget(m_more);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(split, 1);
    layout->addLayout(bottom);

    connect(m_range, &DateRangePicker::rangeChanged, this, [this] {
        if (isVisible())
            reload();
    });
    connect(m_action, &QComboBox::currentIndexChanged, this, [this] {
        if (isVisible())
            reload();
    });
    if (m_client) {
        connect(m_client, &ChatClient::auditReceived, this, &AuditLogWidget::onAudit);
        connect(m_client, &ChatClient::errorReceived, this, &AuditLogWidget::onError);
        connect(m_client, &ChatClient::welcomed, this, [this] {
            m_pending.clear();
            if (isVisible() && !m_loadedOnce)
                reload();
        });
    }
}

AuditLogWidget::~AuditLogWidget() = default;

void AuditLogWidget::setActorFilter(const QString &login)
{
    m_actor->setText(login);
}

void AuditLogWidget::setActionFilter(const QString &action)
{
    const QSignalBlocker blocker(m_action);
    const int index = m_action->findData(action);
    m_action->setCurrentIndex(std::max(0, index));
}

QString AuditLogWidget::actionFilter() const
{
    return m_action->currentData().toString();
}

void AuditLogWidget::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_loadedOnce && m_pending.isEmpty())
        reload();
}

QString AuditLogWidget::reload()
{
    return request(0);
}

QString AuditLogWidget::loadMore()
{
    if (!m_hasMore)
        return {};
    return request(m_model->rowCount());
}

QString AuditLogWidget::request(int offset)
{
    if (!m_client)
        return {};
    AuditQuery query;
    query.fromMs = m_range->fromMs();
    query.toMs = m_range->toMs();
    query.actor = m_actor->text().trimmed();
    query.action = actionFilter();
    query.limit = m_pageSize;
    query.offset = offset;
    m_pending = m_client->requestAudit(query);
    m_pendingReplaces = offset == 0;
    if (m_pending.isEmpty()) {
        setStatus(tr("Not connected; the audit log loads once the dashboard is signed in."), true);
        return {};
    }
    m_loadedOnce = true;
    m_more->setEnabled(false);
    setStatus(tr("Loading…"), false);
    return m_pending;
}

void AuditLogWidget::onAudit(const QString &request, const QList<AuditEntry> &entries, bool hasMore)
{
    if (m_pending.isEmpty() || request != m_pending)
        return; // an answer to filters the supervisor has changed since
    m_pending.clear();
    if (m_pendingReplaces) {
        m_model->clear();
        m_detail->clear();
    }
    m_model->append(entries);
    m_hasMore = hasMore;
    m_more->setEnabled(hasMore);
    if (m_model->rowCount() == 0)
        setStatus(tr("No entries match these filters."), false);
    else if (hasMore)
        setStatus(tr("Entries shown: %1; more are older.").arg(m_model->rowCount()), false);
    else
        setStatus(tr("Entries shown: %1; that is all.").arg(m_model->rowCount()), false);
    Q_EMIT pageLoaded();
}

void AuditLogWidget::onError(const QString &code, const QString &message, const QString &ref)
{
    if (m_pending.isEmpty() || ref != m_pending)
        return;
    m_pending.clear();
    qCInfo(lcUi) << "audit log refused:" << code;
    setStatus(code == u"forbidden" ? tr("The audit log is for supervisors.")
                                   : tr("The audit log could not be loaded: %1").arg(message),
        true);
    m_more->setEnabled(m_hasMore);
    Q_EMIT pageLoaded();
}

void AuditLogWidget::selectRow(int row)
{
    m_view->setCurrentIndex(m_model->index(row, 0));
}

void AuditLogWidget::showDetail()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid()) {
        m_detail->clear();
        return;
    }
    const AuditEntry &entry = m_model->at(current.row());
    QStringList lines {
        tr("When: %1")
            .arg(QDateTime::fromMSecsSinceEpoch(entry.timestampMs)
                     .toString(u"yyyy-MM-dd HH:mm:ss.zzz t"_s)),
        tr("Who: %1").arg(entry.actorRole.isEmpty()
                ? m_model->index(current.row(), AuditTableModel::ActorColumn).data().toString()
                : u"%1 (%2)"_s.arg(
                    m_model->index(current.row(), AuditTableModel::ActorColumn).data().toString(),
                    entry.actorRole)),
        tr("Action: %1").arg(AuditTableModel::actionLabel(entry.action)),
    };
    if (!entry.target.isEmpty())
        lines.append(tr("Target: %1").arg(entry.target));
    if (!entry.address.isEmpty())
        lines.append(tr("From address: %1").arg(entry.address));
    if (!entry.detail.isEmpty()) {
        lines.append(tr("Details:"));
        for (auto it = entry.detail.constBegin(); it != entry.detail.constEnd(); ++it) {
            QJsonObject one;
            one.insert(it.key(), it.value());
            lines.append(u"  "_s + AuditTableModel::describeDetail(one));
        }
    }
    lines.append(tr("Entry #%1").arg(entry.id));
    m_detail->setPlainText(lines.join(u'\n'));
}

QString AuditLogWidget::statusText() const
{
    return m_status->text();
}

QString AuditLogWidget::detailText() const
{
    return m_detail->toPlainText();
}

void AuditLogWidget::setStatus(const QString &text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? u"color: #b26a00;"_s : QString());
}

QString AuditLogWidget::exportCsv(const QString &path) const
{
    return ExportFile::writeText(path, ExportFile::modelToCsv(*m_model));
}

} // namespace switchboard::ui
