#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <config/commandline.h>
#include <config/serverconfig.h>
#include <switchboard/version.h>

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
    if (key == u"listen"_qs) {
        const QString host = c.listenAddress.protocol() == QAbstractSocket::IPv6Protocol
            ? u"["_qs + c.listenAddress.toString() + u"]"_qs
            : c.listenAddress.toString();
        return host + u":"_qs + QString::number(c.listenPort);
    }
    if (key == u"data"_qs)
        return c.dataDir;
    if (key == u"log-format"_qs)
        return !c.logFormat ? u"unset"_qs
                            : (*c.logFormat == logging::Format::Json ? u"json"_qs : u"text"_qs);
    if (key == u"log-level"_qs)
        return c.logLevel;
    if (key == u"agent-capacity"_qs)
        return QString::number(c.agentCapacity);
    if (key == u"routing"_qs)
        return protocol::routingModeName(c.routing);
    if (key == u"rate-limit"_qs)
        return QString::number(c.rateLimit);
    if (key == u"rate-burst"_qs)
        return QString::number(c.rateBurst);
    if (key == u"heartbeat"_qs)
        return QString::number(c.heartbeatSeconds);
    if (key == u"grace"_qs)
        return QString::number(c.graceSeconds);
    if (key == u"hello-timeout"_qs)
        return QString::number(c.helloTimeoutSeconds);
    if (key == u"handshake-timeout"_qs)
        return QString::number(c.handshakeTimeoutSeconds);
    if (key == u"max-message-bytes"_qs)
        return QString::number(c.maxMessageBytes);
    if (key == u"io-threads"_qs)
        return QString::number(c.ioThreads);
    if (key == u"node-id"_qs)
        return c.nodeId;
    if (key == u"allowed-origins"_qs)
        return c.allowedOrigins.join(u',');
    if (key == u"sqlite-synchronous"_qs)
        return c.synchronousFull ? u"full"_qs : u"normal"_qs;
    if (key == u"busy-timeout-ms"_qs)
        return QString::number(c.busyTimeoutMs);
    if (key == u"token-lifetime-days"_qs)
        return QString::number(c.tokenLifetimeDays);
    if (key == u"login-attempts-per-minute"_qs)
        return QString::number(c.loginAttemptsPerMinute);
    if (key == u"create-demo-agent"_qs)
        return c.createDemoAgent ? u"true"_qs : u"false"_qs;
    if (key == u"webhook-urls"_qs)
        return c.webhookUrls.join(u',');
    if (key == u"webhook-secret"_qs)
        return QString::fromUtf8(c.webhookSecret);
    if (key == u"widget-texts"_qs)
        return c.widgetTextsFile;
    if (key == u"webhook-secret-file"_qs)
        return c.webhookSecretFile;
    if (key == u"webhook-attempts"_qs)
        return QString::number(c.webhookAttempts);
    if (key == u"tls-cert"_qs)
        return c.tlsCertificatePath;
    if (key == u"tls-key"_qs)
        return c.tlsKeyPath;
    if (key == u"webhook-backoff-ms"_qs)
        return QString::number(c.webhookBackoffMs);
    if (key == u"redis"_qs)
        return c.redisUrl;
    if (key == u"public-endpoint"_qs)
        return c.publicEndpoint;
    if (key == u"cluster-ttl-seconds"_qs)
        return QString::number(c.clusterTtlSeconds);
    if (key == u"trusted-proxies"_qs)
        return c.trustedProxiesText.join(u',');
    if (key == u"new-visitors-per-minute"_qs)
        return QString::number(c.newVisitorsPerMinute);
    if (key == u"open-conversations-per-address"_qs)
        return QString::number(c.openConversationsPerAddress);
    if (key == u"pending-hellos-per-address"_qs)
        return QString::number(c.pendingHellosPerAddress);
    if (key == u"max-open-conversations"_qs)
        return QString::number(c.maxOpenConversations);
    if (key == u"missed-after-minutes"_qs)
        return QString::number(c.missedAfterMinutes);
    if (key == u"idle-close-hours"_qs)
        return QString::number(c.idleCloseHours);
    return u"<no such key in the test>"_qs;
}

QStringList argv(const QStringList &arguments)
{
    return QStringList { u"switchboard-server"_qs } + arguments;
}

QString commandKind(const Command &command)
{
    struct Namer {
        QString operator()(const RunServer &) const { return u"run"_qs; }
        QString operator()(const UserAdd &) const { return u"user add"_qs; }
        QString operator()(const UserList &) const { return u"user list"_qs; }
        QString operator()(const UserRemove &) const { return u"user remove"_qs; }
        QString operator()(const UserPasswd &) const { return u"user passwd"_qs; }
        QString operator()(const DeadLetters &command) const
        {
            switch (command.action) {
            case DeadLetters::Action::Replay:
                return u"deadletters replay "_qs + QString::number(command.id);
            case DeadLetters::Action::Purge:
                return u"deadletters purge"_qs;
            case DeadLetters::Action::List:
                break;
            }
            return u"deadletters list"_qs;
        }
        QString operator()(const ExportHistory &) const { return u"export"_qs; }
        QString operator()(const RunRetention &) const { return u"retention"_qs; }
        QString operator()(const ShowVersion &) const { return u"version"_qs; }
        QString operator()(const ShowHelp &) const { return u"help"_qs; }
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
    QVERIFY(writeFile(m_dir.filePath(u"secret"_qs), "  from-a-file\n"));
    QVERIFY(writeFile(m_dir.filePath(u"empty"_qs), "\n"));
    // The server's config file, webhooks and all, shared with the maintenance commands.
    QVERIFY(writeFile(m_dir.filePath(u"webhook.conf"_qs),
        "webhook-urls = https://shop.example/h\nwebhook-secret-file = /nonexistent/key\n"));
}

void tst_ServerConfig::webhookSecretFromFile()
{
    const auto parsed = parseCommandLine(argv({ u"--webhook-urls"_qs,
        u"https://a.example/h, https://b.example/h"_qs, u"--webhook-secret-file"_qs,
        m_dir.filePath(u"secret"_qs), u"--webhook-attempts=4"_qs }));
    QVERIFY2(parsed.hasValue(), qPrintable(parsed ? QString() : parsed.error().message));
    const ServerConfig &config = std::get<RunServer>(*parsed).config;
    QCOMPARE(
        config.webhookUrls, (QStringList { u"https://a.example/h"_qs, u"https://b.example/h"_qs }));
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
        argv({ u"--webhook-urls=ftp://x.example/"_qs, u"--webhook-secret=hunter2hunter2"_qs }));
    QVERIFY(!refused.hasValue());
    QVERIFY(!refused.error().message.contains(u"hunter2"_qs));
}

