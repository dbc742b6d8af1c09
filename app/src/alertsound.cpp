#include "alertsound.h"

#include <QSoundEffect>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace switchboard::app {

AlertSound::AlertSound(QObject *parent)
    : QObject(parent)
{
}

AlertSound::~AlertSound() = default;

void AlertSound::play()
{
    ++m_requests;
    Q_EMIT requested();
    if (!m_effect) {
        // Made on first use: a console that never chimes never opens the audio output.
        m_effect = new QSoundEffect(this);
        m_effect->setSource(QUrl(u"qrc:/sounds/notification.wav"_s));
        m_effect->setVolume(0.6f);
    }
    m_effect->play();
}

bool AlertSound::isLoaded() const
{
    return m_effect && m_effect->status() == QSoundEffect::Ready;
}

} // namespace switchboard::app
