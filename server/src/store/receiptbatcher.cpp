#include "receiptbatcher.h"

#include "storageservice.h"

#include <QMutexLocker>
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
    // The job takes the marks when its group is about to run (naming the conversations it
    // will lock); a group run again writes the same ones.
    const auto taken = std::make_shared<std::optional<QHash<QString, Marks>>>();
    const auto take = [pending = m_pending, taken] {
        if (*taken)
            return;
        const QMutexLocker locker(&pending->lock);
        taken->emplace(std::move(pending->marks));
        pending->marks.clear();
        pending->queued = false;
    };
    m_storage.writeLocking<Done>(
        nullptr,
        [take, taken] {
            take();
            return QStringList((*taken)->keys());
        },
        [take, taken](Store &store) -> StoreResult<Done> {
            take();
            const QHash<QString, Marks> &marks = **taken;
            constexpr ReceiptSide sides[] = { ReceiptSide::Customer, ReceiptSide::Agent };
            constexpr protocol::ReceiptKind kinds[]
                = { protocol::ReceiptKind::Delivered, protocol::ReceiptKind::Read };
            for (auto it = marks.cbegin(); it != marks.cend(); ++it) {
                for (const ReceiptSide each : sides) {
                    for (const protocol::ReceiptKind which : kinds) {
                        const qint64 mark = it.value()[std::size_t(slot(each, which))];
                        if (mark <= 0)
                            continue;
                        auto stored = store.recordReceipt(it.key(), each, which, mark);
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
            return Done {};
        },
        nullptr);
}

} // namespace switchboard::server
