#include "customerpanel.h"

#include <QDateTime>
#include <QFormLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QVBoxLayout>
#include <algorithm>

using namespace Qt::StringLiterals;

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

QLabel *titleLabel(const QString &text, QWidget *parent)
{
    auto *title = new QLabel(text, parent);
    QFont font = title->font();
    font.setBold(true);
    title->setFont(font);
    return title;
}

QString stateText(protocol::ConversationState state)
{
    switch (state) {
    case protocol::ConversationState::Queued:
        return CustomerPanel::tr("waiting");
    case protocol::ConversationState::Assigned:
        return CustomerPanel::tr("open");
    case protocol::ConversationState::Closed:
        break;
    }
    return CustomerPanel::tr("closed");
}

} // namespace

CustomerPanel::CustomerPanel(QWidget *parent)
    : QWidget(parent)
    , m_name(valueLabel(this))
    , m_email(valueLabel(this))
    , m_page(valueLabel(this))
    , m_team(valueLabel(this))
    , m_state(valueLabel(this))
    , m_rating(valueLabel(this))
    , m_previousStatus(new QLabel(this))
    , m_previousList(new QListWidget(this))
{
    m_form = new QFormLayout;
    m_form->addRow(tr("Name:"), m_name);
    m_form->addRow(tr("E-mail:"), m_email);
    m_form->addRow(tr("Page:"), m_page);
    m_form->addRow(tr("Team:"), m_team);
    m_form->addRow(tr("State:"), m_state);
    m_form->addRow(tr("Rating:"), m_rating);
    m_rating->setObjectName(u"conversationRating"_s);
    m_name->setObjectName(u"customerName"_s);
    m_email->setObjectName(u"customerEmail"_s);
    m_page->setObjectName(u"customerPage"_s);
    m_team->setObjectName(u"customerTeam"_s);
    m_state->setObjectName(u"conversationState"_s);
    m_previousStatus->setObjectName(u"previousConversationsStatus"_s);
    m_previousStatus->setWordWrap(true);
    m_previousList->setObjectName(u"previousConversations"_s);
    m_previousList->setWordWrap(true);
    m_previousList->setToolTip(tr("Double-click to read the conversation"));
    connect(m_previousList, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        Q_EMIT previousConversationActivated(item->data(Qt::UserRole).toString());
    });
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(titleLabel(tr("Customer"), this));
    layout->addLayout(m_form);
    layout->addSpacing(8);
    layout->addWidget(titleLabel(tr("Previous conversations"), this));
    layout->addWidget(m_previousStatus);
    layout->addWidget(m_previousList, 1);
    layout->addStretch(); // takes the room while the list is hidden
    setMinimumWidth(200);
    clear(); // no conversation yet: no empty rows
}

void CustomerPanel::setConversation(const ConversationInfo &conversation)
{
    showValue(
        m_name, conversation.customerName.isEmpty() ? tr("Visitor") : conversation.customerName);
    showValue(m_email, conversation.customerEmail);
    showValue(m_page, conversation.customerPage);
    showValue(m_team, conversation.team);
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
    m_form->setRowVisible(m_state, true);
    showValue(m_rating, m_ratings.value(conversation.id));
    if (conversation.id != m_conversation) {
        m_conversation = conversation.id;
        showPreviousPlaceholder(tr("Loading…"));
    }
}

QString CustomerPanel::ratingText(int rating, const QString &comment)
{
    const int stars = std::clamp(rating, 0, protocol::maxRating);
    QString text = QString(stars, u'★') + QString(protocol::maxRating - stars, u'☆') + u' '
        + tr("%1 of %2").arg(rating).arg(protocol::maxRating);
    if (!comment.isEmpty())
        text += u"\n“"_s + comment + u'”';
    return text;
}

void CustomerPanel::setRating(const QString &conversation, int rating, const QString &comment)
{
    m_ratings.insert(conversation, ratingText(rating, comment));
    if (conversation == m_conversation)
        showValue(m_rating, m_ratings.value(conversation));
}

void CustomerPanel::clear()
{
    for (QLabel *label : { m_name, m_email, m_page, m_team, m_state, m_rating })
        showValue(label, {});
    m_conversation.clear();
    showPreviousPlaceholder({});
}

void CustomerPanel::setPreviousConversations(
    const QString &conversation, const QList<PastConversation> &previous)
{
    if (conversation.isEmpty() || conversation != m_conversation)
        return;
    m_previous = previous;
    m_previousList->clear();
    m_previousStatus->setText(
        previous.isEmpty() ? tr("None: this is the first conversation.") : QString());
    m_previousStatus->setVisible(previous.isEmpty());
    m_previousList->setVisible(!previous.isEmpty());
    const QLocale locale;
    for (const PastConversation &past : previous) {
        const QString when = locale.toString(
            QDateTime::fromMSecsSinceEpoch(past.createdMs).toLocalTime(), QLocale::ShortFormat);
        const QString agent = past.agentName.isEmpty() ? past.agentLogin : past.agentName;
        QString text = when + u" · "_s + stateText(past.state);
        text += u'\n'
            + (agent.isEmpty() ? tr("%n message(s), no agent", nullptr, past.messages)
                               : tr("%n message(s) with %1", nullptr, past.messages).arg(agent));
        auto *item = new QListWidgetItem(text, m_previousList);
        item->setData(Qt::UserRole, past.id);
        if (!past.lastText.isEmpty())
            item->setToolTip(past.lastText);
    }
}

void CustomerPanel::showValue(QLabel *label, const QString &value)
{
    label->setText(value);
    m_form->setRowVisible(label, !value.isEmpty());
}

void CustomerPanel::showPreviousPlaceholder(const QString &text)
{
    m_previous.clear();
    m_previousList->clear();
    m_previousList->hide();
    m_previousStatus->setText(text);
    m_previousStatus->setVisible(!text.isEmpty());
}

} // namespace switchboard::ui
