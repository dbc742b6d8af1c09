#include "serverconfig.h"

#include "cluster/redisoptions.h"
#include "commandline.h"
#include "store/postgresoptions.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QStandardPaths>
#include <QUrl>
#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

using namespace Qt::StringLiterals;

namespace switchboard::server {

namespace {

// What is wrong with a value, without the key; nullopt when the value was applied.
using Problem = std::optional<QString>;

struct Setting {
    QLatin1StringView key;
    std::function<Problem(ServerConfig &, const QString &)> apply;
};

QString quoted(const QString &text)
{
    return QLatin1Char('"') + text + QLatin1Char('"');
}

bool isAsciiDigits(QStringView text)
{
    if (text.isEmpty())
        return false;
    for (const QChar c : text) {
        if (c < u'0' || c > u'9')
            return false;
    }
    return true;
}

// Digits only: signs, spaces and exponents are mistakes in a count.
std::optional<qint64> wholeNumber(const QString &text)
{
    if (!isAsciiDigits(text) || text.size() > 18)
        return std::nullopt;
    return text.toLongLong();
}

template<typename Field>
std::function<Problem(ServerConfig &, const QString &)> wholeNumberIn(
    Field ServerConfig::*field, qint64 min, qint64 max, const QString &unit = {})
{
    return [field, min, max, unit](ServerConfig &config, const QString &value) -> Problem {
        const std::optional<qint64> number = wholeNumber(value.trimmed());
        if (!number || *number < min || *number > max) {
            const QString what
                = unit.isEmpty() ? u"a whole number"_s : u"a whole number of "_s + unit;
            return u"expected "_s + what + u" from "_s + QString::number(min) + u" to "_s
                + QString::number(max) + u", got "_s + quoted(value);
        }
        config.*field = Field(*number);
        return std::nullopt;
    };
}

// A decimal number (a fraction of a minute is a test's few seconds); 0 turns the rule off.
std::function<Problem(ServerConfig &, const QString &)> decimalIn(
    double ServerConfig::*field, double max, const QString &unit)
{
    return [field, max, unit](ServerConfig &config, const QString &value) -> Problem {
        bool ok = false;
        const QString text = value.trimmed();
        const double number = text.toDouble(&ok);
        // No exponents or signs: "1e3" and "+5" are mistakes in a setting like this.
        const bool plain = !text.isEmpty() && std::all_of(text.cbegin(), text.cend(), [](QChar c) {
            return (c >= u'0' && c <= u'9') || c == u'.';
        });
        if (!ok || !plain || !std::isfinite(number) || number < 0 || number > max) {
            return u"expected a number of "_s + unit + u" from 0 (off) to "_s + QString::number(max)
                + u", fractions allowed, got "_s + quoted(value);
        }
        config.*field = number;
        return std::nullopt;
    };
}

Problem oneOf(const QString &value, const QStringList &choices)
{
    if (choices.contains(value))
        return std::nullopt;
    return u"expected "_s + choices.join(QLatin1Char('|')) + u", got "_s + quoted(value);
}

Problem applyListen(ServerConfig &config, const QString &value)
{
    const QString text = value.trimmed();
    const QString shapeProblem
        = u"expected HOST:PORT (e.g. 127.0.0.1:8420 or [::1]:8420), got "_s + quoted(value);
    QString host;
    QString port;
    const bool bracketed = text.startsWith(QLatin1Char('['));
    if (bracketed) {
        const qsizetype close = text.indexOf(QLatin1Char(']'));
        if (close < 0 || text.mid(close + 1, 1) != u":"_s)
            return shapeProblem;
        host = text.mid(1, close - 1);
        port = text.mid(close + 2);
    } else {
        const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
        if (colon <= 0)
            return shapeProblem;
        host = text.left(colon);
        port = text.mid(colon + 1);
        if (host.contains(QLatin1Char(':')))
            return u"an IPv6 address needs brackets, e.g. [::1]:8420, got "_s + quoted(value);
    }
    const std::optional<qint64> portNumber = wholeNumber(port);
    if (!portNumber || *portNumber > 65535)
        return u"port must be a whole number from 0 to 65535, got "_s + quoted(value);

    QHostAddress address;
    if (!bracketed && host.compare(u"localhost"_s, Qt::CaseInsensitive) == 0) {
        address = QHostAddress(QHostAddress::LocalHost);
    } else if (!address.setAddress(host)
        || bracketed != (address.protocol() == QAbstractSocket::IPv6Protocol)) {
        return u"expected an IP address or localhost as the host, got "_s + quoted(value);
    }
    config.listenAddress = address;
    config.listenPort = quint16(*portNumber);
    return std::nullopt;
}

Problem applyDataDir(ServerConfig &config, const QString &value)
{
    QString path = value.trimmed();
    if (path.isEmpty())
        return u"expected a directory path, got \"\""_s;
    // Config files are not expanded by a shell; a leading ~ still means home there.
    if (path == u"~"_s || path.startsWith(u"~/"_s))
        path = QDir::homePath() + path.mid(1);
    config.dataDir = QDir::cleanPath(path);
    return std::nullopt;
}

Problem applyLogFormat(ServerConfig &config, const QString &value)
{
    if (const Problem problem = oneOf(value, { u"json"_s, u"text"_s }))
        return problem;
    config.logFormat = value == u"json"_s ? logging::Format::Json : logging::Format::Text;
    return std::nullopt;
}

Problem applyLogLevel(ServerConfig &config, const QString &value)
{
    if (const Problem problem
        = oneOf(value, { u"debug"_s, u"info"_s, u"warning"_s, u"error"_s, u"critical"_s }))
        return problem;
    config.logLevel = value;
    return std::nullopt;
}

Problem applyRouting(ServerConfig &config, const QString &value)
{
    const std::optional<protocol::RoutingMode> mode = protocol::routingModeFromName(value);
    if (!mode)
        return u"expected least_loaded|round_robin|manual, got "_s + quoted(value);
    config.routing = *mode;
    return std::nullopt;
}

Problem applyRateLimit(ServerConfig &config, const QString &value)
{
    bool ok = false;
    const double rate = value.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(rate) || rate < 0 || rate > 1e6)
        return u"expected messages per second, a number from 0 (unlimited) to 1000000, got "_s
            + quoted(value);
    config.rateLimit = rate;
    return std::nullopt;
}

bool isIdentifierText(const QString &text, qsizetype maxLength)
{
    if (text.isEmpty() || text.size() > maxLength)
        return false;
    for (const QChar c : text) {
        const bool allowed = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z')
            || (c >= u'0' && c <= u'9') || c == u'.' || c == u'_' || c == u'-';
        if (!allowed)
            return false;
    }
    return true;
}

Problem applyNodeId(ServerConfig &config, const QString &value)
{
    const QString id = value.trimmed();
    if (!id.isEmpty() && !isIdentifierText(id, 64))
        return u"expected 1 to 64 characters of A-Z a-z 0-9 . _ -, got "_s + quoted(value);
    config.nodeId = id; // empty: generated from the host name
    return std::nullopt;
}

// Origins are compared exactly with the browser's `Origin` header, which is always a lower-case
// scheme://host[:port] with nothing after it; anything else here could never match.
bool isExactOrigin(const QString &origin)
{
    const QUrl url(origin, QUrl::StrictMode);
    return url.isValid() && (url.scheme() == u"http"_s || url.scheme() == u"https"_s)
        && !url.host().isEmpty() && url.path().isEmpty() && !url.hasQuery() && !url.hasFragment()
        && url.userInfo().isEmpty() && url.toString(QUrl::FullyEncoded) == origin;
}

Problem applyAllowedOrigins(ServerConfig &config, const QString &value)
{
    QStringList origins;
    for (const QString &part : value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString origin = part.trimmed();
        if (origin.isEmpty())
            continue;
        if (!isExactOrigin(origin))
            return u"expected comma-separated origins like https://chat.example.com "
                   u"(lower-case scheme://host[:port], no path), got "_s
                + quoted(origin);
        if (!origins.contains(origin))
            origins.append(origin);
    }
    config.allowedOrigins = origins; // empty: any Origin
    return std::nullopt;
}

Problem applyTrustedProxies(ServerConfig &config, const QString &value)
{
    QList<QPair<QHostAddress, int>> subnets;
    QStringList texts;
    for (const QString &part : value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString text = part.trimmed();
        if (text.isEmpty())
            continue;
        // A bare address is a subnet of one.
        QPair<QHostAddress, int> subnet = QHostAddress::parseSubnet(text);
        QHostAddress single;
        if (subnet.first.isNull() && single.setAddress(text))
            subnet = { single, single.protocol() == QAbstractSocket::IPv6Protocol ? 128 : 32 };
        if (subnet.first.isNull())
            return u"expected comma-separated addresses or subnets like 10.0.0.5 or "
                   u"10.0.0.0/8, got "_s
                + quoted(text);
        subnets.append(subnet);
        texts.append(text);
    }
    config.trustedProxies = subnets;
    config.trustedProxiesText = texts;
    return std::nullopt;
}

Problem applySynchronous(ServerConfig &config, const QString &value)
{
    if (const Problem problem = oneOf(value, { u"normal"_s, u"full"_s }))
        return problem;
    config.synchronousFull = value == u"full"_s;
    return std::nullopt;
}

Problem applyCreateDemoAgent(ServerConfig &config, const QString &value)
{
    const QString text = value.trimmed().toLower();
    if (text == u"true"_s || text == u"yes"_s || text == u"on"_s || text == u"1"_s) {
        config.createDemoAgent = true;
    } else if (text == u"false"_s || text == u"no"_s || text == u"off"_s || text == u"0"_s) {
        config.createDemoAgent = false;
    } else {
        return u"expected true|false, got "_s + quoted(value);
    }
    return std::nullopt;
}

// Receivers are the shop's own systems; credentials belong in the signature, not the URL,
// where they would show up in listings.
bool isWebhookUrl(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    return url.isValid() && (url.scheme() == u"http"_s || url.scheme() == u"https"_s)
        && !url.host().isEmpty() && url.userInfo().isEmpty() && !url.hasFragment();
}

Problem applyWebhookUrls(ServerConfig &config, const QString &value)
{
    QStringList urls;
    for (const QString &part : value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString url = part.trimmed();
        if (url.isEmpty())
            continue;
        if (!isWebhookUrl(url))
            return u"expected comma-separated http:// or https:// URLs with a host and no "
                   u"user:password@ or #fragment, got "_s
                + quoted(url);
        if (!urls.contains(url))
            urls.append(url);
    }
    config.webhookUrls = urls; // empty: no webhooks
    return std::nullopt;
}

Problem applyWebhookSecret(ServerConfig &config, const QString &value)
{
    // The value is never echoed: it is a secret.
    if (value.trimmed().isEmpty())
        return u"expected a non-empty key"_s;
    config.webhookSecret = value.trimmed().toUtf8();
    return std::nullopt;
}

Problem applyWebhookSecretFile(ServerConfig &config, const QString &value)
{
    const QString path = value.trimmed();
    if (path.isEmpty())
        return u"expected a file path, got \"\""_s;
    config.webhookSecretFile = path;
    return std::nullopt;
}

Problem applyWidgetTextsFile(ServerConfig &config, const QString &value)
{
    const QString path = value.trimmed();
    if (path.isEmpty())
        return u"expected the path of a JSON file, got \"\""_s;
    config.widgetTextsFile = path;
    return std::nullopt;
}

Problem applyDatabaseUrl(ServerConfig &config, const QString &value)
{
    const QString url = value.trimmed();
    if (url.isEmpty() || url == u"sqlite"_s) {
        config.databaseUrl.clear(); // the SQLite file in --data
        return std::nullopt;
    }
    // The errors never repeat the URL: it may hold the password.
    if (auto options = PostgresOptions::fromUrl(url); !options)
        return options.error();
    config.databaseUrl = url;
    return std::nullopt;
}

Problem applyRedisUrl(ServerConfig &config, const QString &value)
{
    const QString url = value.trimmed();
    if (!url.isEmpty()) {
        if (auto options = RedisOptions::fromUrl(url); !options)
            return options.error(); // never the URL itself: it may hold the password
    }
    config.redisUrl = url;
    return std::nullopt;
}

Problem applyPublicEndpoint(ServerConfig &config, const QString &value)
{
    const QString endpoint = value.trimmed();
    const QUrl url(endpoint, QUrl::StrictMode);
    const bool webSocket = url.scheme() == u"ws"_s || url.scheme() == u"wss"_s;
    if (!endpoint.isEmpty() && (!url.isValid() || !webSocket || url.host().isEmpty()))
        return u"expected a ws:// or wss:// URL such as ws://chat1.example.com:8080/ws, got "_s
            + quoted(value);
    config.publicEndpoint = endpoint;
    return std::nullopt;
}

// A file path the server reads; whether it can is checked when the server starts.
std::function<Problem(ServerConfig &, const QString &)> filePath(QString ServerConfig::*field)
{
    return [field](ServerConfig &config, const QString &value) -> Problem {
        const QString path = value.trimmed();
        if (path.isEmpty())
            return u"expected a file path, got \"\""_s;
        config.*field = path;
        return std::nullopt;
    };
}

const std::vector<Setting> &settings()
{
    static const std::vector<Setting> table = {
        { QLatin1StringView("listen"), applyListen },
        { QLatin1StringView("data"), applyDataDir },
        { QLatin1StringView("log-format"), applyLogFormat },
        { QLatin1StringView("log-level"), applyLogLevel },
        { QLatin1StringView("agent-capacity"),
            wholeNumberIn(&ServerConfig::agentCapacity, 1, 1000) },
        { QLatin1StringView("routing"), applyRouting },
        { QLatin1StringView("rate-limit"), applyRateLimit },
        { QLatin1StringView("rate-burst"), wholeNumberIn(&ServerConfig::rateBurst, 1, 100000) },
        { QLatin1StringView("heartbeat"),
            wholeNumberIn(&ServerConfig::heartbeatSeconds, 1, 3600, u"seconds"_s) },
        { QLatin1StringView("grace"),
            wholeNumberIn(&ServerConfig::graceSeconds, 0, 86400, u"seconds"_s) },
        { QLatin1StringView("hello-timeout"),
            wholeNumberIn(&ServerConfig::helloTimeoutSeconds, 1, 600, u"seconds"_s) },
        { QLatin1StringView("handshake-timeout"),
            wholeNumberIn(&ServerConfig::handshakeTimeoutSeconds, 1, 600, u"seconds"_s) },
        { QLatin1StringView("max-message-bytes"),
            wholeNumberIn(&ServerConfig::maxMessageBytes, 1024, 16 * 1024 * 1024, u"bytes"_s) },
        { QLatin1StringView("attachment-max-bytes"),
            wholeNumberIn(&ServerConfig::attachmentMaxBytes, 1, 1024 * 1024 * 1024, u"bytes"_s) },
        { QLatin1StringView("io-threads"), wholeNumberIn(&ServerConfig::ioThreads, 0, 64) },
        { QLatin1StringView("node-id"), applyNodeId },
        { QLatin1StringView("allowed-origins"), applyAllowedOrigins },
        { QLatin1StringView("trusted-proxies"), applyTrustedProxies },
        { QLatin1StringView("new-visitors-per-minute"),
            wholeNumberIn(&ServerConfig::newVisitorsPerMinute, 0, 1000000) },
        { QLatin1StringView("pending-hellos-per-address"),
            wholeNumberIn(&ServerConfig::pendingHellosPerAddress, 0, 1000000) },
        { QLatin1StringView("max-open-conversations"),
            wholeNumberIn(&ServerConfig::maxOpenConversations, 0, 10000000) },
        { QLatin1StringView("open-conversations-per-address"),
            wholeNumberIn(&ServerConfig::openConversationsPerAddress, 0, 10000000) },
        { QLatin1StringView("sqlite-synchronous"), applySynchronous },
        { QLatin1StringView("busy-timeout-ms"),
            wholeNumberIn(&ServerConfig::busyTimeoutMs, 0, 600000, u"milliseconds"_s) },
        { QLatin1StringView("db"), applyDatabaseUrl },
        { QLatin1StringView("db-pool-size"), wholeNumberIn(&ServerConfig::dbPoolSize, 2, 64) },
        { QLatin1StringView("db-statement-timeout-ms"),
            wholeNumberIn(&ServerConfig::dbStatementTimeoutMs, 0, 600000, u"milliseconds"_s) },
        { QLatin1StringView("redis"), applyRedisUrl },
        { QLatin1StringView("public-endpoint"), applyPublicEndpoint },
        { QLatin1StringView("tls-cert"), filePath(&ServerConfig::tlsCertificatePath) },
        { QLatin1StringView("tls-key"), filePath(&ServerConfig::tlsKeyPath) },
        { QLatin1StringView("cluster-ttl-seconds"),
            wholeNumberIn(&ServerConfig::clusterTtlSeconds, 3, 600, u"seconds"_s) },
        { QLatin1StringView("token-lifetime-days"),
            wholeNumberIn(&ServerConfig::tokenLifetimeDays, 1, 3650, u"days"_s) },
        { QLatin1StringView("login-attempts-per-minute"),
            wholeNumberIn(&ServerConfig::loginAttemptsPerMinute, 1, 10000) },
        { QLatin1StringView("create-demo-agent"), applyCreateDemoAgent },
        { QLatin1StringView("max-connections"),
            wholeNumberIn(&ServerConfig::maxConnections, 0, 10000000) },
        { QLatin1StringView("drain-seconds"),
            wholeNumberIn(&ServerConfig::drainSeconds, 0, 60, u"seconds"_s) },
        { QLatin1StringView("alert-ack-p99-ms"),
            wholeNumberIn(&ServerConfig::alertAckP99Ms, 1, 600000, u"milliseconds"_s) },
        { QLatin1StringView("alert-queue-wait-seconds"),
            wholeNumberIn(&ServerConfig::alertQueueWaitSeconds, 1, 86400, u"seconds"_s) },
        { QLatin1StringView("missed-after-minutes"),
            decimalIn(&ServerConfig::missedAfterMinutes, 7 * 24 * 60, u"minutes"_s) },
        { QLatin1StringView("idle-close-hours"),
            decimalIn(&ServerConfig::idleCloseHours, 365 * 24, u"hours"_s) },
        { QLatin1StringView("retention-delete-days"),
            wholeNumberIn(&ServerConfig::retentionDeleteDays, 0, 36500, u"days"_s) },
        { QLatin1StringView("retention-redact-days"),
            wholeNumberIn(&ServerConfig::retentionRedactDays, 0, 36500, u"days"_s) },
        { QLatin1StringView("widget-texts"), applyWidgetTextsFile },
        { QLatin1StringView("webhook-urls"), applyWebhookUrls },
        { QLatin1StringView("webhook-secret"), applyWebhookSecret },
        { QLatin1StringView("webhook-secret-file"), applyWebhookSecretFile },
        { QLatin1StringView("webhook-attempts"),
            wholeNumberIn(&ServerConfig::webhookAttempts, 1, 100) },
        { QLatin1StringView("webhook-backoff-ms"),
            wholeNumberIn(&ServerConfig::webhookBackoffMs, 1, ServerConfig::webhookBackoffCapMs,
                u"milliseconds"_s) },
    };
    return table;
}

const Setting *findSetting(const QString &key)
{
    for (const Setting &setting : settings()) {
        if (setting.key == key)
            return &setting;
    }
    return nullptr;
}

QString unknownSettingMessage(const QString &key)
{
    QStringList keys;
    for (const Setting &setting : settings())
        keys.append(setting.key);
    const QString suggestion = suggestSimilar(key, keys);
    QString message = u"unknown setting "_s + quoted(key);
    if (!suggestion.isEmpty())
        message += u" (did you mean "_s + quoted(suggestion) + u"?)"_s;
    return message;
}

// `label` names the setting the way the user wrote it: "--key" on the command line, "key" in
// a file.
Expected<Done, ConfigError> apply(
    ServerConfig &config, const QString &key, const QString &value, const QString &label)
{
    const Setting *setting = findSetting(key);
    if (!setting)
        return unexpected(ConfigError { unknownSettingMessage(key) });
    if (const Problem problem = setting->apply(config, value))
        return unexpected(ConfigError { label + u": "_s + *problem });
    return Done {};
}

} // namespace

