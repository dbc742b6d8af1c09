#pragma once

#include "client/staffaccount.h"

#include <QDialog>
#include <QHash>
#include <QPointer>
#include <optional>

class QLabel;
class QMessageBox;
class QPushButton;
class QTableWidget;

namespace switchboard::ui {

class ChatClient;
class StaffAccountEditor;

// Supervisors: the shop's staff accounts without a terminal (docs/console.md, "Staff"). Lists
// every account with its role, teams, whether chats come to it automatically and whether it
// is online; adds, edits, resets a password and removes through the protocol's staff requests,
// so it works the same against the embedded server and a remote one. Refusals are shown in
// words under the list.
class StaffDialog final : public QDialog {
    Q_OBJECT

public:
    explicit StaffDialog(ChatClient *client, QWidget *parent = nullptr);
    Q_DISABLE_COPY_MOVE(StaffDialog)

    enum Column { LoginColumn, NameColumn, RoleColumn, TeamsColumn, ChatsColumn, OnlineColumn };

    void refresh();
    QList<StaffAccount> accounts() const { return m_accounts; }
    // Selects the row of `login`; false when it is not listed.
    bool selectAccount(const QString &login);
    // Open the forms (non-blocking); each sends its request when accepted.
    StaffAccountEditor *openAddForm();
    StaffAccountEditor *openEditForm();
    StaffAccountEditor *openPasswordForm();
    // Asks before removing the selected account; Yes sends the request.
    QMessageBox *askRemove();

    QTableWidget *table() const { return m_table; }
    QPushButton *addButton() const { return m_add; }
    QPushButton *editButton() const { return m_edit; }
    QPushButton *passwordButton() const { return m_password; }
    QPushButton *removeButton() const { return m_remove; }
    QString statusText() const;
    bool hasPendingRequests() const { return !m_pending.isEmpty(); }

Q_SIGNALS:
    void accountsListed();
    // A request of this dialog was answered: ok, or refused with `message`.
    void requestFinished(bool ok, const QString &message);

private:
    void showAccounts(const QString &request, const QList<StaffAccount> &accounts);
    void onChanged(const QString &request, const QString &change, const StaffAccount &account);
    void onError(const QString &code, const QString &message, const QString &ref);
    void send(const QString &request, const QString &description);
    void updateButtons();
    std::optional<StaffAccount> selected() const;
    StaffAccountEditor *openForm(int mode, const StaffAccount &account);

    QPointer<ChatClient> m_client;
    QList<StaffAccount> m_accounts;
    QHash<QString, QString> m_pending; // request id → what it does, for the status line
    QString m_listRequest;
    QTableWidget *m_table = nullptr;
    QPushButton *m_add = nullptr;
    QPushButton *m_edit = nullptr;
    QPushButton *m_password = nullptr;
    QPushButton *m_remove = nullptr;
    QPushButton *m_refresh = nullptr;
    QLabel *m_status = nullptr;
};

} // namespace switchboard::ui