void tst_ServerConfig::clusterNeedsTheSharedDatabase()
{
    // Each node's own SQLite file would split the data: refused, saying what to add.
    const auto alone = parseCommandLine(argv({ u"--redis"_qs, u"redis://:hunter2@cache:6379"_qs }));
    QVERIFY(!alone.hasValue());
    QVERIFY2(alone.error().message.contains(u"db = postgresql://"_qs),
        qPrintable(alone.error().message));
    QVERIFY(!alone.error().message.contains(u"hunter2"_qs));

    const auto shared = parseCommandLine(argv({ u"--redis"_qs, u"redis://cache:6379"_qs, u"--db"_qs,
        u"postgresql://switchboard:pw@db:5432/switchboard"_qs, u"--public-endpoint"_qs,
        u"ws://chat1.example.com:8080/ws"_qs }));
    QVERIFY2(shared.hasValue(), qPrintable(shared ? QString() : shared.error().message));
    const ServerConfig &config = std::get<RunServer>(*shared).config;
    QCOMPARE(config.redisUrl, u"redis://cache:6379"_qs);
    QCOMPARE(config.publicEndpoint, u"ws://chat1.example.com:8080/ws"_qs);
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
    const QString wholeNumber = u"expected a whole number"_qs;

    good("listen ipv4", u"listen"_qs, u"127.0.0.1:8420"_qs, u"127.0.0.1:8420"_qs);
    good("listen all interfaces", u"listen"_qs, u"0.0.0.0:80"_qs, u"0.0.0.0:80"_qs);
    good("listen ipv6 in brackets", u"listen"_qs, u"[::1]:9000"_qs, u"[::1]:9000"_qs);
    good("listen ipv6 any", u"listen"_qs, u"[::]:8420"_qs, u"[::]:8420"_qs);
    good("listen localhost", u"listen"_qs, u"localhost:8080"_qs, u"127.0.0.1:8080"_qs);
    good("listen port 0", u"listen"_qs, u"127.0.0.1:0"_qs, u"127.0.0.1:0"_qs);
    good("listen highest port", u"listen"_qs, u"127.0.0.1:65535"_qs, u"127.0.0.1:65535"_qs);
    bad("listen port only", u"listen"_qs, u"8420"_qs, u"expected HOST:PORT"_qs);
    bad("listen without port", u"listen"_qs, u"127.0.0.1"_qs, u"expected HOST:PORT"_qs);
    bad("listen empty port", u"listen"_qs, u"127.0.0.1:"_qs, u"port must be"_qs);
    bad("listen empty", u"listen"_qs, QString(), u"expected HOST:PORT"_qs);
    bad("listen port too big", u"listen"_qs, u"127.0.0.1:65536"_qs, u"port must be"_qs);
    bad("listen port not a number", u"listen"_qs, u"127.0.0.1:http"_qs, u"port must be"_qs);
    bad("listen negative port", u"listen"_qs, u"127.0.0.1:-1"_qs, u"port must be"_qs);
    bad("listen ipv6 without brackets", u"listen"_qs, u"::1:8420"_qs, u"needs brackets"_qs);
    bad("listen host name", u"listen"_qs, u"example.com:80"_qs, u"IP address or localhost"_qs);
    bad("listen ipv4 in brackets", u"listen"_qs, u"[127.0.0.1]:80"_qs,
        u"IP address or localhost"_qs);
    bad("listen unclosed bracket", u"listen"_qs, u"[::1:80"_qs, u"expected HOST:PORT"_qs);

    good("data absolute", u"data"_qs, u"/var/lib/switchboard"_qs, u"/var/lib/switchboard"_qs);
    good("data cleaned", u"data"_qs, u"/var/lib//switchboard/"_qs, u"/var/lib/switchboard"_qs);
    good("data tilde", u"data"_qs, u"~/sb"_qs, QDir::homePath() + u"/sb"_qs);
    bad("data empty", u"data"_qs, u"  "_qs, u"expected a directory path"_qs);

    good("log-format json", u"log-format"_qs, u"json"_qs, u"json"_qs);
    good("log-format text", u"log-format"_qs, u"text"_qs, u"text"_qs);
    bad("log-format xml", u"log-format"_qs, u"xml"_qs, u"expected json|text, got \"xml\""_qs);
    bad("log-format upper case", u"log-format"_qs, u"JSON"_qs, u"expected json|text"_qs);

    for (const QString &level :
        { u"debug"_qs, u"info"_qs, u"warning"_qs, u"error"_qs, u"critical"_qs })
        QTest::addRow("log-level %s", qPrintable(level))
            << u"log-level"_qs << level << true << level;
    bad("log-level verbose", u"log-level"_qs, u"verbose"_qs,
        u"expected debug|info|warning|error|critical"_qs);

    good("agent-capacity lowest", u"agent-capacity"_qs, u"1"_qs, u"1"_qs);
    good("agent-capacity highest", u"agent-capacity"_qs, u"1000"_qs, u"1000"_qs);
    bad("agent-capacity zero", u"agent-capacity"_qs, u"0"_qs, wholeNumber);
    bad("agent-capacity too big", u"agent-capacity"_qs, u"1001"_qs, wholeNumber);
    bad("agent-capacity fraction", u"agent-capacity"_qs, u"2.5"_qs, wholeNumber);
    bad("agent-capacity signed", u"agent-capacity"_qs, u"+3"_qs, wholeNumber);
    bad("agent-capacity huge", u"agent-capacity"_qs, u"99999999999999999999999"_qs, wholeNumber);

    good("routing least_loaded", u"routing"_qs, u"least_loaded"_qs, u"least_loaded"_qs);
    good("routing round_robin", u"routing"_qs, u"round_robin"_qs, u"round_robin"_qs);
    good("routing manual", u"routing"_qs, u"manual"_qs, u"manual"_qs);
    bad("routing random", u"routing"_qs, u"random"_qs,
        u"expected least_loaded|round_robin|manual, got \"random\""_qs);

    good("rate-limit unlimited", u"rate-limit"_qs, u"0"_qs, u"0"_qs);
    good("rate-limit fractional", u"rate-limit"_qs, u"0.5"_qs, u"0.5"_qs);
    good("rate-limit whole", u"rate-limit"_qs, u"100"_qs, u"100"_qs);
    bad("rate-limit negative", u"rate-limit"_qs, u"-1"_qs, u"expected messages per second"_qs);
    bad("rate-limit word", u"rate-limit"_qs, u"fast"_qs, u"expected messages per second"_qs);
    bad("rate-limit infinite", u"rate-limit"_qs, u"inf"_qs, u"expected messages per second"_qs);
    bad("rate-limit NaN", u"rate-limit"_qs, u"nan"_qs, u"expected messages per second"_qs);

    good("rate-burst", u"rate-burst"_qs, u"100"_qs, u"100"_qs);
    bad("rate-burst zero", u"rate-burst"_qs, u"0"_qs, wholeNumber);

    good("heartbeat lowest", u"heartbeat"_qs, u"1"_qs, u"1"_qs);
    good("heartbeat highest", u"heartbeat"_qs, u"3600"_qs, u"3600"_qs);
    bad("heartbeat zero", u"heartbeat"_qs, u"0"_qs,
        u"expected a whole number of seconds from 1 to 3600, got \"0\""_qs);
    bad("heartbeat too long", u"heartbeat"_qs, u"3601"_qs, wholeNumber);

    good("grace zero", u"grace"_qs, u"0"_qs, u"0"_qs);
    good("grace a day", u"grace"_qs, u"86400"_qs, u"86400"_qs);
    bad("grace negative", u"grace"_qs, u"-1"_qs, wholeNumber);
    bad("grace over a day", u"grace"_qs, u"86401"_qs, wholeNumber);

    good("hello-timeout", u"hello-timeout"_qs, u"30"_qs, u"30"_qs);
    bad("hello-timeout zero", u"hello-timeout"_qs, u"0"_qs, wholeNumber);
    good("handshake-timeout", u"handshake-timeout"_qs, u"3"_qs, u"3"_qs);
    bad("handshake-timeout too long", u"handshake-timeout"_qs, u"601"_qs, wholeNumber);

    good("max-message-bytes lowest", u"max-message-bytes"_qs, u"1024"_qs, u"1024"_qs);
    good("max-message-bytes 16 MiB", u"max-message-bytes"_qs, u"16777216"_qs, u"16777216"_qs);
    bad("max-message-bytes too small", u"max-message-bytes"_qs, u"1023"_qs,
        u"whole number of bytes from 1024 to 16777216"_qs);
    bad("max-message-bytes over 16 MiB", u"max-message-bytes"_qs, u"16777217"_qs, wholeNumber);

    good("io-threads one per core", u"io-threads"_qs, u"0"_qs, u"0"_qs);
    good("io-threads highest", u"io-threads"_qs, u"64"_qs, u"64"_qs);
    bad("io-threads too many", u"io-threads"_qs, u"65"_qs, wholeNumber);

    good("node-id", u"node-id"_qs, u"eu-1.chat_a"_qs, u"eu-1.chat_a"_qs);
    good("node-id empty means generated", u"node-id"_qs, QString(), QString());
    bad("node-id with space", u"node-id"_qs, u"node 1"_qs, u"expected 1 to 64 characters"_qs);
    bad("node-id too long", u"node-id"_qs, QString(65, u'n'), u"expected 1 to 64 characters"_qs);

    good("allowed-origins list", u"allowed-origins"_qs,
        u"https://chat.example.com, http://localhost:8080"_qs,
        u"https://chat.example.com,http://localhost:8080"_qs);
    good("allowed-origins empty means any", u"allowed-origins"_qs, QString(), QString());
    good("allowed-origins duplicates dropped", u"allowed-origins"_qs,
        u"https://a.example,https://a.example"_qs, u"https://a.example"_qs);
    bad("allowed-origins with path", u"allowed-origins"_qs, u"https://chat.example.com/"_qs,
        u"got \"https://chat.example.com/\""_qs);
    bad("allowed-origins without scheme", u"allowed-origins"_qs, u"chat.example.com"_qs,
        u"expected comma-separated origins"_qs);
    bad("allowed-origins ftp", u"allowed-origins"_qs, u"ftp://files.example.com"_qs,
        u"expected comma-separated origins"_qs);
    bad("allowed-origins upper case never matches", u"allowed-origins"_qs,
        u"https://Chat.Example.com"_qs, u"lower-case"_qs);
    bad("allowed-origins second one bad", u"allowed-origins"_qs,
        u"https://ok.example,https://bad.example/path"_qs, u"\"https://bad.example/path\""_qs);

    good("sqlite-synchronous normal", u"sqlite-synchronous"_qs, u"normal"_qs, u"normal"_qs);
    good("sqlite-synchronous full", u"sqlite-synchronous"_qs, u"full"_qs, u"full"_qs);
    bad("sqlite-synchronous off", u"sqlite-synchronous"_qs, u"off"_qs,
        u"expected normal|full, got \"off\""_qs);

    good("busy-timeout-ms zero", u"busy-timeout-ms"_qs, u"0"_qs, u"0"_qs);
    good("busy-timeout-ms ten minutes", u"busy-timeout-ms"_qs, u"600000"_qs, u"600000"_qs);
    bad("busy-timeout-ms too long", u"busy-timeout-ms"_qs, u"600001"_qs,
        u"whole number of milliseconds"_qs);

    good("token-lifetime-days", u"token-lifetime-days"_qs, u"90"_qs, u"90"_qs);
    bad("token-lifetime-days zero", u"token-lifetime-days"_qs, u"0"_qs, u"number of days"_qs);

    good("login-attempts-per-minute", u"login-attempts-per-minute"_qs, u"5"_qs, u"5"_qs);
    bad("login-attempts-per-minute zero", u"login-attempts-per-minute"_qs, u"0"_qs, wholeNumber);

    good("webhook-urls one", u"webhook-urls"_qs, u"https://shop.example.com/hooks?src=chat"_qs,
        u"https://shop.example.com/hooks?src=chat"_qs);
    good("webhook-urls two, spaces and duplicates", u"webhook-urls"_qs,
        u" http://127.0.0.1:9000/a , https://crm.example/b,http://127.0.0.1:9000/a"_qs,
        u"http://127.0.0.1:9000/a,https://crm.example/b"_qs);
    good("webhook-urls empty means none", u"webhook-urls"_qs, QString(), QString());
    bad("webhook-urls without scheme", u"webhook-urls"_qs, u"shop.example.com/hooks"_qs,
        u"expected comma-separated http:// or https:// URLs"_qs);
    bad("webhook-urls ftp", u"webhook-urls"_qs, u"ftp://shop.example.com/"_qs,
        u"got \"ftp://shop.example.com/\""_qs);
    bad("webhook-urls no host", u"webhook-urls"_qs, u"http:///hooks"_qs,
        u"expected comma-separated"_qs);
    bad("webhook-urls credentials", u"webhook-urls"_qs, u"https://user:pw@shop.example/h"_qs,
        u"no user:password@"_qs);
    bad("webhook-urls second one bad", u"webhook-urls"_qs, u"https://ok.example/h,not a url"_qs,
        u"got \"not a url\""_qs);
    good("webhook-secret", u"webhook-secret"_qs, u"k3y"_qs, u"k3y"_qs);
    bad("webhook-secret empty", u"webhook-secret"_qs, u"  "_qs, u"expected a non-empty key"_qs);
    good("webhook-secret-file", u"webhook-secret-file"_qs, u"/etc/sb/hook.key"_qs,
        u"/etc/sb/hook.key"_qs);
    bad("webhook-secret-file empty", u"webhook-secret-file"_qs, QString(),
        u"expected a file path"_qs);
    good("tls-cert", u"tls-cert"_qs, u" /etc/sb/fullchain.pem "_qs, u"/etc/sb/fullchain.pem"_qs);
    bad("tls-cert empty", u"tls-cert"_qs, u" "_qs, u"expected a file path"_qs);
    good("tls-key", u"tls-key"_qs, u"/etc/sb/privkey.pem"_qs, u"/etc/sb/privkey.pem"_qs);
    bad("tls-key empty", u"tls-key"_qs, QString(), u"expected a file path"_qs);
    good("webhook-attempts lowest", u"webhook-attempts"_qs, u"1"_qs, u"1"_qs);
    good("webhook-attempts highest", u"webhook-attempts"_qs, u"100"_qs, u"100"_qs);
    bad("webhook-attempts zero", u"webhook-attempts"_qs, u"0"_qs,
        u"expected a whole number from 1 to 100, got \"0\""_qs);
    good("webhook-backoff-ms lowest", u"webhook-backoff-ms"_qs, u"1"_qs, u"1"_qs);
    good("webhook-backoff-ms the cap", u"webhook-backoff-ms"_qs, u"300000"_qs, u"300000"_qs);
    bad("webhook-backoff-ms over the cap", u"webhook-backoff-ms"_qs, u"300001"_qs,
        u"whole number of milliseconds from 1 to 300000"_qs);
    bad("webhook-backoff-ms fraction", u"webhook-backoff-ms"_qs, u"1.5"_qs, wholeNumber);

    good("redis", u"redis"_qs, u"redis://10.0.0.5:6379"_qs, u"redis://10.0.0.5:6379"_qs);
    good("redis with password and database", u"redis"_qs, u"redis://:pw@cache:6380/2"_qs,
        u"redis://:pw@cache:6380/2"_qs);
    bad("redis wrong scheme", u"redis"_qs, u"http://cache:6379"_qs,
        u"expected redis://[:PASSWORD@]HOST:PORT[/DB]"_qs);
    bad("redis database out of range", u"redis"_qs, u"redis://cache:6379/99"_qs, u"0-15"_qs);
    bad("redis no host", u"redis"_qs, u"redis://:6379"_qs, u"redis://"_qs);
    good("public-endpoint", u"public-endpoint"_qs, u"wss://chat1.example.com/ws"_qs,
        u"wss://chat1.example.com/ws"_qs);
    bad("public-endpoint http", u"public-endpoint"_qs, u"http://chat1.example.com/ws"_qs,
        u"expected a ws:// or wss:// URL"_qs);
    good("cluster-ttl-seconds", u"cluster-ttl-seconds"_qs, u"3"_qs, u"3"_qs);
    bad("cluster-ttl-seconds too short", u"cluster-ttl-seconds"_qs, u"2"_qs, u"from 3 to 600"_qs);

    // Fractions are allowed (tests take seconds); 0 turns the rule off.
    good("missed-after-minutes", u"missed-after-minutes"_qs, u"45"_qs, u"45"_qs);
    good("missed-after-minutes fraction", u"missed-after-minutes"_qs, u"0.05"_qs, u"0.05"_qs);
    good("missed-after-minutes off", u"missed-after-minutes"_qs, u"0"_qs, u"0"_qs);
    bad("missed-after-minutes negative", u"missed-after-minutes"_qs, u"-1"_qs,
        u"expected a number of minutes from 0 (off) to 10080"_qs);
    bad("missed-after-minutes over a week", u"missed-after-minutes"_qs, u"10081"_qs,
        u"from 0 (off) to 10080"_qs);
    bad("missed-after-minutes words", u"missed-after-minutes"_qs, u"ten"_qs, u"got \"ten\""_qs);
    bad("missed-after-minutes exponent", u"missed-after-minutes"_qs, u"1e3"_qs,
        u"expected a number of minutes"_qs);
    good("trusted-proxies ipv6 subnet", u"trusted-proxies"_qs, u"10.0.0.1, fd00::/8"_qs,
        u"10.0.0.1,fd00::/8"_qs);
    bad("trusted-proxies host name", u"trusted-proxies"_qs, u"proxy.example.com"_qs,
        u"expected comma-separated addresses or subnets like 10.0.0.5 or 10.0.0.0/8, got "
        u"\"proxy.example.com\""_qs);
    bad("trusted-proxies bad prefix", u"trusted-proxies"_qs, u"10.0.0.0/33"_qs,
        u"got \"10.0.0.0/33\""_qs);
    bad("new-visitors-per-minute negative", u"new-visitors-per-minute"_qs, u"-1"_qs, wholeNumber);
    good("pending-hellos-per-address off", u"pending-hellos-per-address"_qs, u"0"_qs, u"0"_qs);
    bad("pending-hellos-per-address negative", u"pending-hellos-per-address"_qs, u"-1"_qs,
        wholeNumber);
    bad("pending-hellos-per-address too large", u"pending-hellos-per-address"_qs, u"1000001"_qs,
        wholeNumber);
    bad("pending-hellos-per-address not a number", u"pending-hellos-per-address"_qs, u"many"_qs,
        wholeNumber);
    good("idle-close-hours", u"idle-close-hours"_qs, u"12"_qs, u"12"_qs);
    good("idle-close-hours fraction", u"idle-close-hours"_qs, u"0.5"_qs, u"0.5"_qs);
    bad("idle-close-hours over a year", u"idle-close-hours"_qs, u"8761"_qs,
        u"expected a number of hours from 0 (off) to 8760"_qs);
    bad("idle-close-hours empty", u"idle-close-hours"_qs, QString(),
        u"expected a number of hours"_qs);

    good("create-demo-agent true", u"create-demo-agent"_qs, u"true"_qs, u"true"_qs);
    good("create-demo-agent yes", u"create-demo-agent"_qs, u"YES"_qs, u"true"_qs);
    good("create-demo-agent 0", u"create-demo-agent"_qs, u"0"_qs, u"false"_qs);
    good("create-demo-agent off", u"create-demo-agent"_qs, u"off"_qs, u"false"_qs);
    bad("create-demo-agent maybe", u"create-demo-agent"_qs, u"maybe"_qs,
        u"expected true|false, got \"maybe\""_qs);
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
    QVERIFY2(!result.hasValue(), qPrintable(u"accepted: "_qs + fieldText(config, key)));
    const QString message = result.error().message;
    QVERIFY2(message.startsWith(u"--"_qs + key + u": "_qs), qPrintable(message));
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
        << u"agent-capacity"_qs << u"x"_qs
        << u"--agent-capacity: expected a whole number from 1 to 1000, got \"x\""_qs;
    QTest::addRow("listen without port")
        << u"listen"_qs << u"nowhere"_qs
        << u"--listen: expected HOST:PORT (e.g. 127.0.0.1:8420 or [::1]:8420), got "
           u"\"nowhere\""_qs;
    QTest::addRow("misspelled key") << u"lisen"_qs << u"127.0.0.1:1"_qs
                                    << u"unknown setting \"lisen\" (did you mean \"listen\"?)"_qs;
    QTest::addRow("misspelled key, two typos")
        << u"agent-capasity"_qs << u"3"_qs
        << u"unknown setting \"agent-capasity\" (did you mean \"agent-capacity\"?)"_qs;
    QTest::addRow("unknown key, nothing close")
        << u"colour"_qs << u"red"_qs << u"unknown setting \"colour\""_qs;
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
    QVERIFY2(helpText().contains(u"  --"_qs + key + u' '), "every setting is in --help");

    // The same key works as a flag and in a file.
    auto parsed = parseCommandLine(argv(sampleArguments(key, { u"--"_qs + key + u'=' + value })));
    QVERIFY2(parsed.hasValue(), qPrintable(parsed ? QString() : parsed.error().message));
    QCOMPARE(fieldText(std::get<RunServer>(*parsed).config, key), fieldText(config, key));

    const QString path = m_dir.filePath(key + u".conf"_qs);
    QVERIFY(writeFile(path, (key + u" = "_qs + value + u'\n').toUtf8()));
    ServerConfig fromFile;
    const auto read = applyConfigFile(fromFile, path);
    QVERIFY2(read.hasValue(), qPrintable(read ? QString() : read.error().message));
    QCOMPARE(fieldText(fromFile, key), fieldText(config, key));
}

