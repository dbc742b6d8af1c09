#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <config/commandline.h>
#include <config/serverconfig.h>
#include <switchboard/version.h>

using namespace Qt::StringLiterals;

using namespace switchboard;
using namespace switchboard::server;

namespace {

// Every key of ServerConfig, as the issue and docs name them, with a value it accepts and,
// where the server refuses the key alone, the flag that completes it.
struct SampleSetting {
    const char *key;
    const char *value;
    const char *companion = nullptr;
};

const SampleSetting everyKey[] = {
    { "listen", "127.0.0.1:9000" },
    { "data", "/tmp/switchboard-test" },
    { "log-format", "text" },
    { "log-level", "debug" },
    { "agent-capacity", "7" },
    { "routing", "manual" },
    { "rate-limit", "2.5" },
    { "rate-burst", "10" },
    { "heartbeat", "30" },
    { "grace", "0" },
    { "hello-timeout", "5" },
    { "handshake-timeout", "6" },
    { "max-message-bytes", "2048" },
    { "io-threads", "2" },
    { "node-id", "node-1" },
    { "allowed-origins", "https://chat.example.com" },
    { "sqlite-synchronous", "full" },
    { "busy-timeout-ms", "250" },
    { "token-lifetime-days", "7" },
    { "login-attempts-per-minute", "3" },
    { "create-demo-agent", "true" },
    { "webhook-urls", "https://shop.example.com/hooks", "--webhook-secret=s3cret" },
    { "webhook-secret", "s3cret" },
    { "webhook-secret-file", "/etc/switchboard/webhook.key" },
    { "widget-texts", "/etc/switchboard/widget-texts.json" },
    { "webhook-attempts", "3" },
    { "tls-cert", "/etc/switchboard/tls/fullchain.pem",
        "--tls-key=/etc/switchboard/tls/privkey.pem" },
    { "tls-key", "/etc/switchboard/tls/privkey.pem",
        "--tls-cert=/etc/switchboard/tls/fullchain.pem" },
    { "webhook-backoff-ms", "250" },
    { "missed-after-minutes", "12.5" },
    { "trusted-proxies", "10.0.0.5,10.1.0.0/16" },
    { "new-visitors-per-minute", "5" },
    { "open-conversations-per-address", "7" },
    { "pending-hellos-per-address", "12" },
    { "max-open-conversations", "5000" },
    { "idle-close-hours", "2" },
};

// The arguments that set `key` to `value` on a command line the server accepts.
QStringList sampleArguments(const QString &key, const QStringList &setting)
{
    for (const SampleSetting &sample : everyKey) {
        if (key == QLatin1StringView(sample.key) && sample.companion)
            return setting + QStringList { QString::fromLatin1(sample.companion) };
    }
    return setting;
}

// One field of the config rendered as text, to compare what a setting changed.
QString fieldText(const ServerConfig &c, const QString &key)
{
    if (key == u"listen"_s) {
        const QString host = c.listenAddress.protocol() == QAbstractSocket::IPv6Protocol
            ? u"["_s + c.listenAddress.toString() + u"]"_s
            : c.listenAddress.toString();
        return host + u":"_s + QString::number(c.listenPort);
    }
    if (key == u"data"_s)
        return c.dataDir;
    if (key == u"log-format"_s)
        return !c.logFormat ? u"unset"_s
                            : (*c.logFormat == logging::Format::Json ? u"json"_s : u"text"_s);
    if (key == u"log-level"_s)
        return c.logLevel;
    if (key == u"agent-capacity"_s)
        return QString::number(c.agentCapacity);
    if (key == u"routing"_s)
        return protocol::routingModeName(c.routing);
    if (key == u"rate-limit"_s)
        return QString::number(c.rateLimit);
    if (key == u"rate-burst"_s)
        return QString::number(c.rateBurst);
    if (key == u"heartbeat"_s)
        return QString::number(c.heartbeatSeconds);
    if (key == u"grace"_s)
        return QString::number(c.graceSeconds);
    if (key == u"hello-timeout"_s)
        return QString::number(c.helloTimeoutSeconds);
    if (key == u"handshake-timeout"_s)
        return QString::number(c.handshakeTimeoutSeconds);
    if (key == u"max-message-bytes"_s)
        return QString::number(c.maxMessageBytes);
    if (key == u"io-threads"_s)
        return QString::number(c.ioThreads);
    if (key == u"node-id"_s)
        return c.nodeId;
    if (key == u"allowed-origins"_s)
        return c.allowedOrigins.join(u',');
    if (key == u"sqlite-synchronous"_s)
        return c.synchronousFull ? u"full"_s : u"normal"_s;
    if (key == u"busy-timeout-ms"_s)
        return QString::number(c.busyTimeoutMs);
    if (key == u"token-lifetime-days"_s)
        return QString::number(c.tokenLifetimeDays);
    if (key == u"login-attempts-per-minute"_s)
        return QString::number(c.loginAttemptsPerMinute);
    if (key == u"create-demo-agent"_s)
        return c.createDemoAgent ? u"true"_s : u"false"_s;
    if (key == u"webhook-urls"_s)
        return c.webhookUrls.join(u',');
    if (key == u"webhook-secret"_s)
        return QString::fromUtf8(c.webhookSecret);
    if (key == u"widget-texts"_s)
        return c.widgetTextsFile;
    if (key == u"webhook-secret-file"_s)
        return c.webhookSecretFile;
    if (key == u"webhook-attempts"_s)
        return QString::number(c.webhookAttempts);
    if (key == u"tls-cert"_s)
        return c.tlsCertificatePath;
    if (key == u"tls-key"_s)
        return c.tlsKeyPath;
    if (key == u"webhook-backoff-ms"_s)
        return QString::number(c.webhookBackoffMs);
    if (key == u"redis"_s)
        return c.redisUrl;
    if (key == u"public-endpoint"_s)
        return c.publicEndpoint;
    if (key == u"cluster-ttl-seconds"_s)
        return QString::number(c.clusterTtlSeconds);
    if (key == u"trusted-proxies"_s)
        return c.trustedProxiesText.join(u',');
    if (key == u"new-visitors-per-minute"_s)
        return QString::number(c.newVisitorsPerMinute);
    if (key == u"open-conversations-per-address"_s)
        return QString::number(c.openConversationsPerAddress);
    if (key == u"pending-hellos-per-address"_s)
        return QString::number(c.pendingHellosPerAddress);
    if (key == u"max-open-conversations"_s)
        return QString::number(c.maxOpenConversations);
    if (key == u"missed-after-minutes"_s)
        return QString::number(c.missedAfterMinutes);
    if (key == u"idle-close-hours"_s)
        return QString::number(c.idleCloseHours);
    return u"<no such key in the test>"_s;
}

QStringList argv(const QStringList &arguments)
{
    return QStringList { u"switchboard-server"_s } + arguments;
}

QString commandKind(const Command &command)
{
    struct Namer {
        QString operator()(const RunServer &) const { return u"run"_s; }
        QString operator()(const UserAdd &) const { return u"user add"_s; }
        QString operator()(const UserList &) const { return u"user list"_s; }
        QString operator()(const UserRemove &) const { return u"user remove"_s; }
        QString operator()(const UserPasswd &) const { return u"user passwd"_s; }
        QString operator()(const DeadLetters &command) const
        {
            switch (command.action) {
            case DeadLetters::Action::Replay:
                return u"deadletters replay "_s + QString::number(command.id);
            case DeadLetters::Action::Purge:
                return u"deadletters purge"_s;
            case DeadLetters::Action::List:
                break;
            }
            return u"deadletters list"_s;
        }
        QString operator()(const ExportHistory &) const { return u"export"_s; }
        QString operator()(const RunRetention &) const { return u"retention"_s; }
        QString operator()(const ShowVersion &) const { return u"version"_s; }
        QString operator()(const ShowHelp &) const { return u"help"_s; }
    };
    return std::visit(Namer {}, command);
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

} // namespace

class tst_ServerConfig final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    // applySetting
    void applySetting_data();
    void applySetting();
    void errorMessagesFromTheIssue_data();
    void errorMessagesFromTheIssue();
    void everyKeyIsASettingAndDocumented_data();
    void everyKeyIsASettingAndDocumented();
    void paths();
    void webhookSecretFromFile();
    void clusterNeedsTheSharedDatabase();

