#include "settingsdialog.h"

#include "consolesettings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QVBoxLayout>
#include <switchboard/protocol.h>
#include <widgets/filepathedit.h>

using namespace Qt::StringLiterals;

namespace switchboard::app {

SettingsDialog::SettingsDialog(ConsoleSettings *settings, QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_newConversation(new QCheckBox(tr("Notify me of a &new conversation"), this))
    , m_newMessage(new QCheckBox(tr("Notify me of a new &message"), this))
    , m_sound(new QCheckBox(tr("Play a &sound"), this))
    , m_taskbar(new QCheckBox(tr("Flash the &taskbar or dock icon"), this))
    , m_closeToTray(new QCheckBox(tr("&Closing the window keeps Switchboard in the tray"), this))
    , m_language(new QComboBox(this))
    , m_server(new QGroupBox(tr("The server on this computer"), this))
    , m_thisComputer(new QRadioButton(tr("For this &computer only"), m_server))
    , m_localNetwork(new QRadioButton(tr("For the local &network: other agents' consoles connect "
                                         "to it"),
          m_server))
    , m_networkAddress(new QLabel(m_server))
    , m_origins(new QLineEdit(m_server))
    , m_routing(new QComboBox(m_server))
    , m_capacity(new QSpinBox(m_server))
    , m_tlsCertificate(new ui::FilePathEdit(
          tr("TLS certificate"), tr("Certificates (*.pem *.crt *.cer);;All files (*)"), m_server))
    , m_tlsKey(new ui::FilePathEdit(
          tr("TLS private key"), tr("Keys (*.pem *.key);;All files (*)"), m_server))
{
    setWindowTitle(tr("Switchboard settings"));
    auto *notifications = new QGroupBox(tr("When the window is not in front"), this);
    auto *list = new QVBoxLayout(notifications);
    for (QCheckBox *box : { m_newConversation, m_newMessage, m_sound, m_taskbar })
        list->addWidget(box);

    m_language->addItem(tr("The system's language"), QString());
    m_language->addItem(u"English"_s, u"en"_s);
    m_language->addItem(u"简体中文"_s, u"zh_CN"_s);
    auto *form = new QFormLayout;
    form->addRow(tr("&Language:"), m_language);
    auto *restart
        = new QLabel(tr("A new language applies the next time Switchboard starts."), this);
    restart->setWordWrap(true);

    m_server->setObjectName(u"embeddedServerSettings"_s);
    m_networkAddress->setObjectName(u"networkAddress"_s);
    m_networkAddress->setWordWrap(true);
    m_networkAddress->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_origins->setPlaceholderText(tr("Any web site (or: https://shop.example.com, …)"));
    m_routing->addItem(tr("To the least busy agent"),
        protocol::routingModeName(protocol::RoutingMode::LeastLoaded));
    m_routing->addItem(
        tr("To each agent in turn"), protocol::routingModeName(protocol::RoutingMode::RoundRobin));
    m_routing->addItem(tr("Nobody: agents take them from the queue"),
        protocol::routingModeName(protocol::RoutingMode::Manual));
    m_capacity->setRange(1, 50);
    m_capacity->setSuffix(tr(" conversations"));
    auto *serverForm = new QFormLayout;
    serverForm->addRow(tr("Web sites allowed to &embed the chat:"), m_origins);
    serverForm->addRow(tr("New conversations &go:"), m_routing);
    serverForm->addRow(tr("Each agent takes at &most:"), m_capacity);
    m_tlsCertificate->setObjectName(u"tlsCertificate"_s);
    m_tlsKey->setObjectName(u"tlsKey"_s);
    m_tlsCertificate->setPlaceholderText(tr("None: plain ws:// and http://"));
    m_tlsKey->setPlaceholderText(tr("The certificate's private key (PEM, unencrypted)"));
    serverForm->addRow(tr("TLS &certificate (PEM, with its chain):"), m_tlsCertificate);
    serverForm->addRow(tr("TLS private &key:"), m_tlsKey);
    auto *tlsNote = new QLabel(tr("Safe on the open internet: with a certificate and its key the "
                                  "server answers only wss:// and https://, as a web site served "
                                  "over HTTPS needs for its chat."),
        m_server);
    tlsNote->setWordWrap(true);
    auto *serverRestart = new QLabel(tr("Changing these restarts the server: consoles and "
                                        "customers are disconnected for a moment and reconnect "
                                        "by themselves; nothing is lost."),
        m_server);
    serverRestart->setWordWrap(true);
    auto *serverLayout = new QVBoxLayout(m_server);
    serverLayout->addWidget(m_thisComputer);
    serverLayout->addWidget(m_localNetwork);
    serverLayout->addWidget(m_networkAddress);
    serverLayout->addLayout(serverForm);
    serverLayout->addWidget(tlsNote);
    serverLayout->addWidget(serverRestart);
    m_server->hide();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(notifications);
    layout->addWidget(m_closeToTray);
    layout->addLayout(form);
    layout->addWidget(restart);
    layout->addWidget(m_server);
    layout->addWidget(buttons);

    m_newConversation->setChecked(settings->notifyNewConversation.get());
    m_newMessage->setChecked(settings->notifyNewMessage.get());
    m_sound->setChecked(settings->playSound.get());
    m_taskbar->setChecked(settings->alertTaskbar.get());
    m_closeToTray->setChecked(settings->closeToTray.get());
    const int language = m_language->findData(settings->language.get());
    m_language->setCurrentIndex(qMax(0, language));
    (settings->embeddedOnNetwork.get() ? m_localNetwork : m_thisComputer)->setChecked(true);
    m_origins->setText(settings->embeddedAllowedOrigins.get().join(u", "_s));
    m_routing->setCurrentIndex(qMax(0, m_routing->findData(settings->embeddedRouting.get())));
    m_capacity->setValue(settings->embeddedCapacity.get());
    m_tlsCertificate->setPath(settings->embeddedTlsCertificate.get());
    m_tlsKey->setPath(settings->embeddedTlsKey.get());
}

void SettingsDialog::showServerSection(bool show, const QList<QUrl> &networkUrls)
{
    m_server->setVisible(show);
    QStringList addresses;
    for (const QUrl &url : networkUrls)
        addresses.append(url.toString());
    m_networkAddress->setText(addresses.isEmpty()
            ? QString()
            : tr("Other agents sign in to: %1").arg(addresses.join(u"  "_s)));
    m_networkAddress->setVisible(!addresses.isEmpty());
}

bool SettingsDialog::isServerSectionShown() const
{
    return !m_server->isHidden();
}

void SettingsDialog::accept()
{
    m_settings->notifyNewConversation.set(m_newConversation->isChecked());
    m_settings->notifyNewMessage.set(m_newMessage->isChecked());
    m_settings->playSound.set(m_sound->isChecked());
    m_settings->alertTaskbar.set(m_taskbar->isChecked());
    m_settings->closeToTray.set(m_closeToTray->isChecked());
    m_settings->language.set(m_language->currentData().toString());
    static const QRegularExpression separators(u"[\\s,;]+"_s);
    const QStringList origins = m_origins->text().split(separators, Qt::SkipEmptyParts);
    const bool onNetwork = m_localNetwork->isChecked();
    const QString routing = m_routing->currentData().toString();
    m_serverChanged = onNetwork != m_settings->embeddedOnNetwork.get()
        || origins != m_settings->embeddedAllowedOrigins.get()
        || routing != m_settings->embeddedRouting.get()
        || m_capacity->value() != m_settings->embeddedCapacity.get()
        || m_tlsCertificate->path() != m_settings->embeddedTlsCertificate.get()
        || m_tlsKey->path() != m_settings->embeddedTlsKey.get();
    m_settings->embeddedOnNetwork.set(onNetwork);
    m_settings->embeddedAllowedOrigins.set(origins);
    m_settings->embeddedRouting.set(routing);
    m_settings->embeddedCapacity.set(m_capacity->value());
    m_settings->embeddedTlsCertificate.set(m_tlsCertificate->path());
    m_settings->embeddedTlsKey.set(m_tlsKey->path());
    m_settings->sync();
    QDialog::accept();
}

} // namespace switchboard::app