QString ServerConfig::databasePath() const
{
    return QDir(dataDir.isEmpty() ? defaultDataDir() : dataDir).filePath(u"switchboard.sqlite3"_s);
}

QString ServerConfig::widgetTextsPath() const
{
    if (!widgetTextsFile.isEmpty())
        return widgetTextsFile;
    const QString inDataDir
        = QDir(dataDir.isEmpty() ? defaultDataDir() : dataDir).filePath(u"widget-texts.json"_s);
    return QFile::exists(inDataDir) ? inDataDir : QString();
}

Expected<Done, ConfigError> applySetting(
    ServerConfig &config, const QString &key, const QString &value)
{
    return apply(config, key, value, u"--"_s + key);
}

Expected<Done, ConfigError> applyConfigFile(ServerConfig &config, const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return unexpected(ConfigError {
            u"cannot read config file "_s + quoted(path) + u": "_s + file.errorString() });
    const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
    if (file.error() != QFileDevice::NoError)
        return unexpected(ConfigError {
            u"cannot read config file "_s + quoted(path) + u": "_s + file.errorString() });

    QHash<QString, int> seenOnLine;
    for (qsizetype index = 0; index < lines.size(); ++index) {
        const int lineNumber = int(index + 1);
        const QString where = path + QLatin1Char(':') + QString::number(lineNumber) + u": "_s;
        const QString line = lines.at(index).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const qsizetype equals = line.indexOf(QLatin1Char('='));
        if (equals < 0)
            return unexpected(
                ConfigError { where + u"expected \"key = value\", got "_s + quoted(line) });
        const QString key = line.left(equals).trimmed();
        QString value = line.mid(equals + 1).trimmed();
        if (value.size() >= 2 && value.startsWith(QLatin1Char('"'))
            && value.endsWith(QLatin1Char('"')))
            value = value.mid(1, value.size() - 2);
        if (const auto earlier = seenOnLine.constFind(key); earlier != seenOnLine.cend())
            return unexpected(ConfigError {
                where + quoted(key) + u" is already set on line "_s + QString::number(*earlier) });
        if (auto applied = apply(config, key, value, key); !applied)
            return unexpected(ConfigError { where + applied.error().message });
        seenOnLine.insert(key, lineNumber);
    }
    return Done {};
}

