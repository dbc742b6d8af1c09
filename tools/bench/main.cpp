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

using namespace Qt::StringLiterals;

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
        fail(
            u"--%1: expected a number from %2 to %3, got \"%4\""_s.arg(name).arg(low).arg(high).arg(
                parser.value(name).left(40)));
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
        || !address.isInSubnet(QHostAddress(u"127.0.0.0"_s), 8))
        fail(u"--%1: expected an address in 127.0.0.0/8, got \"%2\""_s.arg(
            name, parser.value(name).left(40)));
    return htonl(address.toIPv4Address());
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"switchboard-bench"_s);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Protocol v1 load generator for Switchboard and its reference peers (loopback only)."_s);
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
    parser.addOption(
        { u"no-receipts"_s, u"agents do not answer messages with delivered receipts"_s });
    parser.addOption({ u"no-progress"_s, u"no progress line even on a terminal"_s });
    parser.addOption({ u"failover"_s,
        u"a connection its endpoint refuses or drops moves to the next one and "
        "resumes (default with several endpoints)"_s });
    parser.addOption(
        { u"no-failover"_s, u"count refused or dropped connections as errors instead"_s });
    parser.process(app);
    if (!parser.positionalArguments().isEmpty())
        fail(u"unexpected argument \"%1\""_s.arg(parser.positionalArguments().first()));

    BenchOptions options;
    const QStringList urls = listValues(parser, u"url"_s);
    if (urls.isEmpty() || urls.size() > 255)
        fail(u"--url: expected 1 to 255 URLs, got %1"_s.arg(urls.size()));
    for (const QString &text : urls) {
        const QUrl url(text);
        const QHostAddress host(url.host());
        if (!url.isValid() || url.scheme() != QLatin1String("ws") || url.port() <= 0
            || host.protocol() != QAbstractSocket::IPv4Protocol
            || !host.isInSubnet(QHostAddress(u"127.0.0.0"_s), 8))
            fail(u"--url: expected ws://127.x.x.x:PORT/ws (loopback only), got \"%1\""_s.arg(
                text.left(80)));
        options.endpoints.push_back({ htonl(host.toIPv4Address()), quint16(url.port()), text });
    }
    if (parser.isSet(u"failover"_s) && parser.isSet(u"no-failover"_s))
        fail(u"--failover and --no-failover exclude each other"_s);
    options.failover = parser.isSet(u"failover"_s)
        || (options.endpoints.size() > 1 && !parser.isSet(u"no-failover"_s));
    options.idle = int(number(parser, u"idle"_s, 0, 1e6));
    options.agents = int(number(parser, u"agents"_s, 0, 1e5));
    options.active = int(number(parser, u"active"_s, 0, 1e6));
    options.window = int(number(parser, u"window"_s, 1, 1e5));
    options.rate = number(parser, u"rate"_s, 0, 1e7);
    options.seconds = number(parser, u"seconds"_s, 0.1, 86400);
    options.warmup = number(parser, u"warmup"_s, 0, 3600);
    options.messageBytes = int(number(parser, u"message-bytes"_s, 1, 8000));
    options.sources = int(number(parser, u"sources"_s, 0, 254));
    options.connectConcurrency = int(number(parser, u"connect-concurrency"_s, 1, 1e5));
    options.phaseTimeout = number(parser, u"phase-timeout"_s, 1, 3600);
    options.agentPrefix = parser.value(u"agent-prefix"_s);
    options.agentPassword = parser.value(u"agent-password"_s);
    options.threads = int(number(parser, u"threads"_s, 1, 64));
    options.drain = number(parser, u"drain"_s, 0, 600);
    options.terminatePid = qint64(number(parser, u"terminate-pid"_s, 0, 1e9));
    options.terminateAfter = number(parser, u"terminate-after"_s, 0, 86400);
    for (const QString &text : listValues(parser, u"server-pid"_s)) {
        bool ok = false;
        const qint64 pid = text.toLongLong(&ok);
        if (!ok || pid < 0 || pid > 1'000'000'000)
            fail(u"--server-pid: expected process ids, got \"%1\""_s.arg(text.left(40)));
        if (pid > 0)
            options.serverPids.push_back(pid);
    }
    options.floodVisitors = int(number(parser, u"flood-visitors"_s, 0, 1e7));
    options.floodConcurrency = int(number(parser, u"flood-concurrency"_s, 1, 1e5));
    options.floodSource = loopbackAddress(parser, u"flood-source"_s);
    options.probeSource = loopbackAddress(parser, u"probe-source"_s);
    options.agentSource = loopbackAddress(parser, u"agent-source"_s);
    options.probeRate = number(parser, u"probe-rate"_s, 0.1, 1000);
    options.sliceSeconds = number(parser, u"slice-seconds"_s, 0.1, 3600);
    if (options.floodVisitors > 0) {
        if (options.endpoints.size() != 1)
            fail(u"--flood-visitors loads one server: give one --url"_s);
        if (options.idle + options.agents + options.active > 0)
            fail(u"--flood-visitors runs alone: no --idle, --agents or --active"_s);
        if (options.floodSource == options.probeSource)
            fail(u"--probe-source must differ from --flood-source"_s);
    }
    options.receipts = !parser.isSet(u"no-receipts"_s);
    options.progress = !parser.isSet(u"no-progress"_s) && ::isatty(2);
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
            fail(
                u"%1 connections need %2 open files; the limit is %3 (ulimit -n)"_s.arg(needed - 64)
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
