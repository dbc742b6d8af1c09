#include "transcriptexportjob.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QProgressDialog>
#include <client/chatclient.h>

using namespace Qt::StringLiterals;

namespace switchboard::ui {

// The texts moved here from MainWindow keep its translation context, where the catalogues
// have them translated.

TranscriptExportJob::TranscriptExportJob(ChatClient &client, const QString &path, QWidget *window)
    : QObject(window)
    , m_exporter(new TranscriptExporter(client, this))
    , m_path(path)
{
}

Expected<TranscriptExportJob *, QString> TranscriptExportJob::start(ChatClient &client,
    const TranscriptHeader &header, TranscriptWriter::Format format, const QString &path,
    QWidget *window)
{
    if (header.id.isEmpty())
        return unexpected(QCoreApplication::translate(
            "switchboard::ui::MainWindow", "No conversation to export."));
    auto *job = new TranscriptExportJob(client, path, window);
    QString error;
    if (!job->m_exporter->start(header, format, path, &error)) {
        delete job;
        return unexpected(error);
    }
    auto *progress = new QProgressDialog(
        QCoreApplication::translate("switchboard::ui::MainWindow", "Exporting the transcript…"),
        QCoreApplication::translate("switchboard::ui::MainWindow", "Cancel"), 0, 0, window);
    progress->setObjectName(u"transcriptExportProgress"_s);
    progress->setWindowTitle(
        QCoreApplication::translate("switchboard::ui::MainWindow", "Export transcript"));
    progress->setAttribute(Qt::WA_DeleteOnClose);
    progress->setAutoClose(false);
    progress->setAutoReset(false);
    progress->setMinimumDuration(500); // short transcripts finish before it would show
    job->m_progress = progress;
    connect(progress, &QProgressDialog::canceled, job->m_exporter, &TranscriptExporter::cancel);
    connect(job->m_exporter, &TranscriptExporter::progress, progress,
        [progress](qint64 done, qint64 total) {
            progress->setMaximum(int(qMin<qint64>(qMax<qint64>(total, 1), INT_MAX)));
            progress->setValue(int(qMin<qint64>(done, INT_MAX)));
        });
    connect(job->m_exporter, &TranscriptExporter::finished, job, &TranscriptExportJob::onFinished);
    return job;
}

void TranscriptExportJob::onFinished(bool ok, const QString &reason)
{
    if (m_progress)
        m_progress->close();
    const QString message = ok
        ? QCoreApplication::translate("switchboard::ui::MainWindow", "Transcript saved to %1.")
              .arg(QDir::toNativeSeparators(m_path))
        : reason.isEmpty() ? QCoreApplication::translate(
              "switchboard::ui::MainWindow", "Transcript export cancelled; no file was written.")
                           : reason;
    Q_EMIT finished(ok, message);
    deleteLater();
}

QString TranscriptExportJob::suggestedFileName(const TranscriptHeader &header)
{
    return u"conversation-%1.txt"_s.arg(
        (header.customerName.isEmpty() ? header.id : header.customerName)
            .simplified()
            .replace(u' ', u'-'));
}

QStringList TranscriptExportJob::fileFilters()
{
    return { QCoreApplication::translate("switchboard::ui::MainWindow", "Text (*.txt)"),
        QCoreApplication::translate("switchboard::ui::MainWindow", "Web page (*.html)"),
        QCoreApplication::translate("switchboard::ui::MainWindow", "JSON (*.json)") };
}

TranscriptWriter::Format TranscriptExportJob::formatFor(const QString &filter, const QString &path)
{
    // A file name that says otherwise wins over the filter.
    if (const auto named = TranscriptWriter::formatFromSuffix(QFileInfo(path).suffix()))
        return *named;
    const QStringList filters = fileFilters();
    return filter == filters.at(1) ? TranscriptWriter::Format::Html
        : filter == filters.at(2)  ? TranscriptWriter::Format::Json
                                   : TranscriptWriter::Format::Text;
}

} // namespace switchboard::ui