Expected<Done, ConfigError> checkRetentionSettings(const ServerConfig &config)
{
    // Redacting after the conversation is gone would never happen: say so instead.
    if (config.retentionDeleteDays > 0 && config.retentionRedactDays > config.retentionDeleteDays)
        return unexpected(
            ConfigError { u"retention-redact-days ("_s + QString::number(config.retentionRedactDays)
                + u") must not exceed retention-delete-days ("_s
                + QString::number(config.retentionDeleteDays)
                + u"): conversations are deleted before their customers would be redacted"_s });
    return Done {};
}

Expected<Done, ConfigError> prepareServerConfig(ServerConfig &config)
{
    if (auto retention = checkRetentionSettings(config); !retention)
        return retention;
    // Nodes of a cluster share their data; each node's own SQLite file would split it.
    if (!config.redisUrl.isEmpty() && config.databaseUrl.isEmpty())
        return unexpected(ConfigError { u"redis is set, but the nodes of a cluster share one "
                                        u"database: also give db = postgresql://…"_s });
    if (config.tlsCertificatePath.isEmpty() != config.tlsKeyPath.isEmpty())
        return unexpected(ConfigError { config.tlsKeyPath.isEmpty()
                ? u"tls-cert is set but tls-key is not: give both, or neither"_s
                : u"tls-key is set but tls-cert is not: give both, or neither"_s });
    if (config.webhookUrls.isEmpty())
        return Done {}; // no webhooks: the secret is not needed, so not read
    if (!config.webhookSecretFile.isEmpty()) {
        if (!config.webhookSecret.isEmpty())
            return unexpected(
                ConfigError { u"give webhook-secret or webhook-secret-file, not both"_s });
        QFile file(config.webhookSecretFile);
        if (!file.open(QIODevice::ReadOnly))
            return unexpected(ConfigError { u"webhook-secret-file: cannot read "_s
                + quoted(config.webhookSecretFile) + u": "_s + file.errorString() });
        // One line; the trailing newline editors add is not part of the key.
        config.webhookSecret = file.readAll().trimmed();
        if (config.webhookSecret.isEmpty())
            return unexpected(ConfigError {
                u"webhook-secret-file: "_s + quoted(config.webhookSecretFile) + u" is empty"_s });
    }
    if (config.webhookSecret.isEmpty())
        return unexpected(ConfigError {
            u"webhook-urls is set but no webhook-secret-file (or webhook-secret) signs the "
            u"deliveries"_s });
    return Done {};
}

QString defaultDataDir()
{
    const QString base = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    if (base.isEmpty())
        return {};
    return base + u"/switchboard"_s;
}

} // namespace switchboard::server
