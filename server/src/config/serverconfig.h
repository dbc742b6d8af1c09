#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QString>
#include <QStringList>
#include <optional>
#include <switchboard/expected.h>
#include <switchboard/logging.h>
#include <switchboard/protocol.h>

namespace switchboard::server {

// Everything a server node can be told, from flags or from a config file with the same keys.
// Defaults are safe: loopback only, rate limits on.
struct ServerConfig {
    QHostAddress listenAddress = QHostAddress::LocalHost;
    quint16 listenPort = protocol::defaultPort; // 0: any free port (tests)
    QString dataDir; // empty: the platform's app data directory
    std::optional<logging::Format> logFormat; // unset: json unless stderr is a terminal
    QString logLevel = QStringLiteral("info");
    int agentCapacity = 5;
    protocol::RoutingMode routing = protocol::RoutingMode::LeastLoaded;
    double rateLimit = 20.0; // messages per second per connection; 0 = unlimited
    int rateBurst = 40; // messages allowed at once before the rate applies

    // Beyond the flags the issue names; each also a config key (see docs/configuration).
    int heartbeatSeconds = 25;
    int graceSeconds = 60; // an agent's conversations wait this long for it to return
    int helloTimeoutSeconds = 10; // close 4000 when no hello arrives in time
    int handshakeTimeoutSeconds = 10;
    qint64 maxMessageBytes = protocol::defaultMaxMessageBytes;
    qint64 attachmentMaxBytes = 10 * 1024 * 1024; // largest upload (POST /attachments)
    int ioThreads = 0; // 0: one per core
    QString nodeId; // empty: generated from the host name
    QStringList allowedOrigins; // empty: any Origin is accepted
    // Proxies (addresses or subnets) whose X-Forwarded-For names the client; empty: none.
    QList<QPair<QHostAddress, int>> trustedProxies;
    QStringList trustedProxiesText; // as written, for --help and logs
    bool synchronousFull = false; // SQLite synchronous=FULL (survives power loss)
    int busyTimeoutMs = 5000;
    int tokenLifetimeDays = 30;
    int loginAttemptsPerMinute = 10; // failed logins per address before rate_limited
    bool createDemoAgent = false; // create "demo" with a printed password when no user exists
    int maxConnections = 0; // 0: derived from the open-file limit
    int drainSeconds = 1; // /readyz answers 503 this long before clients are sent away
    int alertAckP99Ms = 500; // AckLatencyHigh fires above this p99 over a minute
    int alertQueueWaitSeconds = 120; // QueueWaitHigh fires when a customer waits longer
    // Closing what nobody is there for (fractions allowed, so tests take seconds); 0: off.
    double missedAfterMinutes = 30; // queued, unanswered, visitor gone this long: missed
    double idleCloseHours = 24; // assigned, no message this long: idle
    // New visitors per client address; past either, hello gets rate_limited (0: no limit).
    int newVisitorsPerMinute = 60; // hellos without a token, per address, in a sliding minute
    int openConversationsPerAddress = 300; // open conversations started from one address
    int maxOpenConversations = 0; // this node's cap; 0: derived from the machine's memory
    // Connections one address may hold upgraded but not yet welcomed; past it the upgrade gets
    // 429 before any WebSocket is built (0: no bound).
    int pendingHellosPerAddress = 64;

    // Webhooks: conversation events POSTed as signed JSON to each URL (empty: none).
    QStringList webhookUrls;
    QByteArray webhookSecret; // the HMAC-SHA256 key; never logged
    QString webhookSecretFile; // read by prepareServerConfig() into webhookSecret
    int webhookAttempts = 6; // deliveries tried before an event goes to the dead letters
    int webhookBackoffMs = 1000; // first retry delay; doubles per attempt, with full jitter
    static constexpr int webhookBackoffCapMs = 5 * 60 * 1000;

    // Retention, run daily (docs/history.md); 0 turns each off.
    int retentionDeleteDays = 0; // delete closed conversations this long after their close
    int retentionRedactDays = 0; // blank customer name and e-mail this long after their last close

    // PostgreSQL (docs/deployment.md); an empty URL keeps the SQLite file in dataDir.
    QString databaseUrl; // postgresql://USER[:PASS]@HOST:PORT/DB[?schema=NAME]; never logged
    int dbPoolSize = 4; // PostgreSQL connections per node: one writer, the rest readers
    int dbStatementTimeoutMs = 5000; // PostgreSQL statement_timeout; 0: none

    // The cluster (docs/deployment.md): empty redisUrl runs this node on its own.
    QString redisUrl; // redis://[:PASSWORD@]HOST:PORT[/DB]; never logged
    QString publicEndpoint; // ws(s)://…/ws clients use to reach this node, listed in welcome
    int clusterTtlSeconds = 10; // the registry forgets a node this long after its last beat

    // TLS (docs/install.md, "TLS without a proxy"): with both set the port serves only wss://
    // and https://, TLS 1.2 or newer. Read at start and again on SIGHUP.
    QString tlsCertificatePath; // PEM: the server's certificate, then any intermediates
    QString tlsKeyPath; // PEM: its private key, unencrypted
    bool usesTls() const { return !tlsCertificatePath.isEmpty() || !tlsKeyPath.isEmpty(); }

    // The shop's texts in the customer widget, per language (config/widgettexts.h); empty:
    // <dataDir>/widget-texts.json when that file exists (the console's server), else none.
    QString widgetTextsFile;

    QString databasePath() const; // <dataDir>/switchboard.sqlite3
    QString widgetTextsPath() const; // the file the server reads, or empty
};

struct ConfigError {
    QString message; // one line, names the flag or key and what is wrong
};

// Applies one `key = value` setting; keys are the long flag names without "--".
Expected<Done, ConfigError> applySetting(
    ServerConfig &config, const QString &key, const QString &value);
// Reads a config file: `key = value` lines, `#` comments, blank lines.
Expected<Done, ConfigError> applyConfigFile(ServerConfig &config, const QString &path);
QString defaultDataDir();

// Checks that need every setting at once, and files the server reads before it starts: the
// webhook secret (from webhook-secret-file), required whenever webhook-urls is set. Only
// running the server needs this; maintenance commands may share its config file without it.
Expected<Done, ConfigError> prepareServerConfig(ServerConfig &config);
// retention-redact-days must not exceed retention-delete-days when both are set.
Expected<Done, ConfigError> checkRetentionSettings(const ServerConfig &config);

} // namespace switchboard::server
