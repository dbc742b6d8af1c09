#include "consoleapplication.h"

#include "consolesettings.h"
#include "credentialstore.h"
#include "embeddedservercontroller.h"

#include <QCoreApplication>
#include <QStatusBar>
#include <client/chatclient.h>
#include <models/cannedreplymodel.h>
#include <widgets/logindialog.h>
#include <widgets/mainwindow.h>

using namespace Qt::StringLiterals;

namespace switchboard::app {

ConsoleApplication::ConsoleApplication(ConsoleSettings *settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_credentials(new CredentialStore(this))
    , m_server(new EmbeddedServerController(this))
    , m_client(new ui::ChatClient(this))
{
    connect(m_client, &ui::ChatClient::welcomed, this, &ConsoleApplication::onWelcomed);
    connect(m_client, &ui::ChatClient::tokenChanged, this, &ConsoleApplication::onTokenChanged);
    connect(m_client, &ui::ChatClient::signInFailed, this, [this](const QString &reason) {
        if (!m_window || !m_window->isVisible())
            showLogin(reason);
    });
    connect(m_credentials, &CredentialStore::failed, this,
        [this](const QString &, const QString &message) {
            if (m_login)
                m_login->showError(tr("Keychain: %1").arg(message));
            else if (m_window)
                m_window->statusBar()->showMessage(tr("Keychain: %1").arg(message), 8000);
        });
    connect(m_credentials, &CredentialStore::readFinished, this,
        [this](const QString &, const QString &token, bool found) {
            if (!found || token.isEmpty()) {
                showLogin();
                return;
            }
            QList<QUrl> endpoints;
            for (const QString &text : m_settings->endpoints.get())
                endpoints.append(QUrl(text));
            if (m_settings->runEmbeddedServer.get()) {
                m_server->setPort(quint16(m_settings->embeddedPort.get()));
                if (auto started = m_server->start(); started)
                    endpoints.prepend(m_server->url());
            }
            m_client->setEndpoints(endpoints);
            m_client->setPasswordCredentials(m_settings->login.get(), {});
            m_client->setToken(token);
            m_client->connectToServer();
        });
    connect(m_credentials, &CredentialStore::availabilityChecked, this, [this](bool available) {
        if (available && m_settings->rememberMe.get() && !m_settings->login.get().isEmpty()
            && !m_triedRemembered) {
            m_triedRemembered = true;
            m_credentials->read(credentialKey());
            return;
        }
        showLogin();
    });
}

ConsoleApplication::~ConsoleApplication()
{
    shutdown();
}

void ConsoleApplication::start()
{
    m_credentials->probe();
}

void ConsoleApplication::shutdown()
{
    if (m_client)
        m_client->disconnectFromServer();
    m_window.reset();
    m_login.reset();
    m_server->stop();
}

QString ConsoleApplication::credentialKey() const
{
    return u"token:"_s + m_settings->login.get();
}

void ConsoleApplication::showLogin(const QString &error)
{
    if (!m_login) {
        m_login = std::make_unique<ui::LoginDialog>();
        connect(m_login.get(), &QDialog::accepted, this, &ConsoleApplication::signIn);
        connect(m_login.get(), &QDialog::rejected, this, [this] {
            if (!m_window)
                QCoreApplication::quit();
        });
    }
    m_login->setEndpoints(m_settings->endpoints.get());
    m_login->setLogin(m_settings->login.get());
    m_login->setRunEmbeddedServer(m_settings->runEmbeddedServer.get());
    m_login->setRememberAvailable(m_credentials->isAvailable(), m_credentials->unavailableReason());
    m_login->setRememberMe(m_settings->rememberMe.get());
    m_login->showError(error);
    m_login->show();
    m_login->raise();
}

void ConsoleApplication::signIn()
{
    const ui::LoginDialog *dialog = m_login.get();
    if (!dialog)
        return;
    m_settings->endpoints.set(dialog->endpointTexts());
    m_settings->login.set(dialog->login());
    m_settings->rememberMe.set(dialog->rememberMe());
    m_settings->runEmbeddedServer.set(dialog->runEmbeddedServer());
    m_settings->sync();
    if (!dialog->rememberMe() && m_credentials->isAvailable())
        m_credentials->remove(credentialKey());

    QList<QUrl> endpoints = dialog->endpoints();
    if (dialog->runEmbeddedServer()) {
        m_server->setPort(quint16(m_settings->embeddedPort.get()));
        if (auto created = m_server->ensureFirstSupervisor(dialog->login(), dialog->password());
            !created) {
            showLogin(tr("The server on this computer cannot start: %1").arg(created.error()));
            return;
        }
        auto started = m_server->start();
        if (!started) {
            showLogin(tr("The server on this computer cannot start: %1").arg(started.error()));
            return;
        }
        endpoints.prepend(m_server->url());
    }
    m_client->setEndpoints(endpoints);
    m_client->setToken({});
    m_client->setPasswordCredentials(dialog->login(), dialog->password());
    m_client->connectToServer();
}

void ConsoleApplication::onWelcomed()
{
    if (m_login)
        m_login->hide();
    if (!m_window) {
        m_window = std::make_unique<ui::MainWindow>(m_client);
        QList<ui::CannedReplyModel::Reply> replies;
        for (const QString &entry : m_settings->cannedReplies.get()) {
            const qsizetype tab = entry.indexOf(u'\t');
            if (tab > 0)
                replies.append({ entry.left(tab), entry.mid(tab + 1) });
        }
        m_window->cannedReplies()->setReplies(replies);
        // Until the tray icon lands, closing the window quits (and stops the embedded server).
        connect(m_window.get(), &ui::MainWindow::closing, this, [] { QCoreApplication::quit(); });
        m_window->show();
    }
}

void ConsoleApplication::onTokenChanged(const QString &token)
{
    if (!m_settings->rememberMe.get() || !m_credentials->isAvailable())
        return;
    if (token.isEmpty())
        m_credentials->remove(credentialKey());
    else
        m_credentials->write(credentialKey(), token);
}

} // namespace switchboard::app
