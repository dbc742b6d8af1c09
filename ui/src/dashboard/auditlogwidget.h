#pragma once

#include <QPointer>
#include <QWidget>
#include <algorithm>
#include <client/chatclient.h>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace switchboard::ui {

class AuditTableModel;
class DateRangePicker;

// The dashboard's audit log viewer (supervisors): entries newest first, filtered by a range of
// days, an account and an action, loaded a page at a time ("More"), the selected entry's
// details spelled out beside the table, and a CSV export of the entries shown.
class AuditLogWidget final : public QWidget {
    Q_OBJECT

public:
    static constexpr int defaultPageSize = 100;

    explicit AuditLogWidget(ChatClient *client, QWidget *parent = nullptr);
    ~AuditLogWidget() override;
    Q_DISABLE_COPY_MOVE(AuditLogWidget)

    AuditTableModel *entries() const { return m_model; }
    // Entries per page (1–500, the protocol's limit).
    void setPageSize(int entries) { m_pageSize = std::clamp(entries, 1, 500); }
    int pageSize() const { return m_pageSize; }
    QTableView *view() const { return m_view; }
    DateRangePicker *rangePicker() const { return m_range; }
    // The account and action filters ("" for any); reload() applies them.
    void setActorFilter(const QString &login);
    void setActionFilter(const QString &action);
    QString actionFilter() const;

    // Starts over at the newest entry with the current filters; returns the request id
    // (empty when offline). loadMore() asks for the page after what is shown.
    QString reload();
    QString loadMore();
    bool hasMore() const { return m_hasMore; }
    bool isLoading() const { return !m_pending.isEmpty(); }
    QString statusText() const;
    // What the detail pane shows for the selected entry.
    QString detailText() const;
    void selectRow(int row);
    // Empty on success, else a one-line reason.
    QString exportCsv(const QString &path) const;

Q_SIGNALS:
    // A page arrived (or the request failed).
    void pageLoaded();

protected:
    void showEvent(QShowEvent *event) override;

private:
    QString request(int offset);
    void onAudit(const QString &request, const QList<AuditEntry> &entries, bool hasMore);
    void onError(const QString &code, const QString &message, const QString &ref);
    void showDetail();
    void setStatus(const QString &text, bool error);

    QPointer<ChatClient> m_client;
    AuditTableModel *m_model = nullptr;
    DateRangePicker *m_range = nullptr;
    QLineEdit *m_actor = nullptr;
    QComboBox *m_action = nullptr;
    QTableView *m_view = nullptr;
    QPlainTextEdit *m_detail = nullptr;
    QPushButton *m_more = nullptr;
    QLabel *m_status = nullptr;
    QString m_pending;
    bool m_pendingReplaces = false;
    bool m_hasMore = false;
    bool m_loadedOnce = false;
    int m_pageSize = defaultPageSize;
};

} // namespace switchboard::ui