void tst_ServerConfig::paths()
{
    ServerConfig config;
    config.dataDir = u"/srv/switchboard"_qs;
    QCOMPARE(config.databasePath(), u"/srv/switchboard/switchboard.sqlite3"_qs);

    QVERIFY(defaultDataDir().endsWith(u"/switchboard"_qs));
    QVERIFY(QDir::isAbsolutePath(defaultDataDir()));
    config.dataDir.clear();
    QCOMPARE(config.databasePath(), defaultDataDir() + u"/switchboard.sqlite3"_qs);
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
        << u"%1:3: agent-capacity: expected a whole number from 1 to 1000, got \"x\""_qs << 0 << 0;
    QTest::addRow("unknown key suggests the closest")
        << QByteArray("\nlisen = 127.0.0.1:1\n")
        << u"%1:2: unknown setting \"lisen\" (did you mean \"listen\"?)"_qs << 0 << 0;
    QTest::addRow("flag spelling in a file")
        << QByteArray("--listen = 127.0.0.1:1\n")
        << u"%1:1: unknown setting \"--listen\" (did you mean \"listen\"?)"_qs << 0 << 0;
    QTest::addRow("line without equals sign")
        << QByteArray("listen 127.0.0.1:1\n")
        << u"%1:1: expected \"key = value\", got \"listen 127.0.0.1:1\""_qs << 0 << 0;
    QTest::addRow("key set twice") << QByteArray("grace = 1\n# again\ngrace = 2\n")
                                   << u"%1:3: \"grace\" is already set on line 1"_qs << 0 << 0;
}

