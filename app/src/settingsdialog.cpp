#include "settingsdialog.h"

#include "consolesettings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QVBoxLayout>

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

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(notifications);
    layout->addWidget(m_closeToTray);
    layout->addLayout(form);
    layout->addWidget(restart);
    layout->addWidget(buttons);

    m_newConversation->setChecked(settings->notifyNewConversation.get());
    m_newMessage->setChecked(settings->notifyNewMessage.get());
    m_sound->setChecked(settings->playSound.get());
    m_taskbar->setChecked(settings->alertTaskbar.get());
    m_closeToTray->setChecked(settings->closeToTray.get());
    const int language = m_language->findData(settings->language.get());
    m_language->setCurrentIndex(qMax(0, language));
}

void SettingsDialog::accept()
{
    m_settings->notifyNewConversation.set(m_newConversation->isChecked());
    m_settings->notifyNewMessage.set(m_newMessage->isChecked());
    m_settings->playSound.set(m_sound->isChecked());
    m_settings->alertTaskbar.set(m_taskbar->isChecked());
    m_settings->closeToTray.set(m_closeToTray->isChecked());
    m_settings->language.set(m_language->currentData().toString());
    m_settings->sync();
    QDialog::accept();
}

} // namespace switchboard::app
