#pragma once

#include <QMainWindow>
#include <QPointer>
#include <QTimer>
#include <client/chatclient.h>
#include <memory>

class QAction;
class QCheckBox;
class QLabel;
class QListView;
class QTabBar;

namespace switchboard::ui {

class CannedReplyModel;
class ComposerEdit;
class ConversationFilterModel;
class ConversationListModel;
class CustomerPanel;
class DashboardWidget;
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

Q_SIGNALS:
    void closing(); // the user closed the window (the application decides what follows)
    void dashboardOpened(switchboard::ui::DashboardWidget *dashboard);
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
    void onWelcomed(const QList<ConversationInfo> &conversations);
    void onMessage(const ChatMessage &message);
    void onTextEdited();
    void askTransfer();
    void updateActions();
    void setTyping(bool active);
    void updateReading();

    QPointer<ChatClient> m_client;
    ConversationListModel *m_conversations = nullptr;
    ConversationFilterModel *m_filter = nullptr;
    TranscriptModel *m_transcript = nullptr;
    CannedReplyModel *m_canned = nullptr;
    QTabBar *m_tabs = nullptr;
    QListView *m_conversationView = nullptr;
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
    QString m_current;
    QTimer m_typingIdle;
    bool m_typingSent = false;
    int m_reconnectDelayMs = 0;
};

} // namespace switchboard::ui
