#include "rangeexporter.h"

#include "chatclient.h"

#include <QSaveFile>
#include <switchboard/logging.h>

using namespace Qt::StringLiterals;

namespace switchboard::ui {

RangeExporter::RangeExporter(ChatClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
    if (!client)
        return;
    connect(client, &ChatClient::exportChunkReceived, this, &RangeExporter::onChunk);
    connect(client, &ChatClient::errorReceived, this, &RangeExporter::onError);
    connect(client, &ChatClient::stateChanged, this, [this](ChatClient::State state) {
        // Cursors belong to the connection's export: after a drop it cannot go on.
        if (isRunning() && state != ChatClient::State::Online)
            finish(false, tr("The connection to the server was lost; nothing was saved."));
    });
}

RangeExporter::~RangeExporter()
{
    if (m_file)
        m_file->cancelWriting();
}

bool RangeExporter::start(
    const QString &format, qint64 fromMs, qint64 toMs, const QString &path, QString *error)
{
    const auto fail = [error](const QString &reason) {
        if (error)
            *error = reason;
        return false;
    };
    if (isRunning())
        return fail(tr("An export is already running."));
    if (format != u"csv" && format != u"jsonl")
        return fail(tr("Choose CSV or JSONL."));
    if (fromMs > 0 && toMs > 0 && toMs <= fromMs)
        return fail(tr("The end of the range must come after its start."));
    if (!m_client || m_client->state() != ChatClient::State::Online)
        return fail(tr("Not connected to the server."));
    auto file = std::make_unique<QSaveFile>(path);
    if (!file->open(QIODevice::WriteOnly))
        return fail(tr("Cannot write %1: %2").arg(path, file->errorString()));
    m_file = std::move(file);
    m_format = format;
    m_fromMs = fromMs;
    m_toMs = toMs;
    m_rows = 0;
    m_request = ChatClient::newRequestId();
    qCInfo(lcUi) << "range export started as" << format;
    m_client->requestExport(m_request, m_format, m_fromMs, m_toMs);
    return true;
}

void RangeExporter::cancel()
{
    if (isRunning())
        finish(false, {});
}

void RangeExporter::onChunk(const ExportChunk &chunk)
{
    if (!isRunning() || chunk.request != m_request)
        return;
    m_file->write(chunk.data.toUtf8());
    if (m_file->error() != QFileDevice::NoError) {
        finish(false, tr("Writing the file failed: %1").arg(m_file->errorString()));
        return;
    }
    m_rows += chunk.rows;
    Q_EMIT progress(m_rows, qMax(chunk.total, m_rows));
    if (chunk.done) {
        finish(true, {});
        return;
    }
    if (chunk.cursor.isEmpty()) {
        finish(false, tr("The server sent an unfinished export without a way to go on."));
        return;
    }
    if (m_client)
        m_client->requestExport(m_request, m_format, m_fromMs, m_toMs, chunk.cursor);
}

void RangeExporter::onError(const QString &code, const QString &message, const QString &ref)
{
    if (!isRunning() || ref.isEmpty() || ref != m_request)
        return;
    if (code == u"forbidden")
        finish(false, tr("Only supervisors may export conversations."));
    else if (code == u"bad_request")
        finish(false, tr("The server refused the export: %1").arg(message));
    else
        finish(false, tr("The export failed: %1").arg(message));
}

void RangeExporter::finish(bool ok, const QString &error)
{
    std::unique_ptr<QSaveFile> file = std::move(m_file);
    if (!file)
        return;
    m_request.clear();
    if (ok && !file->commit()) {
        Q_EMIT finished(false, tr("Saving the file failed: %1").arg(file->errorString()));
        return;
    }
    if (!ok)
        file->cancelWriting();
    qCInfo(lcUi) << "range export" << (ok ? "saved" : "stopped") << "after" << m_rows << "rows";
    Q_EMIT finished(ok, error);
}

} // namespace switchboard::ui
