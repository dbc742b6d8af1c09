#include "pasttranscriptdialog.h"

#include "messagedelegate.h"
#include "transcriptscroller.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QVBoxLayout>
#include <client/chatclient.h>
#include <models/transcriptmodel.h>

using namespace Qt::StringLiterals;

namespace switchboard::ui {

PastTranscriptDialog::PastTranscriptDialog(ChatClient *client, const QString &conversation,
    const QString &title, QWidget *parent, qint64 anchorSeq)
    : QDialog(parent)
    , m_client(client)
    , m_transcript(new TranscriptModel(this))
    , m_view(new QListView(this))
{
    setObjectName(u"pastTranscript"_s);
    setWindowTitle(tr("Earlier conversation: %1").arg(title));
    setAttribute(Qt::WA_DeleteOnClose);
    m_note = new QLabel(tr("Read-only: this conversation is over."), this);
    m_note->setObjectName(u"pastTranscriptNote"_s);
    m_note->setWordWrap(true);
    m_view->setObjectName(u"pastTranscriptView"_s);
    m_view->setModel(m_transcript);
    m_view->setItemDelegate(new MessageDelegate(m_view));
    m_view->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->setSelectionMode(QAbstractItemView::NoSelection);
    m_view->setResizeMode(QListView::Adjust);
    m_view->setUniformItemSizes(false);
    new TranscriptScroller(m_view, m_transcript);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    QPushButton *exportButton = buttons->addButton(tr("E&xport…"), QDialogButtonBox::ActionRole);
    exportButton->setObjectName(u"pastTranscriptExport"_s);
    connect(exportButton, &QPushButton::clicked, this,
        [this] { Q_EMIT exportRequested(m_transcript->conversation()); });
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_note);
    layout->addWidget(m_view, 1);
    layout->addWidget(buttons);
    resize(520, 560);

    if (client) {
        connect(client, &ChatClient::historyReceived, m_transcript, &TranscriptModel::addHistory);
        connect(m_transcript, &TranscriptModel::olderMessagesNeeded, client,
            [client](
                const QString &id, qint64 beforeSeq) { client->requestHistory(id, beforeSeq); });
        connect(m_transcript, &TranscriptModel::newerMessagesNeeded, client,
            [client](const QString &id, qint64 beforeSeq, int limit) {
                client->requestHistory(id, beforeSeq, limit);
            });
    }
    if (anchorSeq > 0) {
        m_transcript->setConversationAt(conversation, anchorSeq);
    } else {
        m_transcript->setConversation(conversation);
    }
}

void PastTranscriptDialog::setNote(const QString &note)
{
    m_note->setText(note);
}

QString PastTranscriptDialog::conversation() const
{
    return m_transcript->conversation();
}

} // namespace switchboard::ui
