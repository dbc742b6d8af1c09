// switchboard-bench: a protocol v1 load generator. N idle customers, M agents and P active
// customers each keeping W messages in flight for S seconds, against any server (or several
// nodes of one cluster) on this machine's loopback; prints one JSON line.
#include "benchoptions.h"
#include "floodrun.h"
#include "loadgenerator.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHostAddress>
#include <QUrl>
#include <arpa/inet.h>
#include <cstdio>
#include <sys/resource.h>
#include <unistd.h>

using switchboard::bench::BenchOptions;

namespace {

[[noreturn]] void fail(const QString &message)
{
    std::fprintf(stderr, "switchboard-bench: %s\n", qPrintable(message));
    std::exit(2);
}

double number(const QCommandLineParser &parser, const QString &name, double low, double high)
{
    bool ok = false;
    const double value = parser.value(name).toDouble(&ok);
    if (!ok || value < low || value > high)
        fail(QStringLiteral("--%1: expected a number from %2 to %3, got \"%4\"")
                 .arg(name)
                 .arg(low)
                 .arg(high)
                 .arg(parser.value(name).left(40)));
    return value;
}

// Every value of a repeatable option, each also split at commas.
QStringList listValues(const QCommandLineParser &parser, const QString &name)
{
    QStringList out;
    for (const QString &value : parser.values(name)) {
        for (const QString &part : value.split(QLatin1Char(','), Qt::SkipEmptyParts))
            out.append(part.trimmed());
    }
    return out;
}

// A loopback IPv4 address in network order, or exit.
quint32 loopbackAddress(const QCommandLineParser &parser, const QString &name)
{
    const QHostAddress address(parser.value(name));
    if (address.protocol() != QAbstractSocket::IPv4Protocol
        || !address.isInSubnet(QHostAddress(QStringLiteral("127.0.0.0")), 8))
        fail(QStringLiteral("--%1: expected an address in 127.0.0.0/8, got \"%2\"")
                 .arg(name, parser.value(name).left(40)));
    return htonl(address.toIPv4Address());
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("switchboard-bench"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Protocol v1 load generator for Switchboard and its reference peers (loopback only)."));
    parser.addHelpOption();
    auto option
        = [&](const char *name, const char *valueName, const char *help, const char *fallback) {
              parser.addOption({ QString::fromLatin1(name), QString::fromLatin1(help),
                  QString::fromLatin1(valueName), QString::fromLatin1(fallback) });
          };
    option("url", "URL",
        "server to load, ws://127.x.x.x:PORT/ws; repeat it or separate URLs with commas to "
        "spread connections over several nodes round-robin",
        "ws://127.0.0.1:8420/ws");
    option("idle", "N", "idle customers (hello, then only pongs)", "0");
    option("agents", "M", "agents receiving the active customers' messages", "0");
    option("active", "P", "active customers sending messages", "0");
    option("window", "W", "messages each active customer keeps in flight", "1");
    option("rate", "MSGS_PER_S", "paced total send rate; 0 = as fast as acks allow", "0");
    option("seconds", "S", "measured traffic time", "10");
    option("warmup", "S", "traffic before measuring starts", "1");
    option("message-bytes", "N", "text length of each message", "64");
    option("sources", "K", "rotate 127.0.0.1 .. 127.0.0.K as source addresses; 0 = any", "32");
    option("connect-concurrency", "N", "handshakes in flight at once", "512");
    option("phase-timeout", "S", "longest a connect phase may take", "120");
    option("agent-prefix", "LOGIN", "agent i signs in as LOGIN<i>", "bench-agent-");
    option("agent-password", "PASSWORD", "password of every bench agent", "bench-password");
    option("drain", "S", "longest wait after traffic for acks and deliveries in flight", "2");
    option("terminate-pid", "PID",
        "send this server SIGTERM during the traffic (a node leaving: its connections fail over)",
        "0");
    option("terminate-after", "S", "seconds into the measured traffic for --terminate-pid", "5");
    option("server-pid", "PID",
        "report this process's resident memory per connection (repeat or use commas for "
        "several nodes: their sum)",
        "0");
    option("threads", "N",
        "threads for the traffic phase, each with its share of the connections (connecting "
        "stays on one)",
        "1");
    option("flood-visitors", "N",
        "instead of the traffic above: N new visitors from --flood-source, as fast as they are "
        "answered, each writing one message and leaving, while a probe visitor chats with agent "
        "0 (--agent-prefix) from another address; reports refusals, the probe's ack latency "
        "and the server's RSS (--server-pid)",
        "0");
    option("flood-concurrency", "N", "flood visitors connecting or connected at once", "2000");
    option("flood-source", "ADDRESS", "the flooding address", "127.0.0.1");
    option("probe-source", "ADDRESS", "the probe visitor's address", "127.0.0.2");
    option("agent-source", "ADDRESS", "the address of the agent the probe talks to", "127.0.0.3");
    option("probe-rate", "MSGS_PER_S", "the probe's messages per second", "20");
    option("slice-seconds", "S", "length of the flood report's time slices", "5");
    parser.addOption({ QStringLiteral("no-receipts"),
        QStringLiteral("agents do not answer messages with delivered receipts") });
    parser.addOption(
        { QStringLiteral("no-progress"), QStringLiteral("no progress line even on a terminal") });
    parser.addOption({ QStringLiteral("failover"),
        QStringLiteral("a connection its endpoint refuses or drops moves to the next one and "
                       "resumes (default with several endpoints)") });
    parser.addOption({ QStringLiteral("no-failover"),
        QStringLiteral("count refused or dropped connections as errors instead") });
    parser.process(app);
    if (!parser.positionalArguments().isEmpty())
        fail(
            QStringLiteral("unexpected argument \"%1\"").arg(parser.positionalArguments().first()));

    BenchOptions options;
    const QStringList urls = listValues(parser, QStringLiteral("url"));
    if (urls.isEmpty() || urls.size() > 255)
        fail(QStringLiteral("--url: expected 1 to 255 URLs, got %1").arg(urls.size()));
    for (const QString &text : urls) {
        const QUrl url(text);
        const QHostAddress host(url.host());
        if (!url.isValid() || url.scheme() != QLatin1String("ws") || url.port() <= 0
            || host.protocol() != QAbstractSocket::IPv4Protocol
            || !host.isInSubnet(QHostAddress(QStringLiteral("127.0.0.0")), 8))
            fail(
                QStringLiteral("--url: expected ws://127.x.x.x:PORT/ws (loopback only), got \"%1\"")
                    .arg(text.left(80)));
        options.endpoints.push_back({ htonl(host.toIPv4Address()), quint16(url.port()), text });
    }
    if (parser.isSet(QStringLiteral("failover")) && parser.isSet(QStringLiteral("no-failover")))
        fail(QStringLiteral("--failover and --no-failover exclude each other"));
    options.failover = parser.isSet(QStringLiteral("failover"))
        || (options.endpoints.size() > 1 && !parser.isSet(QStringLiteral("no-failover")));
    options.idle = int(number(parser, QStringLiteral("idle"), 0, 1e6));
    options.agents = int(number(parser, QStringLiteral("agents"), 0, 1e5));
    options.active = int(number(parser, QStringLiteral("active"), 0, 1e6));
    options.window = int(number(parser, QStringLiteral("window"), 1, 1e5));
    options.rate = number(parser, QStringLiteral("rate"), 0, 1e7);
    options.seconds = number(parser, QStringLiteral("seconds"), 0.1, 86400);
    options.warmup = number(parser, QStringLiteral("warmup"), 0, 3600);
    options.messageBytes = int(number(parser, QStringLiteral("message-bytes"), 1, 8000));
    options.sources = int(number(parser, QStringLiteral("sources"), 0, 254));
    options.connectConcurrency = int(number(parser, QStringLiteral("connect-concurrency"), 1, 1e5));
    options.phaseTimeout = number(parser, QStringLiteral("phase-timeout"), 1, 3600);
    options.agentPrefix = parser.value(QStringLiteral("agent-prefix"));
    options.agentPassword = parser.value(QStringLiteral("agent-password"));
    options.threads = int(number(parser, QStringLiteral("threads"), 1, 64));
    options.drain = number(parser, QStringLiteral("drain"), 0, 600);
    options.terminatePid = qint64(number(parser, QStringLiteral("terminate-pid"), 0, 1e9));
    options.terminateAfter = number(parser, QStringLiteral("terminate-after"), 0, 86400);
    for (const QString &text : listValues(parser, QStringLiteral("server-pid"))) {
        bool ok = false;
        const qint64 pid = text.toLongLong(&ok);
        if (!ok || pid < 0 || pid > 1'000'000'000)
            fail(QStringLiteral("--server-pid: expected process ids, got \"%1\"")
                     .arg(text.left(40)));
        if (pid > 0)
            options.serverPids.push_back(pid);
    }
    options.floodVisitors = int(number(parser, QStringLiteral("flood-visitors"), 0, 1e7));
    options.floodConcurrency = int(number(parser, QStringLiteral("flood-concurrency"), 1, 1e5));
    options.floodSource = loopbackAddress(parser, QStringLiteral("flood-source"));
    options.probeSource = loopbackAddress(parser, QStringLiteral("probe-source"));
    options.agentSource = loopbackAddress(parser, QStringLiteral("agent-source"));
    options.probeRate = number(parser, QStringLiteral("probe-rate"), 0.1, 1000);
    options.sliceSeconds = number(parser, QStringLiteral("slice-seconds"), 0.1, 3600);
    if (options.floodVisitors > 0) {
        if (options.endpoints.size() != 1)
            fail(QStringLiteral("--flood-visitors loads one server: give one --url"));
        if (options.idle + options.agents + options.active > 0)
            fail(QStringLiteral("--flood-visitors runs alone: no --idle, --agents or --active"));
        if (options.floodSource == options.probeSource)
            fail(QStringLiteral("--probe-source must differ from --flood-source"));
    }
    options.receipts = !parser.isSet(QStringLiteral("no-receipts"));
    options.progress = !parser.isSet(QStringLiteral("no-progress")) && ::isatty(2);
    if (options.active > 0 && options.agents == 0 && options.receipts)
        options.receipts = false; // nobody to answer

    // Every connection is a descriptor: take the hard limit.
    rlimit limit {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
        const qint64 needed = qint64(options.idle) + options.agents + options.active
            + (options.floodVisitors > 0 ? options.floodConcurrency + 2 : 0) + 64;
        if (limit.rlim_cur != RLIM_INFINITY && qint64(limit.rlim_cur) < needed)
            fail(QStringLiteral("%1 connections need %2 open files; the limit is %3 (ulimit -n)")
                     .arg(needed - 64)
                     .arg(needed)
                     .arg(qint64(limit.rlim_cur)));
    }

    QByteArray line;
    if (options.floodVisitors > 0) {
        switchboard::bench::FloodRun flood(options);
        line = flood.run();
    } else {
        switchboard::bench::LoadGenerator generator(options);
        line = generator.run();
    }
    std::fwrite(line.constData(), 1, std::size_t(line.size()), stdout);
    std::fputc('\n', stdout);
    return 0;
}
