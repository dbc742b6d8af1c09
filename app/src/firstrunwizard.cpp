#include "firstrunwizard.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>
#include <QWizardPage>
#include <cli/usercommands.h>

using namespace Qt::StringLiterals;

namespace switchboard::app {

namespace {

constexpr qsizetype minPasswordLength = 8; // as `switchboard-server user add` asks

// The account page is complete once the wizard finds no problem with it.
class AccountPage final : public QWizardPage {
public:
    explicit AccountPage(const FirstRunWizard *wizard)
        : m_wizard(wizard)
    {
    }
    bool isComplete() const override { return m_wizard->problem().isEmpty(); }
    void refresh() { Q_EMIT completeChanged(); }

private:
    const FirstRunWizard *m_wizard;
};

} // namespace

FirstRunWizard::FirstRunWizard(QWidget *parent)
    : QWizard(parent)
    , m_login(new QLineEdit)
    , m_name(new QLineEdit)
    , m_password(new QLineEdit)
    , m_confirm(new QLineEdit)
    , m_problem(new QLabel)
{
    setWindowTitle(tr("Set up the server on this computer"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnStartPage);

    auto *intro = new QWizardPage;
    intro->setTitle(tr("Welcome to Switchboard"));
    auto *introText = new QLabel(tr("Switchboard will run its server on this computer, with its "
                                    "data in your user folder. It has no accounts yet: the next "
                                    "page creates the first supervisor, who takes chats from "
                                    "the queue and can add the other agents."));
    introText->setWordWrap(true);
    auto *introLayout = new QVBoxLayout(intro);
    introLayout->addWidget(introText);
    addPage(intro);

    auto *account = new AccountPage(this);
    account->setTitle(tr("The first supervisor"));
    m_login->setObjectName(u"wizardLogin"_s);
    m_name->setObjectName(u"wizardName"_s);
    m_password->setObjectName(u"wizardPassword"_s);
    m_confirm->setObjectName(u"wizardConfirm"_s);
    m_password->setEchoMode(QLineEdit::Password);
    m_confirm->setEchoMode(QLineEdit::Password);
    m_name->setPlaceholderText(tr("Shown to customers, for example Alice"));
    m_problem->setObjectName(u"wizardProblem"_s);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(u"color: #b00020;"_s);
    auto *form = new QFormLayout(account);
    form->addRow(tr("&Login:"), m_login);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Password:"), m_password);
    form->addRow(tr("&Confirm password:"), m_confirm);
    form->addRow(m_problem);
    addPage(account);

    for (QLineEdit *edit : { m_login, m_password, m_confirm }) {
        connect(edit, &QLineEdit::textChanged, this, [this, account] {
            m_problem->setText(problem());
            account->refresh();
        });
    }
}

void FirstRunWizard::setLogin(const QString &login)
{
    m_login->setText(login);
}

QString FirstRunWizard::login() const
{
    return m_login->text().trimmed();
}

void FirstRunWizard::setDisplayName(const QString &name)
{
    m_name->setText(name);
}

QString FirstRunWizard::displayName() const
{
    const QString name = m_name->text().trimmed();
    return name.isEmpty() ? login() : name;
}

void FirstRunWizard::setPassword(const QString &password)
{
    m_password->setText(password);
    m_confirm->setText(password);
}

void FirstRunWizard::setConfirmation(const QString &password)
{
    m_confirm->setText(password);
}

QString FirstRunWizard::password() const
{
    return m_password->text();
}

QString FirstRunWizard::problem() const
{
    if (!server::isValidLogin(login()))
        return tr("The login is 1 to 64 characters of A-Z, a-z, 0-9, dot, underscore or hyphen.");
    if (m_password->text().size() < minPasswordLength)
        return tr("The password needs at least %n characters.", nullptr, int(minPasswordLength));
    if (m_password->text() != m_confirm->text())
        return tr("The two passwords differ.");
    return {};
}

void FirstRunWizard::showError(const QString &message)
{
    m_problem->setText(message);
}

} // namespace switchboard::app
