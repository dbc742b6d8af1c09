#include "staffaccounteditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace switchboard::ui {

StaffAccountEditor::StaffAccountEditor(Mode mode, const StaffAccount &account, QWidget *parent)
    : QDialog(parent)
    , m_mode(mode)
    , m_original(account)
    , m_login(new QLineEdit(account.login, this))
    , m_name(new QLineEdit(account.name, this))
    , m_role(new QComboBox(this))
    , m_teams(new QLineEdit(account.teams.join(u", "_s), this))
    , m_receivesChats(new QCheckBox(tr("Receives chats automatically"), this))
    , m_password(new QLineEdit(this))
    , m_confirm(new QLineEdit(this))
    , m_problem(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    switch (mode) {
    case Mode::Add:
        setWindowTitle(tr("Add a staff member"));
        break;
    case Mode::Edit:
        setWindowTitle(tr("Edit %1").arg(account.login));
        break;
    case Mode::Password:
        setWindowTitle(tr("New password for %1").arg(account.login));
        break;
    }
    m_login->setObjectName(u"loginEdit"_s);
    m_login->setReadOnly(mode != Mode::Add);
    m_login->setPlaceholderText(tr("letters, digits, dot, underscore or hyphen"));
    m_name->setObjectName(u"nameEdit"_s);
    m_name->setPlaceholderText(tr("shown to customers; the login when empty"));
    m_role->setObjectName(u"roleBox"_s);
    m_role->addItem(tr("Agent"), int(protocol::Role::Agent));
    m_role->addItem(tr("Supervisor"), int(protocol::Role::Supervisor));
    m_role->setCurrentIndex(account.role == protocol::Role::Supervisor ? 1 : 0);
    m_teams->setObjectName(u"teamsEdit"_s);
    m_teams->setPlaceholderText(tr("e.g. sales, billing; empty: every team"));
    m_receivesChats->setObjectName(u"receivesChatsBox"_s);
    m_receivesChats->setChecked(account.receivesChats);
    m_receivesChats->setToolTip(
        tr("New conversations are assigned to this person while they are available. Without "
           "it they wait in the queue until someone accepts them."));
    for (QLineEdit *secret : { m_password, m_confirm })
        secret->setEchoMode(QLineEdit::Password);
    m_password->setObjectName(u"passwordEdit"_s);
    m_confirm->setObjectName(u"confirmEdit"_s);
    m_password->setPlaceholderText(tr("at least 8 characters"));
    m_problem->setObjectName(u"problem"_s);
    m_problem->setWordWrap(true);

    auto *form = new QFormLayout;
    if (mode != Mode::Password) {
        form->addRow(tr("&Login:"), m_login);
        form->addRow(tr("&Name:"), m_name);
        form->addRow(tr("&Role:"), m_role);
        form->addRow(tr("&Teams:"), m_teams);
        form->addRow(QString(), m_receivesChats);
    } else {
        for (QWidget *hidden : { static_cast<QWidget *>(m_login), static_cast<QWidget *>(m_name),
                 static_cast<QWidget *>(m_role), static_cast<QWidget *>(m_teams),
                 static_cast<QWidget *>(m_receivesChats) })
            hidden->hide();
    }
    if (mode != Mode::Edit) {
        form->addRow(
            mode == Mode::Add ? tr("Initial &password:") : tr("New &password:"), m_password);
        form->addRow(tr("&Repeat it:"), m_confirm);
    } else {
        m_password->hide();
        m_confirm->hide();
    }
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QLineEdit *edit : { m_login, m_name, m_teams, m_password, m_confirm })
        connect(edit, &QLineEdit::textChanged, this, &StaffAccountEditor::check);
    check();
}

StaffAccount StaffAccountEditor::account() const
{
    StaffAccount account = m_original;
    account.login = m_login->text().trimmed();
    account.name = m_name->text().trimmed();
    account.role = protocol::Role(m_role->currentData().toInt());
    account.teams.clear();
    for (const QString &part : m_teams->text().split(QLatin1Char(','))) {
        const QString team = part.trimmed();
        if (!team.isEmpty() && !account.teams.contains(team))
            account.teams.append(team);
    }
    account.receivesChats = m_receivesChats->isChecked();
    return account;
}

QString StaffAccountEditor::password() const
{
    return m_password->text();
}

QString StaffAccountEditor::problem() const
{
    if (m_mode != Mode::Password) {
        const StaffAccount wanted = account();
        if (!protocol::isValidLogin(wanted.login))
            return tr("The login must be 1 to 64 characters of A-Z, a-z, 0-9, dot, underscore "
                      "or hyphen.");
        for (const QString &team : wanted.teams) {
            if (team.size() > protocol::maxProfileFieldLength)
                return tr("A team name is at most %1 characters.")
                    .arg(protocol::maxProfileFieldLength);
        }
    }
    if (m_mode != Mode::Edit) {
        if (!protocol::newPasswordProblem(m_password->text()).isEmpty())
            return tr("The password needs at least %1 characters.")
                .arg(protocol::minPasswordLength);
        if (m_password->text() != m_confirm->text())
            return tr("The two passwords differ.");
    }
    return {};
}

void StaffAccountEditor::check()
{
    const QString why = problem();
    m_problem->setText(why);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(why.isEmpty());
}

} // namespace switchboard::ui
