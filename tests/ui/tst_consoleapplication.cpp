// The console wired end to end on the offscreen platform: the sign-in dialog with "run the
// server on this computer" creates the first supervisor, starts the embedded server, signs in
// and opens the main window; without a keychain "remember me" says why, and the settings file
// never holds the password.
#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <consoleapplication.h>
#include <consolesettings.h>
#include <models/cannedreplymodel.h>
#include <testserver.h>
#include <widgets/logindialog.h>
#include <widgets/mainwindow.h>

using namespace Qt::StringLiterals;

namespace {

template<typename T> T *visibleTopLevel()
{
    for (QWidget *widget : QApplication::topLevelWidgets()) {
        if (auto *found = qobject_cast<T *>(widget); found && found->isVisible())
            return found;
    }
    return nullptr;
}

} // namespace

class tst_ConsoleApplication final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void signInWithTheEmbeddedServer();
};

void tst_ConsoleApplication::initTestCase()
{
    QCoreApplication::setOrganizationName(u"SwitchboardTests"_s);
    QCoreApplication::setApplicationName(u"ConsoleApplication"_s);
    QStandardPaths::setTestModeEnabled(true);
    QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
}

void tst_ConsoleApplication::signInWithTheEmbeddedServer()
{
    QTemporaryDir dir;
    const QString settingsPath = dir.filePath(u"console.ini"_s);
    const QString password = u"embedded owner pw 7"_s;
    {
        switchboard::app::ConsoleSettings settings(settingsPath);
        settings.embeddedPort.set(freeTcpPort());
        settings.cannedReplies.set({ u"hi\tHello! How can I help?"_s });
        switchboard::app::ConsoleApplication console(&settings);
        console.start();

        QTRY_VERIFY(visibleTopLevel<switchboard::ui::LoginDialog>());
        auto *dialog = visibleTopLevel<switchboard::ui::LoginDialog>();
        QVERIFY(!dialog->isRememberAvailable()); // no session bus in this test (C1)
        QVERIFY(!dialog->rememberUnavailableReason().isEmpty());
        dialog->setRunEmbeddedServer(true);
        dialog->setLogin(u"owner"_s);
        dialog->setPassword(password);
        dialog->accept();

        QTRY_VERIFY_WITH_TIMEOUT(visibleTopLevel<switchboard::ui::MainWindow>(), 15000);
        auto *window = visibleTopLevel<switchboard::ui::MainWindow>();
        QTRY_VERIFY(window->connectionText().contains(u"owner"_s));
        QCOMPARE(window->cannedReplies()->expand(u"/hi"_s), u"Hello! How can I help?"_s);
        QVERIFY(!dialog->isVisible());
        QVERIFY(QFile::exists(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
            + u"/switchboard.sqlite3"_s));
        console.shutdown();
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
