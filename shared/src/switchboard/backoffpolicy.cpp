#include "backoffpolicy.h"

#include <QRandomGenerator>
#include <algorithm>

namespace switchboard {

int BackoffPolicy::ceilingMs(int attempt) const
{
    const int shift = std::clamp(attempt, 0, 20);
    const qint64 ceiling = qint64(m_baseMs) << shift;
    return int(std::min<qint64>(ceiling, m_capMs));
}

int BackoffPolicy::delayMs(int attempt) const
{
    const int ceiling = ceilingMs(attempt);
    // Never zero: at least a tenth of the ceiling keeps a tight loop from hammering.
    const int floor = ceiling / 10;
    return floor + int(QRandomGenerator::global()->bounded(quint32(ceiling - floor + 1)));
}

} // namespace switchboard
