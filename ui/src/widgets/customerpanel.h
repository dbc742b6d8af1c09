#pragma once

#include <QWidget>
#include <client/conversationinfo.h>

class QLabel;

namespace switchboard::ui {

// The customer beside the transcript: who, how to reach them, where they are writing from.
class CustomerPanel final : public QWidget {
    Q_OBJECT

public:
    explicit CustomerPanel(QWidget *parent = nullptr);
    Q_DISABLE_COPY_MOVE(CustomerPanel)

    void setConversation(const ConversationInfo &conversation);
    void clear();

private:
    QLabel *m_name = nullptr;
    QLabel *m_email = nullptr;
    QLabel *m_page = nullptr;
    QLabel *m_team = nullptr;
    QLabel *m_state = nullptr;
};

} // namespace switchboard::ui
