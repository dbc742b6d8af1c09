#include "webhooksigner.h"

#include <QMessageAuthenticationCode>
#include <QUrl>
#include <switchboard/version.h>

using namespace Qt::StringLiterals;

namespace switchboard::server {

WebhookSigner::WebhookSigner(QByteArray secret)
    : m_secret(std::move(secret))
{
}

QByteArray WebhookSigner::signature(const QByteArray &body) const
{
    return "sha256="_ba
        + QMessageAuthenticationCode::hash(body, m_secret, QCryptographicHash::Sha256).toHex();
}

bool WebhookSigner::verify(const QByteArray &body, const QByteArray &header) const
{
    const QByteArray expected = signature(body);
    if (header.size() != expected.size())
        return false;
    // No early exit: the time taken says nothing about how much of a forgery was right.
    unsigned char difference = 0;
    for (qsizetype i = 0; i < expected.size(); ++i)
        difference |= static_cast<unsigned char>(expected.at(i) ^ header.at(i));
    return difference == 0;
}

QNetworkRequest WebhookSigner::request(
    const WebhookDelivery &delivery, qint64 nowMs, int timeoutMs) const
{
    QNetworkRequest request { QUrl(delivery.url) };
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
    const QByteArray userAgent = "switchboard-webhooks/"_ba + versionString;
    request.setHeader(QNetworkRequest::UserAgentHeader, userAgent);
    request.setRawHeader(signatureHeader, signature(delivery.body));
    request.setRawHeader(eventHeader, delivery.eventType.toUtf8());
    request.setRawHeader(deliveryHeader, QByteArray::number(delivery.id));
    request.setRawHeader(timestampHeader, QByteArray::number(nowMs / 1000));
    // A redirect is the receiver's configuration error; following it would re-send the body
    // somewhere the shop did not configure.
    request.setAttribute(
        QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(timeoutMs);
    return request;
}

} // namespace switchboard::server