void tst_ServerConfig::configFile()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, error);
    QFETCH(int, agentCapacity);
    QFETCH(int, port);

    const QString path = m_dir.filePath(u"switchboard.conf"_qs);
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
    const QString path = m_dir.filePath(u"no-such.conf"_qs);
    ServerConfig config;
    const auto result = applyConfigFile(config, path);
    QVERIFY(!result.hasValue());
    QVERIFY2(
        result.error().message.startsWith(u"cannot read config file \""_qs + path + u"\": "_qs),
        qPrintable(result.error().message));
    QVERIFY(!result.error().message.contains(u'\n'));
}

void tst_ServerConfig::parse_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("kind"); // what was parsed; "error" for a usage error
    QTest::addColumn<QString>("error"); // part of the message for errors

    const QString add = u"user add"_qs;
    const auto ok = [](const char *row, const QStringList &arguments, const QString &kind) {
        QTest::addRow("%s", row) << arguments << kind << QString();
    };
    const auto fails = [](const char *row, const QStringList &arguments, const QString &error) {
        QTest::addRow("%s", row) << arguments << u"error"_qs << error;
    };

    ok("no arguments runs the server", {}, u"run"_qs);
    ok("server flags", { u"--listen"_qs, u"0.0.0.0:9000"_qs, u"--routing"_qs, u"manual"_qs },
        u"run"_qs);
    ok("key=value flags", { u"--listen=0.0.0.0:9000"_qs, u"--rate-limit=0"_qs }, u"run"_qs);
    ok("--help", { u"--help"_qs }, u"help"_qs);
    ok("-h", { u"-h"_qs }, u"help"_qs);
    ok("help wins over a bad flag", { u"--nonsense"_qs, u"--help"_qs }, u"help"_qs);
    ok("help after a subcommand", { u"user"_qs, u"add"_qs, u"--help"_qs }, u"help"_qs);
    ok("--version", { u"--version"_qs }, u"version"_qs);
    ok("user add",
        { u"user"_qs, u"add"_qs, u"alice"_qs, u"--role"_qs, u"agent"_qs, u"--password-stdin"_qs },
        add);
    ok("flags before the subcommand",
        { u"--data"_qs, u"/tmp/sb"_qs, u"user"_qs, u"add"_qs, u"alice"_qs, u"--role=supervisor"_qs,
            u"--password-stdin"_qs },
        add);
    ok("login after --", { u"user"_qs, u"remove"_qs, u"--"_qs, u"-odd-login"_qs },
        u"user remove"_qs);
    ok("user list", { u"user"_qs, u"list"_qs }, u"user list"_qs);
    ok("user list with store settings",
        { u"user"_qs, u"list"_qs, u"--busy-timeout-ms"_qs, u"100"_qs,
            u"--sqlite-synchronous=full"_qs },
        u"user list"_qs);
    ok("user remove", { u"user"_qs, u"remove"_qs, u"bob"_qs }, u"user remove"_qs);
    ok("user passwd", { u"user"_qs, u"passwd"_qs, u"bob"_qs, u"--password-stdin"_qs },
        u"user passwd"_qs);

    ok("deadletters list", { u"deadletters"_qs, u"list"_qs, u"--data"_qs, u"/tmp/sb"_qs },
        u"deadletters list"_qs);
    ok("deadletters replay", { u"deadletters"_qs, u"replay"_qs, u"42"_qs },
        u"deadletters replay 42"_qs);
    ok("deadletters purge with store settings",
        { u"deadletters"_qs, u"purge"_qs, u"--busy-timeout-ms=100"_qs }, u"deadletters purge"_qs);
    ok("deadletters ignore webhook keys of a shared config file",
        { u"deadletters"_qs, u"list"_qs, u"--config"_qs, u"%webhook.conf"_qs },
        u"deadletters list"_qs);
    ok("webhooks with a secret",
        { u"--webhook-urls=http://127.0.0.1:9/h"_qs, u"--webhook-secret"_qs, u"k"_qs }, u"run"_qs);
    ok("webhooks with a secret file",
        { u"--webhook-urls=http://127.0.0.1:9/h"_qs, u"--webhook-secret-file=%secret"_qs },
        u"run"_qs);
    ok("a secret without URLs is not read", { u"--webhook-secret-file=/nonexistent/hook.key"_qs },
        u"run"_qs);

    fails("deadletters without verb", { u"deadletters"_qs },
        u"deadletters: expected list, replay ID or purge; see --help"_qs);
    fails("deadletters unknown verb", { u"deadletters"_qs, u"delete"_qs, u"1"_qs },
        u"unknown deadletters command \"delete\""_qs);
    fails("deadletters replay without ID", { u"deadletters"_qs, u"replay"_qs },
        u"deadletters replay: missing ID"_qs);
    fails("deadletters replay bad ID", { u"deadletters"_qs, u"replay"_qs, u"12x"_qs },
        u"expected a positive whole number as ID, got \"12x\""_qs);
    fails("deadletters replay zero", { u"deadletters"_qs, u"replay"_qs, u"0"_qs },
        u"expected a positive whole number as ID"_qs);
    fails("deadletters list extra", { u"deadletters"_qs, u"list"_qs, u"7"_qs },
        u"deadletters list: unexpected extra argument"_qs);
    fails("server flag on deadletters",
        { u"deadletters"_qs, u"list"_qs, u"--webhook-attempts=3"_qs },
        u"--webhook-attempts does not apply to deadletters"_qs);
    fails("webhooks without a secret", { u"--webhook-urls=http://127.0.0.1:9/h"_qs },
        u"webhook-urls is set but no webhook-secret-file (or webhook-secret)"_qs);
    fails("webhooks with both secrets",
        { u"--webhook-urls=http://127.0.0.1:9/h"_qs, u"--webhook-secret=k"_qs,
            u"--webhook-secret-file=%secret"_qs },
        u"give webhook-secret or webhook-secret-file, not both"_qs);
    fails("webhooks with a missing secret file",
        { u"--webhook-urls=http://127.0.0.1:9/h"_qs,
            u"--webhook-secret-file=/nonexistent/hook.key"_qs },
        u"webhook-secret-file: cannot read \"/nonexistent/hook.key\""_qs);
    fails("webhooks with an empty secret file",
        { u"--webhook-urls=http://127.0.0.1:9/h"_qs, u"--webhook-secret-file=%empty"_qs },
        u"is empty"_qs);

    fails("a certificate without its key", { u"--tls-cert=/etc/sb/fullchain.pem"_qs },
        u"tls-cert is set but tls-key is not: give both, or neither"_qs);
    fails("a key without its certificate", { u"--tls-key=/etc/sb/privkey.pem"_qs },
        u"tls-key is set but tls-cert is not: give both, or neither"_qs);

    fails("unknown option", { u"--foo"_qs }, u"unknown option --foo; see --help"_qs);
    fails("misspelled option", { u"--lisen"_qs, u"127.0.0.1:1"_qs },
        u"unknown option --lisen (did you mean --listen?); see --help"_qs);
    fails("single-dash option", { u"-x"_qs }, u"unknown option -x"_qs);
    fails("missing value", { u"--listen"_qs }, u"--listen needs a value (HOST:PORT)"_qs);
    fails("bad value", { u"--agent-capacity"_qs, u"x"_qs },
        u"--agent-capacity: expected a whole number from 1 to 1000, got \"x\""_qs);
    fails("bad value in key=value form", { u"--listen=nowhere"_qs },
        u"--listen: expected HOST:PORT"_qs);
    fails("switch given a value", { u"--version=2"_qs, u"--help=1"_qs }, QString());
    fails("unknown command", { u"serve"_qs }, u"unknown command \"serve\"; see --help"_qs);
    fails("user without subcommand", { u"user"_qs },
        u"user: expected add, list, remove or passwd"_qs);
    fails("unknown user subcommand", { u"user"_qs, u"delete"_qs, u"bob"_qs },
        u"unknown user command \"delete\""_qs);
    fails("user add without login",
        { u"user"_qs, u"add"_qs, u"--role"_qs, u"agent"_qs, u"--password-stdin"_qs },
        u"user add: missing LOGIN"_qs);
    fails("user add without role", { u"user"_qs, u"add"_qs, u"bob"_qs, u"--password-stdin"_qs },
        u"user add: --role agent|supervisor is required"_qs);
    fails("user add with another role",
        { u"user"_qs, u"add"_qs, u"bob"_qs, u"--role"_qs, u"customer"_qs, u"--password-stdin"_qs },
        u"--role: expected agent|supervisor, got \"customer\""_qs);
    fails("user add without --password-stdin",
        { u"user"_qs, u"add"_qs, u"bob"_qs, u"--role"_qs, u"agent"_qs },
        u"user add: --password-stdin is required"_qs);
    fails("user passwd without --password-stdin", { u"user"_qs, u"passwd"_qs, u"bob"_qs },
        u"user passwd: --password-stdin is required"_qs);
    fails("invalid login", { u"user"_qs, u"remove"_qs, u"bad login!"_qs },
        u"invalid login \"bad login!\""_qs);
    fails("login too long", { u"user"_qs, u"remove"_qs, QString(65, u'a') }, u"invalid login"_qs);
    fails("empty name",
        { u"user"_qs, u"add"_qs, u"bob"_qs, u"--role"_qs, u"agent"_qs, u"--name"_qs, u" "_qs,
            u"--password-stdin"_qs },
        u"--name: expected 1 to 256 characters"_qs);
    fails("empty team",
        { u"user"_qs, u"add"_qs, u"bob"_qs, u"--role"_qs, u"agent"_qs, u"--team="_qs,
            u"--password-stdin"_qs },
        u"--team: expected a team name"_qs);
    fails("server flag on a user command",
        { u"user"_qs, u"list"_qs, u"--listen"_qs, u"127.0.0.1:1"_qs },
        u"--listen does not apply to user list; see --help"_qs);
    fails("user flag on the server", { u"--role"_qs, u"agent"_qs },
        u"--role does not apply to the server; see --help"_qs);
    fails("--name on user list", { u"user"_qs, u"list"_qs, u"--name"_qs, u"x"_qs },
        u"--name does not apply to user list"_qs);
    fails("password given to --password-stdin",
        { u"user"_qs, u"passwd"_qs, u"bob"_qs, u"--password-stdin=hunter2hunter2"_qs },
        u"--password-stdin takes no value"_qs);
    fails("password as an option",
        { u"user"_qs, u"add"_qs, u"bob"_qs, u"--role"_qs, u"agent"_qs,
            u"--password=hunter2hunter2"_qs },
        u"passwords are never taken as arguments"_qs);
    fails("password as an extra argument",
        { u"user"_qs, u"add"_qs, u"bob"_qs, u"hunter2hunter2"_qs, u"--role"_qs, u"agent"_qs,
            u"--password-stdin"_qs },
        u"user add: unexpected extra argument"_qs);
    fails("config file missing", { u"--config"_qs, u"/nonexistent/switchboard.conf"_qs },
        u"cannot read config file \"/nonexistent/switchboard.conf\""_qs);
    fails("config given twice", { u"--config=/a.conf"_qs, u"--config=/b.conf"_qs },
        u"--config given twice"_qs);
}

