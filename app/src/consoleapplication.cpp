#include "consoleapplication.h"

#include "alertsound.h"
#include "attentionnotifier.h"
#include "consolesettings.h"
#include "consoletray.h"
#include "credentialstore.h"
#include "embeddedservercontroller.h"
#include "firstrunwizard.h"
#include "settingsdialog.h"

#include <QCoreApplication>
#include <QSslCertificate>
#include <QStatusBar>
#include <client/chatclient.h>
#include <models/cannedreplymodel.h>
#include <models/conversationlistmodel.h>
#include <switchboard/logging.h>
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
    , m_sound(new AlertSound(this))
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
            QList<QUrl> endpoints = configuredEndpoints();
            if (m_settings->runEmbeddedServer.get()) {
                m_server->setPort(quint16(m_settings->embeddedPort.get()));
                applyServerSettings();
                if (auto started = m_server->start(); started)
                    endpoints.prepend(m_server->url());
            }
            m_client->setEndpoints(endpoints);
            applyClientTrust();
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
        if (m_settings->runEmbeddedServer.get() && isEmbeddedFirstRun()) {
            // Nothing to sign in to yet: the wizard explains and creates the first account.
            m_pendingEndpoints = configuredEndpoints();
            showFirstRunWizard({}, {});
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
    delete m_notifier;
    m_notifier = nullptr;
    delete m_tray;
    m_tray = nullptr;
    m_settingsDialog.reset();
    m_window.reset();
    m_wizard.reset();
    m_login.reset();
    m_server->stop();
}

void ConsoleApplication::quit()
{
    shutdown();
    QCoreApplication::quit();
}

bool ConsoleApplication::isTrayAvailable() const
{
    return m_trayAvailable.value_or(ConsoleTray::isAvailable());
}

QString ConsoleApplication::credentialKey() const
{
    return u"token:"_s + m_settings->login.get();
}

bool ConsoleApplication::isEmbeddedFirstRun()
{
    const auto accounts = m_server->hasAccounts();
    return accounts && !*accounts;
}

void ConsoleApplication::applyServerSettings()
{
    EmbeddedServerController::Options options;
    options.onNetwork = m_settings->embeddedOnNetwork.get();
    options.allowedOrigins = m_settings->embeddedAllowedOrigins.get();
    options.routing = protocol::routingModeFromName(m_settings->embeddedRouting.get())
                          .value_or(protocol::RoutingMode::LeastLoaded);
    options.capacity = m_settings->embeddedCapacity.get();
    options.tlsCertificatePath = m_settings->embeddedTlsCertificate.get();
    options.tlsKeyPath = m_settings->embeddedTlsKey.get();
    m_server->setOptions(options);
}

void ConsoleApplication::applyClientTrust()
{
    QSslCertificate certificate
        = m_server->isRunning() ? m_server->certificate() : QSslCertificate();
    if (certificate.isNull() && !m_settings->trustedCertificate.get().isEmpty()) {
        const QList<QSslCertificate> chosen
            = QSslCertificate::fromPath(m_settings->trustedCertificate.get());
        if (chosen.isEmpty())
            qCWarning(lcUi) << "the trusted server certificate chosen at sign-in cannot be read";
        else
            certificate = chosen.first();
    }
    m_client->setTrustedCertificate(certificate);
}

QList<QUrl> ConsoleApplication::configuredEndpoints() const
{
    QList<QUrl> endpoints;
    for (const QString &text : m_settings->endpoints.get())
        endpoints.append(QUrl(text));
    return endpoints;
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
    m_login->setEmbeddedFirstRun(isEmbeddedFirstRun());
    m_login->setRememberAvailable(m_credentials->isAvailable(), m_credentials->unavailableReason());
    m_login->setRememberMe(m_settings->rememberMe.get());
    m_login->setTrustedCertificatePath(m_settings->trustedCertificate.get());
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
    m_settings->trustedCertificate.set(dialog->trustedCertificatePath());
    m_settings->sync();
    if (!dialog->rememberMe() && m_credentials->isAvailable())
        m_credentials->remove(credentialKey());

    QList<QUrl> endpoints = dialog->endpoints();
    if (dialog->runEmbeddedServer()) {
        const auto accounts = m_server->hasAccounts();
        if (!accounts) {
            showLogin(tr("The server on this computer cannot start: %1").arg(accounts.error()));
            return;
        }
        if (!*accounts) {
            m_pendingEndpoints = endpoints;
            showFirstRunWizard(dialog->login(), dialog->password());
            return;
        }
    }
    connectTo(endpoints, dialog->login(), dialog->password());
}

