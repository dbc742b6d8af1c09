#pragma once

#include "clientaddress.h"

#include <QStringList>
#include <memory>

namespace switchboard::server {

class AttachmentService;
class TlsContext;

struct GatewayOptions {
    int ioThreads = 0; // 0: one per core
    int heartbeatSeconds = 25;
    int helloTimeoutSeconds = 10;
    int handshakeTimeoutSeconds = 10;
    qint64 maxMessageBytes = 64 * 1024;
    double rateLimit = 20.0; // messages/s per connection; 0: unlimited
    int rateBurst = 40;
    QStringList allowedOrigins; // empty: any
    // Proxies whose X-Forwarded-For names the client's address (trusted-proxies); empty: none.
    QList<Subnet> trustedProxies;
    int maxConnections = 0; // 0: derived from RLIMIT_NOFILE
    // Connections one client address may hold upgraded but not yet welcomed; past it the
    // upgrade gets 429 (pending-hellos-per-address); 0: no bound.
    int pendingHellosPerAddress = 64;
    qint64 outboundCapBytes = 4 * 1024 * 1024; // past this a client is a slow consumer
    int listenBacklog = 4096;
    // Set: every connection is TLS (wss:// and https:// only); shared with the server, which
    // reloads it on SIGHUP.
    std::shared_ptr<const TlsContext> tls;
    // Serves /attachments (POST and GET) on this port; shared by the I/O threads; null: 404.
    AttachmentService *attachments = nullptr;
};

} // namespace switchboard::server
