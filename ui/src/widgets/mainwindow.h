#pragma once

#include <QMainWindow>
#include <QPointer>
#include <QProgressDialog>
#include <QTimer>
#include <QUrl>
#include <client/chatclient.h>
#include <client/searchhit.h>
#include <client/transcriptexporter.h>
#include <client/transcriptheader.h>
#include <client/transcriptwriter.h>
#include <memory>
#include <widgets/rangeexportdialog.h>

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
class MainWindow final : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(ChatClient *client, QWidget *parent = nullptr);
    ~MainWindow() override;
    Q_DISABLE_COPY_MOVE(MainWindow)

    void selectConversation(const QString &conversation);
    QString currentConversation() const { return m_current; }
    void transferCurrent(const QString &target); // a login, or "team:NAME"
    void sendComposerText();

    ConversationListModel *conversations() const { return m_conversations; }
    ConversationFilterModel *conversationFilter() const { return m_filter; }
    TranscriptModel *transcript() const { return m_transcript; }
    CannedReplyModel *cannedReplies() const { return m_canned; }
    ComposerEdit *composer() const { return m_composer; }
    QCheckBox *noteToggle() const { return m_noteToggle; }
    QListView *conversationView() const { return m_conversationView; }
    QListView *transcriptView() const { return m_transcriptView; }
    QTabBar *viewTabs() const { return m_tabs; }
    // Empty states: what the list's view will hold, and, with no conversation at all, how
    // customers reach the shop in place of the transcript.
    EmptyViewHint *listHint() const { return m_listHint; }
    ReachCustomersPanel *reachCustomersPanel() const { return m_reach; }
    // Where customers' browsers reach the server, when that is not where this console connects
    // (a server on this computer that also listens on the local network); empty: the same.
    void setCustomerFacingEndpoint(const QUrl &endpoint);
    bool showsReachCustomers() const;
    QAction *acceptAction() const { return m_accept; }
    QAction *transferAction() const { return m_transfer; }
    QAction *closeAction() const { return m_close; }
    QAction *awayAction() const { return m_away; }
    // Supervisors only: opens (or raises) the dashboard, a second connection of this sign-in.
    QAction *dashboardAction() const { return m_dashboard; }
    void openDashboard();
    DashboardWidget *dashboard() const { return m_dashboardWindow.get(); }
    QAction *cannedRepliesAction() const { return m_editCanned; }
    QAction *settingsAction() const { return m_settings; }
    QAction *quitAction() const { return m_quit; }
    QList<QAction *> viewActions() const { return m_viewActions; } // Mine, Queued, All
    // Opens the canned reply editor; the replies change when it is accepted.
    void editCannedReplies();
    QString connectionText() const;

    // Search (Ctrl+F): the panel in a dock beside the list; a hit opens its conversation at
    // the message, in the window when it is in the list, read-only in its own window if not.
    SearchPanel *searchPanel() const { return m_search; }
    QDockWidget *searchDock() const { return m_searchDock; }
    QAction *searchAction() const { return m_find; }
    void showSearch();
    void openSearchHit(const SearchHit &hit);
    // Transcript export (Ctrl+E) of the conversation shown, as text, HTML or JSON; the action
    // asks for the file, exportTranscript does the rest (false, with the reason, if it cannot).
    QAction *exportTranscriptAction() const { return m_exportTranscript; }
    bool exportTranscript(const QString &conversation, TranscriptWriter::Format format,
        const QString &path, QString *error = nullptr);
    TranscriptExporter *transcriptExporter() const { return m_transcriptExporter; }
    QProgressDialog *exportProgress() const { return m_exportProgress; }
    // Supervisors only (Ctrl+Shift+E): conversations of a date range as CSV or JSONL.
    QAction *exportRangeAction() const { return m_exportRange; }
    RangeExportDialog *openRangeExport();
    // Supervisors: the staff accounts (Staff dialog, one per window).
    QAction *staffAction() const { return m_staff; }
    StaffDialog *openStaff();
    // The status bar's routing state: whether new chats come by themselves.
    QLabel *routingLabel() const { return m_routingLabel; }
    QString lastExportMessage() const { return m_lastExportMessage; }

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
    QList<QAction *> m_viewActions;
    SearchPanel *m_search = nullptr;
    QDockWidget *m_searchDock = nullptr;
    QAction *m_find = nullptr;
    QAction *m_exportTranscript = nullptr;
    QAction *m_exportRange = nullptr;
    QPointer<RangeExportDialog> m_rangeExport;
    QAction *m_staff = nullptr;
    QPointer<StaffDialog> m_staffDialog;
    QLabel *m_routingLabel = nullptr;
    QPointer<TranscriptExporter> m_transcriptExporter;
    QPointer<QProgressDialog> m_exportProgress;
    QString m_lastExportMessage;
    qint64 m_openAtSeq = 0; // the next selection opens the transcript at this message
    QString m_current;
    QUrl m_customerFacingEndpoint;
    QTimer m_typingIdle;
    bool m_typingSent = false;
    int m_reconnectDelayMs = 0;
};

} // namespace switchboard::ui