    // applyConfigFile
    void configFile_data();
    void configFile();
    void missingConfigFile();

    // parseCommandLine
    void parse_data();
    void parse();
    void keyValueFormsAgree_data();
    void keyValueFormsAgree();
    void flagsOverrideConfigFile_data();
    void flagsOverrideConfigFile();
    void createDemoAgentSwitch_data();
    void createDemoAgentSwitch();
    void userAddFields();
    void dataDirDefaultsToAppData();
    void helpDocumentsEverything_data();
    void helpDocumentsEverything();
    void version();
    void ensureDataDirectory();

private:
    QTemporaryDir m_dir;
};

void tst_ServerConfig::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(writeFile(m_dir.filePath(u"secret"_s), "  from-a-file\n"));
    QVERIFY(writeFile(m_dir.filePath(u"empty"_s), "\n"));
    // The server's config file, webhooks and all, shared with the maintenance commands.
    QVERIFY(writeFile(m_dir.filePath(u"webhook.conf"_s),
        "webhook-urls = https://shop.example/h\nwebhook-secret-file = /nonexistent/key\n"));
}

void tst_ServerConfig::webhookSecretFromFile()
{
    const auto parsed = parseCommandLine(
        argv({ u"--webhook-urls"_s, u"https://a.example/h, https://b.example/h"_s,
            u"--webhook-secret-file"_s, m_dir.filePath(u"secret"_s), u"--webhook-attempts=4"_s }));
    QVERIFY2(parsed.hasValue(), qPrintable(parsed ? QString() : parsed.error().message));
    const ServerConfig &config = std::get<RunServer>(*parsed).config;
    QCOMPARE(
        config.webhookUrls, (QStringList { u"https://a.example/h"_s, u"https://b.example/h"_s }));
    QCOMPARE(config.webhookSecret, QByteArray("from-a-file")); // white space trimmed
    QCOMPARE(config.webhookAttempts, 4);
    QCOMPARE(config.webhookBackoffMs, 1000);

    const ServerConfig defaults;
    QVERIFY(defaults.webhookUrls.isEmpty());
    QCOMPARE(defaults.webhookAttempts, 6);
    QCOMPARE(defaults.webhookBackoffMs, 1000);
    QCOMPARE(ServerConfig::webhookBackoffCapMs, 5 * 60 * 1000);

    // The secret never appears in an error.
    const auto refused = parseCommandLine(
        argv({ u"--webhook-urls=ftp://x.example/"_s, u"--webhook-secret=hunter2hunter2"_s }));
    QVERIFY(!refused.hasValue());
    QVERIFY(!refused.error().message.contains(u"hunter2"_s));
}

void tst_ServerConfig::clusterNeedsTheSharedDatabase()
{
    // Each node's own SQLite file would split the data: refused, saying what to add.
    const auto alone = parseCommandLine(argv({ u"--redis"_s, u"redis://:hunter2@cache:6379"_s }));
    QVERIFY(!alone.hasValue());
    QVERIFY2(
        alone.error().message.contains(u"db = postgresql://"_s), qPrintable(alone.error().message));
    QVERIFY(!alone.error().message.contains(u"hunter2"_s));

    const auto shared = parseCommandLine(argv({ u"--redis"_s, u"redis://cache:6379"_s, u"--db"_s,
        u"postgresql://switchboard:pw@db:5432/switchboard"_s, u"--public-endpoint"_s,
        u"ws://chat1.example.com:8080/ws"_s }));
    QVERIFY2(shared.hasValue(), qPrintable(shared ? QString() : shared.error().message));
    const ServerConfig &config = std::get<RunServer>(*shared).config;
    QCOMPARE(config.redisUrl, u"redis://cache:6379"_s);
    QCOMPARE(config.publicEndpoint, u"ws://chat1.example.com:8080/ws"_s);
    QCOMPARE(config.clusterTtlSeconds, 10);
    QVERIFY(ServerConfig().redisUrl.isEmpty()); // alone unless told
}

