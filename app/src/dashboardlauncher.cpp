#include "dashboardlauncher.h"

#include "consolesettings.h"
#include "credentialstore.h"

#include <QEvent>
#include <QSslCertificate>
#include <client/chatclient.h>
#include <dashboard/dashboardwidget.h>
#include <switchboard/displaytext.h>
#include <widgets/logindialog.h>

using namespace Qt::StringLiterals;

namespace switchboard::app {

DashboardLauncher::DashboardLauncher(ConsoleSettings *settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
{
}

DashboardLauncher::~DashboardLauncher() = default;

Expected<QUrl, QString> DashboardLauncher::parseEndpoint(const QString &text)
{
    const QUrl url = QUrl::fromUserInput(text.trimmed());
    if (text.trimmed().isEmpty() || !url.isValid() || url.host().isEmpty()
        || (url.scheme() != u"ws" && url.scheme() != u"wss")) {
        return unexpected(
            tr("--dashboard needs a server address such as ws://127.0.0.1:8420/ws, not %1")
                .arg(quotedForMessage(text)));
    }
    return url;
}

ui::ChatClient *DashboardLauncher::client() const
{
    return m_dashboard ? m_dashboard->client() : nullptr;
}

ui::DashboardWidget *DashboardLauncher::createDashboard(const QList<QUrl> &endpoints)
{
    // The dashboard owns its client: a new dashboard is a new connection.
    auto *client = new ui::ChatClient;
    client->setEndpoints(endpoints);
    // The certificate the user chose to trust at the console's sign-in (a LAN server's own).
    if (m_settings && !m_settings->trustedCertificate.get().isEmpty())
        client->setTrustedCertificate(
            QSslCertificate::fromPath(m_settings->trustedCertificate.get()).value(0));
    m_dashboard = std::make_unique<ui::DashboardWidget>(client);
    client->setParent(m_dashboard.get());
    m_dashboard->installEventFilter(this);
    connect(client, &ui::ChatClient::welcomed, this, &DashboardLauncher::onWelcomed);
    return m_dashboard.get();
}

bool DashboardLauncher::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_dashboard.get() && event->type() == QEvent::Close)
        QMetaObject::invokeMethod(this, &DashboardLauncher::finished, Qt::QueuedConnection);
    return QObject::eventFilter(watched, event);
}

void DashboardLauncher::startStandalone(const QUrl &endpoint)
{
    m_endpoints = { endpoint };
    const QString login = m_settings ? m_settings->login.get() : QString();
    if (!m_settings || !m_settings->rememberMe.get() || login.isEmpty()) {
        showLogin({});
        return;
    }
    m_credentials = new CredentialStore(this);
    connect(m_credentials, &CredentialStore::readFinished, this,
        [this, login](const QString &, const QString &token, bool found) {
            if (!found) {
                showLogin({});
                return;
            }
            ui::DashboardWidget *dashboard = createDashboard(m_endpoints);
            ui::ChatClient *client = this->client();
            client->setPasswordCredentials(login, {});
            client->setToken(token);
            connect(client, &ui::ChatClient::signInFailed, this,
                [this](const QString &reason) { showLogin(reason); });
            client->connectToServer();
            dashboard->resize(1400, 900);
            dashboard->show();
        });
    connect(m_credentials, &CredentialStore::failed, this,
        [this](const QString &, const QString &message) { showLogin(message); });
    m_credentials->read(u"token:"_s + login);
}

void DashboardLauncher::showLogin(const QString &error)
{
    if (m_dashboard) {
        m_dashboard->hide();
        m_dashboard.release()->deleteLater(); // this may run inside one of its client's signals
    }
    if (!m_login) {
        m_login = std::make_unique<ui::LoginDialog>();
        m_login->setWindowTitle(tr("Switchboard — Supervisor dashboard"));
        m_login->setRememberAvailable(false, tr("The dashboard does not store credentials."));
        m_login->setRunEmbeddedServer(false);
        connect(m_login.get(), &QDialog::accepted, this, &DashboardLauncher::signInFromDialog);
        connect(m_login.get(), &QDialog::rejected, this, &DashboardLauncher::finished);
    }
    QStringList texts;
    for (const QUrl &url : std::as_const(m_endpoints))
        texts.append(url.toString());
    m_login->setEndpoints(texts);
    if (m_settings && m_login->login().isEmpty())
        m_login->setLogin(m_settings->login.get());
    m_login->setPassword({});
    m_login->showError(error);
    m_login->show();
}

void DashboardLauncher::signInFromDialog()
{
    const QList<QUrl> endpoints = m_login->endpoints();
    if (!endpoints.isEmpty())
        m_endpoints = endpoints;
    ui::DashboardWidget *dashboard = createDashboard(m_endpoints);
    ui::ChatClient *client = this->client();
    client->setPasswordCredentials(m_login->login(), m_login->password());
    connect(client, &ui::ChatClient::signInFailed, this,
        [this](const QString &reason) { showLogin(reason); });
    client->connectToServer();
    dashboard->resize(1400, 900);
    dashboard->show();
}

void DashboardLauncher::onWelcomed()
{
    ui::ChatClient *client = this->client();
    if (!client || client->role() == protocol::Role::Supervisor)
        return;
    // Agents have no dashboard: the server would refuse the streams anyway.
    client->disconnectFromServer();
    showLogin(tr("The dashboard is for supervisors; %1 is an agent.").arg(client->login()));
}

} // namespace switchboard::app