void tst_ServerConfig::parse()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, kind);
    QFETCH(QString, error);

    // %name stands for a file of this test's directory (see initTestCase).
    for (QString &argument : arguments)
        argument.replace(u"%"_qs, m_dir.path() + u'/');
    const auto result = parseCommandLine(argv(arguments));
    if (kind != u"error"_qs) {
        QVERIFY2(result.hasValue(), qPrintable(result ? QString() : result.error().message));
        QCOMPARE(commandKind(*result), kind);
        return;
    }
    if (error.isEmpty()) { // only that it fails
        QVERIFY2(
            !result.hasValue() || commandKind(*result) == u"help"_qs, "expected an error or help");
        return;
    }
    QVERIFY2(!result.hasValue(),
        qPrintable(u"parsed as "_qs + (result ? commandKind(*result) : QString())));
    const QString message = result.error().message;
    QVERIFY2(message.startsWith(u"switchboard-server: "_qs), qPrintable(message));
    QVERIFY2(message.contains(error), qPrintable(message));
    QVERIFY2(!message.contains(u'\n'), "usage errors are one line");
    QVERIFY2(!message.contains(u"hunter2"_qs), "a password must never be echoed");
}

void tst_ServerConfig::keyValueFormsAgree_data()
{
    everyKeyIsASettingAndDocumented_data();
}