void tst_ServerConfig::applySetting_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<QString>("expected"); // the field when accepted, part of the error if not

    const auto good
        = [](const char *row, const QString &key, const QString &value, const QString &field) {
              QTest::addRow("%s", row) << key << value << true << field;
          };
    const auto bad
        = [](const char *row, const QString &key, const QString &value, const QString &errorPart) {
              QTest::addRow("%s", row) << key << value << false << errorPart;
          };
    const QString wholeNumber = u"expected a whole number"_s;

    good("listen ipv4", u"listen"_s, u"127.0.0.1:8420"_s, u"127.0.0.1:8420"_s);
    good("listen all interfaces", u"listen"_s, u"0.0.0.0:80"_s, u"0.0.0.0:80"_s);
    good("listen ipv6 in brackets", u"listen"_s, u"[::1]:9000"_s, u"[::1]:9000"_s);
    good("listen ipv6 any", u"listen"_s, u"[::]:8420"_s, u"[::]:8420"_s);
    good("listen localhost", u"listen"_s, u"localhost:8080"_s, u"127.0.0.1:8080"_s);
    good("listen port 0", u"listen"_s, u"127.0.0.1:0"_s, u"127.0.0.1:0"_s);
    good("listen highest port", u"listen"_s, u"127.0.0.1:65535"_s, u"127.0.0.1:65535"_s);
    bad("listen port only", u"listen"_s, u"8420"_s, u"expected HOST:PORT"_s);
    bad("listen without port", u"listen"_s, u"127.0.0.1"_s, u"expected HOST:PORT"_s);
    bad("listen empty port", u"listen"_s, u"127.0.0.1:"_s, u"port must be"_s);
    bad("listen empty", u"listen"_s, QString(), u"expected HOST:PORT"_s);
    bad("listen port too big", u"listen"_s, u"127.0.0.1:65536"_s, u"port must be"_s);
    bad("listen port not a number", u"listen"_s, u"127.0.0.1:http"_s, u"port must be"_s);
    bad("listen negative port", u"listen"_s, u"127.0.0.1:-1"_s, u"port must be"_s);
    bad("listen ipv6 without brackets", u"listen"_s, u"::1:8420"_s, u"needs brackets"_s);
    bad("listen host name", u"listen"_s, u"example.com:80"_s, u"IP address or localhost"_s);
    bad("listen ipv4 in brackets", u"listen"_s, u"[127.0.0.1]:80"_s, u"IP address or localhost"_s);
    bad("listen unclosed bracket", u"listen"_s, u"[::1:80"_s, u"expected HOST:PORT"_s);

    good("data absolute", u"data"_s, u"/var/lib/switchboard"_s, u"/var/lib/switchboard"_s);
    good("data cleaned", u"data"_s, u"/var/lib//switchboard/"_s, u"/var/lib/switchboard"_s);
    good("data tilde", u"data"_s, u"~/sb"_s, QDir::homePath() + u"/sb"_s);
    bad("data empty", u"data"_s, u"  "_s, u"expected a directory path"_s);

    good("log-format json", u"log-format"_s, u"json"_s, u"json"_s);
    good("log-format text", u"log-format"_s, u"text"_s, u"text"_s);
    bad("log-format xml", u"log-format"_s, u"xml"_s, u"expected json|text, got \"xml\""_s);
    bad("log-format upper case", u"log-format"_s, u"JSON"_s, u"expected json|text"_s);

    for (const QString &level : { u"debug"_s, u"info"_s, u"warning"_s, u"error"_s, u"critical"_s })
        QTest::addRow("log-level %s", qPrintable(level))
            << u"log-level"_s << level << true << level;
    bad("log-level verbose", u"log-level"_s, u"verbose"_s,
        u"expected debug|info|warning|error|critical"_s);

    good("agent-capacity lowest", u"agent-capacity"_s, u"1"_s, u"1"_s);
    good("agent-capacity highest", u"agent-capacity"_s, u"1000"_s, u"1000"_s);
    bad("agent-capacity zero", u"agent-capacity"_s, u"0"_s, wholeNumber);
    bad("agent-capacity too big", u"agent-capacity"_s, u"1001"_s, wholeNumber);
    bad("agent-capacity fraction", u"agent-capacity"_s, u"2.5"_s, wholeNumber);
    bad("agent-capacity signed", u"agent-capacity"_s, u"+3"_s, wholeNumber);
    bad("agent-capacity huge", u"agent-capacity"_s, u"99999999999999999999999"_s, wholeNumber);

    good("routing least_loaded", u"routing"_s, u"least_loaded"_s, u"least_loaded"_s);
    good("routing round_robin", u"routing"_s, u"round_robin"_s, u"round_robin"_s);
    good("routing manual", u"routing"_s, u"manual"_s, u"manual"_s);
    bad("routing random", u"routing"_s, u"random"_s,
        u"expected least_loaded|round_robin|manual, got \"random\""_s);

    good("rate-limit unlimited", u"rate-limit"_s, u"0"_s, u"0"_s);
    good("rate-limit fractional", u"rate-limit"_s, u"0.5"_s, u"0.5"_s);
    good("rate-limit whole", u"rate-limit"_s, u"100"_s, u"100"_s);
    bad("rate-limit negative", u"rate-limit"_s, u"-1"_s, u"expected messages per second"_s);
    bad("rate-limit word", u"rate-limit"_s, u"fast"_s, u"expected messages per second"_s);
    bad("rate-limit infinite", u"rate-limit"_s, u"inf"_s, u"expected messages per second"_s);
    bad("rate-limit NaN", u"rate-limit"_s, u"nan"_s, u"expected messages per second"_s);

    good("rate-burst", u"rate-burst"_s, u"100"_s, u"100"_s);
    bad("rate-burst zero", u"rate-burst"_s, u"0"_s, wholeNumber);

    good("heartbeat lowest", u"heartbeat"_s, u"1"_s, u"1"_s);
    good("heartbeat highest", u"heartbeat"_s, u"3600"_s, u"3600"_s);
    bad("heartbeat zero", u"heartbeat"_s, u"0"_s,
        u"expected a whole number of seconds from 1 to 3600, got \"0\""_s);
    bad("heartbeat too long", u"heartbeat"_s, u"3601"_s, wholeNumber);

    good("grace zero", u"grace"_s, u"0"_s, u"0"_s);
    good("grace a day", u"grace"_s, u"86400"_s, u"86400"_s);
    bad("grace negative", u"grace"_s, u"-1"_s, wholeNumber);
    bad("grace over a day", u"grace"_s, u"86401"_s, wholeNumber);

    good("hello-timeout", u"hello-timeout"_s, u"30"_s, u"30"_s);
    bad("hello-timeout zero", u"hello-timeout"_s, u"0"_s, wholeNumber);
    good("handshake-timeout", u"handshake-timeout"_s, u"3"_s, u"3"_s);
    bad("handshake-timeout too long", u"handshake-timeout"_s, u"601"_s, wholeNumber);

    good("max-message-bytes lowest", u"max-message-bytes"_s, u"1024"_s, u"1024"_s);
    good("max-message-bytes 16 MiB", u"max-message-bytes"_s, u"16777216"_s, u"16777216"_s);
    bad("max-message-bytes too small", u"max-message-bytes"_s, u"1023"_s,
        u"whole number of bytes from 1024 to 16777216"_s);
    bad("max-message-bytes over 16 MiB", u"max-message-bytes"_s, u"16777217"_s, wholeNumber);

    good("io-threads one per core", u"io-threads"_s, u"0"_s, u"0"_s);
    good("io-threads highest", u"io-threads"_s, u"64"_s, u"64"_s);
    bad("io-threads too many", u"io-threads"_s, u"65"_s, wholeNumber);

    good("node-id", u"node-id"_s, u"eu-1.chat_a"_s, u"eu-1.chat_a"_s);
    good("node-id empty means generated", u"node-id"_s, QString(), QString());
    bad("node-id with space", u"node-id"_s, u"node 1"_s, u"expected 1 to 64 characters"_s);
    bad("node-id too long", u"node-id"_s, QString(65, u'n'), u"expected 1 to 64 characters"_s);

    good("allowed-origins list", u"allowed-origins"_s,
        u"https://chat.example.com, http://localhost:8080"_s,
        u"https://chat.example.com,http://localhost:8080"_s);
    good("allowed-origins empty means any", u"allowed-origins"_s, QString(), QString());
    good("allowed-origins duplicates dropped", u"allowed-origins"_s,
        u"https://a.example,https://a.example"_s, u"https://a.example"_s);
    bad("allowed-origins with path", u"allowed-origins"_s, u"https://chat.example.com/"_s,
        u"got \"https://chat.example.com/\""_s);
    bad("allowed-origins without scheme", u"allowed-origins"_s, u"chat.example.com"_s,
        u"expected comma-separated origins"_s);
    bad("allowed-origins ftp", u"allowed-origins"_s, u"ftp://files.example.com"_s,
        u"expected comma-separated origins"_s);
    bad("allowed-origins upper case never matches", u"allowed-origins"_s,
        u"https://Chat.Example.com"_s, u"lower-case"_s);
    bad("allowed-origins second one bad", u"allowed-origins"_s,
        u"https://ok.example,https://bad.example/path"_s, u"\"https://bad.example/path\""_s);

    good("sqlite-synchronous normal", u"sqlite-synchronous"_s, u"normal"_s, u"normal"_s);
    good("sqlite-synchronous full", u"sqlite-synchronous"_s, u"full"_s, u"full"_s);
    bad("sqlite-synchronous off", u"sqlite-synchronous"_s, u"off"_s,
        u"expected normal|full, got \"off\""_s);

    good("busy-timeout-ms zero", u"busy-timeout-ms"_s, u"0"_s, u"0"_s);
    good("busy-timeout-ms ten minutes", u"busy-timeout-ms"_s, u"600000"_s, u"600000"_s);
    bad("busy-timeout-ms too long", u"busy-timeout-ms"_s, u"600001"_s,
        u"whole number of milliseconds"_s);

    good("token-lifetime-days", u"token-lifetime-days"_s, u"90"_s, u"90"_s);
    bad("token-lifetime-days zero", u"token-lifetime-days"_s, u"0"_s, u"number of days"_s);

    good("login-attempts-per-minute", u"login-attempts-per-minute"_s, u"5"_s, u"5"_s);
    bad("login-attempts-per-minute zero", u"login-attempts-per-minute"_s, u"0"_s, wholeNumber);

    good("webhook-urls one", u"webhook-urls"_s, u"https://shop.example.com/hooks?src=chat"_s,
        u"https://shop.example.com/hooks?src=chat"_s);
    good("webhook-urls two, spaces and duplicates", u"webhook-urls"_s,
        u" http://127.0.0.1:9000/a , https://crm.example/b,http://127.0.0.1:9000/a"_s,
        u"http://127.0.0.1:9000/a,https://crm.example/b"_s);
    good("webhook-urls empty means none", u"webhook-urls"_s, QString(), QString());
    bad("webhook-urls without scheme", u"webhook-urls"_s, u"shop.example.com/hooks"_s,
        u"expected comma-separated http:// or https:// URLs"_s);
    bad("webhook-urls ftp", u"webhook-urls"_s, u"ftp://shop.example.com/"_s,
        u"got \"ftp://shop.example.com/\""_s);
    bad("webhook-urls no host", u"webhook-urls"_s, u"http:///hooks"_s,
        u"expected comma-separated"_s);
    bad("webhook-urls credentials", u"webhook-urls"_s, u"https://user:pw@shop.example/h"_s,
        u"no user:password@"_s);
    bad("webhook-urls second one bad", u"webhook-urls"_s, u"https://ok.example/h,not a url"_s,
        u"got \"not a url\""_s);
    good("webhook-secret", u"webhook-secret"_s, u"k3y"_s, u"k3y"_s);
    bad("webhook-secret empty", u"webhook-secret"_s, u"  "_s, u"expected a non-empty key"_s);
    good("webhook-secret-file", u"webhook-secret-file"_s, u"/etc/sb/hook.key"_s,
        u"/etc/sb/hook.key"_s);
    bad("webhook-secret-file empty", u"webhook-secret-file"_s, QString(),
        u"expected a file path"_s);
    good("tls-cert", u"tls-cert"_s, u" /etc/sb/fullchain.pem "_s, u"/etc/sb/fullchain.pem"_s);
    bad("tls-cert empty", u"tls-cert"_s, u" "_s, u"expected a file path"_s);
    good("tls-key", u"tls-key"_s, u"/etc/sb/privkey.pem"_s, u"/etc/sb/privkey.pem"_s);
    bad("tls-key empty", u"tls-key"_s, QString(), u"expected a file path"_s);
    good("webhook-attempts lowest", u"webhook-attempts"_s, u"1"_s, u"1"_s);
    good("webhook-attempts highest", u"webhook-attempts"_s, u"100"_s, u"100"_s);
    bad("webhook-attempts zero", u"webhook-attempts"_s, u"0"_s,
        u"expected a whole number from 1 to 100, got \"0\""_s);
    good("webhook-backoff-ms lowest", u"webhook-backoff-ms"_s, u"1"_s, u"1"_s);
    good("webhook-backoff-ms the cap", u"webhook-backoff-ms"_s, u"300000"_s, u"300000"_s);
    bad("webhook-backoff-ms over the cap", u"webhook-backoff-ms"_s, u"300001"_s,
        u"whole number of milliseconds from 1 to 300000"_s);
    bad("webhook-backoff-ms fraction", u"webhook-backoff-ms"_s, u"1.5"_s, wholeNumber);

    good("redis", u"redis"_s, u"redis://10.0.0.5:6379"_s, u"redis://10.0.0.5:6379"_s);
    good("redis with password and database", u"redis"_s, u"redis://:pw@cache:6380/2"_s,
        u"redis://:pw@cache:6380/2"_s);
    bad("redis wrong scheme", u"redis"_s, u"http://cache:6379"_s,
        u"expected redis://[:PASSWORD@]HOST:PORT[/DB]"_s);
    bad("redis database out of range", u"redis"_s, u"redis://cache:6379/99"_s, u"0-15"_s);
    bad("redis no host", u"redis"_s, u"redis://:6379"_s, u"redis://"_s);
    good("public-endpoint", u"public-endpoint"_s, u"wss://chat1.example.com/ws"_s,
        u"wss://chat1.example.com/ws"_s);
    bad("public-endpoint http", u"public-endpoint"_s, u"http://chat1.example.com/ws"_s,
        u"expected a ws:// or wss:// URL"_s);
    good("cluster-ttl-seconds", u"cluster-ttl-seconds"_s, u"3"_s, u"3"_s);
    bad("cluster-ttl-seconds too short", u"cluster-ttl-seconds"_s, u"2"_s, u"from 3 to 600"_s);

    // Fractions are allowed (tests take seconds); 0 turns the rule off.
    good("missed-after-minutes", u"missed-after-minutes"_s, u"45"_s, u"45"_s);
    good("missed-after-minutes fraction", u"missed-after-minutes"_s, u"0.05"_s, u"0.05"_s);
    good("missed-after-minutes off", u"missed-after-minutes"_s, u"0"_s, u"0"_s);
    bad("missed-after-minutes negative", u"missed-after-minutes"_s, u"-1"_s,
        u"expected a number of minutes from 0 (off) to 10080"_s);
    bad("missed-after-minutes over a week", u"missed-after-minutes"_s, u"10081"_s,
        u"from 0 (off) to 10080"_s);
    bad("missed-after-minutes words", u"missed-after-minutes"_s, u"ten"_s, u"got \"ten\""_s);
    bad("missed-after-minutes exponent", u"missed-after-minutes"_s, u"1e3"_s,
        u"expected a number of minutes"_s);
    good("trusted-proxies ipv6 subnet", u"trusted-proxies"_s, u"10.0.0.1, fd00::/8"_s,
        u"10.0.0.1,fd00::/8"_s);
    bad("trusted-proxies host name", u"trusted-proxies"_s, u"proxy.example.com"_s,
        u"expected comma-separated addresses or subnets like 10.0.0.5 or 10.0.0.0/8, got "
        u"\"proxy.example.com\""_s);
    bad("trusted-proxies bad prefix", u"trusted-proxies"_s, u"10.0.0.0/33"_s,
        u"got \"10.0.0.0/33\""_s);
    bad("new-visitors-per-minute negative", u"new-visitors-per-minute"_s, u"-1"_s, wholeNumber);
    good("pending-hellos-per-address off", u"pending-hellos-per-address"_s, u"0"_s, u"0"_s);
    bad("pending-hellos-per-address negative", u"pending-hellos-per-address"_s, u"-1"_s,
        wholeNumber);
    bad("pending-hellos-per-address too large", u"pending-hellos-per-address"_s, u"1000001"_s,
        wholeNumber);
    bad("pending-hellos-per-address not a number", u"pending-hellos-per-address"_s, u"many"_s,
        wholeNumber);
    good("idle-close-hours", u"idle-close-hours"_s, u"12"_s, u"12"_s);
    good("idle-close-hours fraction", u"idle-close-hours"_s, u"0.5"_s, u"0.5"_s);
    bad("idle-close-hours over a year", u"idle-close-hours"_s, u"8761"_s,
        u"expected a number of hours from 0 (off) to 8760"_s);
    bad("idle-close-hours empty", u"idle-close-hours"_s, QString(),
        u"expected a number of hours"_s);

    good("create-demo-agent true", u"create-demo-agent"_s, u"true"_s, u"true"_s);
    good("create-demo-agent yes", u"create-demo-agent"_s, u"YES"_s, u"true"_s);
    good("create-demo-agent 0", u"create-demo-agent"_s, u"0"_s, u"false"_s);
    good("create-demo-agent off", u"create-demo-agent"_s, u"off"_s, u"false"_s);
    bad("create-demo-agent maybe", u"create-demo-agent"_s, u"maybe"_s,
        u"expected true|false, got \"maybe\""_s);
}

