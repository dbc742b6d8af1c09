#pragma once

#include <QString>
#include <QWidget>

class QLineEdit;
class QToolButton;

namespace switchboard::ui {

// A file's path, typed or chosen with "Choose…" (a file dialog with the given filter); empty
// means none. For certificates and keys in the sign-in and server settings.
class FilePathEdit final : public QWidget {
    Q_OBJECT

public:
    FilePathEdit(QString dialogTitle, QString nameFilter, QWidget *parent = nullptr);
    Q_DISABLE_COPY_MOVE(FilePathEdit)

    QString path() const;
    void setPath(const QString &path);
    void setPlaceholderText(const QString &text);
    QLineEdit *lineEdit() const { return m_edit; }
    QToolButton *chooseButton() const { return m_choose; }

private:
    void choose();

    QString m_dialogTitle;
    QString m_nameFilter;
    QLineEdit *m_edit = nullptr;
    QToolButton *m_choose = nullptr;
};

} // namespace switchboard::ui
