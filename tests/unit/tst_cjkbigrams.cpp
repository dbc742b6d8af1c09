#include <QTest>
#include <store/cjkbigrams.h>
#include <store/searchterms.h>

using namespace switchboard::server;

class tst_CjkBigrams final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void recognisesTheScripts_data()
    {
        QTest::addColumn<QString>("character");
        QTest::addColumn<bool>("cjk");
        QTest::addRow("han") << QStringLiteral("订") << true;
        QTest::addRow("hiragana") << QStringLiteral("が") << true;
        QTest::addRow("katakana") << QStringLiteral("ガ") << true;
        QTest::addRow("prolonged sound mark") << QStringLiteral("ー") << true;
        QTest::addRow("hangul") << QStringLiteral("주") << true;
        QTest::addRow("han extension b") << QStringLiteral("𠀀") << true;
        QTest::addRow("ideographic full stop") << QStringLiteral("。") << false;
        QTest::addRow("latin") << QStringLiteral("é") << false;
        QTest::addRow("cyrillic") << QStringLiteral("ж") << false;
        QTest::addRow("fullwidth latin") << QStringLiteral("Ａ") << false;
    }

    void recognisesTheScripts()
    {
        QFETCH(QString, character);
        QFETCH(bool, cjk);
        QCOMPARE(CjkBigrams::containsCjk(character), cjk);
        QCOMPARE(CjkBigrams::containsCjk(QStringLiteral("abc ") + character), cjk);
    }

    void indexText_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("indexed");
        QTest::addRow("no cjk") << QStringLiteral("where is my order?") << QString();
        QTest::addRow("chinese sentence") << QStringLiteral("我的订单没有到")
                                          << QStringLiteral("我的 的订 订单 单没 没有 有到 到");
        QTest::addRow("punctuation splits runs")
            << QStringLiteral("订单，没有。") << QStringLiteral("订单 单 没有 有");
        QTest::addRow("one character") << QStringLiteral("好 ok") << QStringLiteral("好");
        QTest::addRow("japanese") << QStringLiteral("ラーメン注文")
                                  << QStringLiteral("ラー ーメ メン ン注 注文 文");
        QTest::addRow("mixed word keeps its other pieces")
            << QStringLiteral("the iPhone订单 shipped") << QStringLiteral("iPhone 订单 单");
        QTest::addRow("surrogate pair") << QStringLiteral("𠀀订") << QStringLiteral("𠀀订 订");
    }

    void indexText()
    {
        QFETCH(QString, text);
        QFETCH(QString, indexed);
        QCOMPARE(CjkBigrams::indexText(text), indexed);
    }

    void queryPieces()
    {
        const auto pieces = CjkBigrams::queryPieces(QStringLiteral("iPhone订单没"));
        QCOMPARE(pieces.size(), 2);
        QCOMPARE(pieces.at(0).text, QStringLiteral("iPhone"));
        QVERIFY(!pieces.at(0).cjk);
        QCOMPARE(pieces.at(1).text, QStringLiteral("订单 单没"));
        QVERIFY(pieces.at(1).cjk && !pieces.at(1).single);
        const auto single = CjkBigrams::queryPieces(QStringLiteral("订"));
        QCOMPARE(single.size(), 1);
        QVERIFY(single.first().single);
    }

    // The FTS5 expression: other words as before, a CJK word as the phrase of its bigrams.
    void matchExpression_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("expression");
        QTest::addRow("words") << QStringLiteral("refund deliv")
                               << QStringLiteral("\"refund\" \"deliv\"*");
        QTest::addRow("chinese") << QStringLiteral("订单没") << QStringLiteral("\"订单 单没\"");
        QTest::addRow("one character") << QStringLiteral("订") << QStringLiteral("\"订\"*");
        QTest::addRow("mixed, last")
            << QStringLiteral("订单 iPhone订单") << QStringLiteral("\"订单\" \"iPhone\" \"订单\"");
        QTest::addRow("cjk then latin in one word")
            << QStringLiteral("订单abc") << QStringLiteral("\"订单\" \"abc\"*");
    }

    void matchExpression()
    {
        QFETCH(QString, typed);
        QFETCH(QString, expression);
        QCOMPARE(SearchTerms(typed).matchExpression(), expression);
    }

    void snippetHighlightsCjkInsideRuns()
    {
        const auto snippet = SearchTerms(QStringLiteral("订单 refund"))
                                 .snippet(QStringLiteral("订单! 我的订单没有到 refund"), 200);
        QCOMPARE(snippet.highlights, (QList<Highlight> { { 0, 2 }, { 6, 2 }, { 12, 6 } }));
    }

    // What indexing costs in the write path (run with -iterations N to measure; once in CI).
    void indexTextCost_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addRow("english") << QStringLiteral("Hello, I ordered the blue jacket last week and "
                                                   "it has still not arrived, can you help?");
        QTest::addRow("chinese") << QStringLiteral(
            "你好，我上周订的蓝色外套到现在还没有收到，可以帮我查一下吗？");
    }

    void indexTextCost()
    {
        QFETCH(QString, text);
        QString indexed;
        QBENCHMARK
        {
            indexed = CjkBigrams::indexText(text);
        }
        QCOMPARE(indexed.isEmpty(), !CjkBigrams::containsCjk(text));
    }
};

QTEST_GUILESS_MAIN(tst_CjkBigrams)
#include "tst_cjkbigrams.moc"