void tst_ServerConfig::applySetting()
{
    QFETCH(QString, key);
    QFETCH(QString, value);
    QFETCH(bool, accepted);
    QFETCH(QString, expected);

    ServerConfig config;
    const ServerConfig untouched;
    const auto result = server::applySetting(config, key, value);
    if (accepted) {
        QVERIFY2(result.hasValue(), qPrintable(result ? QString() : result.error().message));
        QCOMPARE(fieldText(config, key), expected);
        return;
    }
    QVERIFY2(!result.hasValue(), qPrintable(u"accepted: "_s + fieldText(config, key)));
    const QString message = result.error().message;
    QVERIFY2(message.startsWith(u"--"_s + key + u": "_s), qPrintable(message));
    QVERIFY2(message.contains(expected), qPrintable(message));
    QVERIFY2(!message.contains(u'\n'), "errors are one line");
    // A refused value leaves the setting as it was.
    QCOMPARE(fieldText(config, key), fieldText(untouched, key));
}

void tst_ServerConfig::errorMessagesFromTheIssue_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("message");

    QTest::addRow("agent capacity not a number")
        << u"agent-capacity"_s << u"x"_s
        << u"--agent-capacity: expected a whole number from 1 to 1000, got \"x\""_s;
    QTest::addRow("listen without port")
        << u"listen"_s << u"nowhere"_s
        << u"--listen: expected HOST:PORT (e.g. 127.0.0.1:8420 or [::1]:8420), got "
           u"\"nowhere\""_s;
    QTest::addRow("misspelled key") << u"lisen"_s << u"127.0.0.1:1"_s
                                    << u"unknown setting \"lisen\" (did you mean \"listen\"?)"_s;
    QTest::addRow("misspelled key, two typos")
        << u"agent-capasity"_s << u"3"_s
        << u"unknown setting \"agent-capasity\" (did you mean \"agent-capacity\"?)"_s;
    QTest::addRow("unknown key, nothing close")
        << u"colour"_s << u"red"_s << u"unknown setting \"colour\""_s;
}

