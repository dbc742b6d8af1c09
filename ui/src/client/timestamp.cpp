#include "timestamp.h"

#include <QDateTime>

namespace switchboard::ui {

qint64 parseTimestamp(const QString &text)
{
    if (text.isEmpty())
        return 0;
    const QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    return time.isValid() ? time.toMSecsSinceEpoch() : 0;
}

} // namespace switchboard::ui
