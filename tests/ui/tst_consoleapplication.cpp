// The console wired end to end on the offscreen platform: the sign-in dialog with "run the
// server on this computer" finds no account and opens the first-run wizard, which creates
// the first supervisor; the embedded server starts and the main window opens. Closing the
// window goes to the tray and the embedded server keeps running; a customer arriving then
// raises a desktop notification, the chime and the taskbar alert, each as the settings allow,
// and the tray icon counts the unread message; Quit from the tray stops the server. Without a
// keychain "remember me" says why, and the settings file never holds the password (C1).
#include "windowparts.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDesktopServices>
#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabBar>
#include <QTableView>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>
#include <alertsound.h>
#include <attentionnotifier.h>
#include <auth/passwordhasher.h>
#include <client/chatclient.h>
#include <config/serverconfig.h>
#include <consoleapplication.h>
#include <consolesettings.h>
#include <consoletray.h>
#include <dashboard/alerttablemodel.h>
#include <dashboard/dashboardwidget.h>
#include <embeddedservercontroller.h>
#include <firstrunwizard.h>
#include <models/cannedreplymodel.h>
#include <models/conversationlistmodel.h>
#include <screenshot.h>
#include <settingsdialog.h>
#include <store/sqlitestore.h>
#include <testca.h>
#include <testclient.h>
#include <testserver.h>
#include <widgets/emptyviewhint.h>
#include <widgets/filepathedit.h>
#include <widgets/logindialog.h>
#include <widgets/mainwindow.h>
#include <widgets/reachcustomerspanel.h>

using namespace Qt::StringLiterals;
using switchboard::app::AttentionNotifier;

namespace {

// A staff account in the embedded server's database, as `switchboard-server user add` makes it.
bool addAccount(const QString &dataDir, const QString &login, switchboard::protocol::Role role,
    const QString &password, const QString &name)
{
    if (!QDir().mkpath(dataDir) || !switchboard::server::PasswordHasher::initialize())
        return false;
    switchboard::server::ServerConfig config;
    config.dataDir = dataDir;
    switchboard::server::SqliteStore store(
        config.databasePath(), u"test-account-"_s + QUuid::createUuid().toString());
    if (!store.open())
        return false;
    switchboard::server::UserRecord user;
    user.login = login;
    user.name = name;
    user.role = role;
    user.passwordHash = switchboard::server::PasswordHasher::hash(password);
    const bool created = store.createUser(user).hasValue();
    store.close();
    return created;
}

// Signs in from the sign-in dialog, with the server on this computer, and waits for the window.
switchboard::ui::MainWindow *signInFromDialog(
    switchboard::app::ConsoleApplication &console, const QString &login, const QString &password)
{
    console.start();
    if (!QTest::qWaitFor([] { return visibleTopLevel<switchboard::ui::LoginDialog>(); }))
        return nullptr;
    auto *dialog = visibleTopLevel<switchboard::ui::LoginDialog>();
    dialog->setRunEmbeddedServer(true);
    dialog->setLogin(login);
    dialog->setPassword(password);
    dialog->accept();
    if (!QTest::qWaitFor([] { return visibleTopLevel<switchboard::ui::MainWindow>(); }, 15000))
        return nullptr;
    return console.window();
}

// The desktop's browser, as far as a test can see it: the addresses the console asked it to open.
class OpenedUrls final : public QObject {
    Q_OBJECT

public:
    QList<QUrl> urls;

public Q_SLOTS:
    void open(const QUrl &url) { urls.append(url); }
};

bool portAccepts(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(u"127.0.0.1"_s, port);
    return socket.waitForConnected(1000);
}

} // namespace

class tst_ConsoleApplication final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void firstRunTrayAndNotifications();
    void supervisorSignsInAndOpensTheDashboard();
    void agentSeesNoSupervisorTools();
    void firstRunGoesStraightToTheWizard();
    void emptyStatesTeachTheShop();
    void serverSettingsRestartTheEmbeddedServer();
};

