// Staff management without a terminal (issue 21, items 2 and 4), through the real
// ConsoleApplication and its embedded server on the offscreen platform: the owner made by the
// first-run wizard receives chats automatically (the status bar says so), opens Staff from the
// toolbar, adds an agent in the dialog, and that agent signs in from a second client; a
// password the form refuses is never sent; removing the agent in the dialog signs its open
// session out at once.
#include "windowparts.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <client/chatclient.h>
#include <consoleapplication.h>
#include <consolesettings.h>
#include <embeddedservercontroller.h>
#include <firstrunwizard.h>
#include <testclient.h>
#include <testserver.h>
#include <widgets/logindialog.h>
#include <widgets/mainwindow.h>
#include <widgets/staffaccounteditor.h>
#include <widgets/staffdialog.h>

using namespace Qt::StringLiterals;
using switchboard::ui::ChatClient;
using switchboard::ui::StaffAccountEditor;
using switchboard::ui::StaffDialog;

namespace {

QStringList listedLogins(const StaffDialog &dialog)
{
    QStringList logins;
    for (int row = 0; row < dialog.table()->rowCount(); ++row)
        logins.append(dialog.table()->item(row, StaffDialog::LoginColumn)->text());
    return logins;
}

} // namespace

class tst_ConsoleStaff final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void ownerAddsAnAgentWhoSignsInAndRemovesThem();
};

void tst_ConsoleStaff::initTestCase()
{
    QCoreApplication::setOrganizationName(u"SwitchboardTests"_s);
    QCoreApplication::setApplicationName(u"ConsoleStaff"_s);
    QStandardPaths::setTestModeEnabled(true);
    QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
}

