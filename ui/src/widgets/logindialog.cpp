#include "logindialog.h"

#include "filepathedit.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace switchboard::ui {

LoginDialog::LoginDialog(QWidget *parent)
    : QDialog(parent)
    , m_endpoints(new QLineEdit(this))
    , m_login(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_trustedCertificate(new FilePathEdit(tr("The server's certificate"),
          tr("Certificates (*.pem *.crt *.cer);;All files (*)"), this))
    , m_remember(new QCheckBox(tr("&Remember me on this computer"), this))
    , m_rememberReason(new QLabel(this))
    , m_embedded(new QCheckBox(tr("Run the &server on this computer"), this))
    , m_error(new QLabel(this))
    , m_firstRunNote(new QLabel(this))
{
    setWindowTitle(tr("Sign in to Switchboard"));
    m_endpoints->setPlaceholderText(tr("ws://host:8420/ws, several separated by spaces"));
    m_endpoints->setObjectName(u"endpoints"_s);
    m_login->setObjectName(u"login"_s);
    m_password->setObjectName(u"password"_s);
    m_password->setEchoMode(QLineEdit::Password);
    m_trustedCertificate->setObjectName(u"trustedCertificate"_s);
    m_trustedCertificate->setPlaceholderText(
        tr("Only for a wss:// server with its own certificate"));
    m_trustedCertificate->setToolTip(
        tr("For a server on your network with a self-signed certificate: choose that "
           "certificate (PEM) to trust it. Servers with a certificate from a public authority "
           "need nothing here."));
    m_remember->setObjectName(u"rememberMe"_s);
    m_embedded->setObjectName(u"runEmbeddedServer"_s);
    m_rememberReason->setWordWrap(true);
    m_rememberReason->setVisible(false);
    m_rememberReason->setObjectName(u"rememberReason"_s);
    m_error->setWordWrap(true);
    m_error->setVisible(false);
    m_error->setStyleSheet(u"color: #b00020;"_s);
    m_firstRunNote->setObjectName(u"firstRunNote"_s);
    m_firstRunNote->setWordWrap(true);
    m_firstRunNote->setText(
        tr("This computer has no accounts yet: Continue sets up the server "
           "and creates your supervisor account; the login and password can wait until then."));
    m_firstRunNote->setVisible(false);

    auto *form = new QFormLayout;
    form->addRow(tr("Server &address:"), m_endpoints);
    form->addRow(tr("&Login:"), m_login);
    form->addRow(tr("&Password:"), m_password);
    form->addRow(tr("&Trust certificate:"), m_trustedCertificate);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_signIn = buttons->button(QDialogButtonBox::Ok);
    m_signIn->setText(tr("Sign in"));
    connect(buttons, &QDialogButtonBox::accepted, this, &LoginDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &LoginDialog::reject);
    connect(m_embedded, &QCheckBox::toggled, m_endpoints, &QLineEdit::setDisabled);
    connect(m_embedded, &QCheckBox::toggled, this, &LoginDialog::updateForFirstRun);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_remember);
    layout->addWidget(m_rememberReason);
    layout->addWidget(m_embedded);
    layout->addWidget(m_firstRunNote);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    setMinimumWidth(420);
}

void LoginDialog::setEndpoints(const QStringList &endpoints)
{
    m_endpoints->setText(endpoints.join(u' '));
}

QStringList LoginDialog::endpointTexts() const
{
    static const QRegularExpression separators(u"[\\s,;]+"_s);
    return m_endpoints->text().split(separators, Qt::SkipEmptyParts);
}

QList<QUrl> LoginDialog::endpoints() const
{
    QList<QUrl> urls;
    for (const QString &text : endpointTexts()) {
        QUrl url = QUrl::fromUserInput(text);
        if (url.scheme() == u"http")
            url.setScheme(u"ws"_s);
        else if (url.scheme() == u"https")
            url.setScheme(u"wss"_s);
        if (url.path().isEmpty() || url.path() == u"/")
            url.setPath(u"/ws"_s);
        if ((url.scheme() == u"ws" || url.scheme() == u"wss") && !url.host().isEmpty())
            urls.append(url);
    }
    return urls;
}

void LoginDialog::setTrustedCertificatePath(const QString &path)
{
    m_trustedCertificate->setPath(path);
}

QString LoginDialog::trustedCertificatePath() const
{
    return m_trustedCertificate->path();
}

void LoginDialog::setLogin(const QString &login)
{
    m_login->setText(login);
}

QString LoginDialog::login() const
{
    return m_login->text().trimmed();
}

void LoginDialog::setPassword(const QString &password)
{
    m_password->setText(password);
}

QString LoginDialog::password() const
{
    return m_password->text();
}

void LoginDialog::setRememberMe(bool remember)
{
    m_remember->setChecked(remember && m_remember->isEnabled());
}

bool LoginDialog::rememberMe() const
{
    return m_remember->isEnabled() && m_remember->isChecked();
}

void LoginDialog::setRunEmbeddedServer(bool run)
{
    m_embedded->setChecked(run);
}

bool LoginDialog::runEmbeddedServer() const
{
    return m_embedded->isChecked();
}

void LoginDialog::setEmbeddedFirstRun(bool firstRun)
{
    m_embeddedFirstRun = firstRun;
    updateForFirstRun();
}

void LoginDialog::updateForFirstRun()
{
    const bool setUp = m_embeddedFirstRun && runEmbeddedServer();
    m_firstRunNote->setVisible(setUp);
    m_signIn->setText(setUp ? tr("Continue") : tr("Sign in"));
}

void LoginDialog::setRememberAvailable(bool available, const QString &reason)
{
    m_remember->setEnabled(available);
    if (!available)
        m_remember->setChecked(false);
    m_rememberReason->setText(
        available ? QString() : tr("Cannot remember the password: %1").arg(reason));
    m_rememberReason->setVisible(!available);
}

bool LoginDialog::isRememberAvailable() const
{
    return m_remember->isEnabled();
}

QString LoginDialog::rememberUnavailableReason() const
{
    return m_rememberReason->text();
}

void LoginDialog::showError(const QString &message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

void LoginDialog::accept()
{
    if (!runEmbeddedServer() && endpoints().isEmpty()) {
        showError(tr("Enter a server address such as ws://127.0.0.1:8420/ws."));
        return;
    }
    const bool setUp = m_embeddedFirstRun && runEmbeddedServer();
    if (!setUp && (login().isEmpty() || password().isEmpty())) {
        showError(tr("Enter your login and password."));
        return;
    }
    showError({});
    QDialog::accept();
}

} // namespace switchboard::ui
