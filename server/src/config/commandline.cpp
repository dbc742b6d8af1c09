#include "commandline.h"

#include "cli/usercommands.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryFile>
#include <algorithm>
#include <switchboard/displaytext.h>
#include <switchboard/timeformat.h>
#include <switchboard/version.h>
#include <vector>

using namespace Qt::StringLiterals;

namespace switchboard::server {

namespace {

const QString program = u"switchboard-server"_s;

// Which commands accept an option.
enum Scope : unsigned {
    Server = 1u << 0,
    Add = 1u << 1,
    List = 1u << 2,
    Remove = 1u << 3,
    Passwd = 1u << 4,
    DeadLetterCommand = 1u << 5,
    ExportCommand = 1u << 6,
    RetentionCommand = 1u << 7,
    AnyUser = Add | List | Remove | Passwd,
    Everywhere = Server | AnyUser | DeadLetterCommand | ExportCommand | RetentionCommand,
};

struct OptionSpec {
    QLatin1StringView name;
    QLatin1StringView valueName; // empty: a switch that takes no value
    unsigned scopes = Everywhere;
    bool isSetting = false; // a ServerConfig key, also valid in the config file
    QLatin1StringView description;
    QString (*defaultText)(const ServerConfig &) = nullptr;
};

QString listenText(const ServerConfig &config)
{
    const QString host = config.listenAddress.protocol() == QAbstractSocket::IPv6Protocol
        ? QLatin1Char('[') + config.listenAddress.toString() + QLatin1Char(']')
        : config.listenAddress.toString();
    return host + QLatin1Char(':') + QString::number(config.listenPort);
}

// Documentation and parsing rules of every flag; the validation of setting values lives in
// applySetting so the config file and the flags agree.
const std::vector<OptionSpec> &options()
{
    using L = QLatin1StringView;
    static const std::vector<OptionSpec> table = {
        { L("listen"), L("HOST:PORT"), Server, true,
            L("address to listen on; 0.0.0.0:PORT or [::]:PORT for all interfaces, port 0 for "
              "any free port"),
            listenText },
        { L("data"), L("DIR"), Everywhere, true, L("directory holding the database"),
            [](const ServerConfig &) {
                return defaultDataDir();
            } },
        { L("config"), L("FILE"), Everywhere, false,
            L("read settings from FILE: `key = value` lines, # comments; flags override it"),
            nullptr },
        { L("log-format"), L("json|text"), Everywhere, true, L("log line format"),
            [](const ServerConfig &) {
                return u"json when stderr is not a terminal, else text"_s;
            } },
        { L("log-level"), L("LEVEL"), Everywhere, true, L("debug|info|warning|error|critical"),
            [](const ServerConfig &c) {
                return c.logLevel;
            } },
        { L("agent-capacity"), L("N"), Server, true,
            L("conversations an agent handles at once, 1-1000"),
            [](const ServerConfig &c) {
                return QString::number(c.agentCapacity);
            } },
        { L("routing"), L("least_loaded|round_robin|manual"), Server, true,
            L("how queued conversations reach agents"),
            [](const ServerConfig &c) {
                return protocol::routingModeName(c.routing);
            } },
        { L("rate-limit"), L("MSGS_PER_S"), Server, true,
            L("messages per second per connection, may be fractional; 0 = unlimited"),
            [](const ServerConfig &c) {
                return QString::number(c.rateLimit);
            } },
        { L("rate-burst"), L("N"), Server, true,
            L("messages a connection may send at once before the rate applies, 1-100000"),
            [](const ServerConfig &c) {
                return QString::number(c.rateBurst);
            } },
        { L("heartbeat"), L("SECONDS"), Server, true,
            L("ping interval; a silent peer is dropped after 2.5 heartbeats, 1-3600"),
            [](const ServerConfig &c) {
                return QString::number(c.heartbeatSeconds);
            } },
        { L("grace"), L("SECONDS"), Server, true,
            L("how long a vanished agent's conversations wait before requeueing, 0-86400"),
            [](const ServerConfig &c) {
                return QString::number(c.graceSeconds);
            } },
        { L("hello-timeout"), L("SECONDS"), Server, true,
            L("close connections that send no hello in time, 1-600"),
            [](const ServerConfig &c) {
                return QString::number(c.helloTimeoutSeconds);
            } },
        { L("handshake-timeout"), L("SECONDS"), Server, true,
            L("drop connections stalled in the WebSocket handshake, 1-600"),
            [](const ServerConfig &c) {
                return QString::number(c.handshakeTimeoutSeconds);
            } },
        { L("max-message-bytes"), L("BYTES"), Server, true,
            L("largest message accepted, 1024-16777216"),
            [](const ServerConfig &c) {
                return QString::number(c.maxMessageBytes);
            } },
        { L("attachment-max-bytes"), L("BYTES"), Server, true,
            L("largest attachment upload accepted, 1-1073741824; larger ones get 413"),
            [](const ServerConfig &c) {
                return QString::number(c.attachmentMaxBytes);
            } },
        { L("io-threads"), L("N"), Server, true, L("network threads, 0-64; 0 = one per core"),
            [](const ServerConfig &c) {
                return QString::number(c.ioThreads);
            } },
        { L("node-id"), L("ID"), Server, true,
            L("this node's name in logs and the cluster; A-Z a-z 0-9 . _ -"),
            [](const ServerConfig &) {
                return u"from the host name"_s;
            } },
        { L("allowed-origins"), L("LIST"), Server, true,
            L("comma-separated exact Origins allowed to connect, e.g. https://chat.example.com"),
            [](const ServerConfig &) {
                return u"any origin"_s;
            } },
        { L("sqlite-synchronous"), L("normal|full"), Everywhere, true,
            L("full also survives power loss, at some write cost"),
            [](const ServerConfig &c) {
                return c.synchronousFull ? u"full"_s : u"normal"_s;
            } },
        { L("busy-timeout-ms"), L("MS"), Everywhere, true,
            L("how long a write waits for a locked database, 0-600000"),
            [](const ServerConfig &c) {
                return QString::number(c.busyTimeoutMs);
            } },
        { L("db"), L("URL"), Everywhere, true,
            L("postgresql://USER[:PASS]@HOST:PORT/DB[?schema=NAME]: keep the data in PostgreSQL, "
              "shared by every node; put it in the config file so the password stays out of "
              "the process list"),
            [](const ServerConfig &) {
                return u"the SQLite file in --data"_s;
            } },
        { L("db-pool-size"), L("N"), Server, true,
            L("PostgreSQL connections per node, 2-64: one writer, the rest readers"),
            [](const ServerConfig &c) {
                return QString::number(c.dbPoolSize);
            } },
        { L("db-statement-timeout-ms"), L("MS"), Everywhere, true,
            L("PostgreSQL statement timeout, 0-600000; 0 = none"),
            [](const ServerConfig &c) {
                return QString::number(c.dbStatementTimeoutMs);
            } },
        { L("redis"), L("URL"), Server, true,
            L("redis://[:PASS]@HOST:PORT[/DB]: join the cluster of nodes sharing this Redis and "
              "the --db PostgreSQL database"),
            [](const ServerConfig &) {
                return u"none: this node runs on its own"_s;
            } },
        { L("public-endpoint"), L("URL"), Server, true,
            L("the ws:// or wss:// URL clients reach this node at; welcome lists every node's"),
            [](const ServerConfig &) {
                return u"none"_s;
            } },
        { L("tls-cert"), L("FILE"), Server, true,
            L("PEM certificate (then its intermediates): serve only wss:// and https://, TLS 1.2 "
              "or newer; SIGHUP reads it again"),
            [](const ServerConfig &) {
                return u"none: plain ws:// and http://"_s;
            } },
        { L("tls-key"), L("FILE"), Server, true,
            L("PEM private key of --tls-cert, unencrypted; keep it readable by the server only"),
            nullptr },
        { L("cluster-ttl-seconds"), L("S"), Server, true,
            L("the cluster forgets a node this long after its last heartbeat, 3-600"),
            [](const ServerConfig &c) {
                return QString::number(c.clusterTtlSeconds);
            } },
        { L("token-lifetime-days"), L("DAYS"), Server, true,
            L("how long a sign-in token stays valid, 1-3650"),
            [](const ServerConfig &c) {
                return QString::number(c.tokenLifetimeDays);
            } },
        { L("login-attempts-per-minute"), L("N"), Server, true,
            L("failed logins per address per minute before rate limiting, 1-10000"),
            [](const ServerConfig &c) {
                return QString::number(c.loginAttemptsPerMinute);
            } },
        { L("create-demo-agent"), L(""), Server, true,
            L("when no user exists, create agent \"demo\" and print its password once; "
              "=false turns it off"),
            [](const ServerConfig &c) {
                return c.createDemoAgent ? u"on"_s : u"off"_s;
            } },
        { L("widget-texts"), L("FILE"), Server, true,
            L("JSON file with the shop's title, subtitle, greeting, question and offline texts "
              "in the customer widget, per language; default: widget-texts.json in the data "
              "directory when present"),
            nullptr },
        { L("webhook-urls"), L("LIST"), Server, true,
            L("comma-separated http(s) URLs that receive conversation events as signed JSON "
              "POSTs"),
            [](const ServerConfig &) {
                return u"none"_s;
            } },
        { L("webhook-secret-file"), L("FILE"), Server, true,
            L("file holding the HMAC-SHA256 key of the X-Switchboard-Signature header; "
              "required with webhook-urls (or webhook-secret)"),
            nullptr },
        { L("webhook-secret"), L("KEY"), Server, true,
            L("the key itself; other local users can read arguments, so prefer "
              "webhook-secret-file"),
            nullptr },
        { L("webhook-attempts"), L("N"), Server, true,
            L("deliveries tried before an event is dead-lettered, 1-100"),
            [](const ServerConfig &c) {
                return QString::number(c.webhookAttempts);
            } },
        { L("webhook-backoff-ms"), L("MS"), Server, true,
            L("first retry delay, doubling per attempt with full jitter up to 5 minutes, "
              "1-300000"),
            [](const ServerConfig &c) {
                return QString::number(c.webhookBackoffMs);
            } },
        { L("max-connections"), L("N"), Server, true,
            L("connections this node accepts; 0 derives the cap from the open-file limit"),
            [](const ServerConfig &c) {
                return c.maxConnections == 0 ? u"open-file limit - 5%"_s
                                             : QString::number(c.maxConnections);
            } },
        { L("drain-seconds"), L("S"), Server, true,
            L("on SIGTERM, /readyz answers 503 this long before clients are asked to leave"),
            [](const ServerConfig &c) {
                return QString::number(c.drainSeconds);
            } },
        { L("alert-ack-p99-ms"), L("MS"), Server, true,
            L("the AckLatencyHigh alert fires when p99 over a minute exceeds this"),
            [](const ServerConfig &c) {
                return QString::number(c.alertAckP99Ms);
            } },
        { L("alert-queue-wait-seconds"), L("S"), Server, true,
            L("the QueueWaitHigh alert fires when a customer waits longer than this"),
            [](const ServerConfig &c) {
                return QString::number(c.alertQueueWaitSeconds);
            } },
        { L("trusted-proxies"), L("LIST"), Server, true,
            L("comma-separated proxy addresses or subnets (10.0.0.5, 10.0.0.0/8) whose "
              "X-Forwarded-For header names the client's address; others' is ignored"),
            [](const ServerConfig &c) {
                return c.trustedProxiesText.isEmpty() ? u"none"_s : c.trustedProxiesText.join(u',');
            } },
        { L("new-visitors-per-minute"), L("N"), Server, true,
            L("new visitors (hello without a token) one address may start per minute before "
              "rate_limited, 0-1000000; 0 = no limit"),
            [](const ServerConfig &c) {
                return QString::number(c.newVisitorsPerMinute);
            } },
        { L("open-conversations-per-address"), L("N"), Server, true,
            L("open conversations new visitors from one address may hold before "
              "rate_limited, 0-10000000; 0 = no limit"),
            [](const ServerConfig &c) {
                return QString::number(c.openConversationsPerAddress);
            } },
        { L("pending-hellos-per-address"), L("N"), Server, true,
            L("connections one address may hold that have not been welcomed yet; past it an "
              "upgrade gets 429 with Retry-After, 0-1000000; 0 = no limit"),
            [](const ServerConfig &c) {
                return QString::number(c.pendingHellosPerAddress);
            } },
        { L("max-open-conversations"), L("N"), Server, true,
            L("open conversations this node holds before new visitors are refused (QueueFull), "
              "0-10000000; 0 = derived from memory"),
            [](const ServerConfig &c) {
                return c.maxOpenConversations == 0 ? u"derived from memory"_s
                                                   : QString::number(c.maxOpenConversations);
            } },
        { L("missed-after-minutes"), L("MINUTES"), Server, true,
            L("close a queued conversation as missed when no agent answered and its visitor has "
              "been gone this long, 0-10080 (fractions allowed); 0 = never"),
            [](const ServerConfig &c) {
                return QString::number(c.missedAfterMinutes);
            } },
        { L("idle-close-hours"), L("HOURS"), Server, true,
            L("close an assigned conversation as idle after this long without a message, "
              "0-8760 (fractions allowed); 0 = never"),
            [](const ServerConfig &c) {
                return QString::number(c.idleCloseHours);
            } },
        { L("retention-delete-days"), L("DAYS"), Server | RetentionCommand, true,
            L("delete closed conversations (and their messages) this many days after they "
              "closed, checked daily; 0 = keep them"),
            [](const ServerConfig &c) {
                return QString::number(c.retentionDeleteDays);
            } },
        { L("retention-redact-days"), L("DAYS"), Server | RetentionCommand, true,
            L("blank a customer's name and e-mail this many days after their last "
              "conversation closed, checked daily; 0 = keep them"),
            [](const ServerConfig &c) {
                return QString::number(c.retentionRedactDays);
            } },
        { L("from"), L("DATE"), ExportCommand, false,
            L("first creation time exported: YYYY-MM-DD (UTC) or RFC 3339 (required)"), nullptr },
        { L("to"), L("DATE"), ExportCommand, false,
            L("end of the range, exclusive, in the same forms (required)"), nullptr },
        { L("format"), L("csv|jsonl"), ExportCommand, false,
            L("csv: one row per conversation; jsonl: one line per message (required)"), nullptr },
        { L("output"), L("FILE"), ExportCommand, false, L("write the export to FILE"),
            [](const ServerConfig &) {
                return u"standard output"_s;
            } },
        { L("run-now"), L(""), RetentionCommand, false,
            L("run retention once now with the retention-* settings (required)"), nullptr },
        { L("role"), L("agent|supervisor"), Add, false, L("the new user's role (required)"),
            nullptr },
        { L("name"), L("NAME"), Add, false, L("display name"),
            [](const ServerConfig &) {
                return u"the login"_s;
            } },
        { L("team"), L("TEAM"), Add, false,
            L("a team the user serves; repeat it or separate teams with commas"), nullptr },
        { L("password-stdin"), L(""), Add | Passwd, false,
            L("read the password, one line of at least 8 characters, from standard input "
              "(required)"),
            nullptr },
        { L("help"), L(""), Everywhere, false, L("show this help (also -h)"), nullptr },
        { L("version"), L(""), Everywhere, false, L("show the version"), nullptr },
    };
    return table;
}

const OptionSpec *findOption(const QString &name)
{
    for (const OptionSpec &spec : options()) {
        if (spec.name == name)
            return &spec;
    }
    return nullptr;
}

QString quoted(const QString &text)
{
    return quotedForMessage(text);
}

Unexpected<UsageError> usage(const QString &message)
{
    return unexpected(UsageError { program + u": "_s + message });
}

Unexpected<UsageError> usageSeeHelp(const QString &message)
{
    return usage(message + u"; see --help"_s);
}

struct GivenOption {
    const OptionSpec *spec = nullptr;
    QString value; // "true" for a switch
};

QString commandLabel(Scope scope)
{
    switch (scope) {
    case Add:
        return u"user add"_s;
    case List:
        return u"user list"_s;
    case Remove:
        return u"user remove"_s;
    case Passwd:
        return u"user passwd"_s;
    case DeadLetterCommand:
        return u"deadletters"_s;
    case ExportCommand:
        return u"export"_s;
    case RetentionCommand:
        return u"retention"_s;
    default:
        return u"the server"_s;
    }
}

Unexpected<UsageError> unknownOption(const QString &name)
{
    if (name == u"password"_s)
        return usage(u"passwords are never taken as arguments; pipe one line to "
                     u"--password-stdin"_s);
    QStringList names;
    for (const OptionSpec &spec : options())
        names.append(spec.name);
    const QString suggestion = suggestSimilar(name, names);
    QString message = u"unknown option --"_s + name;
    if (!suggestion.isEmpty())
        message += u" (did you mean --"_s + suggestion + u"?)"_s;
    return usageSeeHelp(message);
}

bool isHelpOrVersion(const QStringList &arguments, QStringView flag, QStringView shortFlag = {})
{
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument == u"--"_s)
            return false;
        if (argument == flag || (!shortFlag.isEmpty() && argument == shortFlag))
            return true;
    }
    return false;
}

