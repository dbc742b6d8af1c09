#pragma once

#include <QWizard>

class QLabel;
class QLineEdit;

namespace switchboard::app {

// The first run of the server on this computer finds no account: this short wizard creates
// the first supervisor (who also takes chats), prefilled with what the sign-in dialog held.
class FirstRunWizard final : public QWizard {
    Q_OBJECT

public:
    explicit FirstRunWizard(QWidget *parent = nullptr);
    Q_DISABLE_COPY_MOVE(FirstRunWizard)

    void setLogin(const QString &login);
    QString login() const;
    void setDisplayName(const QString &name);
    QString displayName() const; // the login when left empty
    void setPassword(const QString &password); // also fills the confirmation
    void setConfirmation(const QString &password);
    QString password() const;
    // Why the account page cannot be finished yet, or an empty string.
    QString problem() const;
    void showError(const QString &message);

private:
    QLineEdit *m_login = nullptr;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_password = nullptr;
    QLineEdit *m_confirm = nullptr;
    QLabel *m_problem = nullptr;
};

} // namespace switchboard::app
