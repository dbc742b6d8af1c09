#include "rangeexportdialog.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QStandardPaths>
#include <QVBoxLayout>
#include <client/chatclient.h>
#include <client/rangeexporter.h>

using namespace Qt::StringLiterals;

namespace switchboard::ui {

RangeExportDialog::RangeExportDialog(ChatClient *client, QWidget *parent)
    : QDialog(parent)
    , m_client(client)
    , m_exporter(new RangeExporter(client, this))
{
    setObjectName(u"rangeExport"_s);
    setWindowTitle(tr("Export conversations"));
    const QDate today = QDate::currentDate();
    m_from = new QDateEdit(QDate(today.year(), today.month(), 1), this);
    m_to = new QDateEdit(today, this);
    for (QDateEdit *edit : { m_from, m_to })
        edit->setCalendarPopup(true);
    m_format = new QComboBox(this);
    m_format->addItem(tr("CSV: one row per conversation"), u"csv"_s);
    m_format->addItem(tr("JSONL: one line per message"), u"jsonl"_s);
    m_path = new QLineEdit(this);
    m_path->setObjectName(u"rangeExportPath"_s);
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const auto suggest = [this, documents] {
        const QString name = u"switchboard-%1-%2.%3"_s.arg(m_from->date().toString(Qt::ISODate),
            m_to->date().toString(Qt::ISODate), m_format->currentData().toString());
        const QFileInfo current(m_path->text());
        m_path->setText(
            QDir(m_path->text().isEmpty() ? documents : current.absolutePath()).filePath(name));
    };
    suggest();
    connect(m_format, &QComboBox::currentIndexChanged, this, suggest);
    connect(m_from, &QDateEdit::dateChanged, this, suggest);
    connect(m_to, &QDateEdit::dateChanged, this, suggest);
    m_browse = new QPushButton(tr("Browse…"), this);
    connect(m_browse, &QPushButton::clicked, this, &RangeExportDialog::browse);
    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(m_browse);

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(u"rangeExportProgress"_s);
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setFormat(tr("%v of %m rows"));
    m_status = new QLabel(tr("Conversations created from the first day through the last."), this);
    m_status->setObjectName(u"rangeExportStatus"_s);
    m_status->setWordWrap(true);

    m_buttons = new QDialogButtonBox(this);
    m_export = m_buttons->addButton(tr("&Export"), QDialogButtonBox::AcceptRole);
    m_cancel = m_buttons->addButton(QDialogButtonBox::Cancel);
    m_buttons->addButton(QDialogButtonBox::Close);
    connect(m_export, &QPushButton::clicked, this, &RangeExportDialog::startExport);
    connect(m_cancel, &QPushButton::clicked, this, &RangeExportDialog::cancelExport);
    connect(m_buttons->button(QDialogButtonBox::Close), &QPushButton::clicked, this,
        &RangeExportDialog::reject);

    auto *form = new QFormLayout;
    form->addRow(tr("&From"), m_from);
    form->addRow(tr("&To"), m_to);
    form->addRow(tr("F&ormat"), m_format);
    form->addRow(tr("&File"), pathRow);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);

    connect(m_exporter, &RangeExporter::progress, this, [this](qint64 rows, qint64 total) {
        m_progress->setRange(0, int(qMin<qint64>(qMax<qint64>(total, 1), INT_MAX)));
        m_progress->setValue(int(qMin<qint64>(rows, INT_MAX)));
    });
    connect(m_exporter, &RangeExporter::finished, this, &RangeExportDialog::onFinished);
    setRunning(false);
    resize(520, sizeHint().height());
}

QString RangeExportDialog::statusText() const
{
    return m_status->text();
}

void RangeExportDialog::browse()
{
    const bool csv = m_format->currentData().toString() == u"csv";
    const QString path = QFileDialog::getSaveFileName(this, tr("Export conversations"),
        m_path->text(), csv ? tr("CSV files (*.csv)") : tr("JSON Lines files (*.jsonl)"));
    if (!path.isEmpty())
        m_path->setText(path);
}

bool RangeExportDialog::startExport()
{
    if (m_to->date() < m_from->date()) {
        m_status->setText(tr("The last day comes before the first."));
        return false;
    }
    const QString path = m_path->text().trimmed();
    if (path.isEmpty()) {
        m_status->setText(tr("Choose a file to write."));
        return false;
    }
    const qint64 fromMs = m_from->date().startOfDay().toMSecsSinceEpoch();
    const qint64 toMs = m_to->date().addDays(1).startOfDay().toMSecsSinceEpoch();
    QString error;
    if (!m_exporter->start(m_format->currentData().toString(), fromMs, toMs, path, &error)) {
        m_status->setText(error);
        return false;
    }
    m_progress->setRange(0, 0); // busy until the first chunk says how many rows there are
    m_status->setText(tr("Exporting…"));
    setRunning(true);
    return true;
}

void RangeExportDialog::cancelExport()
{
    m_exporter->cancel();
}

void RangeExportDialog::reject()
{
    m_exporter->cancel();
    QDialog::reject();
}

void RangeExportDialog::setRunning(bool running)
{
    for (QWidget *widget : { static_cast<QWidget *>(m_from), static_cast<QWidget *>(m_to),
             static_cast<QWidget *>(m_format), static_cast<QWidget *>(m_path),
             static_cast<QWidget *>(m_browse), static_cast<QWidget *>(m_export) })
        widget->setEnabled(!running);
    m_cancel->setEnabled(running);
}

void RangeExportDialog::onFinished(bool ok, const QString &error)
{
    setRunning(false);
    if (ok) {
        if (m_progress->maximum() == 0)
            m_progress->setRange(0, 1);
        m_progress->setValue(m_progress->maximum());
        m_status->setText(tr("Saved %n row(s) to %1.", nullptr,
            int(qMin<qint64>(m_exporter->rowsWritten(), INT_MAX)))
                              .arg(QDir::toNativeSeparators(m_path->text())));
        return;
    }
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_status->setText(error.isEmpty() ? tr("Cancelled; no file was written.") : error);
}

} // namespace switchboard::ui