// Which command the positional arguments name, and its LOGIN or ID if it takes one.
struct CommandWords {
    Scope scope = Server;
    QString login;
    DeadLetters::Action deadLetterAction = DeadLetters::Action::List;
    qint64 id = 0;
};

Expected<CommandWords, UsageError> deadLetterWords(const QStringList &words)
{
    const QString expected = u"deadletters: expected list, replay ID or purge"_s;
    if (words.size() < 2)
        return usageSeeHelp(expected);
    CommandWords command;
    command.scope = DeadLetterCommand;
    const QString &verb = words.at(1);
    qsizetype wanted = 2;
    if (verb == u"list"_s) {
        command.deadLetterAction = DeadLetters::Action::List;
    } else if (verb == u"purge"_s) {
        command.deadLetterAction = DeadLetters::Action::Purge;
    } else if (verb == u"replay"_s) {
        command.deadLetterAction = DeadLetters::Action::Replay;
        wanted = 3;
    } else {
        return usageSeeHelp(u"unknown deadletters command "_s + quoted(verb)
            + u"; expected list, replay ID or purge"_s);
    }
    if (words.size() < wanted)
        return usageSeeHelp(u"deadletters replay: missing ID"_s);
    if (words.size() > wanted)
        return usageSeeHelp(u"deadletters "_s + verb + u": unexpected extra argument "_s
            + quoted(words.at(wanted)));
    if (wanted == 3) {
        const QString &id = words.at(2);
        bool ok = false;
        command.id = id.toLongLong(&ok);
        const bool digitsOnly
            = std::all_of(id.cbegin(), id.cend(), [](QChar c) { return c >= u'0' && c <= u'9'; });
        if (!ok || !digitsOnly || command.id <= 0)
            return usage(
                u"deadletters replay: expected a positive whole number as ID, got "_s + quoted(id));
    }
    return command;
}

