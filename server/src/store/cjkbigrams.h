#pragma once

#include <QString>
#include <QStringList>

namespace switchboard::server {

// Chinese, Japanese and Korean are written without spaces between words, so a word tokenizer
// sees a whole sentence (`我的订单没有到`) as one token and `订单` inside it cannot be found.
// Search therefore also indexes every CJK run (Han, Hiragana, Katakana, Hangul) as its
// overlapping two-character pieces, and asks for a CJK word as the phrase of its pieces:
// `订单` is a piece of `我的订单没有到`, and `订单没` is the phrase `订单 单没`. Text without
// CJK is left alone, so other scripts keep their word and prefix search.
class CjkBigrams final {
public:
    // Han, Hiragana, Katakana (with the prolonged sound mark) or Hangul.
    static bool isCjk(char32_t code);
    static bool containsCjk(const QString &text);
    static bool containsCjk(QStringView text);

    // What the index holds beside `text`: for each word (run of letters, digits and marks)
    // that contains CJK, each CJK run's overlapping bigrams followed by its last character
    // (so a single character is found wherever it stands), and the word's other pieces as
    // words of their own. Space-separated; empty when `text` has no CJK. Index and delete
    // must both use this, so the index is always told exactly what it was given.
    static QString indexText(const QString &text);

    // A word as the search asks for it: a CJK run becomes the space-separated bigrams to
    // match as a phrase (a single character stays itself, to match as a prefix), any other
    // piece stays a word.
    struct Piece {
        QString text;
        bool cjk = false;
        bool single = false; // one CJK character: matched as the start of a bigram
    };
    static QList<Piece> queryPieces(const QString &word);
};

} // namespace switchboard::server
