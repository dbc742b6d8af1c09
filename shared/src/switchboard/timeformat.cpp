#include "timeformat.h"

#include <QDateTime>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace switchboard {

QString formatTimestamp(qint64 msSinceEpoch)
{
    // Every message carries one: computed from the calendar arithmetic below instead of
    // QDateTime::toString, which parses its format string each time.
    constexpr qint64 msPerDay = 86400000;
    constexpr qint64 lastDayOf9999 = 2932896; // days from 1970-01-01 to 9999-12-31
    const qint64 days = msSinceEpoch >= 0 ? msSinceEpoch / msPerDay : -1;
    if (days < 0 || days > lastDayOf9999) {
        return QDateTime::fromMSecsSinceEpoch(msSinceEpoch, Qt::UTC)
            .toString(u"yyyy-MM-ddTHH:mm:ss.zzzZ"_s);
    }
    qint64 msOfDay = msSinceEpoch - days * msPerDay;
    // Civil date from a day count, in 400-year eras starting on 0000-03-01.
    const qint64 shifted = days + 719468;
    const qint64 era = shifted / 146097;
    const qint64 dayOfEra = shifted - era * 146097;
    const qint64 yearOfEra
        = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const qint64 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const qint64 monthIndex = (5 * dayOfYear + 2) / 153; // March = 0
    const int day = int(dayOfYear - (153 * monthIndex + 2) / 5 + 1);
    const int month = int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9);
    const int year = int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
    const int hours = int(msOfDay / 3600000);
    msOfDay %= 3600000;
    const int minutes = int(msOfDay / 60000);
    msOfDay %= 60000;
    const int seconds = int(msOfDay / 1000);
    const int millis = int(msOfDay % 1000);

    char16_t text[24];
    const auto put = [&text](int at, int value, int width) {
        for (int i = width - 1; i >= 0; --i) {
            text[at + i] = char16_t(u'0' + value % 10);
            value /= 10;
        }
    };
    put(0, year, 4);
    text[4] = u'-';
    put(5, month, 2);
    text[7] = u'-';
    put(8, day, 2);
    text[10] = u'T';
    put(11, hours, 2);
    text[13] = u':';
    put(14, minutes, 2);
    text[16] = u':';
    put(17, seconds, 2);
    text[19] = u'.';
    put(20, millis, 3);
    text[23] = u'Z';
    return QString(reinterpret_cast<const QChar *>(text), 24);
}

std::optional<qint64> parseTimestamp(const QString &text)
{
    static const QRegularExpression shape(
        u"^\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?([Zz]|[+-]\\d{2}:\\d{2})$"_s);
    if (text.size() > 64 || !shape.match(text).hasMatch())
        return std::nullopt;
    QString normalized = text.toUpper();
    if (normalized.endsWith(u'Z')) {
        normalized.chop(1);
        normalized.append(u"+00:00"_s);
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
