#include "searchterms.h"

#include "cjkbigrams.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace switchboard::server {

namespace {

bool isWordCharacter(QChar c)
{
    return c.isLetterOrNumber() || c.isMark();
}

struct Word {
    qsizetype start = 0;
    qsizetype length = 0;
};

// The words of `text` in order, as unicode61 splits them (surrogate pairs stay whole).
QList<Word> wordsOf(const QString &text)
{
    QList<Word> words;
    qsizetype i = 0;
    const qsizetype size = text.size();
    const auto wordAt = [&text, size](qsizetype at, qsizetype *width) {
        if (text.at(at).isHighSurrogate() && at + 1 < size && text.at(at + 1).isLowSurrogate()) {
            *width = 2;
            const char32_t code = QChar::surrogateToUcs4(text.at(at), text.at(at + 1));
            return QChar::isLetterOrNumber(code) || QChar::isMark(code);
        }
        *width = 1;
        return isWordCharacter(text.at(at));
    };
    while (i < size) {
        qsizetype width = 1;
        if (!wordAt(i, &width)) {
            i += width;
            continue;
        }
        const qsizetype start = i;
        while (i < size && wordAt(i, &width))
            i += width;
        words.append({ start, i - start });
    }
    return words;
}

// Moves `at` off the second half of a surrogate pair.
qsizetype safeCut(const QString &text, qsizetype at)
{
    if (at > 0 && at < text.size() && text.at(at).isLowSurrogate()
        && text.at(at - 1).isHighSurrogate())
        return at - 1;
    return at;
}

} // namespace

SearchTerms::SearchTerms(const QString &text)
{
    for (const Word &word : wordsOf(text)) {
        const QString typed = text.mid(word.start, word.length);
        const QString folded = fold(typed);
        if (folded.isEmpty())
            continue;
        m_words.append(typed);
        m_folded.append(folded);
        m_cjk.append(CjkBigrams::containsCjk(typed));
    }
}

QString SearchTerms::fold(const QString &word)
{
    const QString decomposed = word.normalized(QString::NormalizationForm_D);
    QString folded;
    folded.reserve(decomposed.size());
    for (const QChar c : decomposed) {
        if (!c.isMark())
            folded.append(c);
    }
    return folded.toCaseFolded();
}

QString SearchTerms::matchExpression() const
{
    // Words hold no quote characters, but doubling them keeps that true for any input.
    const auto quoted = [](QString text) -> QString {
        text.replace(QLatin1Char('"'), u"\"\""_s);
        return QLatin1Char('"') + text + QLatin1Char('"');
    };
    QStringList terms;
    for (qsizetype i = 0; i < m_words.size(); ++i) {
        const bool last = i + 1 == m_words.size();
        if (!m_cjk.at(i)) {
            terms.append(quoted(m_words.at(i)) + (last ? u"*"_s : QString()));
            continue;
        }
        // A CJK run is a phrase of its bigrams (one quoted string the tokenizer splits); a
        // single character the start of a bigram or a run's last character.
        const QList<CjkBigrams::Piece> pieces = CjkBigrams::queryPieces(m_words.at(i));
        for (qsizetype p = 0; p < pieces.size(); ++p) {
            const CjkBigrams::Piece &piece = pieces.at(p);
            const bool prefix = piece.single || (!piece.cjk && last && p + 1 == pieces.size());
            terms.append(quoted(piece.text) + (prefix ? u"*"_s : QString()));
        }
    }
    return terms.join(QLatin1Char(' '));
}

bool SearchTerms::matches(const QString &foldedWord) const
{
    for (qsizetype i = 0; i < m_folded.size(); ++i) {
        if (m_cjk.at(i))
            continue; // found inside longer words instead, in snippet()
        const bool last = i + 1 == m_folded.size();
        if (last ? foldedWord.startsWith(m_folded.at(i)) : foldedWord == m_folded.at(i))
            return true;
    }
    return false;
}

SearchTerms::Snippet SearchTerms::snippet(const QString &text, int maxLength) const
{
    const QList<Word> words = wordsOf(text);
    QList<Word> matched;
    for (const Word &word : words) {
        if (matches(fold(text.mid(word.start, word.length))))
            matched.append(word);
    }
    // A CJK word is found inside a longer run: every place it occurs.
    for (qsizetype i = 0; i < m_words.size(); ++i) {
        if (!m_cjk.at(i))
            continue;
        const QString &typed = m_words.at(i);
        for (qsizetype at = text.indexOf(typed, 0, Qt::CaseInsensitive); at >= 0;
             at = text.indexOf(typed, at + typed.size(), Qt::CaseInsensitive))
            matched.append({ at, typed.size() });
    }
    std::sort(matched.begin(), matched.end(),
        [](const Word &a, const Word &b) { return a.start < b.start; });
    const QString ellipsis = u"…"_s;
    qsizetype start = 0;
    qsizetype end = text.size();
    if (text.size() > maxLength) {
        // Begin a little before the first match (at a word), so it is read in context.
        const qsizetype first = matched.isEmpty() ? 0 : matched.first().start;
        const qsizetype lead = std::min<qsizetype>(40, maxLength / 4);
        start = std::max<qsizetype>(0, first - lead);
        if (start > 0) {
            const auto before = std::find_if(words.crbegin(), words.crend(),
                [start](const Word &word) { return word.start <= start; });
            if (before != words.crend() && before->start + before->length > start)
                start = before->start;
        }
        start = safeCut(text, start);
        qsizetype room = maxLength - (start > 0 ? ellipsis.size() : 0);
        if (start + room < text.size())
            room -= ellipsis.size(); // the closing "…" counts too
        end = safeCut(text, std::min(text.size(), start + room));
    }
    Snippet result;
    const qsizetype shift = start > 0 ? ellipsis.size() : 0;
    result.text = (start > 0 ? ellipsis : QString()) + text.mid(start, end - start)
        + (end < text.size() ? ellipsis : QString());
    for (const Word &word : std::as_const(matched)) {
        if (word.start < start || word.start + word.length > end)
            continue; // cut off by the window
        result.highlights.append({ int(word.start - start + shift), int(word.length) });
    }
    return result;
}

} // namespace switchboard::server
