#include "switchboardserver.h"

#include "alerts/alertengine.h"
#include "attachments/attachmentservice.h"
#include "cluster/clusterbusthread.h"
#include "config/widgettexts.h"
#include "gateway/gateway.h"
#include "gateway/tlscontext.h"
#include "health/loopwatchdog.h"
#include "history/historyservice.h"
#include "http/httpendpoints.h"
#include "metrics/metrics.h"
#include "platform/platform.h"
#include "router/router.h"
#include "store/storageservice.h"
#include "store/storefactory.h"
#include "webhooks/webhookdispatcher.h"

#include <QAbstractEventDispatcher>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHostInfo>
#include <QThread>
#include <algorithm>
#include <switchboard/logging.h>
#include <switchboard/timeformat.h>
#include <switchboard/version.h>

using namespace Qt::StringLiterals;

namespace switchboard::server {

namespace {

QString widgetDirectory()
{
    // Installed next to the binary's share/ folder, or in the source tree for developers.
    const QStringList candidates {
        QCoreApplication::applicationDirPath() + u"/../share/switchboard/widget"_s,
        QString::fromUtf8(SWITCHBOARD_WIDGET_SOURCE_DIR),
    };
    for (const QString &candidate : candidates) {
        if (QDir(candidate).exists())
            return QDir(candidate).canonicalPath();
    }
    return {};
}

// Without a setting, a quarter of the machine's memory for open conversations at 16 KiB each
// (the book's record, its announcements and indexes, and the visitor's connection if it is
// still there, measured at about 11 KB), so a flood of visitors cannot take the node down.
int derivedMaxOpenConversations()
{
    const std::optional<qint64> memory = platform::physicalMemoryBytes();
    if (!memory)
        return 100000;
    const qint64 quarter = *memory / 4;
    return int(std::clamp<qint64>(quarter / (16 * 1024), 1000, 1000000));
}

} // namespace

SwitchboardServer::SwitchboardServer(ServerConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
{
    if (m_config.dataDir.isEmpty())
        m_config.dataDir = defaultDataDir();
    if (m_config.nodeId.isEmpty())
        m_config.nodeId
            = QHostInfo::localHostName() + u"-"_s + QString::number(m_config.listenPort);
    m_metrics = std::make_unique<metrics::ServerMetrics>();
    m_metrics->version = QString::fromLatin1(versionString);
    m_metrics->startTimeMs = nowMs();
    m_watchdog = std::make_unique<LoopWatchdog>();
}

SwitchboardServer::~SwitchboardServer()
{
    stop();
}

Expected<quint16, QString> SwitchboardServer::start()
{
    // First: a certificate that cannot be used stops the start before anything is opened.
    if (m_config.usesTls()) {
        auto tls = TlsContext::load(m_config.tlsCertificatePath, m_config.tlsKeyPath);
        if (!tls)
            return unexpected(tls.error());
        m_tls = std::move(*tls);
    }
    // The shop's widget texts are checked before anything starts: a mistake there is the
    // operator's to fix, reported in one line like any other setting.
    QByteArray widgetTexts = WidgetTexts().json();
    if (const QString textsPath = m_config.widgetTextsPath(); !textsPath.isEmpty()) {
        auto texts = WidgetTexts::fromFile(textsPath);
        if (!texts)
            return unexpected(u"widget-texts: "_s + texts.error());
        widgetTexts = texts->json();
    }
    const QString databasePath = m_config.databasePath(); // the SQLite file, when no --db
    const ServerConfig storeConfig = m_config;
    m_storage = std::make_unique<StorageService>(
        [storeConfig](const QString &name) { return makeStore(storeConfig, name); });
    // PostgreSQL serves reads on several connections; SQLite's one reader is never the limit.
    if (usesPostgres(m_config))
        m_storage->setReaderCount(m_config.dbPoolSize - 1);
    metrics::ServerMetrics *counters = m_metrics.get();
    counters->backend = usesPostgres(m_config) ? u"postgresql"_s : u"sqlite"_s;
    const int poolSize = m_storage->poolSize();
    counters->dbPoolConnections[u"idle"].set(poolSize);
    m_storage->setPoolObserver([counters, poolSize](double waitedSeconds, int busy) {
        if (waitedSeconds >= 0)
            counters->dbPoolWait.observe(waitedSeconds);
        counters->dbPoolConnections[u"busy"].set(busy);
        counters->dbPoolConnections[u"idle"].set(poolSize - busy);
    });
    m_storage->setRetryObserver(
        [counters](const QString &sqlState) { counters->dbTransactionRetries[sqlState].inc(); });
    m_storage->setQueryObserver([counters](StorageService::Operation operation, double seconds) {
        static constexpr QStringView labels[] = { u"read", u"write", u"commit" };
        counters->dbQueryDuration[labels[int(operation)]].observe(seconds);
    });
    if (auto started = m_storage->start(); !started)
        return unexpected(started.error().message);
    // The storage threads have created or migrated the database; the history thread reads it
    // (and retention writes it) on a connection of its own.
    {
        const ServerConfig historyConfig = m_config;
        m_history = std::make_unique<HistoryService>([historyConfig](const QString &name) {
            return HistoryDatabase::forConfig(historyConfig, name);
        });
        if (auto started = m_history->start(); !started) {
            m_storage->stop();
            return unexpected(
                u"cannot open the database for history: "_s + started.error().message);
        }
        StorageService *storage = m_storage.get();
        // The first retention run waits a minute, so start-up and resuming clients come first;
        // tests shorten it with SWITCHBOARD_RETENTION_FIRST_RUN_MS.
        bool delayGiven = false;
        const int firstRunMs
            = qEnvironmentVariableIntValue("SWITCHBOARD_RETENTION_FIRST_RUN_MS", &delayGiven);
        m_history->startRetention(
            RetentionSettings { m_config.retentionDeleteDays, m_config.retentionRedactDays },
            m_metrics.get(),
            [storage](AuditEntry entry) { storage->appendAudit(std::move(entry)); },
            delayGiven && firstRunMs >= 0 ? firstRunMs : 60 * 1000);
    }

    WebhookOptions hooks;
    hooks.urls = m_config.webhookUrls;
    hooks.secret = m_config.webhookSecret;
    hooks.attempts = m_config.webhookAttempts;
    hooks.backoffBaseMs = m_config.webhookBackoffMs;
    hooks.backoffCapMs = ServerConfig::webhookBackoffCapMs;
    m_webhooks = std::make_unique<WebhookDispatcher>(hooks, m_storage.get(), m_metrics.get());
    m_webhooks->start(); // even without URLs: keeps the dead-letter gauge and alert current

    m_http = std::make_unique<HttpEndpoints>(HttpEndpoints::Probes {
                                                 [this] { return m_watchdog->allAlive(); },
                                                 [this] { return notReadyReasons(); },
                                                 [this] { return metrics::exposition(*m_metrics); },
                                                 [this] { return degradedReasons(); },
                                             },
        widgetDirectory());
    m_http->setWidgetTexts(widgetTexts);

    RouterOptions routerOptions;
    routerOptions.nodeId = m_config.nodeId;
    routerOptions.publicEndpoint = m_config.publicEndpoint;
    routerOptions.heartbeatSeconds = m_config.heartbeatSeconds;
    routerOptions.graceSeconds = m_config.graceSeconds;
    routerOptions.agentCapacity = m_config.agentCapacity;
    routerOptions.routing = m_config.routing;
    routerOptions.tokenLifetimeDays = m_config.tokenLifetimeDays;
    routerOptions.loginAttemptsPerMinute = m_config.loginAttemptsPerMinute;
    routerOptions.missedAfterMs = qint64(m_config.missedAfterMinutes * 60 * 1000);
    routerOptions.idleCloseMs = qint64(m_config.idleCloseHours * 3600 * 1000);
    routerOptions.newVisitorsPerMinute = m_config.newVisitorsPerMinute;
    routerOptions.openConversationsPerAddress = m_config.openConversationsPerAddress;
    routerOptions.maxOpenConversations = m_config.maxOpenConversations > 0
        ? m_config.maxOpenConversations
        : derivedMaxOpenConversations();
    m_metrics->openConversationsLimit.set(routerOptions.maxOpenConversations);

    GatewayOptions gatewayOptions;
    gatewayOptions.ioThreads = m_config.ioThreads;
    gatewayOptions.heartbeatSeconds = m_config.heartbeatSeconds;
    gatewayOptions.helloTimeoutSeconds = m_config.helloTimeoutSeconds;
    gatewayOptions.handshakeTimeoutSeconds = m_config.handshakeTimeoutSeconds;
    gatewayOptions.maxMessageBytes = m_config.maxMessageBytes;
    gatewayOptions.rateLimit = m_config.rateLimit;
    gatewayOptions.rateBurst = m_config.rateBurst;
    gatewayOptions.allowedOrigins = m_config.allowedOrigins;
    gatewayOptions.trustedProxies = m_config.trustedProxies;
    gatewayOptions.maxConnections = m_config.maxConnections;
    gatewayOptions.pendingHellosPerAddress = m_config.pendingHellosPerAddress;
    gatewayOptions.tls = m_tls;
    AttachmentOptions attachmentOptions;
    attachmentOptions.limits.maxBytes = m_config.attachmentMaxBytes;
    attachmentOptions.rateLimit = m_config.rateLimit;
    attachmentOptions.rateBurst = m_config.rateBurst;
    m_attachments
        = std::make_unique<AttachmentService>(attachmentOptions, m_storage.get(), m_metrics.get());
    m_attachments->setWebhooks(m_webhooks.get());
    gatewayOptions.attachments = m_attachments.get();

    // Router and gateway point at each other: the router writes to the gateway's outbox and
    // the gateway hands decoded messages to the router.
    m_gateway = std::make_unique<Gateway>(
        gatewayOptions, nullptr, m_http.get(), m_metrics.get(), m_watchdog.get());
    auto router = std::make_unique<Router>(
        routerOptions, m_storage.get(), m_gateway.get(), m_metrics.get());
    if (auto restored = router->restore(); !restored) {
        m_webhooks->stop();
        if (m_history)
            m_history->stop();
        m_storage->stop();
        return unexpected(u"cannot load the stored state: "_s + restored.error().message);
    }
    m_gateway->setSink(router.get());
    m_attachments->setAnnounce([routerView = router.get()](const StoredMessage &message) {
        QMetaObject::invokeMethod(
            routerView, [routerView, message] { routerView->deliverUploadedMessage(message); },
            Qt::QueuedConnection);
    });
    router->setWebhooks(m_webhooks.get());
    router->setHistory(m_history.get());

    AlertThresholds thresholds;
    thresholds.ackP99Ms = m_config.alertAckP99Ms;
    thresholds.queueWaitSeconds = m_config.alertQueueWaitSeconds;
    Router *routerView = router.get();
    // A child of the router: it lives and dies on the router's thread.
    auto *alerts = new AlertEngine(
        thresholds, m_config.nodeId,
        [this, routerView, maxOpen = routerOptions.maxOpenConversations] {
            AlertInputs inputs;
            inputs.openConversations = routerView->openConversationCount();
            inputs.maxOpenConversations = maxOpen;
            inputs.connections = m_gateway->connectionCount();
            inputs.maxConnections = m_gateway->maxConnections();
            inputs.longestQueueWaitSeconds = routerView->longestQueueWaitSeconds();
            inputs.deadLetters = m_webhooks->deadLetterCount();
            inputs.storageWritable = m_storage->isWritable();
            inputs.dbPoolWaiters = m_storage->waitingReads();
            inputs.residentBytes = platform::residentMemoryBytes();
            if (m_clusterHealth)
                inputs.clusterDegraded = m_clusterHealth->degradedReason();
            return inputs;
        },
        m_metrics.get(), router.get());
    router->setAlertEngine(alerts);
    m_metrics->clusterNodes.set(1);
    if (!m_config.redisUrl.isEmpty())
        joinCluster(router.get());

    m_routerThread = std::make_unique<QThread>();
    m_routerThread->setObjectName(u"switchboard-router"_s);
    // The router wakes several times per message at a steady rate; GLib's loop cost it about a
    // third more CPU per message than the platform dispatcher the I/O threads use.
    if (auto dispatcher = platform::makeEventDispatcher())
        m_routerThread->setEventDispatcher(dispatcher.release()); // the thread owns it
    m_router = router.release();
    m_router->moveToThread(m_routerThread.get());
    m_routerThread->start();
    m_watchdog->watch(m_router, m_routerThread->objectName());
    QMetaObject::invokeMethod(alerts, &AlertEngine::start, Qt::QueuedConnection);
    if (m_clusterBus)
        m_clusterBus->start();

    auto listening = m_gateway->start(m_config.listenAddress, m_config.listenPort);
    if (!listening) {
        m_running = true;
        stop();
        return unexpected(listening.error());
    }
    m_running = true;
    qCInfo(lcServer) << "Switchboard" << versionString << "node" << m_config.nodeId
                     << "serving on port" << *listening << "with data in"
                     << describeDatabase(m_config);
    if (m_tls) {
        qCInfo(lcServer).noquote()
            << "TLS on: wss:// and https:// only, certificate serial" << m_tls->serialNumber()
            << "valid until" << m_tls->expiry().toString(Qt::ISODate);
    }
    return *listening;
}

void SwitchboardServer::stop()
{
    if (!m_running)
        return;
    m_running = false;
    qCInfo(lcServer) << "draining: refusing new clients and asking connected ones to reconnect";
    m_gateway->beginDraining();
    QThread::msleep(ulong(m_config.drainSeconds) * 1000);
    QMetaObject::invokeMethod(m_router, &Router::closeAllForShutdown, Qt::BlockingQueuedConnection);
    // Out of the registry now, so other nodes stop listing this one before its TTL runs out.
    if (m_clusterBus)
        m_clusterBus->leave();
    m_gateway->closeAll(1001, u"server shutting down; reconnect"_s, 3000);
    m_attachments->waitForInspections(); // each answers through an I/O thread
    m_gateway->stop();
    m_router->deleteLater();
    m_routerThread->quit();
    m_routerThread->wait();
    m_router = nullptr;
    m_clusterBus.reset(); // after the router, which published through it
    m_webhooks->stop();
    if (m_history)
        m_history->stop(); // its audit entries are queued on the storage writer
    m_storage->stop(); // commits what is queued
    qCInfo(lcServer) << "stopped";
}

Expected<Done, QString> SwitchboardServer::reloadTls()
{
    if (!m_tls)
        return unexpected(u"TLS is off (no tls-cert and tls-key): nothing to reload"_s);
    if (auto reloaded = m_tls->reload(); !reloaded) {
        m_metrics->tlsReloads[u"error"].inc();
        qCWarning(lcServer).noquote()
            << "TLS reload failed; the certificate in use stays:" << reloaded.error();
        return reloaded;
    }
    m_metrics->tlsReloads[u"ok"].inc();
    qCInfo(lcServer).noquote() << u"TLS certificate reloaded (serial %1, valid until %2); new "
                                  u"connections use it"_s.arg(
                                      QString::fromLatin1(m_tls->serialNumber()),
                                      m_tls->expiry().toString(Qt::ISODate));
    return Done {};
}

quint16 SwitchboardServer::port() const
{
    return m_gateway ? m_gateway->port() : 0;
}

void SwitchboardServer::joinCluster(Router *router)
{
    m_clusterHealth = std::make_unique<ClusterHealth>();
    m_metrics->clusterJoined = true;
    ClusterBusOptions options;
    options.redis = *RedisOptions::fromUrl(m_config.redisUrl); // checked with the config
    options.nodeId = m_config.nodeId;
    options.publicEndpoint = m_config.publicEndpoint;
    options.ttlSeconds = m_config.clusterTtlSeconds;
    // On its own thread; its handlers run on the router's.
    m_clusterBus
        = std::make_unique<ClusterBusThread>(options, m_clusterHealth.get(), m_metrics.get());
    m_clusterBus->setHandlers(router,
        ClusterBus::Handlers {
            [router](const ClusterEvent &event) { router->onClusterEvent(event); },
            [router](const QList<ClusterNode> &nodes) { router->onClusterNodes(nodes); },
            [router] { router->onClusterResynced(); },
        });
    router->setCluster(m_clusterBus.get());
    qCInfo(lcServer) << "joining the cluster at" << options.redis.masked();
}

QStringList SwitchboardServer::degradedReasons() const
{
    QStringList reasons;
    if (m_clusterHealth) {
        if (const QString reason = m_clusterHealth->degradedReason(); !reason.isEmpty())
            reasons.append(reason);
    }
    return reasons;
}

QStringList SwitchboardServer::notReadyReasons() const
{
    QStringList reasons;
    if (m_gateway && m_gateway->isDraining())
        reasons.append(u"draining: this node is shutting down"_s);
    if (m_storage && !m_storage->isWritable())
        reasons.append(u"storage: "_s + m_storage->lastError());
    return reasons;
}

} // namespace switchboard::server
