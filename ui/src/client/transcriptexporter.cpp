#include "transcriptexporter.h"

#include "chatclient.h"

#include <QSaveFile>
#include <switchboard/logging.h>

using namespace Qt::StringLiterals;

namespace switchboard::ui {

TranscriptExporter::TranscriptExporter(const ChatClient &console, QObject *parent)
    : QObject(parent)
    , m_client(new ChatClient(this))
{
    QList<QUrl> endpoints = console.endpoints();
    const QUrl current = console.currentEndpoint();
    if (current.isValid()) {
        endpoints.removeAll(current);
        endpoints.prepend(current);
    }
    m_client->setEndpoints(endpoints);
    m_client->setTrustedCertificate(
        console.trustedCertificate()); // the same server, the same trust
    m_client->setPasswordCredentials(console.login(), {});
    m_client->setToken(console.token());
    connect(m_client, &ChatClient::welcomed, this, &TranscriptExporter::onWelcomed);
    connect(m_client, &ChatClient::historyReceived, this,
        [this](const QString &conversation, const QList<ChatMessage> &messages) {
            onHistory(conversation, messages);
        });
    connect(m_client, &ChatClient::signInFailed, this, [this](const QString &reason) {
        finish(false, tr("The server refused the export's sign-in: %1").arg(reason));
    });
    connect(m_client, &ChatClient::errorReceived, this,
        [this](const QString &code, const QString &message) {
            if (!isRunning() || code == u"unauthenticated")
                return; // sign-in failures come through signInFailed
            if (code == u"forbidden")
                finish(false, tr("You may not read this conversation."));
            else if (code == u"not_found")
                finish(false, tr("The server has no such conversation."));
            else
                finish(false, tr("The server could not send the transcript: %1").arg(message));
        });
    // Any reconnect means the connection failed or dropped: the export stops there.
    connect(m_client, &ChatClient::reconnectScheduled, this, [this] {
        if (isRunning())
            finish(false, tr("The connection to the server was lost; nothing was saved."));
    });
}

TranscriptExporter::~TranscriptExporter()
{
    if (m_file)
        m_file->cancelWriting();
}

bool TranscriptExporter::start(const TranscriptHeader &header, TranscriptWriter::Format format,
    const QString &path, QString *error)
{
    if (isRunning()) {
        if (error)
            *error = tr("An export is already running.");
        return false;
    }
    auto file = std::make_unique<QSaveFile>(path);
    if (!file->open(QIODevice::WriteOnly)) {
        if (error)
            *error = tr("Cannot write %1: %2").arg(path, file->errorString());
        return false;
    }
    m_header = header;
    m_writer = std::make_unique<TranscriptWriter>(format);
    m_file = std::move(file);
    m_file->write(m_writer->begin(m_header));
    m_newest = -1;
    m_next = 1;
    m_askedBefore = 0;
    qCInfo(lcUi) << "transcript export started";
    m_client->connectToServer();
    return true;
}

void TranscriptExporter::cancel()
{
    if (isRunning())
        finish(false, {});
}

void TranscriptExporter::onWelcomed()
{
    if (!isRunning() || m_newest >= 0)
        return;
    // The newest message tells how far the export goes.
    m_client->requestHistory(m_header.id, 0, 1);
}

void TranscriptExporter::onHistory(const QString &conversation, const QList<ChatMessage> &messages)
{
    if (!isRunning() || conversation != m_header.id)
        return;
    if (m_newest < 0) {
        m_newest = 0;
        for (const ChatMessage &message : messages)
            m_newest = qMax(m_newest, message.seq);
        Q_EMIT progress(0, m_newest);
        requestNext();
        return;
    }
    for (const ChatMessage &message : messages) {
        if (message.seq < m_next || message.seq > m_newest)
            continue;
        m_file->write(m_writer->message(message));
        m_next = message.seq + 1;
    }
    // Seqs without a message (none today) would otherwise be asked for again and again.
    m_next = qMax(m_next, qMin(m_askedBefore, m_newest + 1));
    if (m_file->error() != QFileDevice::NoError) {
        finish(false, tr("Writing the file failed: %1").arg(m_file->errorString()));
        return;
    }
    Q_EMIT progress(m_next - 1, m_newest);
    requestNext();
}

void TranscriptExporter::requestNext()
{
    if (m_next > m_newest) {
        m_file->write(m_writer->end());
        finish(true, {});
        return;
    }
    m_askedBefore = m_next + pageSize;
    m_client->requestHistory(m_header.id, m_askedBefore, pageSize);
}

void TranscriptExporter::finish(bool ok, const QString &error)
{
    std::unique_ptr<QSaveFile> file = std::move(m_file);
    if (!file)
        return;
    if (ok && !file->commit()) {
        ok = false;
        Q_EMIT finished(false, tr("Saving the file failed: %1").arg(file->errorString()));
        m_client->disconnectFromServer();
        return;
    }
    if (!ok)
        file->cancelWriting();
    qCInfo(lcUi) << "transcript export" << (ok ? "saved" : "stopped");
    m_client->disconnectFromServer();
    Q_EMIT finished(ok, error);
}

} // namespace switchboard::ui