void tst_ServerConfig::errorMessagesFromTheIssue()
{
    QFETCH(QString, key);
    QFETCH(QString, value);
    QFETCH(QString, message);

    ServerConfig config;
    const auto result = server::applySetting(config, key, value);
    QVERIFY(!result.hasValue());
    QCOMPARE(result.error().message, message);
}

void tst_ServerConfig::everyKeyIsASettingAndDocumented_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    for (const SampleSetting &sample : everyKey)
        QTest::addRow("%s", sample.key)
            << QString::fromLatin1(sample.key) << QString::fromLatin1(sample.value);
}

void tst_ServerConfig::everyKeyIsASettingAndDocumented()
{
    QFETCH(QString, key);
    QFETCH(QString, value);

    ServerConfig config;
    const QString before = fieldText(config, key);
    const auto result = server::applySetting(config, key, value);
    QVERIFY2(result.hasValue(), qPrintable(result ? QString() : result.error().message));
    QVERIFY2(fieldText(config, key) != before, "the sample value should change the field");
    QVERIFY2(helpText().contains(u"  --"_s + key + u' '), "every setting is in --help");

    // The same key works as a flag and in a file.
    auto parsed = parseCommandLine(argv(sampleArguments(key, { u"--"_s + key + u'=' + value })));
    QVERIFY2(parsed.hasValue(), qPrintable(parsed ? QString() : parsed.error().message));
    QCOMPARE(fieldText(std::get<RunServer>(*parsed).config, key), fieldText(config, key));

    const QString path = m_dir.filePath(key + u".conf"_s);
    QVERIFY(writeFile(path, (key + u" = "_s + value + u'\n').toUtf8()));
    ServerConfig fromFile;
    const auto read = applyConfigFile(fromFile, path);
    QVERIFY2(read.hasValue(), qPrintable(read ? QString() : read.error().message));
    QCOMPARE(fieldText(fromFile, key), fieldText(config, key));
}

void tst_ServerConfig::paths()
{
    ServerConfig config;
    config.dataDir = u"/srv/switchboard"_s;
    QCOMPARE(config.databasePath(), u"/srv/switchboard/switchboard.sqlite3"_s);

    QVERIFY(defaultDataDir().endsWith(u"/switchboard"_s));
    QVERIFY(QDir::isAbsolutePath(defaultDataDir()));
    config.dataDir.clear();
    QCOMPARE(config.databasePath(), defaultDataDir() + u"/switchboard.sqlite3"_s);
}

void tst_ServerConfig::configFile_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("error"); // %1 is the file's path; empty: accepted
    QTest::addColumn<int>("agentCapacity");
    QTest::addColumn<int>("port");

    QTest::addRow("comments and blank lines")
        << QByteArray("# Switchboard\n\n   # indented comment\nagent-capacity = 7\n"
                      "listen=127.0.0.1:9001\n\n")
        << QString() << 7 << 9001;
    QTest::addRow("quoted value and CRLF line ends")
        << QByteArray("agent-capacity = \"8\"\r\nlisten = \"[::1]:9002\"\r\n") << QString() << 8
        << 9002;
    QTest::addRow("empty file keeps the defaults") << QByteArray() << QString() << 5 << 8420;
    QTest::addRow("no newline at the end")
        << QByteArray("agent-capacity = 9") << QString() << 9 << 8420;
    QTest::addRow("bad value names file and line")
        << QByteArray("# c\nlisten = 127.0.0.1:8420\nagent-capacity = x\n")
        << u"%1:3: agent-capacity: expected a whole number from 1 to 1000, got \"x\""_s << 0 << 0;
    QTest::addRow("unknown key suggests the closest")
        << QByteArray("\nlisen = 127.0.0.1:1\n")
        << u"%1:2: unknown setting \"lisen\" (did you mean \"listen\"?)"_s << 0 << 0;
    QTest::addRow("flag spelling in a file")
        << QByteArray("--listen = 127.0.0.1:1\n")
        << u"%1:1: unknown setting \"--listen\" (did you mean \"listen\"?)"_s << 0 << 0;
    QTest::addRow("line without equals sign")
        << QByteArray("listen 127.0.0.1:1\n")
        << u"%1:1: expected \"key = value\", got \"listen 127.0.0.1:1\""_s << 0 << 0;
    QTest::addRow("key set twice") << QByteArray("grace = 1\n# again\ngrace = 2\n")
                                   << u"%1:3: \"grace\" is already set on line 1"_s << 0 << 0;
}

