// The Simplified Chinese catalogue is built with the console and translates what it shows.
#include <QLocale>
#include <QTest>
#include <QTranslator>
#include <widgets/logindialog.h>

using namespace Qt::StringLiterals;

class tst_Translations final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void chineseCatalogueLoadsForTheLocale();
};

void tst_Translations::chineseCatalogueLoadsForTheLocale()
{
    QTranslator translator;
    QVERIFY(translator.load(QLocale(QLocale::Chinese, QLocale::SimplifiedHanScript, QLocale::China),
        u"switchboard"_s, u"_"_s, QString::fromUtf8(SWITCHBOARD_QM_DIR)));
    QCOMPARE(translator.translate("switchboard::ui::LoginDialog", "Sign in"), u"登录"_s);
    QCOMPARE(translator.translate("switchboard::ui::LoginDialog", "&Trust certificate:"),
        u"信任证书(&T)："_s);
    QCOMPARE(translator.translate("switchboard::app::SettingsDialog", "TLS private &key:"),
        u"TLS 私钥(&K)："_s);
    QCOMPARE(translator.translate("switchboard::ui::CannedReplyEditor", "Canned replies"),
        u"快捷回复"_s);
    QCOMPARE(translator.translate(
                 "switchboard::app::ConsoleTray", "Switchboard: %n unread message(s)", nullptr, 3),
        u"Switchboard：%n 条未读消息"_s);
    QCOMPARE(translator.translate("switchboard::ui::CustomerPanel", "Previous conversations"),
        u"以往会话"_s);
    QCOMPARE(
        translator.translate("switchboard::ui::CustomerPanel", "%n message(s) with %1", nullptr, 2),
        u"%n 条消息，由 %1 接待"_s);
    QCOMPARE(translator.translate(
                 "switchboard::ui::PastTranscriptDialog", "Read-only: this conversation is over."),
        u"只读：该会话已结束。"_s);
    QCOMPARE(translator.translate("switchboard::ui::DashboardWidget", "Firing now"), u"正在触发"_s);
    QCOMPARE(translator.translate("switchboard::ui::StaffTableModel", "Offline"), u"离线"_s);
    QCOMPARE(translator.translate("switchboard::ui::DashboardWidget", "Reports"), u"报表"_s);
    QCOMPARE(
        translator.translate("switchboard::ui::ReportsWidget", "No conversations in this range."),
        u"此范围内没有会话。"_s);
    QCOMPARE(
        translator.translate("switchboard::ui::ReportTableModel", "%1 min %2 s"), u"%1 分 %2 秒"_s);
    QCOMPARE(
        translator.translate("switchboard::ui::AuditTableModel", "Sign-in failed"), u"登录失败"_s);
    QCOMPARE(translator.translate("switchboard::ui::ExportFile", "Export failed"), u"导出失败"_s);
    QCOMPARE(translator.translate("switchboard::ui::SearchPanel", "More results"), u"更多结果"_s);
    QCOMPARE(translator.translate("switchboard::ui::SearchPanel", "%n hit(s)", nullptr, 4),
        u"%n 条结果"_s);
    QCOMPARE(translator.translate(
                 "switchboard::ui::RangeExporter", "Only supervisors may export conversations."),
        u"只有主管可以导出会话。"_s);
    QCOMPARE(translator.translate("switchboard::ui::MainWindow", "E&xport transcript…"),
        u"导出聊天记录(&X)…"_s);
    QCOMPARE(translator.translate("switchboard::app::DashboardLauncher",
                 "The dashboard is for supervisors; %1 is an agent."),
        u"仪表盘仅供主管使用；%1 是客服。"_s);
    QCOMPARE(translator.translate("switchboard::ui::LoginDialog", "Continue"), u"继续"_s);
    QCOMPARE(translator.translate("switchboard::ui::ReachCustomersPanel", "No conversations yet"),
        u"还没有会话"_s);
    QVERIFY(QCoreApplication::installTranslator(&translator));
    switchboard::ui::LoginDialog dialog;
    QCOMPARE(dialog.windowTitle(), u"登录 Switchboard"_s);
    QCoreApplication::removeTranslator(&translator);
    switchboard::ui::LoginDialog english;
    QCOMPARE(english.windowTitle(), u"Sign in to Switchboard"_s);
}

QTEST_MAIN(tst_Translations)
#include "tst_translations.moc"
