#include "cannedreplyeditor.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSet>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace switchboard::ui {

namespace {

QString cellText(const QTableWidget *table, int row, int column)
{
    const QTableWidgetItem *item = table->item(row, column);
    return item ? item->text() : QString();
}

QString normalizedShortcut(const QString &typed)
{
    QString shortcut = typed.trimmed();
    while (shortcut.startsWith(u'/'))
        shortcut.remove(0, 1);
    return shortcut;
}

} // namespace

CannedReplyEditor::CannedReplyEditor(const QList<CannedReplyModel::Reply> &replies, QWidget *parent)
    : QDialog(parent)
    , m_table(new QTableWidget(0, 2, this))
    , m_problem(new QLabel(this))
{
    setWindowTitle(tr("Canned replies"));
    m_table->setObjectName(u"cannedReplies"_s);
    m_table->setHorizontalHeaderLabels({ tr("Shortcut"), tr("Reply") });
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setColumnWidth(0, 120);
    for (const CannedReplyModel::Reply &reply : replies)
        addReply(reply.shortcut, reply.text);

    auto *hint = new QLabel(tr("Type /shortcut alone in the composer and press Enter: the reply "
                               "replaces it, ready to edit before sending."),
        this);
    hint->setWordWrap(true);
    m_problem->setStyleSheet(u"color: #b00020;"_s);
    m_problem->setWordWrap(true);

    auto *add = new QPushButton(tr("&Add"), this);
    auto *remove = new QPushButton(tr("&Remove"), this);
    connect(add, &QPushButton::clicked, this, [this] {
        addReply();
        m_table->setCurrentCell(m_table->rowCount() - 1, 0);
        m_table->editItem(m_table->item(m_table->rowCount() - 1, 0));
    });
    connect(remove, &QPushButton::clicked, this, [this] { removeReply(m_table->currentRow()); });
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &CannedReplyEditor::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &CannedReplyEditor::reject);

    auto *row = new QHBoxLayout;
    row->addWidget(add);
    row->addWidget(remove);
    row->addStretch();
    row->addWidget(buttons);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(hint);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_problem);
    layout->addLayout(row);
    resize(560, 380);
}

QList<CannedReplyModel::Reply> CannedReplyEditor::replies() const
{
    QList<CannedReplyModel::Reply> result;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QString shortcut = normalizedShortcut(cellText(m_table, row, 0));
        const QString text = cellText(m_table, row, 1).trimmed();
        if (!shortcut.isEmpty() || !text.isEmpty())
            result.append({ shortcut, text });
    }
    return result;
}

void CannedReplyEditor::addReply(const QString &shortcut, const QString &text)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_table->setItem(row, 0, new QTableWidgetItem(shortcut));
    m_table->setItem(row, 1, new QTableWidgetItem(text));
}

void CannedReplyEditor::removeReply(int row)
{
    if (row >= 0 && row < m_table->rowCount())
        m_table->removeRow(row);
}

QString CannedReplyEditor::problem() const
{
    QSet<QString> seen;
    for (const CannedReplyModel::Reply &reply : replies()) {
        if (reply.shortcut.isEmpty())
            return tr("Every reply needs a shortcut.");
        if (reply.shortcut.contains(u' ') || reply.shortcut.contains(u'\t'))
            return tr("The shortcut /%1 has a space in it.").arg(reply.shortcut);
        if (reply.text.isEmpty())
            return tr("The shortcut /%1 has no reply.").arg(reply.shortcut);
        if (seen.contains(reply.shortcut.toLower()))
            return tr("The shortcut /%1 is used twice.").arg(reply.shortcut);
        seen.insert(reply.shortcut.toLower());
    }
    return {};
}

void CannedReplyEditor::accept()
{
    const QString why = problem();
    m_problem->setText(why);
    if (why.isEmpty())
        QDialog::accept();
}

} // namespace switchboard::ui