Expected<CommandWords, UsageError> commandWords(const QStringList &words)
{
    if (words.isEmpty())
        return CommandWords {};
    if (words.first() == u"deadletters"_s)
        return deadLetterWords(words);
    if (words.first() == u"export"_s || words.first() == u"retention"_s) {
        if (words.size() > 1)
            return usageSeeHelp(
                words.first() + u": unexpected extra argument "_s + quoted(words.at(1)));
        CommandWords command;
        command.scope = words.first() == u"export"_s ? ExportCommand : RetentionCommand;
        return command;
    }
    if (words.first() != u"user"_s)
        return usageSeeHelp(u"unknown command "_s + quoted(words.first()));
    if (words.size() < 2)
        return usageSeeHelp(u"user: expected add, list, remove or passwd"_s);

    const QString &verb = words.at(1);
    CommandWords command;
    if (verb == u"add"_s)
        command.scope = Add;
    else if (verb == u"list"_s)
        command.scope = List;
    else if (verb == u"remove"_s)
        command.scope = Remove;
    else if (verb == u"passwd"_s)
        command.scope = Passwd;
    else
        return usageSeeHelp(u"unknown user command "_s + quoted(verb)
            + u"; expected add, list, remove or passwd"_s);

    const qsizetype wanted = command.scope == List ? 2 : 3;
    if (words.size() < wanted)
        return usageSeeHelp(commandLabel(command.scope) + u": missing LOGIN"_s);
    // Extra words are not echoed: they could be a password typed in the wrong place.
    if (words.size() > wanted)
        return usageSeeHelp(commandLabel(command.scope) + u": unexpected extra argument"_s);
    if (wanted == 3) {
        command.login = words.at(2);
        if (!isValidLogin(command.login))
            return usage(u"invalid login "_s + quoted(command.login)
                + u": expected 1 to 64 characters of A-Z a-z 0-9 . _ -"_s);
    }
    return command;
}

