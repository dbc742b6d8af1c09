#include "cjkbigrams.h"

namespace switchboard::server {

namespace {

// One code point of `text` at `at` (a surrogate pair counts once) and its width in UTF-16.
char32_t codeAt(const QString &text, qsizetype at, qsizetype *width)
{
    const QChar c = text.at(at);
    if (c.isHighSurrogate() && at + 1 < text.size() && text.at(at + 1).isLowSurrogate()) {
        *width = 2;
        return QChar::surrogateToUcs4(c, text.at(at + 1));
    }
    *width = 1;
    return c.unicode();
}

bool isWordCode(char32_t code)
{
    return QChar::isLetterOrNumber(code) || QChar::isMark(code);
}

// The pieces of `word` (letters, digits and marks only) alternating between CJK and not.
struct Run {
    QString text;
    bool cjk = false;
    int characters = 0; // code points
};

QList<Run> runsOf(const QString &word)
{
    QList<Run> runs;
    qsizetype at = 0;
    while (at < word.size()) {
        qsizetype width = 1;
        const char32_t code = codeAt(word, at, &width);
        // A combining mark belongs to the run of the character it follows.
        const bool cjk
            = QChar::isMark(code) && !runs.isEmpty() ? runs.last().cjk : CjkBigrams::isCjk(code);
        if (runs.isEmpty() || runs.last().cjk != cjk)
            runs.append({ QString(), cjk, 0 });
        runs.last().text += QStringView(word).mid(at, width);
        if (!QChar::isMark(code))
            ++runs.last().characters;
        at += width;
    }
    return runs;
}

// The run's characters, each with the marks that follow it.
QStringList charactersOf(const QString &run)
{
    QStringList characters;
    qsizetype at = 0;
    while (at < run.size()) {
        qsizetype width = 1;
        const char32_t code = codeAt(run, at, &width);
        if (QChar::isMark(code) && !characters.isEmpty())
            characters.last() += QStringView(run).mid(at, width);
        else
            characters.append(run.mid(at, width));
        at += width;
    }
    return characters;
}

QString bigramsOf(const QStringList &characters)
{
    QStringList bigrams;
    for (qsizetype i = 0; i + 1 < characters.size(); ++i)
        bigrams.append(characters.at(i) + characters.at(i + 1));
    return bigrams.join(QLatin1Char(' '));
}

// The words of `text`: runs of letters, digits and marks, as SQLite's unicode61 splits them.
QStringList wordsOf(const QString &text)
{
    QStringList words;
    QString current;
    qsizetype at = 0;
    while (at < text.size()) {
        qsizetype width = 1;
        const char32_t code = codeAt(text, at, &width);
        if (isWordCode(code)) {
            current += QStringView(text).mid(at, width);
        } else if (!current.isEmpty()) {
            words.append(current);
            current.clear();
        }
        at += width;
    }
    if (!current.isEmpty())
        words.append(current);
    return words;
}

} // namespace

bool CjkBigrams::isCjk(char32_t code)
{
    if (code == 0x30FC) // ー, the prolonged sound mark, is of the common script
        return true;
    if (!QChar::isLetterOrNumber(code))
        return false;
    switch (QChar::script(code)) {
    case QChar::Script_Han:
    case QChar::Script_Hiragana:
    case QChar::Script_Katakana:
    case QChar::Script_Hangul:
        return true;
    default:
        return false;
    }
}

bool CjkBigrams::containsCjk(const QString &text)
{
    qsizetype at = 0;
    while (at < text.size()) {
        // Every CJK character lies above U+1100; skip the rest cheaply.
        if (text.at(at).unicode() < 0x1100) {
            ++at;
            continue;
        }
        qsizetype width = 1;
        if (isCjk(codeAt(text, at, &width)))
            return true;
        at += width;
    }
    return false;
}

QString CjkBigrams::indexText(const QString &text)
{
    if (!containsCjk(text))
        return QString();
    QStringList tokens;
    for (const QString &word : wordsOf(text)) {
        if (!containsCjk(word))
            continue;
        for (const Run &run : runsOf(word)) {
            if (!run.cjk) {
                tokens.append(run.text);
                continue;
            }
            const QStringList characters = charactersOf(run.text);
            if (characters.size() > 1)
                tokens.append(bigramsOf(characters));
            tokens.append(characters.last());
        }
    }
    return tokens.join(QLatin1Char(' '));
}

QList<CjkBigrams::Piece> CjkBigrams::queryPieces(const QString &word)
{
    QList<Piece> pieces;
    for (const Run &run : runsOf(word)) {
        if (!run.cjk) {
            pieces.append({ run.text, false, false });
            continue;
        }
        const QStringList characters = charactersOf(run.text);
        if (characters.size() == 1)
            pieces.append({ characters.first(), true, true });
        else
            pieces.append({ bigramsOf(characters), true, false });
    }
    return pieces;
}

} // namespace switchboard::server
