#pragma once

#include <QUrl>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;

namespace switchboard::ui {

// What the console shows while it has no conversation at all: how customers reach the shop.
// The chat widget's address and the one line that embeds it in a web page (with a Copy
// button), and a button opening the server's demo page, all made from the server address the
// console is connected to.
class ReachCustomersPanel final : public QWidget {
    Q_OBJECT

public:
    explicit ReachCustomersPanel(QWidget *parent = nullptr);
    Q_DISABLE_COPY_MOVE(ReachCustomersPanel)

    // The WebSocket address the console signed in to (ws://host:port/ws, or wss://).
    void setServer(const QUrl &endpoint);
    QUrl scriptUrl() const; // …/widget/embed.js
    QUrl demoUrl() const; // …/widget/
    QString snippet() const;
    QPushButton *copyButton() const { return m_copy; }
    QPushButton *demoButton() const { return m_demo; }
    // Shown when the address only works on this computer.
    bool isLocalOnly() const;

    // http(s)://host:port/ of the server behind a ws(s):// endpoint; empty for anything else.
    static QUrl webAddressOf(const QUrl &endpoint);

Q_SIGNALS:
    void snippetCopied();

private:
    QUrl m_web;
    QLineEdit *m_address = nullptr;
    QLineEdit *m_snippet = nullptr;
    QPushButton *m_copy = nullptr;
    QPushButton *m_demo = nullptr;
    QLabel *m_localNote = nullptr;
};

} // namespace switchboard::ui
