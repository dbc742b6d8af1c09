#include "staffdialog.h"

#include "client/chatclient.h"
#include "staffaccounteditor.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace switchboard::ui {

StaffDialog::StaffDialog(ChatClient *client, QWidget *parent)
    : QDialog(parent)
    , m_client(client)
    , m_table(new QTableWidget(0, 6, this))
    , m_add(new QPushButton(tr("&Add…"), this))
    , m_edit(new QPushButton(tr("&Edit…"), this))
    , m_password(new QPushButton(tr("Reset &password…"), this))
    , m_remove(new QPushButton(tr("&Remove…"), this))
    , m_refresh(new QPushButton(tr("Re&fresh"), this))
    , m_status(new QLabel(this))
{
    setWindowTitle(tr("Staff"));
    setObjectName(u"staffDialog"_s);
    m_table->setObjectName(u"staffTable"_s);
    m_table->setHorizontalHeaderLabels(
        { tr("Login"), tr("Name"), tr("Role"), tr("Teams"), tr("Receives chats"), tr("Online") });
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_status->setObjectName(u"staffStatus"_s);
    m_status->setWordWrap(true);
    m_add->setObjectName(u"addButton"_s);
    m_edit->setObjectName(u"editButton"_s);
    m_password->setObjectName(u"passwordButton"_s);
    m_remove->setObjectName(u"removeButton"_s);

    auto *buttons = new QVBoxLayout;
    for (QPushButton *button : { m_add, m_edit, m_password, m_remove, m_refresh })
        buttons->addWidget(button);
    buttons->addStretch(1);
    auto *row = new QHBoxLayout;
    row->addWidget(m_table, 1);
    row->addLayout(buttons);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(row, 1);
    layout->addWidget(m_status);
    layout->addWidget(close);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_add, &QPushButton::clicked, this, &StaffDialog::openAddForm);
    connect(m_edit, &QPushButton::clicked, this, &StaffDialog::openEditForm);
    connect(m_password, &QPushButton::clicked, this, &StaffDialog::openPasswordForm);
    connect(m_remove, &QPushButton::clicked, this, &StaffDialog::askRemove);
    connect(m_refresh, &QPushButton::clicked, this, &StaffDialog::refresh);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &StaffDialog::updateButtons);
    connect(m_table, &QTableWidget::cellDoubleClicked, this, &StaffDialog::openEditForm);
    if (client) {
        connect(client, &ChatClient::staffListReceived, this, &StaffDialog::showAccounts);
        connect(client, &ChatClient::staffChanged, this, &StaffDialog::onChanged);
        connect(client, &ChatClient::errorReceived, this, &StaffDialog::onError);
        // After a reconnect the list may have changed meanwhile, and unanswered requests
        // will never be answered.
        connect(client, &ChatClient::welcomed, this, [this] {
            m_pending.clear();
            refresh();
        });
    }
    resize(760, 420);
    updateButtons();
    refresh();
}

QString StaffDialog::statusText() const
{
    return m_status->text();
}

void StaffDialog::refresh()
{
    if (!m_client)
        return;
    m_listRequest = m_client->requestStaffList();
    if (m_listRequest.isEmpty())
        m_status->setText(tr("Not connected: the staff list cannot be read now."));
}

bool StaffDialog::selectAccount(const QString &login)
{
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (m_table->item(row, LoginColumn)->text() == login) {
            m_table->selectRow(row);
            return true;
        }
    }
    return false;
}

std::optional<StaffAccount> StaffDialog::selected() const
{
    const QList<QTableWidgetItem *> items = m_table->selectedItems();
    if (items.isEmpty())
        return std::nullopt;
    const QString login = m_table->item(items.first()->row(), LoginColumn)->text();
    for (const StaffAccount &account : m_accounts) {
        if (account.login == login)
            return account;
    }
    return std::nullopt;
}

void StaffDialog::updateButtons()
{
    const bool any = selected().has_value();
    const bool self = any && m_client && selected()->login == m_client->login();
    m_edit->setEnabled(any);
    m_password->setEnabled(any);
    m_remove->setEnabled(any && !self); // the server refuses it too
}

