#include "servedtext.h"

#include <QList>

namespace switchboard::server {

namespace {

bool mayContinueAcrossLines(const QByteArray &source)
{
    return source.contains('`') || source.contains("\\\n") || source.contains("\\\r\n");
}

} // namespace

QByteArray servedText(const QByteArray &source, QStringView suffix)
{
    const bool script = suffix == u"js" || suffix == u"mjs";
    if ((!script && suffix != u"css") || mayContinueAcrossLines(source))
        return source;
    const QList<QByteArray> lines = source.split('\n');
    QByteArray out;
    out.reserve(source.size());
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        if (line.isEmpty() || (script && line.startsWith("//")))
            continue;
        if (line.startsWith("/*")) {
            // A comment block that starts a line goes whole, if it also ends a line.
            qsizetype last = i;
            qsizetype close = line.indexOf("*/", 2);
            while (close < 0 && ++last < lines.size())
                close = lines[last].indexOf("*/");
            const QByteArray closing = last == i ? line : lines.value(last);
            if (close >= 0 && closing.mid(close + 2).trimmed().isEmpty()) {
                i = last;
                continue;
            }
        }
        out += line;
        out += '\n';
    }
    return out;
}

} // namespace switchboard::server
