// switchboard-server: the headless routing server. main() only parses and wires; the node
// itself is SwitchboardServer, shared with the desktop console's embedded server.
#include "auth/passwordhasher.h"
#include "cli/deadlettercommands.h"
#include "cli/historycommands.h"
#include "cli/usercommands.h"
#include "config/commandline.h"
#include "platform/platform.h"
#include "platform/systemdnotifier.h"
#include "store/storefactory.h"
#include "switchboardserver.h"

#include <QCoreApplication>
#include <QTextStream>
#include <cstdio>
#include <switchboard/ids.h>
#include <switchboard/logging.h>

using namespace Qt::StringLiterals;

using namespace switchboard;
using namespace switchboard::server;

namespace {

int fail(int code, const QString &message)
{
    QTextStream(stderr) << message << Qt::endl;
    return code;
}

template<typename UserCommand> int runUserCommand(const UserCommand &command)
{
    // A command's output is its answer; routine store logging would only clutter it.
    logging::install(logging::Format::Text, {});
    logging::setLevel(u"warning"_s);
    if (!usesPostgres(command.config)) {
        if (auto ready = ensureDataDirectory(command.config.dataDir); !ready)
            return fail(exitUsage, u"switchboard-server: "_s + ready.error().message);
    }
    const std::unique_ptr<Store> store = makeStore(command.config, u"switchboard-cli"_s);
    if (auto opened = store->open(); !opened)
        return fail(exitUsage, u"switchboard-server: "_s + opened.error().message);
    QTextStream in(stdin);
    QTextStream out(stdout);
    QTextStream err(stderr);
    return server::runUserCommand(*store, command, in, out, err);
}

// `export` and `retention`: quiet logging as for the user commands; the export's progress
// line only when a person watches standard error.
template<typename HistoryCommand> int runHistoryCommand(const HistoryCommand &command)
{
    logging::install(logging::Format::Text, {});
    logging::setLevel(u"warning"_s);
    QTextStream err(stderr);
    if constexpr (std::is_same_v<HistoryCommand, ExportHistory>) {
        return server::runHistoryCommand(command, err, platform::standardErrorIsTerminal());
    } else {
        QTextStream out(stdout);
        return server::runHistoryCommand(command, out, err);
    }
}

// On a first start with --create-demo-agent, a demo agent lets a new user try the console.
int createDemoAgentIfEmpty(const ServerConfig &config)
{
    const std::unique_ptr<Store> opened = makeStore(config, u"switchboard-demo"_s);
    Store &store = *opened;
    if (auto ready = store.open(); !ready)
        return fail(exitUsage, u"switchboard-server: "_s + ready.error().message);
    auto users = store.listUsers();
    if (!users)
        return fail(exitFailure, u"switchboard-server: "_s + users.error().message);
    if (!users->isEmpty())
        return exitOk;
    const QString password = ids::newPassword();
    UserRecord demo;
    demo.login = u"demo"_s;
    demo.name = u"Demo Agent"_s;
    demo.role = protocol::Role::Supervisor;
    demo.teams = QStringList { u"sales"_s, u"support"_s };
    demo.passwordHash = PasswordHasher::hash(password);
    if (auto created = store.createUser(demo); !created)
        return fail(exitFailure, u"switchboard-server: "_s + created.error().message);
    QTextStream(stdout) << "Created the demo account (a supervisor who also takes chats):\n"
                        << "  login:    demo\n  password: " << password << "\n"
                        << "Sign in from the console or any protocol v1 client.\n"
                        << Qt::flush;
    return exitOk;
}

int runServer(ServerConfig config)
{
    const logging::Format format = config.logFormat.value_or(
        platform::standardErrorIsTerminal() ? logging::Format::Text : logging::Format::Json);
    SwitchboardServer node(config);
    logging::install(format, node.nodeId());
    logging::setLevel(config.logLevel);
    if (!usesPostgres(config)) {
        if (auto ready = ensureDataDirectory(node.config().dataDir); !ready)
            return fail(exitUsage, u"switchboard-server: "_s + ready.error().message);
    }
    if (config.createDemoAgent) {
        if (const int code = createDemoAgentIfEmpty(node.config()); code != exitOk)
            return code;
    }
    auto started = node.start();
    if (!started)
        return fail(exitUsage, u"switchboard-server: "_s + started.error());
    SystemdNotifier systemd(&node.loops());
    systemd.notifyReady(u"serving on port %1"_s.arg(*started));
    platform::installStopHandlers(
        &node,
        [&node, &systemd] {
            systemd.notifyStopping();
            node.stop();
            QCoreApplication::quit();
        },
        [&node] {
            // A failed reload is logged and counted by the node; the old certificate stays.
            if (!node.usesTls())
                qCInfo(lcServer) << "SIGHUP: TLS is off, nothing to reload";
            else
                node.reloadTls();
        });
    return QCoreApplication::exec();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    // A closed peer, a full disk or a file-size limit must surface as a write error (reported
    // as `unavailable`), not kill the process.
    platform::ignoreWriteFailureSignals();
    QCoreApplication::setApplicationName(u"switchboard"_s);
    if (!PasswordHasher::initialize())
        return fail(exitFailure, u"switchboard-server: libsodium failed to initialise"_s);

    auto command = parseCommandLine(QCoreApplication::arguments());
    if (!command)
        return fail(exitUsage, command.error().message);

    return std::visit(
        [](auto &c) -> int {
            using T = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<T, ShowHelp>) {
                QTextStream(stdout) << helpText();
                return exitOk;
            } else if constexpr (std::is_same_v<T, ShowVersion>) {
                QTextStream(stdout) << versionText() << Qt::endl;
                return exitOk;
            } else if constexpr (std::is_same_v<T, RunServer>) {
                return runServer(c.config);
            } else if constexpr (std::is_same_v<T,
                                     ExportHistory> || std::is_same_v<T, RunRetention>) {
                return runHistoryCommand(c);
            } else { // user and deadletters commands: run against the store in --data
                return runUserCommand(c);
            }
        },
        *command);
}