Expected<QStringList, UsageError> teamsFrom(const QList<GivenOption> &given)
{
    QStringList teams;
    for (const GivenOption &option : given) {
        if (option.spec->name != QLatin1StringView("team"))
            continue;
        for (const QString &part : option.value.split(QLatin1Char(','))) {
            const QString team = part.trimmed();
            if (team.isEmpty() || team.size() > protocol::maxProfileFieldLength)
                return usage(u"--team: expected a team name of 1 to "_s
                    + QString::number(protocol::maxProfileFieldLength) + u" characters, got "_s
                    + quoted(option.value));
            if (!teams.contains(team))
                teams.append(team);
        }
    }
    return teams;
}

const GivenOption *lastGiven(const QList<GivenOption> &given, QLatin1StringView name)
{
    const auto it = std::find_if(given.crbegin(), given.crend(),
        [name](const GivenOption &o) { return o.spec->name == name; });
    return it == given.crend() ? nullptr : &*it;
}

Expected<Command, UsageError> userAdd(
    const ServerConfig &config, const QString &login, const QList<GivenOption> &given)
{
    UserAdd command { config, login, protocol::Role::Agent, {}, {} };
    const GivenOption *role = lastGiven(given, QLatin1StringView("role"));
    if (!role)
        return usageSeeHelp(u"user add: --role agent|supervisor is required"_s);
    if (role->value == u"agent"_s)
        command.role = protocol::Role::Agent;
    else if (role->value == u"supervisor"_s)
        command.role = protocol::Role::Supervisor;
    else
        return usage(u"--role: expected agent|supervisor, got "_s + quoted(role->value));

    if (const GivenOption *name = lastGiven(given, QLatin1StringView("name"))) {
        command.name = name->value.trimmed();
        if (command.name.isEmpty() || command.name.size() > protocol::maxProfileFieldLength)
            return usage(u"--name: expected 1 to "_s
                + QString::number(protocol::maxProfileFieldLength) + u" characters"_s);
    }
    auto teams = teamsFrom(given);
    if (!teams)
        return unexpected(teams.error());
    command.teams = std::move(*teams);
    return Command { std::move(command) };
}

