#pragma once

#include <QObject>
#include <QPointer>
#include <QProgressDialog>
#include <client/transcriptexporter.h>
#include <client/transcriptheader.h>
#include <client/transcriptwriter.h>
#include <optional>
#include <switchboard/expected.h>

class QWidget;

namespace switchboard::ui {

class ChatClient;

// One transcript export as the console runs it (Ctrl+E): a TranscriptExporter on a connection
// of its own, a progress dialog over `window` that cancels it, and one line for the status bar
// when it ends. It deletes itself once finished() has been emitted.
class TranscriptExportJob final : public QObject {
    Q_OBJECT

public:
    // Starts the export into `path`, or says why it cannot (no file is then written).
    static Expected<TranscriptExportJob *, QString> start(ChatClient &client,
        const TranscriptHeader &header, TranscriptWriter::Format format, const QString &path,
        QWidget *window);

    // What the save dialog offers: a file name from the customer's name (or the id), and the
    // format a chosen filter and file name ask for (a suffix that says otherwise wins).
    static QString suggestedFileName(const TranscriptHeader &header);
    static QStringList fileFilters();
    static TranscriptWriter::Format formatFor(const QString &filter, const QString &path);

    bool isRunning() const { return m_exporter && m_exporter->isRunning(); }
    QProgressDialog *progressDialog() const { return m_progress; }

Q_SIGNALS:
    // `message` is what the status bar shows: where the file went, the reason it failed, or
    // that it was cancelled.
    void finished(bool ok, const QString &message);

private:
    TranscriptExportJob(ChatClient &client, const QString &path, QWidget *window);
    void onFinished(bool ok, const QString &reason);

    TranscriptExporter *m_exporter = nullptr;
    QPointer<QProgressDialog> m_progress;
    QString m_path;
};

} // namespace switchboard::ui
