#include "grouplockorder.h"

#include <algorithm>

namespace switchboard::server {

QStringList groupLockOrder(const std::vector<std::shared_ptr<StorageJob>> &group)
{
    QStringList ids;
    for (const auto &job : group)
        ids += job->conversationsToLock();
    // Byte order (UTF-16 code units order ASCII ids as bytes do), matching COLLATE "C".
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    ids.removeAll(QString());
    return ids;
}

} // namespace switchboard::server
