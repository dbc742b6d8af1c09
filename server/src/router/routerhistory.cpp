// The router's history requests answered off its thread (docs/protocol.md, "History"):
// `export` and `reports` for supervisors, run on the history thread (HistoryService).
#include "history/exportcursor.h"
#include "history/exportwriter.h"
#include "history/historyservice.h"
#include "history/reportbuilder.h"
#include "router.h"
#include "store/storageservice.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <switchboard/logging.h>
#include <switchboard/timeformat.h>

using namespace Qt::StringLiterals;

namespace switchboard::server {

using protocol::ErrorCode;

namespace {

// A chunk's `data` stays under 48 KiB, with room left for the frame around it.
constexpr qsizetype exportChunkBytes = 48 * 1024 - 1024;

ExportRange rangeOf(const protocol::TimeRange &range)
{
    return ExportRange { range.fromMs, range.toMs };
}

QJsonValue timeOrNull(const std::optional<qint64> &ms)
{
    return ms ? QJsonValue(formatTimestamp(*ms)) : QJsonValue(QJsonValue::Null);
}

QByteArray frame(QJsonObject object, const QString &request)
{
    if (!request.isEmpty())
        object.insert(u"request"_s, request);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

struct ExportStep {
    ExportChunk chunk;
    qint64 total = 0;
};

} // namespace

bool Router::requireSupervisor(const Inbound &in, const Session &session, const QString &ref)
{
    if (session.role == Role::Supervisor)
        return true;
    sendError(in.connection, ErrorCode::Forbidden, u"only supervisors may do that"_s, ref);
    return false;
}

void Router::onExport(const Inbound &in, const protocol::ExportMessage &request)
{
    const ConnectionId connection = in.connection;
    const Session *session = m_sessions.find(connection);
    if (!requireSupervisor(in, *session, request.request))
        return;
    if (!m_history) {
        sendError(connection, ErrorCode::Unavailable, u"export is not available on this node"_s,
            request.request);
        return;
    }
    const ExportRange range = rangeOf(request.range);
    ExportCursor::State state { request.format, range, {}, 0 };
    const bool starting = !request.cursor || request.cursor->isEmpty();
    if (!starting) {
        const auto decoded = ExportCursor::instance().decode(*request.cursor);
        if (!decoded || decoded->format != request.format || !(decoded->range == range)) {
            sendError(connection, ErrorCode::BadRequest,
                u"cursor: unknown or stale, or from another export; start again without one"_s,
                request.request);
            return;
        }
        state = *decoded;
    }
    m_history->run<HistoryResult<ExportStep>>(
        this,
        [state, starting](HistoryDatabase &database) -> HistoryResult<ExportStep> {
            ExportWriter writer(database, state.format, state.range);
            ExportStep step;
            step.total = state.total;
            if (starting) {
                auto total = writer.countRows();
                if (!total)
                    return unexpected(total.error());
                step.total = *total;
            }
            auto chunk = writer.nextChunk(state.position, exportChunkBytes);
            if (!chunk)
                return unexpected(chunk.error());
            step.chunk = std::move(*chunk);
            return step;
        },
        [this, connection, request, state, starting](HistoryResult<ExportStep> result) {
            const Session *current = m_sessions.find(connection);
            if (!current)
                return;
            if (!result) {
                qCWarning(lcHistory).noquote() << "export failed:" << result.error().message;
                sendError(connection, ErrorCode::Unavailable,
                    u"the export cannot be read right now; try again"_s, request.request);
                return;
            }
            if (starting) {
                AuditEntry entry;
                entry.timestampMs = m_clock->nowMs();
                const AgentEntry *agent = m_roster.find(current->subjectId);
                entry.actor = agent ? agent->login : QString();
                entry.actorRole = protocol::roleName(current->role);
                entry.action = u"export"_s;
                entry.detail = QJsonObject {
                    { u"format"_s, exportFormatName(state.format) },
                    { u"from"_s, timeOrNull(state.range.fromMs) },
                    { u"to"_s, timeOrNull(state.range.toMs) },
                    { u"rows"_s, result->total },
                    { u"via"_s, u"protocol"_s },
                };
                entry.address = current->info.peer.toString();
                m_storage->appendAudit(std::move(entry));
            }
            QJsonValue cursor(QJsonValue::Null);
            if (!result->chunk.done) {
                ExportCursor::State next = state;
                next.position = result->chunk.next;
                next.total = result->total;
                cursor = ExportCursor::instance().encode(next);
            }
            m_outbox->send(connection,
                frame(
                    QJsonObject {
                        { u"type"_s, u"export_chunk"_s },
                        { u"format"_s, exportFormatName(state.format) },
                        { u"data"_s, QString::fromUtf8(result->chunk.data) },
                        { u"rows"_s, result->chunk.rows },
                        { u"total"_s, result->total },
                        { u"cursor"_s, cursor },
                        { u"done"_s, result->chunk.done },
                    },
                    request.request));
        });
}

void Router::onReports(const Inbound &in, const protocol::ReportsMessage &request)
{
    const ConnectionId connection = in.connection;
    if (!requireSupervisor(in, *m_sessions.find(connection), request.request))
        return;
    if (!m_history) {
        sendError(connection, ErrorCode::Unavailable, u"reports are not available on this node"_s,
            request.request);
        return;
    }
    const ExportRange range = rangeOf(request.range);
    const int offset = request.utcOffsetMinutes;
    m_history->run<HistoryResult<QJsonObject>>(
        this,
        [range, offset](
            HistoryDatabase &database) { return ReportBuilder(database).build(range, offset); },
        [this, connection, request, range](HistoryResult<QJsonObject> result) {
            if (!m_sessions.find(connection))
                return;
            if (!result) {
                qCWarning(lcHistory).noquote() << "reports failed:" << result.error().message;
                sendError(connection, ErrorCode::Unavailable,
                    u"reports cannot be read right now; try again"_s, request.request);
                return;
            }
            QJsonObject answer = *result;
            answer.insert(u"type"_s, u"reports"_s);
            answer.insert(u"from"_s, timeOrNull(range.fromMs));
            answer.insert(u"to"_s, timeOrNull(range.toMs));
            answer.insert(u"utc_offset_min"_s, request.utcOffsetMinutes);
            m_outbox->send(connection, frame(answer, request.request));
        });
}

} // namespace switchboard::server
