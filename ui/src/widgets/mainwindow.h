#pragma once

#include <QMainWindow>
#include <QPointer>
#include <QTimer>
#include <QUrl>
#include <client/chatclient.h>
#include <client/searchhit.h>
#include <client/transcriptheader.h>
#include <client/transcriptwriter.h>
#include <memory>
#include <switchboard/expected.h>
#include <widgets/rangeexportdialog.h>
#include <widgets/transcriptexportjob.h>

class QAction;
class QCheckBox;
class QDockWidget;
class QLabel;
class QListView;
class QStackedWidget;
class QTabBar;

namespace switchboard::ui {

class CannedReplyModel;
class ComposerEdit;
class ConversationFilterModel;
class ConversationListModel;
class CustomerPanel;
class DashboardWidget;
class EmptyViewHint;
class ReachCustomersPanel;
class SearchPanel;
class StaffDialog;
class TranscriptModel;

// The agent's workstation: conversation list | transcript and composer | customer panel, with
// accept, transfer, close and status actions and the connection state in the status bar.
// Tests find its widgets and actions by objectName (conversationList, transcript, composer,
// noteToggle, typing, viewTabs, listHint, reachCustomers, searchDock, searchPanel, routingState,
// connectionState, and acceptAction, transferAction, closeAction, awayAction, dashboardAction,
// cannedRepliesAction, settingsAction, quitAction, searchAction, exportTranscriptAction,
// exportRangeAction, staffAction, mineViewAction, queuedViewAction, allViewAction; the
// transcript view's model is the TranscriptModel), not through accessors of their own; the
// dashboard window comes with dashboardOpened.
class MainWindow final : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(ChatClient *client, QWidget *parent = nullptr);
    ~MainWindow() override;
    Q_DISABLE_COPY_MOVE(MainWindow)

    void selectConversation(const QString &conversation);
    void transferCurrent(const QString &target); // a login, or "team:NAME"

    ConversationListModel *conversations() const { return m_conversations; }
    CannedReplyModel *cannedReplies() const { return m_canned; }
    // Where customers' browsers reach the server, when that is not where this console connects
    // (a server on this computer that also listens on the local network); empty: the same.
    void setCustomerFacingEndpoint(const QUrl &endpoint);
    // Transcript export (Ctrl+E) of the conversation shown, as text, HTML or JSON: what the
    // action does once the user chose the file (or why it cannot).
    Expected<TranscriptExportJob *, QString> exportTranscript(
        const QString &conversation, TranscriptWriter::Format format, const QString &path);

Q_SIGNALS:
    void closing(); // the user closed the window (the application decides what follows)
    void dashboardOpened(switchboard::ui::DashboardWidget *dashboard);
    void transcriptExportFinished(bool ok, const QString &message);
    void settingsRequested();
    void quitRequested();
    void cannedRepliesEdited(); // the editor changed them: time to save

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    // Supervisors only: opens (or raises) the dashboard, a second connection of this sign-in.
    void openDashboard();
    // Opens the canned reply editor; the replies change when it is accepted.
    void editCannedReplies();
    void sendComposerText();
    // Search (Ctrl+F): the panel in a dock beside the list; a hit opens its conversation at
    // the message, in the window when it is in the list, read-only in its own window if not.
    void showSearch();
    void openSearchHit(const SearchHit &hit);
    // Supervisors only (Ctrl+Shift+E): conversations of a date range as CSV or JSONL.
    void openRangeExport();
    // Supervisors: the staff accounts (Staff dialog, one per window).
    void openStaff();
    void buildActions();
    QWidget *buildConversationPane();
    QWidget *buildTranscriptPane();
    void connectClient();
    // Opens one of the customer's earlier conversations read-only.
    void openPreviousConversation(const QString &conversation);
    void showConnectionState();
    void updateEmptyStates();
    void showRoutingState();
    void onWelcomed(const QList<ConversationInfo> &conversations);
    void onMessage(const ChatMessage &message);
    void onTextEdited();
    void askTransfer();
    void updateActions();
    void setTyping(bool active);
    void updateReading();
    void buildSearch();
    void askTranscriptExport(const QString &conversation);
    TranscriptHeader headerOf(const QString &conversation) const;

    QPointer<ChatClient> m_client;
    ConversationListModel *m_conversations = nullptr;
    ConversationFilterModel *m_filter = nullptr;
    TranscriptModel *m_transcript = nullptr;
    CannedReplyModel *m_canned = nullptr;
    QTabBar *m_tabs = nullptr;
    QListView *m_conversationView = nullptr;
    EmptyViewHint *m_listHint = nullptr;
    QStackedWidget *m_centre = nullptr;
    QWidget *m_transcriptPane = nullptr;
    ReachCustomersPanel *m_reach = nullptr;
    QListView *m_transcriptView = nullptr;
    ComposerEdit *m_composer = nullptr;
    QCheckBox *m_noteToggle = nullptr;
    QLabel *m_typingLabel = nullptr;
    QLabel *m_connectionLabel = nullptr;
    CustomerPanel *m_customer = nullptr;
    QAction *m_accept = nullptr;
    QAction *m_transfer = nullptr;
    QAction *m_close = nullptr;
    QAction *m_away = nullptr;
    QAction *m_dashboard = nullptr;
    std::unique_ptr<DashboardWidget> m_dashboardWindow;
    QAction *m_editCanned = nullptr;
    QAction *m_settings = nullptr;
    QAction *m_quit = nullptr;
    SearchPanel *m_search = nullptr;
    QDockWidget *m_searchDock = nullptr;
    QAction *m_find = nullptr;
    QAction *m_exportTranscript = nullptr;
    QAction *m_exportRange = nullptr;
    QPointer<RangeExportDialog> m_rangeExport;
    QAction *m_staff = nullptr;
    QPointer<StaffDialog> m_staffDialog;
    QLabel *m_routingLabel = nullptr;
    QPointer<TranscriptExportJob> m_transcriptExport;
    qint64 m_openAtSeq = 0; // the next selection opens the transcript at this message
    QString m_current;
    QUrl m_customerFacingEndpoint;
    QTimer m_typingIdle;
    bool m_typingSent = false;
    int m_reconnectDelayMs = 0;
};

} // namespace switchboard::ui
