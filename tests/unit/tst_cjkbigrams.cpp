#include <QTest>
#include <store/cjkbigrams.h>
#include <store/searchterms.h>

using namespace Qt::StringLiterals;

using namespace switchboard::server;

class tst_CjkBigrams final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void recognisesTheScripts_data()
    {
        QTest::addColumn<QString>("character");
        QTest::addColumn<bool>("cjk");
        QTest::addRow("han") << u"订"_s << true;
        QTest::addRow("hiragana") << u"が"_s << true;
        QTest::addRow("katakana") << u"ガ"_s << true;
        QTest::addRow("prolonged sound mark") << u"ー"_s << true;
        QTest::addRow("hangul") << u"주"_s << true;
        QTest::addRow("han extension b") << u"𠀀"_s << true;
        QTest::addRow("ideographic full stop") << u"。"_s << false;
        QTest::addRow("latin") << u"é"_s << false;
        QTest::addRow("cyrillic") << u"ж"_s << false;
        QTest::addRow("fullwidth latin") << u"Ａ"_s << false;
    }

    void recognisesTheScripts()
    {
        QFETCH(QString, character);
        QFETCH(bool, cjk);
        QCOMPARE(CjkBigrams::containsCjk(character), cjk);
        QCOMPARE(CjkBigrams::containsCjk(u"abc "_s + character), cjk);
    }

    void indexText_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("indexed");
        QTest::addRow("no cjk") << u"where is my order?"_s << QString();
        QTest::addRow("chinese sentence")
            << u"我的订单没有到"_s << u"我的 的订 订单 单没 没有 有到 到"_s;
        QTest::addRow("punctuation splits runs") << u"订单，没有。"_s << u"订单 单 没有 有"_s;
        QTest::addRow("one character") << u"好 ok"_s << u"好"_s;
        QTest::addRow("japanese") << u"ラーメン注文"_s << u"ラー ーメ メン ン注 注文 文"_s;
        QTest::addRow("mixed word keeps its other pieces")
            << u"the iPhone订单 shipped"_s << u"iPhone 订单 单"_s;
        QTest::addRow("surrogate pair") << u"𠀀订"_s << u"𠀀订 订"_s;
    }

    void indexText()
    {
        QFETCH(QString, text);
        QFETCH(QString, indexed);
        QCOMPARE(CjkBigrams::indexText(text), indexed);
    }

    void queryPieces()
    {
        const auto pieces = CjkBigrams::queryPieces(u"iPhone订单没"_s);
        QCOMPARE(pieces.size(), 2);
        QCOMPARE(pieces.at(0).text, u"iPhone"_s);
        QVERIFY(!pieces.at(0).cjk);
        QCOMPARE(pieces.at(1).text, u"订单 单没"_s);
        QVERIFY(pieces.at(1).cjk && !pieces.at(1).single);
        const auto single = CjkBigrams::queryPieces(u"订"_s);
        QCOMPARE(single.size(), 1);
        QVERIFY(single.first().single);
    }

    // The FTS5 expression: other words as before, a CJK word as the phrase of its bigrams.
    void matchExpression_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("expression");
        QTest::addRow("words") << u"refund deliv"_s << u"\"refund\" \"deliv\"*"_s;
        QTest::addRow("chinese") << u"订单没"_s << u"\"订单 单没\""_s;
        QTest::addRow("one character") << u"订"_s << u"\"订\"*"_s;
        QTest::addRow("mixed, last") << u"订单 iPhone订单"_s << u"\"订单\" \"iPhone\" \"订单\""_s;
        QTest::addRow("cjk then latin in one word") << u"订单abc"_s << u"\"订单\" \"abc\"*"_s;
    }

    void matchExpression()
    {
        QFETCH(QString, typed);
        QFETCH(QString, expression);
        QCOMPARE(SearchTerms(typed).matchExpression(), expression);
    }

    void snippetHighlightsCjkInsideRuns()
    {
        const auto snippet
            = SearchTerms(u"订单 refund"_s).snippet(u"订单! 我的订单没有到 refund"_s, 200);
        QCOMPARE(snippet.highlights, (QList<Highlight> { { 0, 2 }, { 6, 2 }, { 12, 6 } }));
    }

    // What indexing costs in the write path (run with -iterations N to measure; once in CI).
    void indexTextCost_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addRow("english") << u"Hello, I ordered the blue jacket last week and "
                                    "it has still not arrived, can you help?"_s;
        QTest::addRow("chinese")
            << u"你好，我上周订的蓝色外套到现在还没有收到，可以帮我查一下吗？"_s;
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
