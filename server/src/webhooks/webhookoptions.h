#pragma once

#include <QByteArray>
#include <QStringList>

namespace switchboard::server {

// The part of the server configuration the webhook dispatcher acts on.
struct WebhookOptions {
    QStringList urls; // empty: publish() stores nothing
    QByteArray secret; // HMAC-SHA256 key; never logged
    int attempts = 6; // after this many failures an event goes to the dead letters
    int backoffBaseMs = 1000; // the first retry waits up to this; doubles per attempt
    int backoffCapMs = 5 * 60 * 1000;
    int timeoutMs = 10000; // per request, from the last byte moved
    // How often the outbox is looked at without being told: rows replayed by the CLI, rows
    // left by a previous run. Retries scheduled by this process wake it exactly on time.
    int pollIntervalMs = 1000;
    int maxInFlight = 16; // concurrent requests
};

} // namespace switchboard::server
