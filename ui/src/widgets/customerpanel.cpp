#include "customerpanel.h"

#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace switchboard::ui {

namespace {

QLabel *valueLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    return label;
}

} // namespace

CustomerPanel::CustomerPanel(QWidget *parent)
    : QWidget(parent)
    , m_name(valueLabel(this))
    , m_email(valueLabel(this))
    , m_page(valueLabel(this))
    , m_team(valueLabel(this))
    , m_state(valueLabel(this))
{
    auto *title = new QLabel(tr("Customer"), this);
    QFont font = title->font();
    font.setBold(true);
    title->setFont(font);
    auto *form = new QFormLayout;
    form->addRow(tr("Name:"), m_name);
    form->addRow(tr("E-mail:"), m_email);
    form->addRow(tr("Page:"), m_page);
    form->addRow(tr("Team:"), m_team);
    form->addRow(tr("State:"), m_state);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addLayout(form);
    layout->addStretch();
    setMinimumWidth(200);
}

void CustomerPanel::setConversation(const ConversationInfo &conversation)
{
    m_name->setText(
        conversation.customerName.isEmpty() ? tr("Visitor") : conversation.customerName);
    m_email->setText(conversation.customerEmail);
    m_page->setText(conversation.customerPage);
    m_team->setText(conversation.team);
    switch (conversation.state) {
    case protocol::ConversationState::Queued:
        m_state->setText(tr("Waiting in the queue"));
        break;
    case protocol::ConversationState::Assigned:
        m_state->setText(conversation.agentName.isEmpty()
                ? tr("Assigned")
                : tr("Assigned to %1").arg(conversation.agentName));
        break;
    case protocol::ConversationState::Closed:
        m_state->setText(tr("Closed"));
        break;
    }
}

void CustomerPanel::clear()
{
    for (QLabel *label : { m_name, m_email, m_page, m_team, m_state })
        label->clear();
}

} // namespace switchboard::ui