void tst_ServerConfig::keyValueFormsAgree()
{
    QFETCH(QString, key);
    QFETCH(QString, value);

    const QString flag = u"--"_qs + key;
    const auto joined = parseCommandLine(argv(sampleArguments(key, { flag + u'=' + value })));
    QVERIFY2(joined.hasValue(), qPrintable(joined ? QString() : joined.error().message));
    const ServerConfig &joinedConfig = std::get<RunServer>(*joined).config;
    QVERIFY(fieldText(joinedConfig, key) != fieldText(ServerConfig(), key));

    // Switches take no separate value; the rest read the next argument.
    const bool isSwitch = key == u"create-demo-agent"_qs;
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

    const QString path = m_dir.filePath(u"override.conf"_qs);
    QVERIFY(writeFile(path, "listen = 127.0.0.1:1111\nagent-capacity = 7\nrouting = manual\n"));
    QStringList arguments { u"--listen"_qs, u"127.0.0.1:2222"_qs, u"--routing=round_robin"_qs };
    const QStringList config { u"--config"_qs, path };
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
        << QStringList { u"--create-demo-agent"_qs } << QByteArray() << true;
    QTest::addRow("=false turns it off")
        << QStringList { u"--create-demo-agent=false"_qs } << QByteArray() << false;
    QTest::addRow("flag overrides the file") << QStringList { u"--create-demo-agent=no"_qs }
                                             << QByteArray("create-demo-agent = true\n") << false;
    QTest::addRow("file alone") << QStringList() << QByteArray("create-demo-agent = yes\n") << true;
}

