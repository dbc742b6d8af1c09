#include "consolesettings.h"

#include <switchboard/protocol.h>

using namespace Qt::StringLiterals;

namespace switchboard::app {

ConsoleSettings::ConsoleSettings()
    : ConsoleSettings(std::make_unique<QSettings>())
{
}

ConsoleSettings::ConsoleSettings(const QString &iniPath)
    : ConsoleSettings(std::make_unique<QSettings>(iniPath, QSettings::IniFormat))
{
}

ConsoleSettings::ConsoleSettings(std::unique_ptr<QSettings> settings)
    : endpoints(settings.get(), u"connection/endpoints"_s,
        QStringList { u"ws://127.0.0.1:%1/ws"_s.arg(protocol::defaultPort) })
    , login(settings.get(), u"connection/login"_s)
    , rememberMe(settings.get(), u"connection/rememberMe"_s, false)
    , trustedCertificate(settings.get(), u"connection/trustedCertificate"_s)
    , runEmbeddedServer(settings.get(), u"server/runEmbedded"_s, false)
    , embeddedPort(settings.get(), u"server/port"_s, protocol::defaultPort)
    , embeddedOnNetwork(settings.get(), u"server/onNetwork"_s, false)
    , embeddedAllowedOrigins(settings.get(), u"server/allowedOrigins"_s)
    , embeddedRouting(settings.get(), u"server/routing"_s,
          protocol::routingModeName(protocol::RoutingMode::LeastLoaded))
    , embeddedCapacity(settings.get(), u"server/capacity"_s, 5)
    , embeddedTlsCertificate(settings.get(), u"server/tlsCertificate"_s)
    , embeddedTlsKey(settings.get(), u"server/tlsKey"_s)
    , language(settings.get(), u"ui/language"_s)
    , cannedReplies(settings.get(), u"composer/cannedReplies"_s)
    , notifyNewConversation(settings.get(), u"notifications/newConversation"_s, true)
    , notifyNewMessage(settings.get(), u"notifications/newMessage"_s, true)
    , playSound(settings.get(), u"notifications/sound"_s, true)
    , alertTaskbar(settings.get(), u"notifications/taskbar"_s, true)
    , closeToTray(settings.get(), u"ui/closeToTray"_s, true)
    , m_settings(std::move(settings))
{
}

} // namespace switchboard::app