Expected<Command, UsageError> exportHistory(
    const ServerConfig &config, const QList<GivenOption> &given)
{
    ExportHistory command { config, ExportFormat::Csv, {}, {} };
    const GivenOption *format = lastGiven(given, QLatin1StringView("format"));
    if (!format)
        return usageSeeHelp(u"export: --format csv|jsonl is required"_s);
    const auto parsedFormat = exportFormatFromName(format->value);
    if (!parsedFormat)
        return usage(u"--format: expected csv|jsonl, got "_s + quoted(format->value));
    command.format = *parsedFormat;
    const QLatin1StringView bounds[] = { QLatin1StringView("from"), QLatin1StringView("to") };
    for (const QLatin1StringView bound : bounds) {
        const GivenOption *option = lastGiven(given, bound);
        if (!option)
            return usageSeeHelp(u"export: --"_s + bound + u" DATE is required"_s);
        const auto ms = parseExportDate(option->value);
        if (!ms)
            return usage(u"--"_s + bound
                + u": expected YYYY-MM-DD or an RFC 3339 time such as 2026-11-30T09:00:00Z, got "_s
                + quoted(option->value));
        (bound == QLatin1StringView("from") ? command.range.fromMs : command.range.toMs) = *ms;
    }
    if (*command.range.toMs <= *command.range.fromMs)
        return usage(u"export: --to must be later than --from (--to is exclusive)"_s);
    if (const GivenOption *output = lastGiven(given, QLatin1StringView("output"))) {
        if (output->value.isEmpty())
            return usage(u"--output: expected a file name"_s);
        command.outputPath = output->value;
    }
    return Command { std::move(command) };
}

