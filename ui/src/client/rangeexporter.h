#pragma once

#include "exportchunk.h"

#include <QObject>
#include <QPointer>
#include <memory>

class QSaveFile;

namespace switchboard::ui {

class ChatClient;

// A supervisor's export of every conversation created in a date range, as CSV (one row per
// conversation) or JSONL (one line per message). It pulls `export` chunks one at a time and
// writes each into a QSaveFile as it comes, so memory stays flat; the file appears only when
// the last chunk is written, never after a cancel, a refusal or a lost connection.
class RangeExporter final : public QObject {
    Q_OBJECT

public:
    explicit RangeExporter(ChatClient *client, QObject *parent = nullptr);
    ~RangeExporter() override;
    Q_DISABLE_COPY_MOVE(RangeExporter)

    // format: csv or jsonl; times 0 are open-ended (to is exclusive). False (with the reason)
    // when it cannot start; otherwise finished() follows.
    bool start(const QString &format, qint64 fromMs, qint64 toMs, const QString &path,
        QString *error = nullptr);
    void cancel();
    bool isRunning() const { return m_file != nullptr; }
    qint64 rowsWritten() const { return m_rows; }

Q_SIGNALS:
    void progress(qint64 rows, qint64 total);
    // ok: the file is in place. Otherwise `error` says why in words (empty when cancelled).
    void finished(bool ok, const QString &error);

private:
    void onChunk(const ExportChunk &chunk);
    void onError(const QString &code, const QString &message, const QString &ref);
    void finish(bool ok, const QString &error);

    QPointer<ChatClient> m_client;
    std::unique_ptr<QSaveFile> m_file;
    QString m_request;
    QString m_format;
    qint64 m_fromMs = 0;
    qint64 m_toMs = 0;
    qint64 m_rows = 0;
};

} // namespace switchboard::ui
