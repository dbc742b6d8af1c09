// `switchboard --dashboard URL`: the address checked with a one-line error and exit code 2 (also
// through the real binary, without a display), and the standalone dashboard signing in through
// the sign-in dialog against a real server: a supervisor gets a live dashboard, a wrong
// password or an agent account gets the dialog back with the reason, closing the window ends
// it. Without a session bus the keychain cannot be read and the dialog says so.
#include <QLabel>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <client/chatclient.h>
#include <consolesettings.h>
#include <dashboard/dashboardwidget.h>
#include <dashboardlauncher.h>
#include <testserver.h>
#include <widgets/logindialog.h>

using namespace Qt::StringLiterals;
using switchboard::app::ConsoleSettings;
using switchboard::app::DashboardLauncher;

namespace {

const QString password = u"correct horse 1"_s;

bool dialogSays(const switchboard::ui::LoginDialog *dialog, const QString &text)
{
    const QList<QLabel *> labels = dialog->findChildren<QLabel *>();
    return std::any_of(labels.cbegin(), labels.cend(), [&text](const QLabel *label) {
        return !label->isHidden() && label->text().contains(text);
    });
}

} // namespace

class tst_DashboardLauncher final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesTheAddress_data();
    void parsesTheAddress();
    void badAddressFromTheCommandLine();
    void signsInThroughTheDialog();
    void keychainUnavailableFallsBackToTheDialog();
};

void tst_DashboardLauncher::parsesTheAddress_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addRow("ws with port and path") << u"ws://127.0.0.1:8420/ws"_s << true;
    QTest::addRow("wss host name") << u"wss://chat.example.com/ws"_s << true;
    QTest::addRow("empty") << QString() << false;
    QTest::addRow("http scheme") << u"http://127.0.0.1:8420/ws"_s << false;
    QTest::addRow("no host") << u"ws:///ws"_s << false;
    QTest::addRow("words") << u"not an address"_s << false;
}

void tst_DashboardLauncher::parsesTheAddress()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    const auto parsed = DashboardLauncher::parseEndpoint(text);
    QCOMPARE(bool(parsed), valid);
    if (valid) {
        QCOMPARE(parsed.value(), QUrl(text));
    } else {
        QVERIFY(parsed.error().startsWith(u"--dashboard needs a server address"_s));
        QVERIFY(!parsed.error().contains(u'\n'));
    }
}

void tst_DashboardLauncher::badAddressFromTheCommandLine()
{
    QProcess console;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"DISPLAY"_s);
    environment.remove(u"WAYLAND_DISPLAY"_s);
    environment.remove(u"QT_QPA_PLATFORM"_s); // no display needed to refuse bad input
    console.setProcessEnvironment(environment);
    console.start(
        QString::fromUtf8(SWITCHBOARD_CONSOLE_BINARY), { u"--dashboard"_s, u"http://x"_s });
    QVERIFY(console.waitForFinished(20000));
    QCOMPARE(console.exitCode(), 2);
    const QString error = QString::fromUtf8(console.readAllStandardError()).trimmed();
    QVERIFY2(
        error.startsWith(u"switchboard: --dashboard needs a server address"_s), qPrintable(error));
    QVERIFY(!error.contains(u'\n'));
    console.start(QString::fromUtf8(SWITCHBOARD_CONSOLE_BINARY), { u"--dashboard"_s });
    QVERIFY(console.waitForFinished(20000));
    QCOMPARE(console.exitCode(), 2);
}

void tst_DashboardLauncher::signsInThroughTheDialog()
{
    TestServer server;
    QVERIFY(server.addUser(u"sam"_s, u"supervisor"_s, {}, password, u"Sam"_s));
    QVERIFY(server.addUser(u"alice"_s, u"agent"_s, {}, password, u"Alice"_s));
    QVERIFY(server.start());
    QTemporaryDir dir;
    ConsoleSettings settings(dir.filePath(u"console.ini"_s));
    settings.rememberMe.set(false);

    DashboardLauncher launcher(&settings);
    QSignalSpy finished(&launcher, &DashboardLauncher::finished);
    launcher.startStandalone(server.url());
    auto *dialog = launcher.loginDialog();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QCOMPARE(dialog->endpoints(), QList<QUrl> { server.url() });
    QVERIFY(!dialog->isRememberAvailable());

    // A wrong password: the dialog comes back with the server's reason.
    dialog->setLogin(u"sam"_s);
    dialog->setPassword(u"wrong"_s);
    dialog->accept();
    QTRY_VERIFY_WITH_TIMEOUT(dialog->isVisible(), 10000);
    QTRY_VERIFY(dialogSays(dialog, u"wrong login or password"_s));

    // An agent: the dashboard is for supervisors.
    dialog->setLogin(u"alice"_s);
    dialog->setPassword(password);
    dialog->accept();
    QTRY_VERIFY_WITH_TIMEOUT(
        dialog->isVisible() && dialogSays(dialog, u"for supervisors"_s), 10000);
    QVERIFY(!launcher.dashboard());

    // The supervisor: a live dashboard.
    dialog->setLogin(u"sam"_s);
    dialog->setPassword(password);
    dialog->accept();
    QTRY_VERIFY(launcher.dashboard());
    switchboard::ui::DashboardWidget *dashboard = launcher.dashboard();
    QVERIFY(dashboard->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(!dashboard->isStale(), 8000);
    QCOMPARE(launcher.client()->role(), switchboard::protocol::Role::Supervisor);
    QVERIFY(!dialog->isVisible());
    QCOMPARE(finished.count(), 0);
    dashboard->close();
    QTRY_COMPARE(finished.count(), 1);
}

void tst_DashboardLauncher::keychainUnavailableFallsBackToTheDialog()
{
    QTemporaryDir dir;
    ConsoleSettings settings(dir.filePath(u"console.ini"_s));
    settings.rememberMe.set(true);
    settings.login.set(u"sam"_s);
    DashboardLauncher launcher(&settings);
    launcher.startStandalone(QUrl(u"ws://127.0.0.1:1/ws"_s));
    QTRY_VERIFY_WITH_TIMEOUT(launcher.loginDialog() && launcher.loginDialog()->isVisible(), 10000);
    QCOMPARE(launcher.loginDialog()->login(), u"sam"_s);
    QVERIFY(!launcher.dashboard());
}

QTEST_MAIN(tst_DashboardLauncher)
#include "tst_dashboardlauncher.moc"
