#include "alertsound.h"

#include <QSoundEffect>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace switchboard::app {

AlertSound::AlertSound(QObject *parent)
    : QObject(parent)
    , m_effect(new QSoundEffect(this))
{
    m_effect->setSource(QUrl(u"qrc:/sounds/notification.wav"_s));
    m_effect->setVolume(0.6f);
}

AlertSound::~AlertSound() = default;

void AlertSound::play()
{
    ++m_requests;
    Q_EMIT requested();
    m_effect->play();
}

bool AlertSound::isLoaded() const
{
    return m_effect->status() == QSoundEffect::Ready;
}

} // namespace switchboard::app
