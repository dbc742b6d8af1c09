#pragma once

#include <QDialog>
#include <QPointer>

class QLabel;
class QListView;

namespace switchboard::ui {

class ChatClient;
class TranscriptModel;

// One of a customer's earlier conversations, read-only: the transcript pages in through
// `history` like the main transcript does, and nothing can be written into it. Search hits
// outside the agent's own list open here too, at the hit.
class PastTranscriptDialog final : public QDialog {
    Q_OBJECT

public:
    // With anchorSeq > 0 the transcript opens at that message (a search hit) and marks it.
    PastTranscriptDialog(ChatClient *client, const QString &conversation, const QString &title,
        QWidget *parent = nullptr, qint64 anchorSeq = 0);
    Q_DISABLE_COPY_MOVE(PastTranscriptDialog)

    QString conversation() const;
    TranscriptModel *transcript() const { return m_transcript; }
    QListView *view() const { return m_view; }
    // Replaces the line above the transcript ("this conversation is over").
    void setNote(const QString &note);

Q_SIGNALS:
    void exportRequested(const QString &conversation);

private:
    QPointer<ChatClient> m_client;
    TranscriptModel *m_transcript = nullptr;
    QListView *m_view = nullptr;
    QLabel *m_note = nullptr;
};

} // namespace switchboard::ui
