// The console wired end to end on the offscreen platform: the sign-in dialog with "run the
// server on this computer" finds no account and opens the first-run wizard, which creates
// the first supervisor; the embedded server starts and the main window opens. Closing the
// window goes to the tray and the embedded server keeps running; a customer arriving then
// raises a desktop notification, the chime and the taskbar alert, each as the settings allow,
// and the tray icon counts the unread message; Quit from the tray stops the server. Without a
// keychain "remember me" says why, and the settings file never holds the password (C1).
#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <alertsound.h>
#include <attentionnotifier.h>
#include <client/chatclient.h>
#include <consoleapplication.h>
#include <consolesettings.h>
#include <consoletray.h>
#include <embeddedservercontroller.h>
#include <firstrunwizard.h>
#include <models/cannedreplymodel.h>
#include <models/conversationlistmodel.h>
#include <settingsdialog.h>
#include <testclient.h>
#include <testserver.h>
#include <widgets/logindialog.h>
#include <widgets/mainwindow.h>

using namespace Qt::StringLiterals;
using switchboard::app::AttentionNotifier;

namespace {

template<typename T> T *visibleTopLevel()
{
    for (QWidget *widget : QApplication::topLevelWidgets()) {
        if (auto *found = qobject_cast<T *>(widget); found && found->isVisible())
            return found;
    }
    return nullptr;
}

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
        QTRY_VERIFY(window->connectionText().contains(u"Olga Owner"_s));
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
        QVERIFY(window->connectionText().contains(u"Online"_s));

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
        QCOMPARE(window->routingLabel()->text(), u"Available — new chats come to you"_s);
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

QTEST_MAIN(tst_ConsoleApplication)
#include "tst_consoleapplication.moc"
