#include "displaytext.h"

using namespace Qt::StringLiterals;

namespace switchboard {

QString quotedForMessage(const QString &text, qsizetype maxLength)
{
    QString quoted = u"\""_s;
    for (const QChar c : text.left(maxLength)) {
        if (c == u'"' || c == u'\\')
            quoted += QLatin1Char('\\') + c;
        else if (c == u'\n')
            quoted += u"\\n"_s;
        else if (c.category() == QChar::Other_Control || c.category() == QChar::Separator_Line
            || c.category() == QChar::Separator_Paragraph)
            quoted += u"\\u%1"_s.arg(c.unicode(), 4, 16, QLatin1Char('0'));
        else
            quoted += c;
    }
    if (text.size() > maxLength)
        quoted += u"…"_s;
    return quoted + QLatin1Char('"');
}

QString withoutControlCharacters(const QString &text)
{
    QString clean = text;
    for (QChar &c : clean) {
        if (c.category() == QChar::Other_Control || c.category() == QChar::Separator_Line
            || c.category() == QChar::Separator_Paragraph)
            c = u'?';
    }
    return clean;
}

} // namespace switchboard
