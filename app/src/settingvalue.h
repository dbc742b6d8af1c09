#pragma once

#include <QSettings>
#include <QString>
#include <QVariant>

namespace switchboard::app {

// One typed setting over the console's single QSettings: the key and default live in one place.
template<typename T> class SettingValue final {
public:
    SettingValue(QSettings *settings, QString key, T defaultValue = T())
        : m_settings(settings)
        , m_key(std::move(key))
        , m_default(std::move(defaultValue))
    {
    }

    T get() const
    {
        const QVariant value = m_settings->value(m_key);
        return value.isValid() && value.canConvert<T>() ? value.template value<T>() : m_default;
    }
    void set(const T &value) { m_settings->setValue(m_key, QVariant::fromValue(value)); }
    QString key() const { return m_key; }

private:
    QSettings *m_settings;
    QString m_key;
    T m_default;
};

} // namespace switchboard::app
