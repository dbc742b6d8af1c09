#include "receiptbatcher.h"

#include "storageservice.h"

#include <QMutexLocker>
#include <QSet>
#include <optional>
#include <switchboard/logging.h>

namespace switchboard::server {

ReceiptBatcher::ReceiptBatcher(StorageService &storage)
    : m_storage(storage)
{
}

int ReceiptBatcher::slot(ReceiptSide side, protocol::ReceiptKind kind)
{
    return (side == ReceiptSide::Customer ? 0 : 2) + (kind == protocol::ReceiptKind::Read ? 1 : 0);
}

void ReceiptBatcher::record(
    const QString &conversationId, ReceiptSide side, protocol::ReceiptKind kind, qint64 seq)
{
    {
        const QMutexLocker locker(&m_pending->lock);
        qint64 &mark = m_pending->marks[conversationId][std::size_t(slot(side, kind))];
        mark = std::max(mark, seq);
        if (m_pending->queued)
            return; // the waiting job takes this one too
        m_pending->queued = true;
    }
    queueWrite(m_storage, m_pending, LockWait::No);
}

// A write that must not wait (the first for any batch) names no conversations for the group
// lock and writes only the rows no other transaction holds: a receipt for a conversation
// another node is appending to then waits for the next write instead of holding this node's
// whole group behind that node's. The marks it skips go into one more write, which waits for
// the locks in the group's order as any other write does, so none is left behind.
void ReceiptBatcher::queueWrite(
    StorageService &storage, const std::shared_ptr<Pending> &pending, LockWait lockWait)
{
    // The job takes the marks when its group is about to run; a group run again writes the
    // same ones.
    const auto taken = std::make_shared<std::optional<QHash<QString, Marks>>>();
    const auto take = [pending, taken] {
        if (*taken)
            return;
        const QMutexLocker locker(&pending->lock);
        taken->emplace(std::move(pending->marks));
        pending->marks.clear();
        pending->queued = false;
    };
    storage.writeLocking<Done>(
        nullptr,
        [take, taken, lockWait] {
            if (lockWait == LockWait::No)
                return QStringList();
            take();
            return QStringList((*taken)->keys());
        },
        [&storage, pending, take, taken, lockWait](Store &store) -> StoreResult<Done> {
            take();
            const QHash<QString, Marks> &marks = **taken;
            QStringList writable = marks.keys();
            if (lockWait == LockWait::No) {
                auto free = store.lockThoseFree(writable);
                if (!free)
                    return unexpected(free.error());
                writable = std::move(*free);
            }
            constexpr ReceiptSide sides[] = { ReceiptSide::Customer, ReceiptSide::Agent };
            constexpr protocol::ReceiptKind kinds[]
                = { protocol::ReceiptKind::Delivered, protocol::ReceiptKind::Read };
            for (const QString &conversationId : std::as_const(writable)) {
                const Marks &marksOfOne = marks[conversationId];
                for (const ReceiptSide each : sides) {
                    for (const protocol::ReceiptKind which : kinds) {
                        const qint64 mark = marksOfOne[std::size_t(slot(each, which))];
                        if (mark <= 0)
                            continue;
                        auto stored = store.recordReceipt(conversationId, each, which, mark);
                        if (!stored && stored.error().kind == StorageError::Kind::NotFound)
                            continue; // removed meanwhile (retention): nothing to mark
                        if (!stored) {
                            qCWarning(lcStore).noquote()
                                << "receipts not stored:" << stored.error().message;
                            return stored;
                        }
                    }
                }
            }
            if (writable.size() < marks.size()) {
                requeueSkipped(
                    storage, pending, marks, QSet<QString>(writable.cbegin(), writable.cend()));
            }
            return Done {};
        },
        nullptr);
}

void ReceiptBatcher::requeueSkipped(StorageService &storage,
    const std::shared_ptr<Pending> &pending, const QHash<QString, Marks> &marks,
    const QSet<QString> &written)
{
    {
        const QMutexLocker locker(&pending->lock);
        for (auto it = marks.cbegin(); it != marks.cend(); ++it) {
            if (written.contains(it.key()))
                continue;
            Marks &merged = pending->marks[it.key()];
            for (std::size_t i = 0; i < merged.size(); ++i)
                merged[i] = std::max(merged[i], it.value()[i]);
        }
        if (pending->queued)
            return; // a write already waiting takes them
        pending->queued = true;
    }
    queueWrite(storage, pending, LockWait::Yes);
}

} // namespace switchboard::server
