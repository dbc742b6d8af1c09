#include "cjkbigrams.h"

namespace switchboard::server {

namespace {

// One code point of `text` at `at` (a surrogate pair counts once) and its width in UTF-16.
char32_t codeAt(QStringView text, qsizetype at, qsizetype *width)
{
    const QChar c = text.at(at);
    if (c.isHighSurrogate() && at + 1 < text.size() && text.at(at + 1).isLowSurrogate()) {
        *width = 2;
        return QChar::surrogateToUcs4(c, text.at(at + 1));
    }
    *width = 1;
    return c.unicode();
}

// The CJK Unified Ideographs and Hangul Syllables blocks: every code point a letter, and the
// bulk of Chinese and Korean text, so they skip Qt's property look-ups.
bool isCommonCjk(char32_t code)
{
    return (code >= 0x4E00 && code <= 0x9FFF) || (code >= 0xAC00 && code <= 0xD7A3);
}

bool isWordCode(char32_t code)
{
    if (code < 0x80)
        return (code >= u'0' && code <= u'9') || ((code | 0x20) >= u'a' && (code | 0x20) <= u'z');
    if (isCommonCjk(code))
        return true;
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

} // namespace

bool CjkBigrams::isCjk(char32_t code)
{
    if (isCommonCjk(code))
        return true;
    if (code < 0x1100)
        return false;
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
    return containsCjk(QStringView(text));
}

bool CjkBigrams::containsCjk(QStringView text)
{
    const char16_t *data = text.utf16();
    const qsizetype size = text.size();
    for (qsizetype at = 0; at < size; ++at) {
        // Every CJK character lies at U+1100 or above; most text never gets past this test.
        if (data[at] < 0x1100)
            continue;
        qsizetype width = 1;
        if (isCjk(codeAt(text, at, &width)))
            return true;
        at += width - 1;
    }
    return false;
}

// One pass, written straight into the result: this runs for every stored message.
QString CjkBigrams::indexText(const QString &text)
{
    if (!containsCjk(text))
        return QString();
    QString out;
    out.reserve(text.size() * 3);
    const QStringView all(text);
    const qsizetype size = text.size();
    qsizetype at = 0;
    while (at < size) {
        qsizetype width = 1;
        if (!isWordCode(codeAt(all, at, &width))) {
            at += width;
            continue;
        }
        const qsizetype wordStart = at;
        while (at < size && isWordCode(codeAt(all, at, &width)))
            at += width;
        const QStringView word = all.mid(wordStart, at - wordStart);
        if (!containsCjk(word))
            continue;
        // Runs of CJK and of other characters; a mark belongs to the character before it.
        qsizetype i = 0;
        bool inCjk = false;
        qsizetype runStart = 0;
        qsizetype previous = -1; // start of the previous CJK character in this run
        qsizetype previousEnd = -1;
        const auto endRun = [&](qsizetype runEnd) {
            if (inCjk) {
                out += word.mid(previous, previousEnd - previous); // the run's last character
                out += u' ';
            } else if (runEnd > runStart) {
                out += word.mid(runStart, runEnd - runStart);
                out += u' ';
            }
        };
        while (i < word.size()) {
            // One character: a code point and the marks after it.
            qsizetype next = i;
            const char32_t code = codeAt(word, next, &width);
            next += width;
            while (next < word.size() && QChar::isMark(codeAt(word, next, &width)))
                next += width;
            const bool cjk = isCjk(code);
            if (i == 0 || cjk != inCjk) {
                if (i > 0)
                    endRun(i);
                inCjk = cjk;
                runStart = i;
                previous = -1;
            }
            if (cjk) {
                if (previous >= 0) {
                    out += word.mid(previous, next - previous); // this character and the one before
                    out += u' ';
                }
                previous = i;
                previousEnd = next;
            }
            i = next;
        }
        endRun(word.size());
    }
    out.chop(1);
    return out;
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
