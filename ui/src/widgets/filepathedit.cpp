#include "filepathedit.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QToolButton>

namespace switchboard::ui {

FilePathEdit::FilePathEdit(QString dialogTitle, QString nameFilter, QWidget *parent)
    : QWidget(parent)
    , m_dialogTitle(std::move(dialogTitle))
    , m_nameFilter(std::move(nameFilter))
    , m_edit(new QLineEdit(this))
    , m_choose(new QToolButton(this))
{
    m_edit->setClearButtonEnabled(true);
    m_choose->setText(tr("Choose…"));
    setFocusProxy(m_edit);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_choose);
    connect(m_choose, &QToolButton::clicked, this, &FilePathEdit::choose);
}

QString FilePathEdit::path() const
{
    return m_edit->text().trimmed();
}

void FilePathEdit::setPath(const QString &path)
{
    m_edit->setText(path);
}

void FilePathEdit::setPlaceholderText(const QString &text)
{
    m_edit->setPlaceholderText(text);
}

void FilePathEdit::choose()
{
    const QString start = path().isEmpty() ? QString() : QFileInfo(path()).absolutePath();
    const QString chosen = QFileDialog::getOpenFileName(this, m_dialogTitle, start, m_nameFilter);
    if (!chosen.isEmpty())
        m_edit->setText(chosen);
}

} // namespace switchboard::ui