// "  --flag VALUE   description (default: ...)", the description wrapped at 100 columns.
QString wrapOptionLine(const OptionSpec &spec, const ServerConfig &defaults)
{
    constexpr qsizetype column = 34;
    constexpr qsizetype width = 100;
    const QString indent(column, QLatin1Char(' '));
    QString left = u"  --"_s + spec.name;
    if (!spec.valueName.isEmpty())
        left += QLatin1Char(' ') + spec.valueName;
    QString description = spec.description;
    if (spec.defaultText)
        description += u" (default: "_s + spec.defaultText(defaults) + QLatin1Char(')');

    QString text
        = left.size() + 2 > column ? left + QLatin1Char('\n') + indent : left.leftJustified(column);
    qsizetype lineLength = column;
    bool firstWord = true;
    for (const QString &word : description.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (!firstWord && lineLength + 1 + word.size() > width) {
            text += QLatin1Char('\n') + indent;
            lineLength = column;
        } else if (!firstWord) {
            text += QLatin1Char(' ');
            ++lineLength;
        }
        text += word;
        lineLength += word.size();
        firstWord = false;
    }
    return text + QLatin1Char('\n');
}

int editDistance(QStringView a, QStringView b)
{
    std::vector<int> previous(std::size_t(b.size() + 1));
    std::vector<int> current(previous.size());
    for (std::size_t j = 0; j < previous.size(); ++j)
        previous[j] = int(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        current[0] = int(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int substitution = previous[std::size_t(j - 1)] + (a[i - 1] == b[j - 1] ? 0 : 1);
            current[std::size_t(j)] = std::min(
                { previous[std::size_t(j)] + 1, current[std::size_t(j - 1)] + 1, substitution });
        }
        std::swap(previous, current);
    }
    return previous.back();
}

} // namespace

