#pragma once

#include "alertentry.h"
#include "metricshistory.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>
#include <QWidget>
#include <client/chatclient.h>
#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSystemTrayIcon;
class QTabWidget;
class QTableView;

namespace switchboard::ui {

class AlertTableModel;
class AuditLogWidget;
class ChartPanel;
class OperationsConversationModel;
class ReportsWidget;
class StaffTableModel;

// The supervisor dashboard: live charts of the `metrics` stream (connections by role,
// messages/s, ack latency p50/p99, the queue, agents available/away) over a 5-minute or
// 1-hour window, the alerts firing and resolved, the staff and open conversations with
// silent monitoring and whispers, and export to PNG and CSV; beside that live page, the
// reports (ReportsWidget) and the audit log (AuditLogWidget). It talks to any server through
// its own ChatClient (which reconnects by itself); when the stream stops it says the data is
// stale and keeps its history.
class DashboardWidget final : public QWidget {
    Q_OBJECT

public:
    enum class Chart { Connections, Messages, Latency, Queue, LongestWait, Agents };
    Q_ENUM(Chart)

    static constexpr int shortWindowSeconds = 5 * 60;
    static constexpr int longWindowSeconds = 60 * 60;
    static constexpr int staleAfterMs = 3500; // three and a half missed ticks

    explicit DashboardWidget(ChatClient *client, QWidget *parent = nullptr);
    ~DashboardWidget() override;
    Q_DISABLE_COPY_MOVE(DashboardWidget)

    // A dashboard window for the console's signed-in supervisor: a second connection of its
    // own (owned by the window), signed in with the console's token, addresses in the same
    // order with the one that works now first (the embedded server when the console runs it).
    static std::unique_ptr<DashboardWidget> createFor(const ChatClient &console);
    ChatClient *client() const { return m_client; }

    ChartPanel *chart(Chart chart) const;
    QList<ChartPanel *> charts() const { return m_charts; }
    const MetricsHistory &history() const { return m_history; }
    AlertTableModel *firingAlerts() const { return m_firing; }
    AlertTableModel *resolvedAlerts() const { return m_resolved; }
    QTableView *firingAlertView() const { return m_firingView; }
    // The whole summary of the selected firing alert (the newest when none is), as shown
    // under the table; empty when nothing fires.
    QString alertDetail() const;
    StaffTableModel *staff() const { return m_staff; }
    OperationsConversationModel *conversations() const { return m_conversations; }
    QTableView *conversationView() const { return m_conversationView; }
    enum class Page { Live, Reports, AuditLog };
    Q_ENUM(Page)
    void showPage(Page page);
    ReportsWidget *reports() const { return m_reports; }
    AuditLogWidget *auditLog() const { return m_audit; }

    bool isStale() const { return m_stale; }
    QString statusText() const;
    int windowSeconds() const { return m_windowSeconds; }
    void setWindowSeconds(int seconds);

    // Redraws the charts and the table's wait times now (the timer does it once a second).
    void refresh();
    // Both return an empty string on success, else a one-line reason.
    QString exportPng(const QString &path);
    QString exportCsv(const QString &path) const;

    // Silent monitoring of one conversation at a time, and a whisper (a note) into it.
    void monitorConversation(const QString &conversation);
    QString monitoredConversation() const { return m_monitored; }
    QStringList monitorTranscript() const;
    QString whisper(const QString &text);

Q_SIGNALS:
    void alertFired(const switchboard::ui::AlertEntry &alert);
    void staleChanged(bool stale);

private:
    QWidget *buildCharts();
    QWidget *buildAlerts();
    QWidget *buildOperations();
    QWidget *buildMonitor();
    void onWelcomed(const QList<ConversationInfo> &conversations);
    void showAlertDetail();
    void onSupervisorFrame(const QString &type, const QJsonObject &frame);
    void onMessage(const ChatMessage &message);
    void onAlert(const AlertEntry &alert);
    void notify(const AlertEntry &alert);
    void updateStale();
    void askExportPng();
    void askExportCsv();
    void monitorSelected();
    void sendWhisper();

    QPointer<ChatClient> m_client;
    MetricsHistory m_history;
    QList<ChartPanel *> m_charts;
    AlertTableModel *m_firing = nullptr;
    AlertTableModel *m_resolved = nullptr;
    QTableView *m_firingView = nullptr;
    QLabel *m_alertDetail = nullptr;
    StaffTableModel *m_staff = nullptr;
    OperationsConversationModel *m_conversations = nullptr;
    QTableView *m_conversationView = nullptr;
    QTabWidget *m_pages = nullptr;
    ReportsWidget *m_reports = nullptr;
    AuditLogWidget *m_audit = nullptr;
    QLabel *m_status = nullptr;
    QComboBox *m_window = nullptr;
    QLabel *m_monitorTitle = nullptr;
    QListWidget *m_monitorLog = nullptr;
    QLineEdit *m_whisperEdit = nullptr;
    QPushButton *m_whisperButton = nullptr;
    QSystemTrayIcon *m_tray = nullptr;
    QTimer m_tick;
    QElapsedTimer m_sinceFrame;
    qint64 m_lastFrameMs = 0;
    int m_windowSeconds = shortWindowSeconds;
    bool m_stale = true;
    QString m_monitored;
};

} // namespace switchboard::ui
