// The sign-in dialog: server addresses as people type them, and what it refuses to accept.
#include <QSignalSpy>
#include <QTest>
#include <widgets/logindialog.h>

using namespace Qt::StringLiterals;
using switchboard::ui::LoginDialog;

class tst_LoginDialog final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesEndpoints_data();
    void parsesEndpoints();
    void refusesIncompleteInput();
};

void tst_LoginDialog::parsesEndpoints_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QStringList>("expected");
    QTest::addRow("one full address")
        << u"ws://chat.example:8420/ws"_s << QStringList { u"ws://chat.example:8420/ws"_s };
    QTest::addRow("path added") << u"wss://chat.example"_s
                                << QStringList { u"wss://chat.example/ws"_s };
    QTest::addRow("http means ws")
        << u"http://10.0.0.5:8420"_s << QStringList { u"ws://10.0.0.5:8420/ws"_s };
    QTest::addRow("several, commas and spaces")
        << u"ws://a.example:8420/ws, ws://b.example:8420/ws  ws://c.example/ws"_s
        << QStringList { u"ws://a.example:8420/ws"_s, u"ws://b.example:8420/ws"_s,
               u"ws://c.example/ws"_s };
    QTest::addRow("not a websocket address") << u"ftp://files.example/"_s << QStringList {};
    QTest::addRow("empty") << QString() << QStringList {};
}

void tst_LoginDialog::parsesEndpoints()
{
    QFETCH(QString, typed);
    QFETCH(QStringList, expected);
    LoginDialog dialog;
    dialog.setEndpoints({ typed });
    QStringList urls;
    for (const QUrl &url : dialog.endpoints())
        urls.append(url.toString());
    QCOMPARE(urls, expected);
}

void tst_LoginDialog::refusesIncompleteInput()
{
    LoginDialog dialog;
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    dialog.setEndpoints({});
    dialog.setLogin(u"alice"_s);
    dialog.setPassword(u"secret"_s);
    dialog.accept();
    QCOMPARE(accepted.size(), 0); // no address
    dialog.setRunEmbeddedServer(true);
    dialog.accept();
    QCOMPARE(accepted.size(), 1); // the embedded server needs none
    dialog.setPassword({});
    dialog.accept();
    QCOMPARE(accepted.size(), 1); // no password
}

QTEST_MAIN(tst_LoginDialog)
#include "tst_logindialog.moc"
