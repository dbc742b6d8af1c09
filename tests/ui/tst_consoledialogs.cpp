// The console's dialogs and shortcuts on the offscreen platform: the canned reply editor
// (validation, and the window's models taking what it saved), the settings dialog writing
// each notification switch, the first-run wizard's checks, a keyboard shortcut for every
// window action, the tray icon drawing its unread badge, and the chime.
#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QSet>
#include <QSignalSpy>
#include <QTabBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <alertsound.h>
#include <client/chatclient.h>
#include <consolesettings.h>
#include <consoletray.h>
#include <firstrunwizard.h>
#include <models/cannedreplymodel.h>
#include <settingsdialog.h>
#include <widgets/cannedreplyeditor.h>
#include <widgets/mainwindow.h>

using namespace Qt::StringLiterals;
using namespace switchboard;

class tst_ConsoleDialogs final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void cannedReplyEditorValidates();
    void windowSavesEditedCannedReplies();
    void settingsDialogWritesEverySwitch();
    void firstRunWizardChecksTheAccount();
    void everyActionHasAShortcut();
    void trayIconShowsTheUnreadCount();
    void soundIsRequested();
};

void tst_ConsoleDialogs::cannedReplyEditorValidates()
{
    ui::CannedReplyEditor editor({ { u"hi"_s, u"Hello!"_s } });
    QCOMPARE(editor.table()->rowCount(), 1);
    editor.addReply(u"/bye"_s, u"Goodbye, have a nice day."_s);
    QCOMPARE(editor.replies().size(), 2);
    QCOMPARE(editor.replies().at(1).shortcut, u"bye"_s); // the slash is not part of it
    QVERIFY(editor.problem().isEmpty());

    editor.addReply(u"HI"_s, u"Hello again"_s);
    QVERIFY(editor.problem().contains(u"twice"_s));
    editor.show();
    editor.accept();
    QVERIFY(editor.isVisible()); // refused
    editor.removeReply(2);
    editor.addReply(u"two words"_s, u"x"_s);
    QVERIFY(!editor.problem().isEmpty());
    editor.removeReply(2);
    editor.addReply(u"empty"_s, {});
    QVERIFY(!editor.problem().isEmpty());
    editor.removeReply(2);
    editor.addReply(); // a blank row is ignored
    QVERIFY(editor.problem().isEmpty());
    QCOMPARE(editor.replies().size(), 2);
    editor.accept();
    QCOMPARE(editor.result(), int(QDialog::Accepted));
}

void tst_ConsoleDialogs::windowSavesEditedCannedReplies()
{
    ui::ChatClient client;
    ui::MainWindow window(&client);
    window.cannedReplies()->setReplies({ { u"hi"_s, u"Hello!"_s } });
    QSignalSpy edited(&window, &ui::MainWindow::cannedRepliesEdited);
    bool sawEditor = false;
    QTimer::singleShot(0, this, [&sawEditor] {
        auto *editor = qobject_cast<ui::CannedReplyEditor *>(QApplication::activeModalWidget());
        if (!editor)
            return;
        sawEditor = editor->replies().size() == 1;
        editor->addReply(u"refund"_s, u"Your refund is on its way."_s);
        editor->accept();
    });
    window.findChild<QAction *>(u"cannedRepliesAction"_s)->trigger();
    QVERIFY(sawEditor);
    QCOMPARE(edited.size(), 1);
    QCOMPARE(window.cannedReplies()->expand(u"/refund"_s), u"Your refund is on its way."_s);
    QCOMPARE(window.cannedReplies()->expand(u"/hi"_s), u"Hello!"_s);

    QTimer::singleShot(0, this, [] {
        if (auto *editor
            = qobject_cast<ui::CannedReplyEditor *>(QApplication::activeModalWidget())) {
            editor->removeReply(0);
            editor->reject();
        }
    });
    window.findChild<QAction *>(u"cannedRepliesAction"_s)->trigger();
    QCOMPARE(edited.size(), 1); // cancelled: nothing changes
    QCOMPARE(window.cannedReplies()->rowCount(), 2);
}

void tst_ConsoleDialogs::settingsDialogWritesEverySwitch()
{
    QTemporaryDir dir;
    app::ConsoleSettings settings(dir.filePath(u"console.ini"_s));
    QVERIFY(settings.notifyNewConversation.get());
    QVERIFY(settings.notifyNewMessage.get());
    QVERIFY(settings.playSound.get());
    QVERIFY(settings.alertTaskbar.get());
    QVERIFY(settings.closeToTray.get());
    {
        app::SettingsDialog dialog(&settings);
        QVERIFY(dialog.soundBox()->isChecked());
        dialog.newConversationBox()->setChecked(false);
        dialog.newMessageBox()->setChecked(false);
        dialog.soundBox()->setChecked(false);
        dialog.taskbarBox()->setChecked(false);
        dialog.closeToTrayBox()->setChecked(false);
        dialog.languageBox()->setCurrentIndex(dialog.languageBox()->findData(u"zh_CN"_s));
        dialog.accept();
    }
    app::ConsoleSettings reread(dir.filePath(u"console.ini"_s));
    QVERIFY(!reread.notifyNewConversation.get());
    QVERIFY(!reread.notifyNewMessage.get());
    QVERIFY(!reread.playSound.get());
    QVERIFY(!reread.alertTaskbar.get());
    QVERIFY(!reread.closeToTray.get());
    QCOMPARE(reread.language.get(), u"zh_CN"_s);

    app::SettingsDialog again(&reread);
    QVERIFY(!again.soundBox()->isChecked());
    QCOMPARE(again.languageBox()->currentData().toString(), u"zh_CN"_s);
    again.reject();
    QVERIFY(!reread.playSound.get());
}

