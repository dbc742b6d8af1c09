#include "csvcell.h"

namespace switchboard {

namespace {

// An optional sign, digits, and at most one decimal point with digits after it.
bool isPlainNumber(QStringView cell)
{
    qsizetype i = 0;
    if (i < cell.size() && (cell[i] == u'-' || cell[i] == u'+'))
        ++i;
    const auto digits = [&] {
        const qsizetype start = i;
        while (i < cell.size() && cell[i] >= u'0' && cell[i] <= u'9')
            ++i;
        return i > start;
    };
    if (!digits())
        return false;
    if (i < cell.size() && cell[i] == u'.') {
        ++i;
        if (!digits())
            return false;
    }
    return i == cell.size();
}

} // namespace

bool startsLikeAFormula(QStringView cell)
{
    if (cell.isEmpty())
        return false;
    const QChar first = cell.front();
    const bool trigger = first == u'=' || first == u'+' || first == u'-' || first == u'@'
        || first == u'\t' || first == u'\r';
    return trigger && !isPlainNumber(cell);
}

QString neutralisedCsvCell(const QString &cell)
{
    if (!startsLikeAFormula(cell))
        return cell;
    return u'\'' + cell;
}

} // namespace switchboard