void tst_ConsoleApplication::initTestCase()
{
    QCoreApplication::setOrganizationName(u"SwitchboardTests"_s);
    QCoreApplication::setApplicationName(u"ConsoleApplication"_s);
    QStandardPaths::setTestModeEnabled(true);
    QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
}

void tst_ConsoleApplication::firstRunTrayAndNotifications()
{
    QTemporaryDir dir;
    const QString settingsPath = dir.filePath(u"console.ini"_s);
    const QString password = u"embedded owner pw 7"_s;
    const quint16 port = freeTcpPort();
    {
        switchboard::app::ConsoleSettings settings(settingsPath);
        settings.embeddedPort.set(port);
        settings.cannedReplies.set({ u"hi\tHello! How can I help?"_s });
        switchboard::app::ConsoleApplication console(&settings);
        console.overrideTrayAvailability(true); // the offscreen platform has no tray
        console.start();

        QTRY_VERIFY(visibleTopLevel<switchboard::ui::LoginDialog>());
        auto *dialog = visibleTopLevel<switchboard::ui::LoginDialog>();
        QVERIFY(!dialog->isRememberAvailable()); // no session bus in this test (C1)
        QVERIFY(!dialog->rememberUnavailableReason().isEmpty());
        dialog->setRunEmbeddedServer(true);
        dialog->setLogin(u"owner"_s);
        dialog->setPassword(password);
        dialog->accept();

        // No account yet: the wizard creates the first supervisor, prefilled from the dialog.
        QTRY_VERIFY(visibleTopLevel<switchboard::app::FirstRunWizard>());
        auto *wizard = visibleTopLevel<switchboard::app::FirstRunWizard>();
        QVERIFY(!dialog->isVisible());
        QCOMPARE(wizard->login(), u"owner"_s);
        QVERIFY(!console.embeddedServer()->isRunning());
        wizard->next();
        wizard->setDisplayName(u"Olga Owner"_s);
        wizard->setConfirmation(u"something else"_s);
        QVERIFY(!wizard->problem().isEmpty());
        QVERIFY(!wizard->button(QWizard::FinishButton)->isEnabled());
        wizard->setConfirmation(password);
        QVERIFY(wizard->problem().isEmpty());
        QVERIFY(wizard->button(QWizard::FinishButton)->isEnabled());
        wizard->button(QWizard::FinishButton)->click();

        QTRY_VERIFY_WITH_TIMEOUT(visibleTopLevel<switchboard::ui::MainWindow>(), 15000);
        auto *window = console.window();
        QVERIFY(window);
        QTRY_VERIFY(connectionText(window).contains(u"Olga Owner"_s));
        QCOMPARE(window->cannedReplies()->expand(u"/hi"_s), u"Hello! How can I help?"_s);
        QVERIFY(QFile::exists(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
            + u"/switchboard.sqlite3"_s));
        QVERIFY(console.tray());
        QCOMPARE(console.tray()->unread(), 0);

        // Closing the window keeps the console and its server running in the tray.
        window->close();
        QTRY_VERIFY(!window->isVisible());
        QTest::qWait(100);
        QCOMPARE(console.window(), window);
        QVERIFY(console.embeddedServer()->isRunning());
        QVERIFY(connectionText(window).contains(u"Online"_s));

        // A customer arrives while the window is away: notification, chime, taskbar alert.
        QSignalSpy alerts(console.notifier(), &AttentionNotifier::alerted);
        const int soundsBefore = console.sound()->requests();
        TestClient customer;
        QVERIFY(customer.open(console.embeddedServer()->url()));
        QVERIFY(!customer.helloCustomer(u"Ann Lee"_s).isEmpty());
        QTRY_COMPARE(alerts.size(), 1);
        QCOMPARE(alerts.at(0).at(0).value<AttentionNotifier::Reason>(),
            AttentionNotifier::Reason::NewConversation);
        QVERIFY(alerts.at(0).at(2).toString().contains(u"Ann Lee"_s));
        QCOMPARE(alerts.at(0).at(3).toBool(), true);
        QCOMPARE(console.sound()->requests(), soundsBefore + 1);
        // The wizard made Olga a supervisor who receives chats (a one-person shop): the
        // customer is hers at once, without pressing Accept.
        QVERIFY(!customer
                     .take(u"conversation"_s, 5000,
                         [](const QJsonObject &m) {
                             return m.value(u"conversation"_s).toObject().value(u"state"_s)
                                 == u"assigned"_s;
                         })
                     .isEmpty());
        QCOMPARE(window->conversations()->rowCount(), 1);
        QCOMPARE(window->findChild<QLabel *>(u"routingState"_s)->text(),
            u"Available — new chats come to you"_s);
        QTest::qWait(100);
        QCOMPARE(alerts.size(), 1); // being assigned it is not news again

        QCOMPARE(customer.sendText(u"Is anyone there?"_s, u"n-1"_s).value(u"type"_s), u"ack"_s);
        QTRY_COMPARE(alerts.size(), 2);
        QCOMPARE(alerts.at(1).at(0).value<AttentionNotifier::Reason>(),
            AttentionNotifier::Reason::NewMessage);
        QCOMPARE(alerts.at(1).at(1).toString(), u"Ann Lee"_s);
        QCOMPARE(alerts.at(1).at(2).toString(), u"Is anyone there?"_s);
        QCOMPARE(console.sound()->requests(), soundsBefore + 2);
        // The tray counts it (the open conversation is not being read: the window is hidden).
        QTRY_COMPARE(console.tray()->unread(), 1);
        QVERIFY(console.tray()->toolTip().contains(u'1'));

        // The settings turn the sound and message notifications off; the taskbar alert stays.
        console.showSettings();
        switchboard::app::SettingsDialog *settingsDialog = console.settingsDialog();
        QVERIFY(settingsDialog && settingsDialog->isVisible());
        settingsDialog->soundBox()->setChecked(false);
        settingsDialog->newMessageBox()->setChecked(false);
        settingsDialog->accept();
        QCOMPARE(settings.playSound.get(), false);
        QCOMPARE(customer.sendText(u"Hello?"_s, u"n-2"_s).value(u"type"_s), u"ack"_s);
        QTRY_COMPARE(alerts.size(), 3);
        QCOMPARE(alerts.at(2).at(3).toBool(), false); // no desktop notification
        QCOMPARE(console.sound()->requests(), soundsBefore + 2); // and no chime
        QTRY_COMPARE(console.tray()->unread(), 2);

        // The tray brings the window back; Quit stops the embedded server cleanly.
        console.tray()->openAction()->trigger();
        QTRY_VERIFY(window->isVisible());
        QVERIFY(portAccepts(port));
        console.tray()->quitAction()->trigger();
        QTRY_VERIFY(!console.embeddedServer()->isRunning());
        QVERIFY(!console.window());
        QVERIFY(customer.waitClosed());
        QVERIFY(!portAccepts(port));
        settings.sync();
    }
    QFile file(settingsPath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray contents = file.readAll();
    QVERIFY(contents.contains("owner"));
    QVERIFY(!contents.contains(password.toUtf8()));
    QVERIFY(!contents.toLower().contains("password"));
}

// Issue 21 item 1: the window is made in the handler of the welcome that signed the supervisor
// in, so it must take that welcome's state (tools and conversations) from the client.
void tst_ConsoleApplication::supervisorSignsInAndOpensTheDashboard()
{
    QTemporaryDir dir;
    const QString dataDir = dir.filePath(u"data"_s);
    QVERIFY(addAccount(dataDir, u"sam"_s, switchboard::protocol::Role::Supervisor,
        u"supervisor pw 11"_s, u"Sam Super"_s));
    switchboard::app::ConsoleSettings settings(dir.filePath(u"console.ini"_s));
    settings.embeddedPort.set(freeTcpPort());
    switchboard::app::ConsoleApplication console(&settings);
    console.embeddedServer()->setDataDir(dataDir);
    console.embeddedServer()->setPort(quint16(settings.embeddedPort.get()));
    // QueueWaitHigh after one second instead of two minutes, for the dashboard's alert table.
    console.embeddedServer()->setConfigTweak(
        [](switchboard::server::ServerConfig &config) { config.alertQueueWaitSeconds = 1; });
    // A customer already waits when the supervisor signs in: the welcome lists the conversation.
    QVERIFY(console.embeddedServer()->start().hasValue());
    TestClient customer;
    QVERIFY(customer.open(console.embeddedServer()->url()));
    QVERIFY(!customer.helloCustomer(u"Ann Lee"_s).isEmpty());

    switchboard::ui::MainWindow *window
        = signInFromDialog(console, u"sam"_s, u"supervisor pw 11"_s);
    QVERIFY(window);
    QVERIFY(connectionText(window).contains(u"Sam Super"_s));
    QVERIFY(window->findChild<QAction *>(u"dashboardAction"_s)->isVisible());
    QVERIFY(window->findChild<QAction *>(u"exportRangeAction"_s)->isVisible());
    QCOMPARE(window->conversations()->rowCount(), 1);
    const QString waiting = window->conversations()
                                ->index(0)
                                .data(switchboard::ui::ConversationListModel::IdRole)
                                .toString();
    QCOMPARE(window->conversations()->conversation(waiting).customerName, u"Ann Lee"_s);

    // The dashboard from the toolbar: its own window, fed by the server's metrics stream.
    QSignalSpy opened(window, &switchboard::ui::MainWindow::dashboardOpened);
    window->findChild<QAction *>(u"dashboardAction"_s)->trigger();
    QCOMPARE(opened.size(), 1);
    auto *dashboard = opened.at(0).at(0).value<switchboard::ui::DashboardWidget *>();
    QVERIFY(dashboard && dashboard->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(dashboard->history().size() >= 1, 8000);
    QTRY_VERIFY_WITH_TIMEOUT(dashboard->history().samples().last().customers >= 1, 8000);

    // The waiting customer raises QueueWaitHigh; its whole summary shows under the table.
    QTRY_VERIFY_WITH_TIMEOUT(dashboard->firingAlerts()->rowCount() >= 1, 8000);
    const switchboard::ui::AlertEntry alert = dashboard->firingAlerts()->at(0);
    QCOMPARE(alert.rule, u"QueueWaitHigh"_s);
    QVERIFY(alert.summary.contains(u"waited"_s));
    QTRY_COMPARE(dashboard->alertDetail(), u"QueueWaitHigh: "_s + alert.summary);
    QVERIFY(dashboard->findChild<QLabel *>(u"alertDetail"_s)->isVisible());
    QVERIFY(dashboard->findChild<QLabel *>(u"alertDetail"_s)->wordWrap());
    const int column = switchboard::ui::AlertTableModel::SummaryColumn;
    QCOMPARE(dashboard->firingAlertView()->model()->index(0, column).data(Qt::ToolTipRole),
        alert.summary);
    console.shutdown();
}

void tst_ConsoleApplication::agentSeesNoSupervisorTools()
{
    QTemporaryDir dir;
    const QString dataDir = dir.filePath(u"data"_s);
    QVERIFY(addAccount(dataDir, u"sam"_s, switchboard::protocol::Role::Supervisor,
        u"supervisor pw 11"_s, u"Sam Super"_s));
    QVERIFY(addAccount(
        dataDir, u"alex"_s, switchboard::protocol::Role::Agent, u"agent pw 1234"_s, u"Alex"_s));
    switchboard::app::ConsoleSettings settings(dir.filePath(u"console.ini"_s));
    settings.embeddedPort.set(freeTcpPort());
    switchboard::app::ConsoleApplication console(&settings);
    console.embeddedServer()->setDataDir(dataDir);

    switchboard::ui::MainWindow *window = signInFromDialog(console, u"alex"_s, u"agent pw 1234"_s);
    QVERIFY(window);
    QVERIFY(connectionText(window).contains(u"Alex"_s));
    QVERIFY(!window->findChild<QAction *>(u"dashboardAction"_s)->isVisible());
    QVERIFY(!window->findChild<QAction *>(u"exportRangeAction"_s)->isVisible());
    window->findChild<QAction *>(u"dashboardAction"_s)
        ->trigger(); // even by its shortcut: no dashboard for agents
    QVERIFY(!visibleTopLevel<switchboard::ui::DashboardWidget>());
    console.showSettings(); // nor the settings of the server on this computer
    QVERIFY(console.settingsDialog()->isVisible());
    QVERIFY(!console.settingsDialog()->isServerSectionShown());
    console.shutdown();
}

// Issue 21 item 3: with the server on this computer and no account yet, nothing asks for a
// login before the wizard has explained what happens.
void tst_ConsoleApplication::firstRunGoesStraightToTheWizard()
{
    QTemporaryDir dir;
    const QString dataDir = dir.filePath(u"data"_s);
    switchboard::app::ConsoleSettings settings(dir.filePath(u"console.ini"_s));
    settings.embeddedPort.set(freeTcpPort());
    {
        // "Run the server on this computer" ticked last time: the wizard opens at once.
        settings.runEmbeddedServer.set(true);
        switchboard::app::ConsoleApplication console(&settings);
        console.embeddedServer()->setDataDir(dataDir);
        console.start();
        QTRY_VERIFY(visibleTopLevel<switchboard::app::FirstRunWizard>());
        QVERIFY(!visibleTopLevel<switchboard::ui::LoginDialog>());
        // Cancelling it leaves the sign-in dialog, which says what Continue will do.
        console.firstRunWizard()->reject();
        QTRY_VERIFY(visibleTopLevel<switchboard::ui::LoginDialog>());
        auto *dialog = visibleTopLevel<switchboard::ui::LoginDialog>();
        QVERIFY(dialog->isEmbeddedFirstRun());
        QVERIFY(dialog->findChild<QLabel *>(u"firstRunNote"_s)->isVisible());
        console.shutdown();
    }
    {
        // Ticking it in the sign-in dialog, with no login or password: the wizard, no error.
        settings.runEmbeddedServer.set(false);
        switchboard::app::ConsoleApplication console(&settings);
        console.embeddedServer()->setDataDir(dataDir);
        console.start();
        QTRY_VERIFY(visibleTopLevel<switchboard::ui::LoginDialog>());
        auto *dialog = visibleTopLevel<switchboard::ui::LoginDialog>();
        QVERIFY(!dialog->findChild<QLabel *>(u"firstRunNote"_s)->isVisible());
        dialog->setLogin({});
        dialog->setPassword({});
        dialog->setRunEmbeddedServer(true);
        QVERIFY(dialog->findChild<QLabel *>(u"firstRunNote"_s)->isVisible());
        QCOMPARE(saveScreenshot(dialog->grab().toImage(), u"console-first-run.png"_s), QString());
        dialog->accept();
        QTRY_VERIFY(visibleTopLevel<switchboard::app::FirstRunWizard>());
        QVERIFY(!dialog->isVisible());
        auto *wizard = console.firstRunWizard();
        QVERIFY(wizard->login().isEmpty());
        wizard->next();
        wizard->setLogin(u"owner"_s);
        wizard->setPassword(u"first owner pw 9"_s);
        wizard->button(QWizard::FinishButton)->click();
        switchboard::ui::MainWindow *window = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT(window = visibleTopLevel<switchboard::ui::MainWindow>(), 15000);
        QTRY_VERIFY(connectionText(window).contains(u"owner"_s));
        QVERIFY(window->findChild<QAction *>(u"dashboardAction"_s)->isVisible());
        console.shutdown();
    }
    {
        // An account exists now: the sign-in dialog asks for it as before.
        switchboard::app::ConsoleApplication console(&settings);
        console.embeddedServer()->setDataDir(dataDir);
        console.start();
        QTRY_VERIFY(visibleTopLevel<switchboard::ui::LoginDialog>());
        auto *dialog = visibleTopLevel<switchboard::ui::LoginDialog>();
        QVERIFY(dialog->runEmbeddedServer());
        QVERIFY(!dialog->isEmbeddedFirstRun());
        dialog->setPassword({});
        dialog->accept();
        QVERIFY(dialog->isVisible());
        QVERIFY(!visibleTopLevel<switchboard::app::FirstRunWizard>());
        console.shutdown();
    }
}

// Issue 21 items 5 and 7: an empty console teaches how customers reach the shop and what each
// list will hold; the customer panel shows only what the customer gave.
void tst_ConsoleApplication::emptyStatesTeachTheShop()
{
    QTemporaryDir dir;
    const QString dataDir = dir.filePath(u"data"_s);
    QVERIFY(addAccount(dataDir, u"sam"_s, switchboard::protocol::Role::Supervisor,
        u"supervisor pw 11"_s, u"Sam Super"_s));
    switchboard::app::ConsoleSettings settings(dir.filePath(u"console.ini"_s));
    const quint16 port = freeTcpPort();
    settings.embeddedPort.set(port);
    switchboard::app::ConsoleApplication console(&settings);
    console.embeddedServer()->setDataDir(dataDir);
    switchboard::ui::MainWindow *window
        = signInFromDialog(console, u"sam"_s, u"supervisor pw 11"_s);
    QVERIFY(window);

    // No conversation at all: how customers reach the shop, in place of the transcript.
    QVERIFY(showsReachCustomers(window));
    switchboard::ui::ReachCustomersPanel *reach
        = window->findChild<switchboard::ui::ReachCustomersPanel *>(u"reachCustomers"_s);
    QVERIFY(reach->isVisible());
    const QString script = u"http://127.0.0.1:%1/widget/embed.js"_s.arg(port);
    QCOMPARE(reach->scriptUrl().toString(), script);
    // docs/widget.md's first embed code: the script asked for at once, run after the page's load.
    QCOMPARE(reach->snippet(),
        uR"(<script>(function(){var src='%1';)"
        uR"(if(window.fetch)fetch(src,{mode:'no-cors',credentials:'include'}).catch(function(){});)"
        uR"(function add(){var s=document.createElement('script');s.src=src;s.async=true;)"
        uR"(document.body.appendChild(s)})"
        uR"(if(document.readyState==='complete')add();else addEventListener('load',add)})();</script>)"_s
            .arg(script));
    QVERIFY(reach->isLocalOnly()); // and it says so
    QVERIFY(reach->findChild<QLabel *>(u"localOnlyNote"_s)->isVisible());
    QCOMPARE(httpGet(port, "/widget/embed.js"), 200); // the address serves the widget
    QGuiApplication::clipboard()->clear();
    reach->copyButton()->click();
    QCOMPARE(QGuiApplication::clipboard()->text(), reach->snippet());
    OpenedUrls browser;
    QDesktopServices::setUrlHandler(u"http"_s, &browser, "open");
    reach->demoButton()->click();
    QDesktopServices::unsetUrlHandler(u"http"_s);
    QCOMPARE(browser.urls.size(), 1);
    QCOMPARE(browser.urls.first().toString(), u"http://127.0.0.1:%1/widget/"_s.arg(port));
    QByteArray demo;
    QCOMPARE(httpGet(port, browser.urls.first().path().toUtf8(), &demo), 200);
    QVERIFY(demo.contains("embed.js")); // the demo page, with the widget on it
    auto shown = [window](const char *name) {
        auto *label = window->findChild<QLabel *>(QString::fromLatin1(name));
        return label && label->isVisibleTo(window);
    };
    QVERIFY(!shown("customerName")); // nothing selected: no rows without values
    QVERIFY(!shown("customerEmail"));
    // For docs/console.md: what a new shop sees after its first sign-in.
    QCOMPARE(saveScreenshot(window->grab().toImage(), u"console-empty.png"_s), QString());

    // Each view says what will appear in it while it is empty.
    switchboard::ui::EmptyViewHint *hint
        = window->findChild<switchboard::ui::EmptyViewHint *>(u"listHint"_s);
    QStringList hints;
    for (int tab = 0; tab < 3; ++tab) {
        window->findChild<QTabBar *>(u"viewTabs"_s)->setCurrentIndex(tab);
        QVERIFY(hint->isShown());
        QVERIFY(hint->isVisible());
        QVERIFY(hint->text().contains(u" here"_s));
        hints.append(hint->text());
    }
    QCOMPARE(QSet<QString>(hints.cbegin(), hints.cend()).size(), 3);
    QVERIFY(hints.at(1).contains(u"Accept"_s)); // Queued: how to take one

    // A customer writes: the conversation takes the place of the teaching.
    window->findChild<QTabBar *>(u"viewTabs"_s)->setCurrentIndex(1); // Queued
    TestClient customer;
    QVERIFY(customer.open(console.embeddedServer()->url()));
    QVERIFY(!customer.helloCustomer(u"Ann Lee"_s).isEmpty());
    QTRY_COMPARE(window->conversations()->rowCount(), 1);
    QVERIFY(!showsReachCustomers(window));
    QVERIFY(!hint->isShown());
    window->findChild<QTabBar *>(u"viewTabs"_s)
        ->setCurrentIndex(0); // Mine: nothing of the supervisor's own yet
    QVERIFY(hint->isShown());
    window->findChild<QTabBar *>(u"viewTabs"_s)->setCurrentIndex(1);

    // The customer gave a name only: no empty E-mail, Page or Team rows.
    const QString conversation = window->conversations()
                                     ->index(0)
                                     .data(switchboard::ui::ConversationListModel::IdRole)
                                     .toString();
    window->selectConversation(conversation);
    QVERIFY(shown("customerName"));
    QVERIFY(shown("conversationState"));
    QVERIFY(!shown("customerEmail"));
    QVERIFY(!shown("customerPage"));
    QVERIFY(!shown("customerTeam"));
    console.shutdown();
}

// Issue 21 item 6: a supervisor changes the server on this computer in Settings; it restarts
// cleanly on the same port with them, and the console reconnects by itself.
void tst_ConsoleApplication::serverSettingsRestartTheEmbeddedServer()
{
    QTemporaryDir dir;
    const QString dataDir = dir.filePath(u"data"_s);
    QVERIFY(addAccount(dataDir, u"sam"_s, switchboard::protocol::Role::Supervisor,
        u"supervisor pw 11"_s, u"Sam Super"_s));
    switchboard::app::ConsoleSettings settings(dir.filePath(u"console.ini"_s));
    const quint16 port = freeTcpPort();
    settings.embeddedPort.set(port);
    switchboard::app::ConsoleApplication console(&settings);
    switchboard::app::EmbeddedServerController *server = console.embeddedServer();
    server->setDataDir(dataDir);
    switchboard::ui::MainWindow *window
        = signInFromDialog(console, u"sam"_s, u"supervisor pw 11"_s);
    QVERIFY(window);
    QVERIFY(server->networkUrls().isEmpty()); // this computer only, by default
    // Any page may embed the widget until the supervisor names the shop's.
    {
        TestClient elsewhere;
        QVERIFY(elsewhere.open(server->url(), "https://elsewhere.example"));
    }

    console.showSettings();
    switchboard::app::SettingsDialog *dialog = console.settingsDialog();
    QVERIFY(dialog->isServerSectionShown());
    QVERIFY(dialog->thisComputerButton()->isChecked());
    dialog->localNetworkButton()->setChecked(true);
    dialog->originsEdit()->setText(u"https://shop.example, https://www.shop.example"_s);
    dialog->routingBox()->setCurrentIndex(dialog->routingBox()->findData(u"manual"_s));
    dialog->capacityBox()->setValue(2);
    QSignalSpy running(server, &switchboard::app::EmbeddedServerController::runningChanged);
    dialog->accept();
    QVERIFY(dialog->serverSettingsChanged());
    QCOMPARE(running.size(), 2); // stopped, then started again
    QVERIFY(server->isRunning());
    QCOMPARE(server->url().port(), int(port));
    QCOMPARE(settings.embeddedOnNetwork.get(), true);
    QCOMPARE(settings.embeddedAllowedOrigins.get(),
        QStringList({ u"https://shop.example"_s, u"https://www.shop.example"_s }));
    QCOMPARE(settings.embeddedRouting.get(), u"manual"_s);
    QCOMPARE(settings.embeddedCapacity.get(), 2);
    QCOMPARE(server->options().routing, switchboard::protocol::RoutingMode::Manual);
    QCOMPARE(server->options().capacity, 2);

    // The console signs in again by itself.
    QTRY_VERIFY_WITH_TIMEOUT(!connectionText(window).contains(u"Online"_s), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(connectionText(window).contains(u"Online as Sam Super"_s), 20000);
    // The allow-list holds now: the shop's page gets in, another site's does not.
    {
        TestClient shop;
        QVERIFY(shop.open(server->url(), "https://shop.example"));
        QVERIFY(!shop.helloCustomer(u"Ann Lee"_s).isEmpty());
        TestClient elsewhere;
        QVERIFY(!elsewhere.open(server->url(), "https://elsewhere.example", 2000));
    }
    // On the local network: other consoles reach it at the addresses Settings shows.
    const QList<QUrl> network = server->networkUrls();
    for (const QUrl &url : network) {
        QCOMPARE(url.port(), int(port));
        TestClient agent;
        QVERIFY2(agent.open(url), qPrintable(url.toString()));
    }
    // The embed line and the demo page name the network address, which other machines open
    // (on a machine with no network interface, the loopback one as before).
    switchboard::ui::ReachCustomersPanel *reach
        = window->findChild<switchboard::ui::ReachCustomersPanel *>(u"reachCustomers"_s);
    if (network.isEmpty()) {
        QVERIFY(reach->isLocalOnly());
    } else {
        QCOMPARE(reach->scriptUrl().host(), network.first().host());
        QCOMPARE(reach->scriptUrl().port(), int(port));
        QVERIFY(!reach->isLocalOnly());
        QVERIFY(reach->snippet().contains(network.first().host()));
    }
    console.showSettings();
    const auto *address = dialog->findChild<QLabel *>(u"networkAddress"_s);
    QCOMPARE(address->isVisible(), !network.isEmpty());
    if (!network.isEmpty())
        QVERIFY(address->text().contains(network.first().toString()));
    QCOMPARE(saveScreenshot(dialog->grab().toImage(), u"console-server-settings.png"_s), QString());

    // Nothing changed: no restart.
    running.clear();
    dialog->accept();
    QVERIFY(!dialog->serverSettingsChanged());
    QCOMPARE(running.size(), 0);

    // Safe on the open internet: a certificate and key make it wss:// only, and the console
    // follows (it trusts exactly its own server's certificate, from a CA no system lists).
    TestCa ca;
    QVERIFY2(ca.isValid(), qPrintable(ca.error()));
    const TestCa::Issued issued = ca.issue(u"shop"_s, 6006);
    QVERIFY2(!issued.certificatePath.isEmpty(), qPrintable(ca.error()));
    dialog->tlsCertificateEdit()->setPath(issued.certificatePath);
    dialog->tlsKeyEdit()->setPath(issued.keyPath);
    dialog->accept();
    QVERIFY(dialog->serverSettingsChanged());
    QVERIFY(server->isRunning());
    QCOMPARE(settings.embeddedTlsCertificate.get(), issued.certificatePath);
    QCOMPARE(settings.embeddedTlsKey.get(), issued.keyPath);
    QCOMPARE(server->url().scheme(), u"wss"_s);
    QTRY_VERIFY_WITH_TIMEOUT(connectionText(window).contains(u"Online as Sam Super"_s), 20000);
    {
        TestClient visitor;
        visitor.socket().setSslConfiguration(ca.clientConfiguration());
        QVERIFY(visitor.open(server->url(), "https://shop.example"));
        TestClient plain;
        QVERIFY(!plain.open(QUrl(u"ws://127.0.0.1:%1/ws"_s.arg(port)), {}, 2000));
    }
    console.shutdown();
}

QTEST_MAIN(tst_ConsoleApplication)
#include "tst_consoleapplication.moc"
