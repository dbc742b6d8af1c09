#pragma once

#include "transcriptheader.h"
#include "transcriptwriter.h"

#include <QObject>
#include <QPointer>
#include <memory>

class QSaveFile;

namespace switchboard::ui {

class ChatClient;

// Writes one conversation's whole transcript to a file. It signs in on a connection of its own
// (the console's token), so its `history` pages never mix with the windows' ones, pages the
// conversation from its first message to the newest one there was when it started, and streams
// each page into a QSaveFile: memory stays flat and a cancelled or failed export leaves no file.
class TranscriptExporter final : public QObject {
    Q_OBJECT

public:
    explicit TranscriptExporter(const ChatClient &console, QObject *parent = nullptr);
    ~TranscriptExporter() override;
    Q_DISABLE_COPY_MOVE(TranscriptExporter)

    static constexpr int pageSize = 500;

    // False (with the reason) when the file cannot be opened; otherwise finished() follows.
    bool start(const TranscriptHeader &header, TranscriptWriter::Format format, const QString &path,
        QString *error = nullptr);
    void cancel();
    bool isRunning() const { return m_file != nullptr; }

Q_SIGNALS:
    void progress(qint64 written, qint64 total);
    // ok: the file is in place. Otherwise `error` says why in words (empty when cancelled).
    void finished(bool ok, const QString &error);

private:
    void onWelcomed();
    void onHistory(const QString &conversation, const QList<ChatMessage> &messages);
    void requestNext();
    void finish(bool ok, const QString &error);

    ChatClient *m_client = nullptr; // a child: its own connection
    TranscriptHeader m_header;
    std::unique_ptr<TranscriptWriter> m_writer;
    std::unique_ptr<QSaveFile> m_file;
    qint64 m_newest = -1; // the newest seq when the export started; -1: not known yet
    qint64 m_next = 1; // the next seq to write
    qint64 m_askedBefore = 0; // before_seq of the page awaited
};

} // namespace switchboard::ui