void tst_ServerConfig::createDemoAgentSwitch()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, configFile);
    QFETCH(bool, expected);

    if (!configFile.isEmpty()) {
        const QString path = m_dir.filePath(u"demo.conf"_qs);
        QVERIFY(writeFile(path, configFile));
        arguments << u"--config"_qs << path;
    }
    const auto parsed = parseCommandLine(argv(arguments));
    QVERIFY2(parsed.hasValue(), qPrintable(parsed ? QString() : parsed.error().message));
    QCOMPARE(std::get<RunServer>(*parsed).config.createDemoAgent, expected);
}

void tst_ServerConfig::userAddFields()
{
    const auto parsed = parseCommandLine(
        argv({ u"user"_qs, u"add"_qs, u"carol"_qs, u"--role"_qs, u"supervisor"_qs, u"--name"_qs,
            u"Carol Jones"_qs, u"--team"_qs, u"billing"_qs, u"--team=sales, vip"_qs, u"--team"_qs,
            u"billing"_qs, u"--password-stdin"_qs, u"--data"_qs, u"/tmp/sb-data"_qs }));
    QVERIFY2(parsed.hasValue(), qPrintable(parsed ? QString() : parsed.error().message));
    const UserAdd &add = std::get<UserAdd>(*parsed);
    QCOMPARE(add.login, u"carol"_qs);
    QCOMPARE(add.role, protocol::Role::Supervisor);
    QCOMPARE(add.name, u"Carol Jones"_qs);
    QCOMPARE(add.teams, (QStringList { u"billing"_qs, u"sales"_qs, u"vip"_qs }));
    QCOMPARE(add.config.dataDir, u"/tmp/sb-data"_qs);
    QCOMPARE(add.config.databasePath(), u"/tmp/sb-data/switchboard.sqlite3"_qs);
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
        versionText(), u"switchboard-server "_qs + QLatin1StringView(switchboard::versionString));
    QVERIFY(helpText().endsWith(u'\n'));
}

