#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace switchboard::server {

// Where a matched word sits inside a snippet, in UTF-16 code units.
struct Highlight {
    int offset = 0;
    int length = 0;
    bool operator==(const Highlight &) const = default;
};

// The words of a search, read from what a user typed. Words are runs of letters, digits and
// combining marks (the way SQLite's unicode61 tokenizer splits text); everything else, the
// full-text query syntax included, only separates them. The last word also matches as a
// prefix. Matching folds case and strips diacritics, like the index does.
class SearchTerms final {
public:
    explicit SearchTerms(const QString &text);

    bool isEmpty() const { return m_words.isEmpty(); }
    const QStringList &words() const { return m_words; }

    // An FTS5 MATCH expression: each word quoted (so no user syntax reaches the parser),
    // implicitly ANDed, the last one with `*`. A word with Chinese, Japanese or Korean in it
    // asks for the phrase of its bigrams instead (CjkBigrams), which the index holds in a
    // column of its own.
    QString matchExpression() const;

    // Up to `maxLength` characters of `text` around the first matched word, with "…" where
    // it was cut, and where each matched word sits in it.
    struct Snippet {
        QString text;
        QList<Highlight> highlights;
    };
    Snippet snippet(const QString &text, int maxLength) const;

    // The word as the index compares it: case folded, diacritics removed.
    static QString fold(const QString &word);

private:
    bool matches(const QString &foldedWord) const;

    QStringList m_words; // as typed
    QStringList m_folded; // fold() of each
    QList<bool> m_cjk; // whether each holds CJK characters
};

} // namespace switchboard::server