void ConsoleApplication::connectTo(
    QList<QUrl> endpoints, const QString &login, const QString &password)
{
    if (m_settings->runEmbeddedServer.get()) {
        m_server->setPort(quint16(m_settings->embeddedPort.get()));
        applyServerSettings();
        auto started = m_server->start();
        if (!started) {
            showLogin(tr("The server on this computer cannot start: %1").arg(started.error()));
            return;
        }
        endpoints.prepend(m_server->url());
    }
    m_client->setEndpoints(endpoints);
    applyClientTrust();
    m_client->setToken({});
    m_client->setPasswordCredentials(login, password);
    m_client->connectToServer();
}

void ConsoleApplication::showFirstRunWizard(const QString &login, const QString &password)
{
    if (m_login)
        m_login->hide();
    if (!m_wizard) {
        m_wizard = std::make_unique<FirstRunWizard>();
        connect(m_wizard.get(), &QDialog::accepted, this, &ConsoleApplication::onWizardAccepted);
        connect(m_wizard.get(), &QDialog::rejected, this, [this] { showLogin(); });
    }
    m_wizard->restart();
    m_wizard->setLogin(login);
    m_wizard->setPassword(password);
    m_wizard->show();
    m_wizard->raise();
}

void ConsoleApplication::onWizardAccepted()
{
    const FirstRunWizard *wizard = m_wizard.get();
    const QString login = wizard->login();
    const QString password = wizard->password();
    auto created = m_server->ensureFirstSupervisor(login, password, wizard->displayName());
    if (!created) {
        showLogin(tr("The server on this computer cannot start: %1").arg(created.error()));
        return;
    }
    m_settings->login.set(login);
    m_settings->sync();
    m_wizard->setPassword({});
    connectTo(m_pendingEndpoints, login, password);
}

void ConsoleApplication::onWelcomed()
{
    if (m_login)
        m_login->hide();
    if (!m_window) {
        createWindow();
        m_window->show();
    }
}

void ConsoleApplication::createWindow()
{
    m_window = std::make_unique<ui::MainWindow>(m_client);
    QList<ui::CannedReplyModel::Reply> replies;
    for (const QString &entry : m_settings->cannedReplies.get()) {
        const qsizetype tab = entry.indexOf(u'\t');
        if (tab > 0)
            replies.append({ entry.left(tab), entry.mid(tab + 1) });
    }
    m_window->cannedReplies()->setReplies(replies);
    showCustomersTheNetworkAddress();
    // Queued: quitting deletes the window and the tray, which must first finish their events.
    connect(m_window.get(), &ui::MainWindow::closing, this, &ConsoleApplication::onWindowClosing,
        Qt::QueuedConnection);
    connect(m_window.get(), &ui::MainWindow::quitRequested, this, &ConsoleApplication::quit,
        Qt::QueuedConnection);
    connect(m_window.get(), &ui::MainWindow::settingsRequested, this,
        &ConsoleApplication::showSettings);
    connect(m_window.get(), &ui::MainWindow::cannedRepliesEdited, this,
        &ConsoleApplication::saveCannedReplies);

    m_tray = new ConsoleTray(this);
    connect(m_tray, &ConsoleTray::openRequested, this, &ConsoleApplication::showWindow);
    connect(m_tray, &ConsoleTray::settingsRequested, this, &ConsoleApplication::showSettings);
    connect(
        m_tray, &ConsoleTray::quitRequested, this, &ConsoleApplication::quit, Qt::QueuedConnection);
    connect(m_window->conversations(), &ui::ConversationListModel::totalUnreadChanged, m_tray,
        &ConsoleTray::setUnread);
    m_tray->setUnread(m_window->conversations()->totalUnread());
    if (isTrayAvailable())
        m_tray->show();

    m_notifier = new AttentionNotifier(m_client, m_window.get(), m_tray, m_sound, this);
    applyNotificationSettings();
}