void tst_ServerConfig::configFile()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, error);
    QFETCH(int, agentCapacity);
    QFETCH(int, port);

    const QString path = m_dir.filePath(u"switchboard.conf"_s);
    QVERIFY(writeFile(path, content));
    ServerConfig config;
    const auto result = applyConfigFile(config, path);
    if (error.isEmpty()) {
        QVERIFY2(result.hasValue(), qPrintable(result ? QString() : result.error().message));
        QCOMPARE(config.agentCapacity, agentCapacity);
        QCOMPARE(int(config.listenPort), port);
    } else {
        QVERIFY(!result.hasValue());
        QCOMPARE(result.error().message, error.arg(path));
    }
}

void tst_ServerConfig::missingConfigFile()
{
    const QString path = m_dir.filePath(u"no-such.conf"_s);
    ServerConfig config;
    const auto result = applyConfigFile(config, path);
    QVERIFY(!result.hasValue());
    QVERIFY2(result.error().message.startsWith(u"cannot read config file \""_s + path + u"\": "_s),
        qPrintable(result.error().message));
    QVERIFY(!result.error().message.contains(u'\n'));
}

void tst_ServerConfig::parse_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("kind"); // what was parsed; "error" for a usage error
    QTest::addColumn<QString>("error"); // part of the message for errors

    const QString add = u"user add"_s;
    const auto ok = [](const char *row, const QStringList &arguments, const QString &kind) {
        QTest::addRow("%s", row) << arguments << kind << QString();
    };
    const auto fails = [](const char *row, const QStringList &arguments, const QString &error) {
        QTest::addRow("%s", row) << arguments << u"error"_s << error;
    };

    ok("no arguments runs the server", {}, u"run"_s);
    ok("server flags", { u"--listen"_s, u"0.0.0.0:9000"_s, u"--routing"_s, u"manual"_s }, u"run"_s);
    ok("key=value flags", { u"--listen=0.0.0.0:9000"_s, u"--rate-limit=0"_s }, u"run"_s);
    ok("--help", { u"--help"_s }, u"help"_s);
    ok("-h", { u"-h"_s }, u"help"_s);
    ok("help wins over a bad flag", { u"--nonsense"_s, u"--help"_s }, u"help"_s);
    ok("help after a subcommand", { u"user"_s, u"add"_s, u"--help"_s }, u"help"_s);
    ok("--version", { u"--version"_s }, u"version"_s);
    ok("user add",
        { u"user"_s, u"add"_s, u"alice"_s, u"--role"_s, u"agent"_s, u"--password-stdin"_s }, add);
    ok("flags before the subcommand",
        { u"--data"_s, u"/tmp/sb"_s, u"user"_s, u"add"_s, u"alice"_s, u"--role=supervisor"_s,
            u"--password-stdin"_s },
        add);
    ok("login after --", { u"user"_s, u"remove"_s, u"--"_s, u"-odd-login"_s }, u"user remove"_s);
    ok("user list", { u"user"_s, u"list"_s }, u"user list"_s);
    ok("user list with store settings",
        { u"user"_s, u"list"_s, u"--busy-timeout-ms"_s, u"100"_s, u"--sqlite-synchronous=full"_s },
        u"user list"_s);
    ok("user remove", { u"user"_s, u"remove"_s, u"bob"_s }, u"user remove"_s);
    ok("user passwd", { u"user"_s, u"passwd"_s, u"bob"_s, u"--password-stdin"_s },
        u"user passwd"_s);

    ok("deadletters list", { u"deadletters"_s, u"list"_s, u"--data"_s, u"/tmp/sb"_s },
        u"deadletters list"_s);
    ok("deadletters replay", { u"deadletters"_s, u"replay"_s, u"42"_s },
        u"deadletters replay 42"_s);
    ok("deadletters purge with store settings",
        { u"deadletters"_s, u"purge"_s, u"--busy-timeout-ms=100"_s }, u"deadletters purge"_s);
    ok("deadletters ignore webhook keys of a shared config file",
        { u"deadletters"_s, u"list"_s, u"--config"_s, u"%webhook.conf"_s }, u"deadletters list"_s);
    ok("webhooks with a secret",
        { u"--webhook-urls=http://127.0.0.1:9/h"_s, u"--webhook-secret"_s, u"k"_s }, u"run"_s);
    ok("webhooks with a secret file",
        { u"--webhook-urls=http://127.0.0.1:9/h"_s, u"--webhook-secret-file=%secret"_s }, u"run"_s);
    ok("a secret without URLs is not read", { u"--webhook-secret-file=/nonexistent/hook.key"_s },
        u"run"_s);

    fails("deadletters without verb", { u"deadletters"_s },
        u"deadletters: expected list, replay ID or purge; see --help"_s);
    fails("deadletters unknown verb", { u"deadletters"_s, u"delete"_s, u"1"_s },
        u"unknown deadletters command \"delete\""_s);
    fails("deadletters replay without ID", { u"deadletters"_s, u"replay"_s },
        u"deadletters replay: missing ID"_s);
    fails("deadletters replay bad ID", { u"deadletters"_s, u"replay"_s, u"12x"_s },
        u"expected a positive whole number as ID, got \"12x\""_s);
    fails("deadletters replay zero", { u"deadletters"_s, u"replay"_s, u"0"_s },
        u"expected a positive whole number as ID"_s);
    fails("deadletters list extra", { u"deadletters"_s, u"list"_s, u"7"_s },
        u"deadletters list: unexpected extra argument"_s);
    fails("server flag on deadletters", { u"deadletters"_s, u"list"_s, u"--webhook-attempts=3"_s },
        u"--webhook-attempts does not apply to deadletters"_s);
    fails("webhooks without a secret", { u"--webhook-urls=http://127.0.0.1:9/h"_s },
        u"webhook-urls is set but no webhook-secret-file (or webhook-secret)"_s);
    fails("webhooks with both secrets",
        { u"--webhook-urls=http://127.0.0.1:9/h"_s, u"--webhook-secret=k"_s,
            u"--webhook-secret-file=%secret"_s },
        u"give webhook-secret or webhook-secret-file, not both"_s);
    fails("webhooks with a missing secret file",
        { u"--webhook-urls=http://127.0.0.1:9/h"_s,
            u"--webhook-secret-file=/nonexistent/hook.key"_s },
        u"webhook-secret-file: cannot read \"/nonexistent/hook.key\""_s);
    fails("webhooks with an empty secret file",
        { u"--webhook-urls=http://127.0.0.1:9/h"_s, u"--webhook-secret-file=%empty"_s },
        u"is empty"_s);

    fails("a certificate without its key", { u"--tls-cert=/etc/sb/fullchain.pem"_s },
        u"tls-cert is set but tls-key is not: give both, or neither"_s);
    fails("a key without its certificate", { u"--tls-key=/etc/sb/privkey.pem"_s },
        u"tls-key is set but tls-cert is not: give both, or neither"_s);

    fails("unknown option", { u"--foo"_s }, u"unknown option --foo; see --help"_s);
    fails("misspelled option", { u"--lisen"_s, u"127.0.0.1:1"_s },
        u"unknown option --lisen (did you mean --listen?); see --help"_s);
    fails("single-dash option", { u"-x"_s }, u"unknown option -x"_s);
    fails("missing value", { u"--listen"_s }, u"--listen needs a value (HOST:PORT)"_s);
    fails("bad value", { u"--agent-capacity"_s, u"x"_s },
        u"--agent-capacity: expected a whole number from 1 to 1000, got \"x\""_s);
    fails("bad value in key=value form", { u"--listen=nowhere"_s },
        u"--listen: expected HOST:PORT"_s);
    fails("switch given a value", { u"--version=2"_s, u"--help=1"_s }, QString());
    fails("unknown command", { u"serve"_s }, u"unknown command \"serve\"; see --help"_s);
    fails(
        "user without subcommand", { u"user"_s }, u"user: expected add, list, remove or passwd"_s);
    fails("unknown user subcommand", { u"user"_s, u"delete"_s, u"bob"_s },
        u"unknown user command \"delete\""_s);
    fails("user add without login",
        { u"user"_s, u"add"_s, u"--role"_s, u"agent"_s, u"--password-stdin"_s },
        u"user add: missing LOGIN"_s);
    fails("user add without role", { u"user"_s, u"add"_s, u"bob"_s, u"--password-stdin"_s },
        u"user add: --role agent|supervisor is required"_s);
    fails("user add with another role",
        { u"user"_s, u"add"_s, u"bob"_s, u"--role"_s, u"customer"_s, u"--password-stdin"_s },
        u"--role: expected agent|supervisor, got \"customer\""_s);
    fails("user add without --password-stdin",
        { u"user"_s, u"add"_s, u"bob"_s, u"--role"_s, u"agent"_s },
        u"user add: --password-stdin is required"_s);
    fails("user passwd without --password-stdin", { u"user"_s, u"passwd"_s, u"bob"_s },
        u"user passwd: --password-stdin is required"_s);
    fails("invalid login", { u"user"_s, u"remove"_s, u"bad login!"_s },
        u"invalid login \"bad login!\""_s);
    fails("login too long", { u"user"_s, u"remove"_s, QString(65, u'a') }, u"invalid login"_s);
    fails("empty name",
        { u"user"_s, u"add"_s, u"bob"_s, u"--role"_s, u"agent"_s, u"--name"_s, u" "_s,
            u"--password-stdin"_s },
        u"--name: expected 1 to 256 characters"_s);
    fails("empty team",
        { u"user"_s, u"add"_s, u"bob"_s, u"--role"_s, u"agent"_s, u"--team="_s,
            u"--password-stdin"_s },
        u"--team: expected a team name"_s);
    fails("server flag on a user command",
        { u"user"_s, u"list"_s, u"--listen"_s, u"127.0.0.1:1"_s },
        u"--listen does not apply to user list; see --help"_s);
    fails("user flag on the server", { u"--role"_s, u"agent"_s },
        u"--role does not apply to the server; see --help"_s);
    fails("--name on user list", { u"user"_s, u"list"_s, u"--name"_s, u"x"_s },
        u"--name does not apply to user list"_s);
    fails("password given to --password-stdin",
        { u"user"_s, u"passwd"_s, u"bob"_s, u"--password-stdin=hunter2hunter2"_s },
        u"--password-stdin takes no value"_s);
    fails("password as an option",
        { u"user"_s, u"add"_s, u"bob"_s, u"--role"_s, u"agent"_s, u"--password=hunter2hunter2"_s },
        u"passwords are never taken as arguments"_s);
    fails("password as an extra argument",
        { u"user"_s, u"add"_s, u"bob"_s, u"hunter2hunter2"_s, u"--role"_s, u"agent"_s,
            u"--password-stdin"_s },
        u"user add: unexpected extra argument"_s);
    fails("config file missing", { u"--config"_s, u"/nonexistent/switchboard.conf"_s },
        u"cannot read config file \"/nonexistent/switchboard.conf\""_s);
    fails("config given twice", { u"--config=/a.conf"_s, u"--config=/b.conf"_s },
        u"--config given twice"_s);
}

