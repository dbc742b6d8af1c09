#pragma once

#include <QObject>

class QSoundEffect;

namespace switchboard::app {

// The short chime the console plays when a customer needs attention. A real QSoundEffect over a
// WAV in the resources: no media framework runs, and a machine without audio output simply
// stays silent. requests() counts what was asked for, whether or not a device could play it.
class AlertSound final : public QObject {
    Q_OBJECT

public:
    explicit AlertSound(QObject *parent = nullptr);
    ~AlertSound() override;
    Q_DISABLE_COPY_MOVE(AlertSound)

    void play();
    int requests() const { return m_requests; }
    bool isLoaded() const;

Q_SIGNALS:
    void requested();

private:
    QSoundEffect *m_effect = nullptr;
    int m_requests = 0;
};

} // namespace switchboard::app
