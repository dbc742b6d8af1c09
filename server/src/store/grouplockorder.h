#pragma once

#include "storagejob.h"

#include <QStringList>
#include <memory>
#include <vector>

namespace switchboard::server {

// Every conversation a group commit's jobs will lock, sorted byte by byte and without
// duplicates: the order in which the group locks them first (Store::lockConversations). With
// one order on every node, two nodes' groups wait for each other at most, never in a cycle.
QStringList groupLockOrder(const std::vector<std::shared_ptr<StorageJob>> &group);

} // namespace switchboard::server