void tst_ServerConfig::parse()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, kind);
    QFETCH(QString, error);

    // %name stands for a file of this test's directory (see initTestCase).
    for (QString &argument : arguments)
        argument.replace(u"%"_s, m_dir.path() + u'/');
    const auto result = parseCommandLine(argv(arguments));
    if (kind != u"error"_s) {
        QVERIFY2(result.hasValue(), qPrintable(result ? QString() : result.error().message));
        QCOMPARE(commandKind(*result), kind);
        return;
    }
    if (error.isEmpty()) { // only that it fails
        QVERIFY2(
            !result.hasValue() || commandKind(*result) == u"help"_s, "expected an error or help");
        return;
    }
    QVERIFY2(!result.hasValue(),
        qPrintable(u"parsed as "_s + (result ? commandKind(*result) : QString())));
    const QString message = result.error().message;
    QVERIFY2(message.startsWith(u"switchboard-server: "_s), qPrintable(message));
    QVERIFY2(message.contains(error), qPrintable(message));
    QVERIFY2(!message.contains(u'\n'), "usage errors are one line");
    QVERIFY2(!message.contains(u"hunter2"_s), "a password must never be echoed");
}

void tst_ServerConfig::keyValueFormsAgree_data()
{
    everyKeyIsASettingAndDocumented_data();
}

void tst_ServerConfig::keyValueFormsAgree()
{
    QFETCH(QString, key);
    QFETCH(QString, value);

    const QString flag = u"--"_s + key;
    const auto joined = parseCommandLine(argv(sampleArguments(key, { flag + u'=' + value })));
    QVERIFY2(joined.hasValue(), qPrintable(joined ? QString() : joined.error().message));
    const ServerConfig &joinedConfig = std::get<RunServer>(*joined).config;
    QVERIFY(fieldText(joinedConfig, key) != fieldText(ServerConfig(), key));

    // Switches take no separate value; the rest read the next argument.
    const bool isSwitch = key == u"create-demo-agent"_s;
    const auto separate = parseCommandLine(
        argv(sampleArguments(key, isSwitch ? QStringList { flag } : QStringList { flag, value })));
    QVERIFY2(separate.hasValue(), qPrintable(separate ? QString() : separate.error().message));
    QCOMPARE(fieldText(std::get<RunServer>(*separate).config, key), fieldText(joinedConfig, key));
}

