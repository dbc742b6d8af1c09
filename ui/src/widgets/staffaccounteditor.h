#pragma once

#include "client/staffaccount.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace switchboard::ui {

// One staff account's form in the Staff dialog: a new account (login, name, role, teams,
// "receives chats automatically", initial password), an existing one's name, role, teams and
// choice, or only a new password. Checks what it can before anything is sent (the server
// checks again); OK stays disabled until the form is acceptable.
class StaffAccountEditor final : public QDialog {
    Q_OBJECT

public:
    enum class Mode { Add, Edit, Password };

    StaffAccountEditor(Mode mode, const StaffAccount &account, QWidget *parent = nullptr);
    Q_DISABLE_COPY_MOVE(StaffAccountEditor)

    Mode mode() const { return m_mode; }
    // What the form holds; teams from the comma-separated field, empty ones dropped.
    StaffAccount account() const;
    QString password() const;
    // Why the form cannot be sent, or an empty string.
    QString problem() const;

    QLineEdit *loginEdit() const { return m_login; }
    QLineEdit *nameEdit() const { return m_name; }
    QComboBox *roleBox() const { return m_role; }
    QLineEdit *teamsEdit() const { return m_teams; }
    QCheckBox *receivesChatsBox() const { return m_receivesChats; }
    QLineEdit *passwordEdit() const { return m_password; }
    QLineEdit *confirmEdit() const { return m_confirm; }
    QDialogButtonBox *buttons() const { return m_buttons; }

private:
    void check();

    Mode m_mode;
    StaffAccount m_original;
    QLineEdit *m_login = nullptr;
    QLineEdit *m_name = nullptr;
    QComboBox *m_role = nullptr;
    QLineEdit *m_teams = nullptr;
    QCheckBox *m_receivesChats = nullptr;
    QLineEdit *m_password = nullptr;
    QLineEdit *m_confirm = nullptr;
    QLabel *m_problem = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace switchboard::ui
