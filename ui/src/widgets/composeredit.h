#pragma once

#include <QPlainTextEdit>

namespace switchboard::ui {

// The composer: Enter sends, Shift+Enter starts a new line.
class ComposerEdit final : public QPlainTextEdit {
    Q_OBJECT

public:
    explicit ComposerEdit(QWidget *parent = nullptr);
    Q_DISABLE_COPY_MOVE(ComposerEdit)

Q_SIGNALS:
    void submitted();

protected:
    void keyPressEvent(QKeyEvent *event) override;
};

} // namespace switchboard::ui