void tst_ConsoleDialogs::firstRunWizardChecksTheAccount()
{
    app::FirstRunWizard wizard;
    wizard.show();
    wizard.next();
    QVERIFY(!wizard.problem().isEmpty()); // nothing typed
    QVERIFY(!wizard.button(QWizard::FinishButton)->isEnabled());
    wizard.setLogin(u"not a login!"_s);
    wizard.setPassword(u"long enough pw"_s);
    QVERIFY(wizard.problem().contains(u"login"_s));
    wizard.setLogin(u"olga"_s);
    wizard.setPassword(u"short"_s);
    QVERIFY(wizard.problem().contains(u"8"_s));
    wizard.setPassword(u"long enough pw"_s);
    QVERIFY(wizard.problem().isEmpty());
    QVERIFY(wizard.button(QWizard::FinishButton)->isEnabled());
    QCOMPARE(wizard.displayName(), u"olga"_s); // the login when no name is given
    wizard.setDisplayName(u"Olga"_s);
    QCOMPARE(wizard.displayName(), u"Olga"_s);
}

void tst_ConsoleDialogs::everyActionHasAShortcut()
{
    ui::ChatClient client;
    ui::MainWindow window(&client);
    const auto named = [&window](const QString &name) {
        return window.findChild<QAction *>(name);
    };
    QList<QAction *> actions { named(u"acceptAction"_s), named(u"transferAction"_s),
        named(u"closeAction"_s), named(u"awayAction"_s),
        window.findChild<QAction *>(u"cannedRepliesAction"_s), named(u"settingsAction"_s),
        named(u"quitAction"_s), named(u"searchAction"_s), named(u"exportTranscriptAction"_s),
        window.findChild<QAction *>(u"exportRangeAction"_s), named(u"mineViewAction"_s),
        named(u"queuedViewAction"_s), named(u"allViewAction"_s) };
    QSet<QString> seen;
    for (QAction *action : actions) {
        QVERIFY(action);
        const QString keys = action->shortcut().toString();
        QVERIFY2(!keys.isEmpty(), qPrintable(action->text()));
        QVERIFY2(!seen.contains(keys), qPrintable(keys));
        seen.insert(keys);
    }
    QVERIFY(!window.findChild<QCheckBox *>(u"noteToggle"_s)->shortcut().isEmpty());

    // The shortcuts reach the window: Ctrl+2 shows the queue, Ctrl+, asks for the settings.
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QSignalSpy settings(&window, &ui::MainWindow::settingsRequested);
    QSignalSpy quit(&window, &ui::MainWindow::quitRequested);
    QTest::keyClick(&window, Qt::Key_2, Qt::ControlModifier);
    QCOMPARE(window.findChild<QTabBar *>(u"viewTabs"_s)->currentIndex(), 1);
    QTest::keyClick(&window, Qt::Key_3, Qt::ControlModifier);
    QCOMPARE(window.findChild<QTabBar *>(u"viewTabs"_s)->currentIndex(), 2);
    QTest::keyClick(&window, Qt::Key_Comma, Qt::ControlModifier);
    QCOMPARE(settings.size(), 1);
    QTest::keyClick(&window, Qt::Key_Q, Qt::ControlModifier);
    QCOMPARE(quit.size(), 1);
}

void tst_ConsoleDialogs::trayIconShowsTheUnreadCount()
{
    app::ConsoleTray tray;
    QCOMPARE(tray.unread(), 0);
    const QImage none = tray.icon().pixmap(32, 32).toImage();
    tray.setUnread(3);
    QCOMPARE(tray.unread(), 3);
    QVERIFY(tray.toolTip().contains(u'3'));
    const QImage three = tray.icon().pixmap(32, 32).toImage();
    QVERIFY(!none.isNull() && !three.isNull());
    QVERIFY(none != three);
    // The badge is red in the top right corner.
    const QColor badge = three.pixelColor(29, 9);
    QVERIFY2(badge.red() > 150 && badge.green() < 120, qPrintable(badge.name()));
    QCOMPARE(app::ConsoleTray::iconFor(3).pixmap(32, 32).toImage(), three);
    QVERIFY(app::ConsoleTray::iconFor(100).pixmap(32, 32).toImage() != three);
    tray.setUnread(0);
    QCOMPARE(tray.icon().pixmap(32, 32).toImage(), none);

    QSignalSpy quit(&tray, &app::ConsoleTray::quitRequested);
    QSignalSpy open(&tray, &app::ConsoleTray::openRequested);
    tray.quitAction()->trigger();
    tray.openAction()->trigger();
    QCOMPARE(quit.size(), 1);
    QCOMPARE(open.size(), 1);
}

void tst_ConsoleDialogs::soundIsRequested()
{
    QVERIFY(QFile::exists(u":/sounds/notification.wav"_s)); // the chime is in the resources
    app::AlertSound sound;
    QSignalSpy requested(&sound, &app::AlertSound::requested);
    sound.play();
    sound.play();
    QCOMPARE(sound.requests(), 2);
    QCOMPARE(requested.size(), 2);
}

QTEST_MAIN(tst_ConsoleDialogs)
#include "tst_consoledialogs.moc"
