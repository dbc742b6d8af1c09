#pragma once

#include "records.h"

#include <QHash>
#include <QMutex>
#include <QSet>
#include <QString>
#include <array>
#include <memory>

namespace switchboard::server {

class StorageService;

// Writes cumulative receipts to the database coalesced: however many arrive while one write
// waits in the writer's queue, that write stores only the highest seq of each (conversation,
// side, kind), in one job. A receipt is never acked, so it may wait for the next group.
// Any thread may call record().
class ReceiptBatcher final {
public:
    explicit ReceiptBatcher(StorageService &storage);
    Q_DISABLE_COPY_MOVE(ReceiptBatcher)

    void record(
        const QString &conversationId, ReceiptSide side, protocol::ReceiptKind kind, qint64 seq);

    // The highest seq per (side, kind) of one conversation; 0 = nothing to write.
    using Marks = std::array<qint64, 4>;
    static int slot(ReceiptSide side, protocol::ReceiptKind kind);

private:
    struct Pending {
        QMutex lock;
        QHash<QString, Marks> marks; // guarded by lock
        bool queued = false; // a write job is waiting that will take `marks`; guarded by lock
    };
    enum class LockWait { No, Yes };
    static void queueWrite(
        StorageService &storage, const std::shared_ptr<Pending> &pending, LockWait lockWait);
    static void requeueSkipped(StorageService &storage, const std::shared_ptr<Pending> &pending,
        const QHash<QString, Marks> &marks, const QSet<QString> &written);

    StorageService &m_storage;
    std::shared_ptr<Pending> m_pending = std::make_shared<Pending>();
};

} // namespace switchboard::server