// A server on this computer that also listens on the local network: the embed line names an
// address other machines can open, not the loopback address this console connects to.
void ConsoleApplication::showCustomersTheNetworkAddress()
{
    if (!m_window)
        return;
    const QList<QUrl> network = m_server->isRunning() ? m_server->networkUrls() : QList<QUrl>();
    m_window->setCustomerFacingEndpoint(network.isEmpty() ? QUrl() : network.first());
}

void ConsoleApplication::onWindowClosing()
{
    if (!m_settings->closeToTray.get() || !isTrayAvailable()) {
        quit();
        return;
    }
    // The window hides; the client and the embedded server keep going.
    if (!m_toldAboutTray && m_tray) {
        m_toldAboutTray = true;
        m_tray->notify(tr("Switchboard is still running"),
            tr("New customers will still reach you. Quit from the tray icon's menu."));
    }
}

void ConsoleApplication::showWindow()
{
    if (!m_window)
        return;
    m_window->show();
    m_window->setWindowState(m_window->windowState() & ~Qt::WindowMinimized);
    m_window->raise();
    m_window->activateWindow();
}

void ConsoleApplication::showSettings()
{
    if (!m_settingsDialog) {
        m_settingsDialog = std::make_unique<SettingsDialog>(m_settings);
        connect(m_settingsDialog.get(), &QDialog::accepted, this,
            &ConsoleApplication::onSettingsAccepted);
    }
    m_settingsDialog->showServerSection(
        m_server->isRunning() && m_client->role() == protocol::Role::Supervisor,
        m_server->networkUrls());
    m_settingsDialog->show();
    m_settingsDialog->raise();
}

void ConsoleApplication::onSettingsAccepted()
{
    applyNotificationSettings();
    if (!m_settingsDialog->serverSettingsChanged() || !m_server->isRunning())
        return;
    // The server drains (clients are told to reconnect) and starts again on the same port.
    applyServerSettings();
    const QUrl before = m_server->url();
    const auto restarted = m_server->restart();
    if (restarted) {
        // TLS turned on or off changes the scheme (ws:// or wss://) the client must use.
        QList<QUrl> endpoints = m_client->endpoints();
        endpoints.removeAll(before);
        endpoints.prepend(m_server->url());
        m_client->setEndpoints(endpoints);
        applyClientTrust();
    }
    showCustomersTheNetworkAddress();
    const QString message = restarted
        ? tr("The server on this computer restarted with the new settings.")
        : tr("The server on this computer cannot start: %1").arg(restarted.error());
    if (m_window)
        m_window->statusBar()->showMessage(message, 8000);
}

void ConsoleApplication::applyNotificationSettings()
{
    if (!m_notifier)
        return;
    AttentionNotifier::Options options;
    options.notifyNewConversation = m_settings->notifyNewConversation.get();
    options.notifyNewMessage = m_settings->notifyNewMessage.get();
    options.sound = m_settings->playSound.get();
    options.taskbarAlert = m_settings->alertTaskbar.get();
    m_notifier->setOptions(options);
}

void ConsoleApplication::saveCannedReplies()
{
    if (!m_window)
        return;
    QStringList entries;
    for (const ui::CannedReplyModel::Reply &reply : m_window->cannedReplies()->replies())
        entries.append(reply.shortcut + u'\t' + reply.text);
    m_settings->cannedReplies.set(entries);
    m_settings->sync();
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
