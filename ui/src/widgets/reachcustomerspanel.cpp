#include "reachcustomerspanel.h"

#include <QClipboard>
#include <QDesktopServices>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHostAddress>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace switchboard::ui {

ReachCustomersPanel::ReachCustomersPanel(QWidget *parent)
    : QWidget(parent)
    , m_address(new QLineEdit(this))
    , m_snippet(new QLineEdit(this))
    , m_copy(new QPushButton(tr("&Copy"), this))
    , m_demo(new QPushButton(tr("Open the &demo page"), this))
    , m_localNote(new QLabel(this))
{
    setObjectName(u"reachCustomers"_s);
    auto *title = new QLabel(tr("No conversations yet"), this);
    QFont font = title->font();
    font.setPointSizeF(font.pointSizeF() * 1.4);
    font.setBold(true);
    title->setFont(font);
    auto *intro = new QLabel(tr("Customers reach you through the chat widget on your web site. "
                                "Paste this line into your pages, just before </body>; each "
                                "visitor who writes appears here, and in the Queued list until "
                                "someone takes the chat."),
        this);
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::PlainText);

    for (QLineEdit *field : { m_address, m_snippet }) {
        field->setReadOnly(true);
        field->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    }
    m_address->setObjectName(u"widgetAddress"_s);
    m_snippet->setObjectName(u"embedSnippet"_s);
    m_copy->setObjectName(u"copySnippet"_s);
    m_copy->setToolTip(tr("Copy the line to the clipboard"));
    m_demo->setObjectName(u"openDemoPage"_s);
    m_demo->setToolTip(tr("A sample shop page with the widget, to try a chat as a customer"));
    m_localNote->setObjectName(u"localOnlyNote"_s);
    m_localNote->setWordWrap(true);
    m_localNote->setText(tr("This address works on this computer only: try the demo page here. "
                            "For your web site the server must be reachable at an address "
                            "your visitors can open; put that address in the line instead."));
    m_localNote->hide();

    connect(m_copy, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(snippet());
        Q_EMIT snippetCopied();
    });
    connect(m_demo, &QPushButton::clicked, this, [this] {
        if (demoUrl().isValid())
            QDesktopServices::openUrl(demoUrl());
    });

    auto *snippetRow = new QHBoxLayout;
    snippetRow->addWidget(m_snippet, 1);
    snippetRow->addWidget(m_copy);
    auto *form = new QFormLayout;
    form->addRow(tr("Widget:"), m_address);
    form->addRow(tr("Embed:"), snippetRow);
    auto *demoRow = new QHBoxLayout;
    demoRow->addWidget(m_demo);
    demoRow->addStretch();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 24, 24, 24);
    layout->addStretch();
    layout->addWidget(title);
    layout->addWidget(intro);
    layout->addSpacing(8);
    layout->addLayout(form);
    layout->addLayout(demoRow);
    layout->addWidget(m_localNote);
    layout->addStretch(2);
    setServer({});
}

QUrl ReachCustomersPanel::webAddressOf(const QUrl &endpoint)
{
    if (!endpoint.isValid() || endpoint.host().isEmpty())
        return {};
    QUrl web;
    if (endpoint.scheme() == u"ws")
        web.setScheme(u"http"_s);
    else if (endpoint.scheme() == u"wss")
        web.setScheme(u"https"_s);
    else
        return {};
    web.setHost(endpoint.host());
    web.setPort(endpoint.port());
    web.setPath(u"/"_s);
    return web;
}

void ReachCustomersPanel::setServer(const QUrl &endpoint)
{
    m_web = webAddressOf(endpoint);
    m_address->setText(scriptUrl().toString());
    m_snippet->setText(snippet());
    m_snippet->setCursorPosition(0);
    m_copy->setEnabled(m_web.isValid());
    m_demo->setEnabled(m_web.isValid());
    m_localNote->setVisible(isLocalOnly());
}

QUrl ReachCustomersPanel::scriptUrl() const
{
    return m_web.isValid() ? m_web.resolved(QUrl(u"widget/embed.js"_s)) : QUrl();
}

QUrl ReachCustomersPanel::demoUrl() const
{
    return m_web.isValid() ? m_web.resolved(QUrl(u"widget/"_s)) : QUrl();
}

QString ReachCustomersPanel::snippet() const
{
    if (!m_web.isValid())
        return {};
    // The embed code docs/widget.md offers first, on one line: it asks for the script at once
    // and runs it once the page has loaded, so a chat server that stalls never holds the shop's
    // page "loading" (a fetch does not hold the load event; a script element would).
    return uR"(<script>(function(){var src='%1';)"
           uR"(if(window.fetch)fetch(src,{mode:'no-cors',credentials:'include'}).catch(function(){});)"
           uR"(function add(){var s=document.createElement('script');s.src=src;s.async=true;)"
           uR"(document.body.appendChild(s)})"
           uR"(if(document.readyState==='complete')add();else addEventListener('load',add)})();</script>)"_s
               .arg(scriptUrl().toString(QUrl::FullyEncoded));
}

bool ReachCustomersPanel::isLocalOnly() const
{
    if (!m_web.isValid())
        return false;
    const QString host = m_web.host();
    return host == u"localhost" || QHostAddress(host).isLoopback();
}

} // namespace switchboard::ui
