#include "timeformat.h"

#include <QDateTime>
#include <QRegularExpression>

namespace switchboard {

QString formatTimestamp(qint64 msSinceEpoch)
{
    return QDateTime::fromMSecsSinceEpoch(msSinceEpoch, Qt::UTC)
        .toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"));
}

std::optional<qint64> parseTimestamp(const QString &text)
{
    static const QRegularExpression shape(QStringLiteral(
        "^\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?([Zz]|[+-]\\d{2}:\\d{2})$"));
    if (text.size() > 64 || !shape.match(text).hasMatch())
        return std::nullopt;
    QString normalized = text.toUpper();
    if (normalized.endsWith(u'Z')) {
        normalized.chop(1);
        normalized.append(QStringLiteral("+00:00"));
    }
    const QDateTime time = QDateTime::fromString(normalized, Qt::ISODateWithMs);
    if (!time.isValid())
        return std::nullopt;
    return time.toMSecsSinceEpoch();
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace switchboard