void tst_ServerConfig::ensureDataDirectory()
{
    const QString nested = m_dir.filePath(u"a/b/data"_qs);
    QVERIFY2(server::ensureDataDirectory(nested).hasValue(), "creates missing parents");
    QVERIFY(QFileInfo(nested).isDir());
    QCOMPARE(QFileInfo(nested).permissions() & (QFile::ReadOther | QFile::ReadGroup),
        QFile::Permissions());
    QVERIFY2(server::ensureDataDirectory(nested).hasValue(), "an existing directory is fine");
    QVERIFY2(
        QDir(nested).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot).isEmpty(),
        "the write probe leaves nothing behind");

    const QString file = m_dir.filePath(u"plain-file"_qs);
    QVERIFY(writeFile(file, "x"));
    const auto refused = server::ensureDataDirectory(file);
    QVERIFY(!refused.hasValue());
    QCOMPARE(refused.error().message,
        u"data directory \""_qs + file + u"\" exists but is not a directory"_qs);

    const auto underFile = server::ensureDataDirectory(file + u"/data"_qs);
    QVERIFY(!underFile.hasValue());
    QVERIFY2(underFile.error().message.startsWith(u"cannot create data directory"_qs),
        qPrintable(underFile.error().message));
}

QTEST_GUILESS_MAIN(tst_ServerConfig)
#include "tst_serverconfig.moc"