void tst_ConsoleStaff::ownerAddsAnAgentWhoSignsInAndRemovesThem()
{
    QTemporaryDir dir;
    const QString ownerPassword = u"embedded owner pw 7"_s;
    const QString agentPassword = u"ava's first password"_s;
    switchboard::app::ConsoleSettings settings(dir.filePath(u"console.ini"_s));
    settings.embeddedPort.set(freeTcpPort());
    switchboard::app::ConsoleApplication console(&settings);
    console.overrideTrayAvailability(true); // the offscreen platform has no tray
    console.start();

    // The owner's first run: sign-in dialog, then the wizard makes the first supervisor.
    QTRY_VERIFY(visibleTopLevel<switchboard::ui::LoginDialog>());
    auto *login = visibleTopLevel<switchboard::ui::LoginDialog>();
    login->setRunEmbeddedServer(true);
    login->setLogin(u"owner"_s);
    login->setPassword(ownerPassword);
    login->accept();
    QTRY_VERIFY(visibleTopLevel<switchboard::app::FirstRunWizard>());
    auto *wizard = visibleTopLevel<switchboard::app::FirstRunWizard>();
    wizard->next();
    wizard->setDisplayName(u"Olga Owner"_s);
    wizard->setConfirmation(ownerPassword);
    wizard->button(QWizard::FinishButton)->click();
    QTRY_VERIFY_WITH_TIMEOUT(console.window() && console.window()->isVisible(), 15000);
    switchboard::ui::MainWindow *window = console.window();
    QTRY_VERIFY(connectionText(window).contains(u"Olga Owner"_s));

    // A one-person shop: the owner receives chats, and the status bar says so.
    QCOMPARE(window->findChild<QLabel *>(u"routingState"_s)->text(),
        u"Available — new chats come to you"_s);

    // Staff, from the toolbar.
    QAction *staffAction = window->findChild<QAction *>(u"staffAction"_s);
    QVERIFY(staffAction->isVisible());
    staffAction->trigger();
    QTRY_VERIFY(visibleTopLevel<StaffDialog>() || window->findChild<StaffDialog *>());
    StaffDialog *staff = window->findChild<StaffDialog *>();
    QVERIFY(staff && staff->isVisible());
    QTRY_COMPARE(listedLogins(*staff), QStringList { u"owner"_s });
    QVERIFY(staff->selectAccount(u"owner"_s));
    QVERIFY(!staff->removeButton()->isEnabled()); // not oneself

    // A password the form refuses is never sent.
    staff->addButton()->click();
    auto *form = staff->findChild<StaffAccountEditor *>();
    QVERIFY(form && form->isVisible());
    QCOMPARE(form->mode(), StaffAccountEditor::Mode::Add);
    form->loginEdit()->setText(u"ava"_s);
    form->nameEdit()->setText(u"Ava Agent"_s);
    form->teamsEdit()->setText(u"sales, billing"_s);
    form->passwordEdit()->setText(u"short"_s);
    form->confirmEdit()->setText(u"short"_s);
    QPushButton *ok = form->buttons()->button(QDialogButtonBox::Ok);
    QVERIFY(!ok->isEnabled());
    QVERIFY(!form->problem().isEmpty());
    form->passwordEdit()->setText(agentPassword);
    form->confirmEdit()->setText(u"ava's first passwore"_s);
    QVERIFY(!ok->isEnabled());
    form->confirmEdit()->setText(agentPassword);
    QVERIFY(ok->isEnabled());
    QVERIFY(form->receivesChatsBox()->isChecked());
    QSignalSpy finished(staff, &StaffDialog::requestFinished);
    ok->click();
    QTRY_COMPARE(finished.size(), 1);
    QCOMPARE(finished.at(0).at(0).toBool(), true);
    QTRY_COMPARE(listedLogins(*staff), QStringList({ u"ava"_s, u"owner"_s }));
    const auto ava = staff->accounts().at(0);
    QCOMPARE(ava.name, u"Ava Agent"_s);
    QCOMPARE(ava.teams, QStringList({ u"sales"_s, u"billing"_s }));
    QCOMPARE(ava.role, switchboard::protocol::Role::Agent);
    QVERIFY(!ava.online);

    // The same login again is refused in words.
    auto *again = staff->openAddForm();
    again->loginEdit()->setText(u"ava"_s);
    again->passwordEdit()->setText(agentPassword);
    again->confirmEdit()->setText(agentPassword);
    again->buttons()->button(QDialogButtonBox::Ok)->click();
    QTRY_COMPARE(finished.size(), 2);
    QCOMPARE(finished.at(1).at(0).toBool(), false);
    QVERIFY2(staff->statusText().contains(u"already taken"_s), qPrintable(staff->statusText()));

    // The new agent signs in from a second console (another ConsoleApplication, on the
    // owner's server over the network rather than one of its own), from its sign-in dialog.
    {
        QTemporaryDir secondDir;
        switchboard::app::ConsoleSettings secondSettings(secondDir.filePath(u"console.ini"_s));
        switchboard::app::ConsoleApplication secondConsole(&secondSettings);
        secondConsole.overrideTrayAvailability(true);
        secondConsole.start();
        QTRY_VERIFY(visibleTopLevel<switchboard::ui::LoginDialog>());
        auto *secondLogin = visibleTopLevel<switchboard::ui::LoginDialog>();
        secondLogin->setRunEmbeddedServer(false);
        secondLogin->setEndpoints({ console.embeddedServer()->url().toString() });
        secondLogin->setRememberMe(false);
        secondLogin->setLogin(u"ava"_s);
        secondLogin->setPassword(agentPassword);
        secondLogin->accept();
        QTRY_VERIFY_WITH_TIMEOUT(
            secondConsole.window() && secondConsole.window()->isVisible(), 15000);
        QTRY_VERIFY(connectionText(secondConsole.window()).contains(u"Ava Agent"_s));
        QVERIFY(!secondConsole.window()->findChild<QAction *>(u"staffAction"_s)->isVisible());
        QVERIFY(!secondConsole.window()->findChild<QAction *>(u"dashboardAction"_s)->isVisible());
        QVERIFY(!secondConsole.embeddedServer()->isRunning());
    }

    // And from a client of its own, which the rest of this test follows.
    ChatClient second;
    second.setEndpoints({ console.embeddedServer()->url() });
    second.setPasswordCredentials(u"ava"_s, agentPassword);
    QSignalSpy welcomed(&second, &ChatClient::welcomed);
    QSignalSpy refused(&second, &ChatClient::signInFailed);
    second.connectToServer();
    QTRY_COMPARE_WITH_TIMEOUT(welcomed.size(), 1, 10000);
    QCOMPARE(second.displayName(), u"Ava Agent"_s);
    QCOMPARE(second.role(), switchboard::protocol::Role::Agent);
    QVERIFY(second.chatsComeAutomatically());
    staff->refresh();
    QTRY_VERIFY(!staff->accounts().isEmpty() && staff->accounts().at(0).online);

    // Made a supervisor while signed in: ava's console signs in again by itself and shows the
    // supervisor's tools, without ava typing a password.
    switchboard::ui::MainWindow avaWindow(&second);
    QVERIFY(!avaWindow.findChild<QAction *>(u"dashboardAction"_s)->isVisible());
    QVERIFY(staff->selectAccount(u"ava"_s));
    auto *edit = staff->openEditForm();
    QVERIFY(edit && edit->isVisible());
    edit->roleBox()->setCurrentIndex(
        edit->roleBox()->findData(int(switchboard::protocol::Role::Supervisor)));
    QVERIFY(edit->roleBox()->currentIndex() >= 0);
    edit->buttons()->button(QDialogButtonBox::Ok)->click();
    QTRY_COMPARE(finished.size(), 3);
    QCOMPARE(finished.at(2).at(0).toBool(), true);
    QTRY_COMPARE_WITH_TIMEOUT(welcomed.size(), 2, 10000);
    QCOMPARE(second.role(), switchboard::protocol::Role::Supervisor);
    QVERIFY(avaWindow.findChild<QAction *>(u"dashboardAction"_s)->isVisible());
    QCOMPARE(refused.size(), 0);

    // Removed in the dialog: ava's open session ends at once and cannot come back.
    QVERIFY(staff->selectAccount(u"ava"_s));
    QVERIFY(staff->removeButton()->isEnabled());
    staff->removeButton()->click();
    auto *confirm = staff->findChild<QMessageBox *>(u"removeConfirmation"_s);
    QVERIFY(confirm && confirm->isVisible());
    confirm->button(QMessageBox::Yes)->click();
    QTRY_COMPARE(finished.size(), 4);
    QCOMPARE(finished.at(3).at(0).toBool(), true);
    QTRY_COMPARE_WITH_TIMEOUT(refused.size(), 1, 10000);
    QTRY_COMPARE(second.state(), ChatClient::State::Offline);
    QCOMPARE(welcomed.size(), 2);
    QTRY_COMPARE(listedLogins(*staff), QStringList { u"owner"_s });
    // The owner's own session is untouched.
    QCOMPARE(connectionText(window).contains(u"Online"_s), true);

    console.quit();
    QTRY_VERIFY(!console.embeddedServer()->isRunning());
}

QTEST_MAIN(tst_ConsoleStaff)
#include "tst_consolestaff.moc"
