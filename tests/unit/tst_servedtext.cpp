#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <http/servedtext.h>

using namespace Qt::StringLiterals;

using namespace switchboard::server;

class tst_ServedText final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void trimsScript_data();
    void trimsScript();
    void trimsStylesheet();
    void leavesFilesThatMayContinueALine_data();
    void leavesFilesThatMayContinueALine();
    void theWidgetScriptStillRunsTheSame();
};

void tst_ServedText::trimsScript_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QByteArray>("served");
    QTest::newRow("line comments and indentation")
        << QByteArray("(function () {\n  // why\n    var a = 1; // kept: not a whole line\n})();\n")
        << QByteArray("(function () {\nvar a = 1; // kept: not a whole line\n})();\n");
    QTest::newRow("comment block over lines")
        << QByteArray("/*\n * Header.\n */\nvar a = '//not a comment';\n")
        << QByteArray("var a = '//not a comment';\n");
    QTest::newRow("one-line block") << QByteArray("  /* note */\nf();\n") << QByteArray("f();\n");
    QTest::newRow("block followed by code") << QByteArray("/* a */ f();\n/* b\n c */ g();\n")
                                            << QByteArray("/* a */ f();\n/* b\nc */ g();\n");
    QTest::newRow("blank lines and CRLF")
        << QByteArray("a();\r\n\r\n\r\n  b();\r\n") << QByteArray("a();\nb();\n");
    QTest::newRow("url in a string")
        << QByteArray("var u = 'https://x/y';\n") << QByteArray("var u = 'https://x/y';\n");
}

void tst_ServedText::trimsScript()
{
    QFETCH(QByteArray, source);
    QFETCH(QByteArray, served);
    QCOMPARE(servedText(source, u"js"), served);
}

void tst_ServedText::trimsStylesheet()
{
    const QByteArray css = "/* The launcher. */\n.sb-launcher {\n  width: 60px;\n}\n\n"
                           "// not a comment in CSS\n.a::before { content: \"/* x */\"; }\n";
    QCOMPARE(servedText(css, u"css"),
        QByteArray(".sb-launcher {\nwidth: 60px;\n}\n// not a comment in CSS\n"
                   ".a::before { content: \"/* x */\"; }\n"));
    // Other files go out byte for byte.
    QCOMPARE(servedText("  {\"a\": 1}\n\n", u"json"), QByteArray("  {\"a\": 1}\n\n"));
    QCOMPARE(servedText("<p>\n  // hi\n</p>\n", u"html"), QByteArray("<p>\n  // hi\n</p>\n"));
}

void tst_ServedText::leavesFilesThatMayContinueALine_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::newRow("template literal") << QByteArray("var t = `a\n  // inside\n`;\n");
    QTest::newRow("string continued") << QByteArray("var s = 'a\\\n  // inside';\n");
}

void tst_ServedText::leavesFilesThatMayContinueALine()
{
    QFETCH(QByteArray, source);
    QCOMPARE(servedText(source, u"js"), source);
}

void tst_ServedText::theWidgetScriptStillRunsTheSame()
{
    // The real script, trimmed, parses; and it is what the budget needs: at least a tenth
    // smaller. Node.js is part of the test dependencies (the widget's browser tests).
    QFile file(QString::fromUtf8(SWITCHBOARD_SOURCE_DIR "/resources/widget/embed.js"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray source = file.readAll();
    const QByteArray served = servedText(source, u"js");
    QVERIFY2(served.size() < source.size() * 9 / 10, QByteArray::number(served.size()));
    const QString node = QStandardPaths::findExecutable(u"node"_s);
    if (node.isEmpty())
        QFAIL("node is not installed (Debian package nodejs; tools/debian-deps.sh test)");
    QTemporaryDir dir;
    QFile out(dir.filePath(u"served.js"_s));
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(served);
    out.close();
    QProcess check;
    check.start(node, { u"--check"_s, out.fileName() });
    QVERIFY(check.waitForFinished(30000));
    QVERIFY2(check.exitCode() == 0, check.readAllStandardError().constData());
}

QTEST_GUILESS_MAIN(tst_ServedText)
#include "tst_servedtext.moc"
