#include "exportwriter.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <algorithm>
#include <switchboard/csvcell.h>
#include <switchboard/timeformat.h>

using namespace Qt::StringLiterals;

namespace switchboard::server {

namespace {

constexpr int conversationPage = 100;
constexpr int messagePage = 200;

QString timeOrEmpty(qint64 ms)
{
    return ms > 0 ? formatTimestamp(ms) : QString();
}

// Seconds between two times with millisecond precision; empty when either is unknown.
QString secondsBetween(qint64 startMs, qint64 endMs)
{
    if (startMs <= 0 || endMs <= 0)
        return {};
    return QString::number(double(endMs - startMs) / 1000.0, 'f', 3);
}

// Conversations created in the range after the keyset position (created, id), oldest first.
QString keysetPage(const HistoryDatabase &database)
{
    const QString id = database.textKey(u"c.id"_s);
    return u"WHERE c.created_ms >= ? AND c.created_ms < ? AND (c.created_ms, "_s + id
        + u") > (?, ?) ORDER BY c.created_ms, "_s + id + u" LIMIT ?"_s;
}

// A JSON string as RFC 8259 allows: quote, backslash and control characters escaped, the rest
// as UTF-8.
void appendJsonString(QByteArray &out, const QString &text)
{
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    const QByteArray utf8 = text.toUtf8();
    for (const char c : utf8) {
        const auto byte = static_cast<unsigned char>(c);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (byte < 0x20) {
                out += "\\u00";
                out += hex[byte >> 4];
                out += hex[byte & 0xf];
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

} // namespace

ExportWriter::ExportWriter(HistoryDatabase &database, ExportFormat format, ExportRange range)
    : m_database(database)
    , m_format(format)
    , m_range(range)
{
}

QByteArray ExportWriter::csvHeader()
{
    return "id,customer,customer_email,agents,team,created,first_response,"
           "closed,wait_s,first_response_s,handle_s,customer_messages,"
           "staff_messages,notes,csat_rating,csat_comment\r\n"_ba;
}

QByteArray ExportWriter::csvField(const QString &value)
{
    QByteArray bytes = neutralisedCsvCell(value).toUtf8();
    if (!bytes.contains(',') && !bytes.contains('"') && !bytes.contains('\r')
        && !bytes.contains('\n'))
        return bytes;
    bytes.replace('"', "\"\""_ba);
    return '"' + bytes + '"';
}

HistoryResult<qint64> ExportWriter::countRows()
{
    const QString sql = m_format == ExportFormat::Csv
        ? u"SELECT count(*) FROM conversations c WHERE c.created_ms >= ? AND c.created_ms < ?"_s
        : u"SELECT count(*) FROM conversations c JOIN messages m ON m.conversation_id = c.id "
          u"WHERE c.created_ms >= ? AND c.created_ms < ?"_s;
    auto query
        = m_database.run(sql, { m_range.lowerBound(), m_range.upperBound() }, u"count export");
    if (!query)
        return unexpected(query.error());
    return query->next() ? query->value(0).toLongLong() : qint64(0);
}

HistoryResult<ExportChunk> ExportWriter::nextChunk(const ExportPosition &after, qsizetype maxBytes)
{
    return m_format == ExportFormat::Csv ? nextCsvChunk(after, maxBytes)
                                         : nextJsonlChunk(after, maxBytes);
}

HistoryResult<QList<ExportWriter::Conversation>> ExportWriter::conversationsAfter(
    const ExportPosition &after, int limit)
{
    // The start sorts before every (created, id): ids are never empty.
    const qint64 createdMs = after.atStart() ? std::numeric_limits<qint64>::min() : after.createdMs;
    auto query
        = m_database.run(u"SELECT c.id, c.created_ms, c.team, cu.name, cu.email "
                         u"FROM conversations c JOIN customers cu ON cu.id = c.customer_id "_s
                + keysetPage(m_database),
            { m_range.lowerBound(), m_range.upperBound(), createdMs, after.conversationId, limit },
            u"export conversations");
    if (!query)
        return unexpected(query.error());
    QList<Conversation> page;
    while (query->next()) {
        page.append({ query->value(0).toString(), query->value(1).toLongLong(),
            query->value(2).toString(), query->value(3).toString(), query->value(4).toString() });
    }
    return page;
}

HistoryResult<Done> ExportWriter::loadLogins()
{
    if (m_loginsLoaded)
        return Done {};
    auto query = m_database.run(u"SELECT id, login FROM users"_s, {}, u"export logins");
    if (!query)
        return unexpected(query.error());
    while (query->next())
        m_logins.insert(u"u:"_s + query->value(0).toString(), query->value(1).toString());
    m_loginsLoaded = true;
    return Done {};
}

QString ExportWriter::loginOf(const QString &senderKey) const
{
    // A removed account keeps its place under its old id.
    return m_logins.value(senderKey, u"removed-user-"_s + senderKey.mid(2));
}

HistoryResult<ExportChunk> ExportWriter::nextCsvChunk(
    const ExportPosition &after, qsizetype maxBytes)
{
    if (auto loaded = loadLogins(); !loaded)
        return unexpected(loaded.error());
    const QString rowSql
        = u"SELECT c.id, c.created_ms, c.team, cu.name, cu.email, c.first_assigned_ms, "
          u"c.first_response_ms, c.closed_ms, c.agent_id, "
          u"(SELECT count(*) FROM messages m WHERE m.conversation_id = c.id AND m.kind = 'text' "
          u"AND m.sender_role = 'customer'), "
          u"(SELECT count(*) FROM messages m WHERE m.conversation_id = c.id AND m.kind = 'text' "
          u"AND m.sender_role IN ('agent', 'supervisor')), "
          u"(SELECT count(*) FROM messages m WHERE m.conversation_id = c.id AND m.kind = 'note'), "
          u"(SELECT "_s
        + m_database.distinctList(u"m.sender_key"_s)
        + u" FROM messages m WHERE m.conversation_id = c.id AND m.kind = 'text' "
          u"AND m.sender_role IN ('agent', 'supervisor')), "
          u"COALESCE(r.rating, 0), COALESCE(r.comment, '') "
          u"FROM conversations c JOIN customers cu ON cu.id = c.customer_id "
          u"LEFT JOIN conversation_ratings r ON r.conversation_id = c.id "_s
        + keysetPage(m_database);

    ExportChunk chunk;
    chunk.next = after;
    if (after.atStart())
        chunk.data = csvHeader();
    for (;;) {
        const qint64 createdMs
            = chunk.next.atStart() ? std::numeric_limits<qint64>::min() : chunk.next.createdMs;
        auto query = m_database.run(rowSql,
            { m_range.lowerBound(), m_range.upperBound(), createdMs, chunk.next.conversationId,
                conversationPage },
            u"export csv rows");
        if (!query)
            return unexpected(query.error());
        int fetched = 0;
        while (query->next()) {
            ++fetched;
            const QString id = query->value(0).toString();
            const qint64 created = query->value(1).toLongLong();
            const qint64 firstAssigned = query->value(5).toLongLong();
            const qint64 firstResponse = query->value(6).toLongLong();
            const qint64 closed = query->value(7).toLongLong();
            const qint64 agentId = query->value(8).toLongLong();
            QStringList agents;
            const QString writers = query->value(12).toString();
            for (const QString &key : writers.split(QLatin1Char(','), Qt::SkipEmptyParts))
                agents.append(loginOf(key));
            if (agentId != 0)
                agents.append(loginOf(u"u:"_s + QString::number(agentId)));
            agents.sort();
            agents.removeDuplicates();

            const QString cells[] = { id, query->value(3).toString(), query->value(4).toString(),
                agents.join(QLatin1Char(';')), query->value(2).toString(), formatTimestamp(created),
                timeOrEmpty(firstResponse), timeOrEmpty(closed),
                secondsBetween(created, firstAssigned), secondsBetween(created, firstResponse),
                secondsBetween(firstAssigned, closed), query->value(9).toString(),
                query->value(10).toString(), query->value(11).toString(),
                query->value(13).toInt() > 0 ? query->value(13).toString() : QString(),
                query->value(14).toString() };
            QByteArray row;
            bool first = true;
            for (const QString &cell : cells) {
                if (!first)
                    row += ',';
                row += csvField(cell);
                first = false;
            }
            row += "\r\n";
            if (chunk.rows > 0 && chunk.data.size() + row.size() > maxBytes)
                return chunk; // the row waits for the next chunk
            chunk.data += row;
            ++chunk.rows;
            chunk.next = ExportPosition { created, id, 0 };
        }
        if (fetched < conversationPage) {
            chunk.done = true;
            return chunk;
        }
    }
}

HistoryResult<ExportChunk> ExportWriter::nextJsonlChunk(
    const ExportPosition &after, qsizetype maxBytes)
{
    static const QString messageSql
        = u"SELECT seq, ts_ms, kind, sender_role, sender_name, text, client_id, trace_id "
          u"FROM messages WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?"_s;

    ExportChunk chunk;
    chunk.next = after;
    QList<Conversation> queue;
    // Finish the conversation the last chunk stopped in.
    if (!after.atStart()) {
        auto current = m_database.run(
            u"SELECT c.id, c.created_ms, c.team, cu.name, cu.email FROM conversations c "
            u"JOIN customers cu ON cu.id = c.customer_id WHERE c.id = ?"_s,
            { after.conversationId }, u"export conversation");
        if (!current)
            return unexpected(current.error());
        if (current->next()) {
            queue.append({ current->value(0).toString(), current->value(1).toLongLong(),
                current->value(2).toString(), current->value(3).toString(),
                current->value(4).toString() });
        }
    }
    ExportPosition conversationsFrom = after; // where the next page of conversations starts
    qint64 seqFrom = after.seq;
    for (;;) {
        if (queue.isEmpty()) {
            auto page = conversationsAfter(conversationsFrom, conversationPage);
            if (!page)
                return unexpected(page.error());
            if (page->isEmpty()) {
                chunk.done = true;
                return chunk;
            }
            queue = std::move(*page);
            seqFrom = 0;
        }
        const Conversation &conversation = queue.first();
        conversationsFrom = ExportPosition { conversation.createdMs, conversation.id, 0 };
        auto query = m_database.run(
            messageSql, { conversation.id, seqFrom, messagePage }, u"export jsonl rows");
        if (!query)
            return unexpected(query.error());
        int fetched = 0;
        while (query->next()) {
            ++fetched;
            const qint64 seq = query->value(0).toLongLong();
            // Written by hand (keys in the order QJsonDocument sorts them): building a
            // QJsonObject per line cost most of a large export's time.
            QByteArray bytes;
            bytes.reserve(256 + query->value(5).toString().size() * 3);
            QString text = query->value(5).toString();
            bytes += '{';
            // An attachment is listed by its metadata (name, size, type, dimensions), never
            // its bytes nor its thumbnail; `text` is its file name, as in the message frame.
            if (query->value(2).toString() == u"attachment") {
                QJsonObject attachment = QJsonDocument::fromJson(text.toUtf8()).object();
                attachment.remove(u"thumbnail"_s);
                text = attachment.value(u"name"_s).toString();
                bytes += "\"attachment\":";
                bytes += QJsonDocument(attachment).toJson(QJsonDocument::Compact);
                bytes += ',';
            }
            bytes += "\"client_id\":";
            if (query->value(6).isNull())
                bytes += "null";
            else
                appendJsonString(bytes, query->value(6).toString());
            bytes += ",\"conversation\":";
            appendJsonString(bytes, conversation.id);
            bytes += ",\"customer\":{\"email\":";
            appendJsonString(bytes, conversation.customerEmail);
            bytes += ",\"name\":";
            appendJsonString(bytes, conversation.customerName);
            bytes += "},\"from\":{\"name\":";
            appendJsonString(bytes, query->value(4).toString());
            bytes += ",\"role\":";
            appendJsonString(bytes, query->value(3).toString());
            bytes += "},\"kind\":";
            appendJsonString(bytes, query->value(2).toString());
            bytes += ",\"seq\":";
            bytes += QByteArray::number(seq);
            bytes += ",\"team\":";
            appendJsonString(bytes, conversation.team);
            bytes += ",\"text\":";
            appendJsonString(bytes, text);
            bytes += ",\"trace_id\":";
            appendJsonString(bytes, query->value(7).toString());
            bytes += ",\"ts\":";
            appendJsonString(bytes, formatTimestamp(query->value(1).toLongLong()));
            bytes += '}';
            bytes += '\n';
            if (chunk.rows > 0 && chunk.data.size() + bytes.size() > maxBytes)
                return chunk;
            chunk.data += bytes;
            ++chunk.rows;
            chunk.next = ExportPosition { conversation.createdMs, conversation.id, seq };
            seqFrom = seq;
        }
        if (fetched < messagePage) {
            queue.removeFirst();
            seqFrom = 0;
        }
    }
}

} // namespace switchboard::server
