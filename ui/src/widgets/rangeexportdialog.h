#pragma once

#include <QDialog>
#include <QPointer>

class QComboBox;
class QDateEdit;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace switchboard::ui {

class ChatClient;
class RangeExporter;

// Supervisors: every conversation created between two days, as CSV or JSONL, into a file.
// The progress bar follows the rows written; Cancel stops at once and leaves no file; a
// refusal or a lost connection is said in words.
class RangeExportDialog final : public QDialog {
    Q_OBJECT

public:
    explicit RangeExportDialog(ChatClient *client, QWidget *parent = nullptr);
    Q_DISABLE_COPY_MOVE(RangeExportDialog)

    QDateEdit *fromEdit() const { return m_from; }
    QDateEdit *toEdit() const { return m_to; }
    QComboBox *formatBox() const { return m_format; }
    QLineEdit *pathEdit() const { return m_path; }
    QProgressBar *progressBar() const { return m_progress; }
    QPushButton *exportButton() const { return m_export; }
    QString statusText() const;
    RangeExporter *exporter() const { return m_exporter; }
    // Starts the export with what the widgets hold; false (status says why) when it cannot.
    bool startExport();
    void cancelExport();

protected:
    void reject() override;

private:
    void browse();
    void setRunning(bool running);
    void onFinished(bool ok, const QString &error);

    QPointer<ChatClient> m_client;
    RangeExporter *m_exporter = nullptr;
    QDateEdit *m_from = nullptr;
    QDateEdit *m_to = nullptr;
    QComboBox *m_format = nullptr;
    QLineEdit *m_path = nullptr;
    QPushButton *m_browse = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_export = nullptr;
    QPushButton *m_cancel = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace switchboard::ui