Expected<Command, UsageError> parseCommandLine(const QStringList &arguments)
{
    // Help and version win over anything else on the line, even mistakes.
    if (isHelpOrVersion(arguments, u"--help", u"-h"))
        return Command { ShowHelp {} };
    if (isHelpOrVersion(arguments, u"--version"))
        return Command { ShowVersion {} };

    QList<GivenOption> given;
    QStringList words;
    bool optionsEnded = false;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (optionsEnded || argument == u"-"_s || !argument.startsWith(QLatin1Char('-'))) {
            words.append(argument);
            continue;
        }
        if (argument == u"--"_s) {
            optionsEnded = true;
            continue;
        }
        if (!argument.startsWith(u"--"_s))
            return usageSeeHelp(u"unknown option "_s + argument.section(QLatin1Char('='), 0, 0));

        const qsizetype equals = argument.indexOf(QLatin1Char('='));
        const QString name = argument.mid(2, equals < 0 ? -1 : equals - 2);
        const OptionSpec *spec = findOption(name);
        if (!spec)
            return unknownOption(name);

        GivenOption option { spec, {} };
        if (!spec->valueName.isEmpty()) {
            if (equals >= 0) {
                option.value = argument.mid(equals + 1);
            } else if (i + 1 < arguments.size()) {
                option.value = arguments.at(++i);
            } else {
                return usageSeeHelp(
                    u"--"_s + name + u" needs a value ("_s + spec->valueName + QLatin1Char(')'));
            }
        } else if (equals >= 0) {
            // Only boolean settings take "=value"; the value is never echoed (it could be a
            // password given to --password-stdin).
            if (!spec->isSetting)
                return usageSeeHelp(u"--"_s + name + u" takes no value"_s);
            option.value = argument.mid(equals + 1);
        } else {
            option.value = u"true"_s;
        }
        given.append(option);
    }

    auto command = commandWords(words);
    if (!command)
        return unexpected(command.error());
    const Scope scope = command->scope;

    for (const GivenOption &option : std::as_const(given)) {
        if (!(option.spec->scopes & scope))
            return usageSeeHelp(
                u"--"_s + option.spec->name + u" does not apply to "_s + commandLabel(scope));
    }

    // The file first, so flags override it wherever they stand on the line.
    ServerConfig config;
    const GivenOption *configFile = nullptr;
    for (const GivenOption &option : std::as_const(given)) {
        if (option.spec->name != QLatin1StringView("config"))
            continue;
        if (configFile)
            return usageSeeHelp(u"--config given twice"_s);
        configFile = &option;
    }
    if (configFile) {
        if (auto read = applyConfigFile(config, configFile->value); !read)
            return usage(read.error().message);
    }
    for (const GivenOption &option : std::as_const(given)) {
        if (!option.spec->isSetting)
            continue;
        if (auto applied = applySetting(config, option.spec->name, option.value); !applied)
            return usage(applied.error().message);
    }

    if (config.dataDir.isEmpty())
        config.dataDir = defaultDataDir();
    if (config.dataDir.isEmpty())
        return usage(u"no --data given and no application data directory is known "
                     u"(is HOME set?)"_s);

    const bool passwordStdin = lastGiven(given, QLatin1StringView("password-stdin")) != nullptr;
    if ((scope == Add || scope == Passwd) && !passwordStdin)
        return usageSeeHelp(commandLabel(scope)
            + u": --password-stdin is required (the password is read from "
              u"standard input, never from arguments)"_s);

    switch (scope) {
    case Add:
        return userAdd(config, command->login, given);
    case List:
        return Command { UserList { config } };
    case Remove:
        return Command { UserRemove { config, command->login } };
    case Passwd:
        return Command { UserPasswd { config, command->login } };
    case DeadLetterCommand:
        return Command { DeadLetters { config, command->deadLetterAction, command->id } };
    case ExportCommand:
        return exportHistory(config, given);
    case RetentionCommand:
        if (!lastGiven(given, QLatin1StringView("run-now")))
            return usageSeeHelp(u"retention: --run-now is required"_s);
        if (auto checked = checkRetentionSettings(config); !checked)
            return usage(checked.error().message);
        return Command { RunRetention { config } };
    default:
        if (auto prepared = prepareServerConfig(config); !prepared)
            return usage(prepared.error().message);
        return Command { RunServer { config } };
    }
}

QString helpText()
{
    const ServerConfig defaults;
    QString text = uR"(Usage:
  switchboard-server [--listen HOST:PORT] [--data DIR] [--config FILE] [--log-format json|text]
                     [--log-level LEVEL] [--agent-capacity N]
                     [--routing least_loaded|round_robin|manual] [--rate-limit MSGS_PER_S]
                     [more settings below]
  switchboard-server user add LOGIN --role agent|supervisor [--name NAME] [--team TEAM]...
                     --password-stdin [--data DIR]
  switchboard-server user list [--data DIR]
  switchboard-server user remove LOGIN [--data DIR]
  switchboard-server user passwd LOGIN --password-stdin [--data DIR]
  switchboard-server deadletters list|replay ID|purge [--data DIR]
  switchboard-server export --from DATE --to DATE --format csv|jsonl [--output FILE] [--data DIR]
  switchboard-server retention --run-now [--retention-delete-days N] [--retention-redact-days M]
                     [--data DIR]
  switchboard-server --version
  switchboard-server --help

Runs the Switchboard chat server without a user interface, or manages its staff accounts and
its undeliverable webhook events.
Options are written --key VALUE or --key=VALUE.

Settings (each is also a config-file key, written without the leading --):
)"_s;
    for (const OptionSpec &spec : options()) {
        if (spec.isSetting)
            text += wrapOptionLine(spec, defaults);
    }
    text += u"\nOther options:\n"_s;
    for (const OptionSpec &spec : options()) {
        if (!spec.isSetting && spec.scopes == Everywhere)
            text += wrapOptionLine(spec, defaults);
    }
    text += uR"(
