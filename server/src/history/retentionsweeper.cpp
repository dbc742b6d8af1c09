#include "retentionsweeper.h"

#include <QScopeGuard>

using namespace Qt::StringLiterals;

namespace switchboard::server {

namespace {

QString placeholders(qsizetype count)
{
    QString text;
    for (qsizetype i = 0; i < count; ++i)
        text += i == 0 ? u"?"_s : u", ?"_s;
    return text;
}

} // namespace

RetentionSweeper::RetentionSweeper(HistoryDatabase &database)
    : m_database(database)
{
}

HistoryResult<RetentionCounts> RetentionSweeper::deleteClosedBefore(
    qint64 closedBeforeMs, int batch)
{
    return inBatches(u"SELECT id FROM conversations WHERE state = 'closed' "
                     u"AND closed_ms > 0 AND closed_ms < ? LIMIT ?"_s,
        closedBeforeMs, batch, u"find conversations due for deletion",
        [this](const QVariantList &ids, const QString &in) -> HistoryResult<RetentionCounts> {
            auto messages
                = m_database.run(u"DELETE FROM messages WHERE conversation_id IN ("_s + in + u")"_s,
                    ids, u"delete messages");
            if (!messages)
                return unexpected(messages.error());
            RetentionCounts counts;
            // Read at once: SQLite reports the changes of the connection's latest statement.
            counts.deletedMessages = messages->numRowsAffected();
            auto conversations
                = m_database.run(u"DELETE FROM conversations WHERE id IN ("_s + in + u")"_s, ids,
                    u"delete conversations");
            if (!conversations)
                return unexpected(conversations.error());
            counts.deletedConversations = conversations->numRowsAffected();
            return counts;
        });
}

HistoryResult<RetentionCounts> RetentionSweeper::redactClosedBefore(
    qint64 closedBeforeMs, int batch)
{
    return inBatches(u"SELECT cu.id FROM customers cu WHERE (cu.name <> '' OR cu.email <> '') "
                     u"AND EXISTS (SELECT 1 FROM conversations c WHERE c.customer_id = cu.id) "
                     u"AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.customer_id = cu.id "
                     u"AND (c.state <> 'closed' OR c.closed_ms >= ?)) LIMIT ?"_s,
        closedBeforeMs, batch, u"find customers due for redaction",
        [this](const QVariantList &ids, const QString &in) -> HistoryResult<RetentionCounts> {
            // The name they wrote under goes too; message text is the conversation itself.
            auto names = m_database.run(u"UPDATE messages SET sender_name = '' "
                                        u"WHERE sender_role = 'customer' AND sender_name <> '' "
                                        u"AND conversation_id IN (SELECT id FROM conversations "
                                        u"WHERE customer_id IN ("_s
                    + in + u"))"_s,
                ids, u"redact customer names in messages");
            if (!names)
                return unexpected(names.error());
            auto customers = m_database.run(
                u"UPDATE customers SET name = '', email = '' WHERE id IN ("_s + in + u")"_s, ids,
                u"redact customers");
            if (!customers)
                return unexpected(customers.error());
            RetentionCounts counts;
            counts.redactedCustomers = customers->numRowsAffected();
            return counts;
        });
}

HistoryResult<RetentionCounts> RetentionSweeper::inBatches(
    const QString &dueSql, qint64 cutOffMs, int batch, QStringView what, const BatchStep &step)
{
    RetentionCounts total;
    for (;;) {
        if (auto begun = m_database.begin(); !begun)
            return unexpected(begun.error());
        auto rollback = qScopeGuard([this] { m_database.rollback(); });
        auto due = m_database.run(dueSql, { cutOffMs, batch }, what);
        if (!due)
            return unexpected(due.error());
        QVariantList ids;
        while (due->next())
            ids.append(due->value(0));
        due->finish();
        if (ids.isEmpty())
            return total; // the guard rolls the empty transaction back
        auto done = step(ids, placeholders(ids.size()));
        if (!done)
            return unexpected(done.error());
        if (auto committed = m_database.commit(); !committed)
            return unexpected(committed.error());
        rollback.dismiss();
        total.deletedConversations += done->deletedConversations;
        total.deletedMessages += done->deletedMessages;
        total.redactedCustomers += done->redactedCustomers;
    }
}

} // namespace switchboard::server