void StaffDialog::showAccounts(const QString &request, const QList<StaffAccount> &accounts)
{
    if (request != m_listRequest)
        return;
    const QString current = selected() ? selected()->login : QString();
    m_accounts = accounts;
    m_table->setRowCount(int(accounts.size()));
    for (int row = 0; row < accounts.size(); ++row) {
        const StaffAccount &account = accounts.at(row);
        const QString cells[] = { account.login, account.name,
            account.role == protocol::Role::Supervisor ? tr("Supervisor") : tr("Agent"),
            account.teams.isEmpty() ? tr("every team") : account.teams.join(u", "_s),
            account.receivesChats ? tr("automatically") : tr("accepts by hand"),
            account.online ? tr("online") : QString() };
        for (int column = 0; column < int(std::size(cells)); ++column)
            m_table->setItem(row, column, new QTableWidgetItem(cells[column]));
    }
    m_table->resizeColumnsToContents();
    if (!current.isEmpty())
        selectAccount(current);
    updateButtons();
    Q_EMIT accountsListed();
}

StaffAccountEditor *StaffDialog::openForm(int mode, const StaffAccount &account)
{
    auto *form = new StaffAccountEditor(StaffAccountEditor::Mode(mode), account, this);
    form->setAttribute(Qt::WA_DeleteOnClose);
    connect(form, &QDialog::accepted, this, [this, form] {
        if (!m_client)
            return;
        const StaffAccount wanted = form->account();
        switch (form->mode()) {
        case StaffAccountEditor::Mode::Add:
            send(m_client->addStaff(wanted, form->password()), tr("Adding %1").arg(wanted.login));
            break;
        case StaffAccountEditor::Mode::Edit:
            send(m_client->updateStaff(wanted), tr("Saving %1").arg(wanted.login));
            break;
        case StaffAccountEditor::Mode::Password:
            send(m_client->resetStaffPassword(wanted.login, form->password()),
                tr("Setting a new password for %1").arg(wanted.login));
            break;
        }
        form->passwordEdit()->clear();
        form->confirmEdit()->clear();
    });
    form->open();
    return form;
}

StaffAccountEditor *StaffDialog::openAddForm()
{
    return openForm(int(StaffAccountEditor::Mode::Add), StaffAccount {});
}

StaffAccountEditor *StaffDialog::openEditForm()
{
    const std::optional<StaffAccount> account = selected();
    return account ? openForm(int(StaffAccountEditor::Mode::Edit), *account) : nullptr;
}

StaffAccountEditor *StaffDialog::openPasswordForm()
{
    const std::optional<StaffAccount> account = selected();
    return account ? openForm(int(StaffAccountEditor::Mode::Password), *account) : nullptr;
}

QMessageBox *StaffDialog::askRemove()
{
    const std::optional<StaffAccount> account = selected();
    if (!account)
        return nullptr;
    auto *box = new QMessageBox(QMessageBox::Question, tr("Remove %1").arg(account->login),
        tr("Remove the account of %1 (%2)? They are signed out at once and their open "
           "conversations go back to the queue.")
            .arg(account->name, account->login),
        QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(u"removeConfirmation"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::accepted, this, [this, login = account->login] {
        if (m_client)
            send(m_client->removeStaff(login), tr("Removing %1").arg(login));
    });
    box->open();
    return box;
}

void StaffDialog::send(const QString &request, const QString &description)
{
    if (request.isEmpty()) {
        m_status->setText(tr("Not connected: nothing was changed."));
        Q_EMIT requestFinished(false, m_status->text());
        return;
    }
    m_pending.insert(request, description);
    m_status->setText(description + u"…"_s);
}

void StaffDialog::onChanged(const QString &request, const QString &change, const StaffAccount &)
{
    const QString description = m_pending.take(request);
    if (description.isEmpty())
        return; // another window's request, or this account changed by someone else
    if (change == u"password")
        m_status->setText(tr("%1: done. Their open sessions were signed out.").arg(description));
    else if (change == u"removed")
        m_status->setText(tr("%1: done. They were signed out.").arg(description));
    else
        m_status->setText(tr("%1: done.").arg(description));
    refresh();
    Q_EMIT requestFinished(true, m_status->text());
}

void StaffDialog::onError(const QString &, const QString &message, const QString &ref)
{
    if (ref == m_listRequest && !ref.isEmpty()) {
        m_status->setText(tr("The staff list cannot be shown: %1").arg(message));
        return;
    }
    const QString description = m_pending.take(ref);
    if (description.isEmpty())
        return;
    m_status->setText(tr("%1 failed: %2").arg(description, message));
    Q_EMIT requestFinished(false, m_status->text());
}

} // namespace switchboard::ui
