#pragma once

#include "store/records.h"

#include <QByteArray>
#include <QNetworkRequest>

namespace switchboard::server {

// Signs webhook deliveries: HMAC-SHA256 with the shop's secret over the exact body bytes, sent
// as `X-Switchboard-Signature: sha256=<hex>`. Alongside go `X-Switchboard-Event` (the event
// type), `X-Switchboard-Delivery` (the outbox id, the same on every retry and after a replay,
// so receivers can drop duplicates) and `X-Switchboard-Timestamp` (Unix seconds of the send).
class WebhookSigner final {
public:
    static constexpr char signatureHeader[] = "X-Switchboard-Signature";
    static constexpr char eventHeader[] = "X-Switchboard-Event";
    static constexpr char deliveryHeader[] = "X-Switchboard-Delivery";
    static constexpr char timestampHeader[] = "X-Switchboard-Timestamp";

    explicit WebhookSigner(QByteArray secret);
    Q_DISABLE_COPY_MOVE(WebhookSigner)

    // "sha256=" and 64 lower-case hex digits.
    QByteArray signature(const QByteArray &body) const;
    // Whether `header` is the signature of `body`; compares in constant time.
    bool verify(const QByteArray &body, const QByteArray &header) const;
    // The POST request of one delivery attempt, headers set (the body is delivery.body).
    QNetworkRequest request(const WebhookDelivery &delivery, qint64 nowMs, int timeoutMs) const;

private:
    QByteArray m_secret;
};

} // namespace switchboard::server
