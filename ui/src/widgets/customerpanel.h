#pragma once

#include <QHash>
#include <QList>
#include <QWidget>
#include <client/conversationinfo.h>
#include <client/pastconversation.h>

class QFormLayout;
class QLabel;
class QListWidget;

namespace switchboard::ui {

// The customer beside the transcript: who, how to reach them, where they are writing from,
// and the customer's previous conversations (activating one asks to open it read-only).
class CustomerPanel final : public QWidget {
    Q_OBJECT

public:
    explicit CustomerPanel(QWidget *parent = nullptr);
    Q_DISABLE_COPY_MOVE(CustomerPanel)

    // A different conversation than before empties the previous-conversation list until
    // setPreviousConversations fills it for this one.
    void setConversation(const ConversationInfo &conversation);
    void clear();
    QString conversation() const { return m_conversation; }
    // Ignored unless `conversation` is the one shown.
    void setPreviousConversations(
        const QString &conversation, const QList<PastConversation> &previous);
    QList<PastConversation> previousConversations() const { return m_previous; }
    // The customer's rating of a closed conversation (CSAT), kept for when it is shown.
    void setRating(const QString &conversation, int rating, const QString &comment);
    // "★★★★☆ 4 of 5", then the comment in quotes when there is one.
    static QString ratingText(int rating, const QString &comment);

Q_SIGNALS:
    void previousConversationActivated(const QString &conversation);

private:
    void showPreviousPlaceholder(const QString &text);
    // A row whose value the customer did not give is hidden rather than left blank.
    void showValue(QLabel *label, const QString &value);

    QFormLayout *m_form = nullptr;

    QLabel *m_name = nullptr;
    QLabel *m_email = nullptr;
    QLabel *m_page = nullptr;
    QLabel *m_team = nullptr;
    QLabel *m_state = nullptr;
    QLabel *m_rating = nullptr;
    QLabel *m_previousStatus = nullptr;
    QListWidget *m_previousList = nullptr;
    QString m_conversation;
    QList<PastConversation> m_previous;
    QHash<QString, QString> m_ratings; // conversation → ratingText()
};

} // namespace switchboard::ui