void tst_ServerConfig::flagsOverrideConfigFile_data()
{
    QTest::addColumn<bool>("configFirst");
    QTest::addRow("flag after --config") << true;
    QTest::addRow("flag before --config") << false;
}

void tst_ServerConfig::flagsOverrideConfigFile()
{
    QFETCH(bool, configFirst);

    const QString path = m_dir.filePath(u"override.conf"_s);
    QVERIFY(writeFile(path, "listen = 127.0.0.1:1111\nagent-capacity = 7\nrouting = manual\n"));
    QStringList arguments { u"--listen"_s, u"127.0.0.1:2222"_s, u"--routing=round_robin"_s };
    const QStringList config { u"--config"_s, path };
    arguments = configFirst ? config + arguments : arguments + config;

    const auto parsed = parseCommandLine(argv(arguments));
    QVERIFY2(parsed.hasValue(), qPrintable(parsed ? QString() : parsed.error().message));
    const ServerConfig &result = std::get<RunServer>(*parsed).config;
    QCOMPARE(result.listenPort, quint16(2222)); // the flag
    QCOMPARE(result.routing, protocol::RoutingMode::RoundRobin); // the flag
    QCOMPARE(result.agentCapacity, 7); // only in the file
}

void tst_ServerConfig::createDemoAgentSwitch_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("configFile");
    QTest::addColumn<bool>("expected");

    QTest::addRow("off by default") << QStringList() << QByteArray() << false;
    QTest::addRow("bare switch turns it on")
        << QStringList { u"--create-demo-agent"_s } << QByteArray() << true;
    QTest::addRow("=false turns it off")
        << QStringList { u"--create-demo-agent=false"_s } << QByteArray() << false;
    QTest::addRow("flag overrides the file") << QStringList { u"--create-demo-agent=no"_s }
                                             << QByteArray("create-demo-agent = true\n") << false;
    QTest::addRow("file alone") << QStringList() << QByteArray("create-demo-agent = yes\n") << true;
}

void tst_ServerConfig::createDemoAgentSwitch()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, configFile);
    QFETCH(bool, expected);

    if (!configFile.isEmpty()) {
        const QString path = m_dir.filePath(u"demo.conf"_s);
        QVERIFY(writeFile(path, configFile));
        arguments << u"--config"_s << path;
    }
    const auto parsed = parseCommandLine(argv(arguments));
    QVERIFY2(parsed.hasValue(), qPrintable(parsed ? QString() : parsed.error().message));
    QCOMPARE(std::get<RunServer>(*parsed).config.createDemoAgent, expected);
}

void tst_ServerConfig::userAddFields()
{
    const auto parsed
        = parseCommandLine(argv({ u"user"_s, u"add"_s, u"carol"_s, u"--role"_s, u"supervisor"_s,
            u"--name"_s, u"Carol Jones"_s, u"--team"_s, u"billing"_s, u"--team=sales, vip"_s,
            u"--team"_s, u"billing"_s, u"--password-stdin"_s, u"--data"_s, u"/tmp/sb-data"_s }));
    QVERIFY2(parsed.hasValue(), qPrintable(parsed ? QString() : parsed.error().message));
    const UserAdd &add = std::get<UserAdd>(*parsed);
    QCOMPARE(add.login, u"carol"_s);
    QCOMPARE(add.role, protocol::Role::Supervisor);
    QCOMPARE(add.name, u"Carol Jones"_s);
    QCOMPARE(add.teams, (QStringList { u"billing"_s, u"sales"_s, u"vip"_s }));
    QCOMPARE(add.config.dataDir, u"/tmp/sb-data"_s);
    QCOMPARE(add.config.databasePath(), u"/tmp/sb-data/switchboard.sqlite3"_s);
}

void tst_ServerConfig::dataDirDefaultsToAppData()
{
    const auto parsed = parseCommandLine(argv({}));
    QVERIFY(parsed.hasValue());
    const ServerConfig &config = std::get<RunServer>(*parsed).config;
    QCOMPARE(config.dataDir, defaultDataDir());
    QCOMPARE(config.listenAddress, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(config.listenPort, quint16(8420));
    QVERIFY2(!config.logFormat, "unset: main picks json unless stderr is a terminal");
}

void tst_ServerConfig::helpDocumentsEverything_data()
{
    QTest::addColumn<QString>("text");

    // Each setting's own line is checked by everyKeyIsASettingAndDocumented.
    const char *const documented[] = {
        "--config FILE",
        "--help",
        "--version",
        "--role agent|supervisor",
        "--name NAME",
        "--team TEAM",
        "--password-stdin",
        "switchboard-server [--listen HOST:PORT] [--data DIR] [--config FILE] "
        "[--log-format json|text]",
        "[--routing least_loaded|round_robin|manual] [--rate-limit MSGS_PER_S]",
        "user add LOGIN --role agent|supervisor [--name NAME] [--team TEAM]...",
        "user list",
        "user remove LOGIN",
        "user passwd LOGIN --password-stdin",
        "deadletters list|replay ID|purge [--data DIR]",
        "deadletters replay ID",
        "--webhook-urls LIST",
        "--webhook-secret-file FILE",
        "--webhook-attempts N",
        "--webhook-backoff-ms MS",
        "unknown dead letter",
        "(default: 127.0.0.1:8420)",
        "json when stderr is not a terminal",
        "0 = unlimited",
        "0 success",
        "1 runtime failure",
        "2 usage or configuration error",
    };
    for (const char *text : documented)
        QTest::addRow("%s", text) << QString::fromLatin1(text);
}

void tst_ServerConfig::helpDocumentsEverything()
{
    QFETCH(QString, text);
    // Long descriptions wrap, so compare with runs of white space made single spaces.
    QVERIFY2(helpText().simplified().contains(text), qPrintable(text));
}

void tst_ServerConfig::version()
{
    QCOMPARE(
        versionText(), u"switchboard-server "_s + QLatin1StringView(switchboard::versionString));
    QVERIFY(helpText().endsWith(u'\n'));
}

void tst_ServerConfig::ensureDataDirectory()
{
    const QString nested = m_dir.filePath(u"a/b/data"_s);
    QVERIFY2(server::ensureDataDirectory(nested).hasValue(), "creates missing parents");
    QVERIFY(QFileInfo(nested).isDir());
    QCOMPARE(QFileInfo(nested).permissions() & (QFile::ReadOther | QFile::ReadGroup),
        QFile::Permissions());
    QVERIFY2(server::ensureDataDirectory(nested).hasValue(), "an existing directory is fine");
    QVERIFY2(
        QDir(nested).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot).isEmpty(),
        "the write probe leaves nothing behind");

    const QString file = m_dir.filePath(u"plain-file"_s);
    QVERIFY(writeFile(file, "x"));
    const auto refused = server::ensureDataDirectory(file);
    QVERIFY(!refused.hasValue());
    QCOMPARE(refused.error().message,
        u"data directory \""_s + file + u"\" exists but is not a directory"_s);

    const auto underFile = server::ensureDataDirectory(file + u"/data"_s);
    QVERIFY(!underFile.hasValue());
    QVERIFY2(underFile.error().message.startsWith(u"cannot create data directory"_s),
        qPrintable(underFile.error().message));
}

QTEST_GUILESS_MAIN(tst_ServerConfig)
#include "tst_serverconfig.moc"
