#pragma once

#include <QDialog>
#include <QPointer>

class QListView;

namespace switchboard::ui {

class ChatClient;
class TranscriptModel;

// One of a customer's earlier conversations, read-only: the transcript pages in through
// `history` like the main transcript does, and nothing can be written into it.
class PastTranscriptDialog final : public QDialog {
    Q_OBJECT

public:
    PastTranscriptDialog(ChatClient *client, const QString &conversation, const QString &title,
        QWidget *parent = nullptr);
    Q_DISABLE_COPY_MOVE(PastTranscriptDialog)

    QString conversation() const;
    TranscriptModel *transcript() const { return m_transcript; }

private:
    QPointer<ChatClient> m_client;
    TranscriptModel *m_transcript = nullptr;
    QListView *m_view = nullptr;
};

} // namespace switchboard::ui
