// C2: the keychain round trip under a real Secret Service (run by ctest inside
// dbus-run-session with an unlocked gnome-keyring-daemon). C1: without any session bus the
// store says it is unavailable and why, "remember me" explains it, and nothing secret reaches
// the settings file. Missing services fail these tests; they never skip.
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <consolesettings.h>
#include <credentialstore.h>
#include <widgets/logindialog.h>

using namespace Qt::StringLiterals;
using switchboard::app::ConsoleSettings;
using switchboard::app::CredentialStore;

namespace {

const QString testService = u"io.switchboard.Switchboard.Tests"_s;
const QString secret = u"tok-3f9a1c77-not-a-real-token"_s;

} // namespace

class tst_CredentialStore final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTrip();
    void unavailableWithoutKeychain();
    void rememberMeExplainsWhy();
};

void tst_CredentialStore::roundTrip()
{
    CredentialStore store(testService, nullptr);
    QSignalSpy checked(&store, &CredentialStore::availabilityChecked);
    store.probe();
    QTRY_COMPARE_WITH_TIMEOUT(checked.size(), 1, 20000);
    QVERIFY2(store.isAvailable(), qPrintable(store.unavailableReason()));

    QSignalSpy written(&store, &CredentialStore::written);
    QSignalSpy read(&store, &CredentialStore::readFinished);
    QSignalSpy removed(&store, &CredentialStore::removed);
    QSignalSpy failed(&store, &CredentialStore::failed);
    store.write(u"token:alice"_s, secret);
    QTRY_COMPARE_WITH_TIMEOUT(written.size() + failed.size(), 1, 20000);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().at(1).toString()));

    store.read(u"token:alice"_s);
    QTRY_COMPARE_WITH_TIMEOUT(read.size(), 1, 20000);
    QCOMPARE(read.first().at(1).toString(), secret);
    QCOMPARE(read.first().at(2).toBool(), true);

    store.remove(u"token:alice"_s);
    QTRY_COMPARE_WITH_TIMEOUT(removed.size(), 1, 20000);
    store.read(u"token:alice"_s);
    QTRY_COMPARE_WITH_TIMEOUT(read.size(), 2, 20000);
    QCOMPARE(read.last().at(2).toBool(), false); // EntryNotFound: simply no credential
    QVERIFY(failed.isEmpty());
}

void tst_CredentialStore::unavailableWithoutKeychain()
{
    QVERIFY2(qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS").contains(u"nonexistent"_s),
        "run by ctest with DBUS_SESSION_BUS_ADDRESS pointing nowhere");
    CredentialStore store(testService, nullptr);
    QSignalSpy checked(&store, &CredentialStore::availabilityChecked);
    store.probe();
    QTRY_COMPARE_WITH_TIMEOUT(checked.size(), 1, 30000);
    QVERIFY(!store.isAvailable());
    QVERIFY(!store.unavailableReason().isEmpty());

    QSignalSpy failed(&store, &CredentialStore::failed);
    QSignalSpy written(&store, &CredentialStore::written);
    store.write(u"token:alice"_s, secret);
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 30000);
    QVERIFY(written.isEmpty());
    QVERIFY(!failed.first().at(1).toString().isEmpty());

    // What the console saves next to it: addresses, login, the choice; never the secret.
    QTemporaryDir dir;
    const QString path = dir.filePath(u"switchboard.ini"_s);
    {
        ConsoleSettings settings(path);
        settings.endpoints.set({ u"ws://127.0.0.1:8420/ws"_s });
        settings.login.set(u"alice"_s);
        settings.rememberMe.set(true);
        settings.sync();
        for (const QString &key : settings.store().allKeys()) {
            QVERIFY2(!key.contains(u"password"_s, Qt::CaseInsensitive), qPrintable(key));
            QVERIFY2(!key.contains(u"token"_s, Qt::CaseInsensitive), qPrintable(key));
        }
    }
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray contents = file.readAll();
    QVERIFY(contents.contains("alice"));
    QVERIFY(!contents.contains(secret.toUtf8()));
    // QtKeychain's own plaintext fallback would write into the default QSettings: it is off.
    QVERIFY(!QSettings().allKeys().join(u' ').contains(u"token:alice"_s));
}

void tst_CredentialStore::rememberMeExplainsWhy()
{
    CredentialStore store(testService, nullptr);
    QSignalSpy checked(&store, &CredentialStore::availabilityChecked);
    store.probe();
    QTRY_COMPARE_WITH_TIMEOUT(checked.size(), 1, 30000);
    QVERIFY(!store.isAvailable());

    switchboard::ui::LoginDialog dialog;
    dialog.setRememberAvailable(store.isAvailable(), store.unavailableReason());
    dialog.setRememberMe(true);
    QVERIFY(!dialog.isRememberAvailable());
    QVERIFY(!dialog.rememberMe());
    QVERIFY(dialog.rememberUnavailableReason().contains(store.unavailableReason()));
    dialog.show();
    auto *reason = dialog.findChild<QWidget *>(u"rememberReason"_s);
    QVERIFY(reason);
    QVERIFY(reason->isVisible());
}

QTEST_MAIN(tst_CredentialStore)
#include "tst_credentialstore.moc"
