// The agent console: creates the application, picks the language and hands over to
// ConsoleApplication. `--version` answers without a display. `--dashboard ws://HOST:PORT/ws`
// opens the supervisor dashboard on its own instead (DashboardLauncher).
#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>
#include <consoleapplication.h>
#include <consolesettings.h>
#include <cstdio>
#include <cstring>
#include <dashboardlauncher.h>
#include <optional>
#include <switchboard/version.h>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    std::optional<QUrl> dashboardEndpoint;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--version") == 0) {
            std::printf("switchboard %s\n", switchboard::versionString);
            return 0;
        }
        if (std::strcmp(argv[i], "--dashboard") == 0) {
            const auto endpoint = switchboard::app::DashboardLauncher::parseEndpoint(
                i + 1 < argc ? QString::fromLocal8Bit(argv[++i]) : QString());
            if (!endpoint) {
                std::fprintf(stderr, "switchboard: %s\n", qUtf8Printable(endpoint.error()));
                return 2;
            }
            dashboardEndpoint = endpoint.value();
        }
    }

    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(u"Switchboard"_s);
    QCoreApplication::setOrganizationDomain(u"switchboard.io"_s);
    QCoreApplication::setApplicationName(u"Switchboard"_s);
    QCoreApplication::setApplicationVersion(QString::fromLatin1(switchboard::versionString));
    // The Wayland app id, matched to io.switchboard.Switchboard.desktop (docs/install.md).
    QGuiApplication::setDesktopFileName(QString::fromLatin1(switchboard::appId));
    // ConsoleApplication decides when to quit: the sign-in dialog hides before the window shows.
    QApplication::setQuitOnLastWindowClosed(false);

    switchboard::app::ConsoleSettings settings;
    const QString language = settings.language.get();
    const QLocale locale = language.isEmpty() ? QLocale() : QLocale(language);
    QTranslator qtTranslator;
    if (qtTranslator.load(
            locale, u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(&qtTranslator);
    QTranslator translator;
    if (translator.load(locale, u"switchboard"_s, u"_"_s, u":/i18n"_s))
        QCoreApplication::installTranslator(&translator);

    if (dashboardEndpoint) {
        switchboard::app::DashboardLauncher dashboard(&settings);
        QObject::connect(&dashboard, &switchboard::app::DashboardLauncher::finished, &app,
            &QCoreApplication::quit);
        dashboard.startStandalone(*dashboardEndpoint);
        return QApplication::exec();
    }

    switchboard::app::ConsoleApplication console(&settings);
    QObject::connect(&app, &QCoreApplication::aboutToQuit, &console,
        &switchboard::app::ConsoleApplication::shutdown);
    console.start();
    return QApplication::exec();
}