User commands (they read and write the database in --data directly; the server may be running):
  user add LOGIN      create a staff account; LOGIN is 1-64 characters of A-Z a-z 0-9 . _ -
  user list           show login, name, role and teams of every account
  user remove LOGIN   delete an account and sign out its sessions
  user passwd LOGIN   set a new password and sign out the account's sessions
They accept --data, --config, --log-format, --log-level, --sqlite-synchronous,
--busy-timeout-ms, --db and --db-statement-timeout-ms, and these:
)"_s;
    for (const OptionSpec &spec : options()) {
        if (!(spec.scopes & Server) && (spec.scopes & AnyUser))
            text += wrapOptionLine(spec, defaults);
    }
    text += uR"(
Dead-letter commands (webhook events whose last delivery attempt failed; the server may be
running, it picks replayed events up within a second):
  deadletters list        show id, URL, event, attempts, last error and time of each
  deadletters replay ID   queue the event for delivery again, with a fresh set of attempts
  deadletters purge       delete every dead letter
They accept the same options as the user commands, except those of user add and passwd.

Export (conversations created in a range, for audit and analysis; see docs/history.md):
  export              CSV: one row per conversation; JSONL: one line per message. A progress
                      line goes to standard error when it is a terminal
)"_s;
    for (const OptionSpec &spec : options()) {
        if (spec.scopes == ExportCommand)
            text += wrapOptionLine(spec, defaults);
    }
    text += uR"(
Retention (the server also runs it daily when a retention-* setting is non-zero):
  retention --run-now delete and redact what the retention-* settings make due, then exit

Config file (--config FILE), for example:
  # switchboard.conf
  listen = 0.0.0.0:8420
  data = /var/lib/switchboard
  allowed-origins = https://chat.example.com, https://www.example.com
  rate-limit = 5

Examples:
  switchboard-server export --from 2026-11-01 --to 2026-12-01 --format csv --output nov.csv
  printf '%s\n' "$PASSWORD" | switchboard-server user add alice --role agent --team billing --password-stdin
  switchboard-server --listen [::]:8420 --log-format text

Exit status:
  0  success
  1  runtime failure (storage, network, hashing)
  2  usage or configuration error: bad flag, config key or value, unusable data directory,
     port in use, unknown or duplicate login, unknown dead letter
)"_s;
    return text;
}

QString versionText()
{
    return program + QLatin1Char(' ') + QLatin1StringView(switchboard::versionString);
}

Expected<Done, ConfigError> ensureDataDirectory(const QString &path)
{
    const QFileInfo info(path);
    if (info.exists() && !info.isDir())
        return unexpected(ConfigError {
            u"data directory "_s + quoted(path) + u" exists but is not a directory"_s });
    if (!info.exists()) {
        if (!QDir().mkpath(path))
            return unexpected(ConfigError { u"cannot create data directory "_s + quoted(path)
                + u" (does its parent exist and is it writable?)"_s });
        // The database holds password hashes and conversations: owner only.
        QFile::setPermissions(
            path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    }
    // Qt appends a random suffix to the name.
    QTemporaryFile probe(QDir(path).filePath(u".write-test"_s));
    if (!probe.open())
        return unexpected(ConfigError {
            u"data directory "_s + quoted(path) + u" is not writable: "_s + probe.errorString() });
    return Done {};
}

std::optional<qint64> parseExportDate(const QString &text)
{
    static const QRegularExpression day(u"^\\d{4}-\\d{2}-\\d{2}$"_s);
    if (!day.match(text).hasMatch())
        return parseTimestamp(text);
    const QDate date = QDate::fromString(text, Qt::ISODate);
    if (!date.isValid())
        return std::nullopt;
    return date.startOfDay(Qt::UTC).toMSecsSinceEpoch();
}

QString suggestSimilar(const QString &word, const QStringList &candidates)
{
    // Close enough: a couple of typos, or the word is the start of exactly one candidate.
    const int allowed = word.size() <= 4 ? 1 : 2;
    QString best;
    int bestDistance = allowed + 1;
    QStringList prefixed;
    for (const QString &candidate : candidates) {
        const int distance = editDistance(word, candidate);
        if (distance < bestDistance) {
            bestDistance = distance;
            best = candidate;
        }
        if (word.size() >= 3 && candidate.startsWith(word))
            prefixed.append(candidate);
    }
    if (!best.isEmpty())
        return best;
    return prefixed.size() == 1 ? prefixed.first() : QString();
}

} // namespace switchboard::server
