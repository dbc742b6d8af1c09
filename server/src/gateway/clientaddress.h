#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>

namespace switchboard::server {

// A subnet as QHostAddress::parseSubnet() gives it: an address and a prefix length.
using Subnet = QPair<QHostAddress, int>;

// The address a client connects from: the TCP peer's, or, when that peer is a proxy the
// operator trusts (`trusted-proxies`), the client its X-Forwarded-For header names. The header
// is read from the right (the hop nearest us) past every trusted proxy; the first address that
// is not one is the client. Anyone else's header is ignored, so a visitor cannot pick its own
// address to slip past per-address limits.
class ClientAddress final {
public:
    static QHostAddress resolve(const QHostAddress &peer, const QByteArray &forwardedFor,
        const QList<Subnet> &trustedProxies);
    // IPv4-mapped IPv6 (::ffff:10.0.0.1, from a dual-stack socket) as plain IPv4, so one client
    // has one address whichever way it came.
    static QHostAddress normalized(const QHostAddress &address);
    static bool isTrusted(const QHostAddress &address, const QList<Subnet> &trustedProxies);
    // What a log line may say about an address (an address is personal data): a keyed hash,
    // 8 hex digits, the same for the same address in every log line of this process, so the
    // gateway's and the router's refusals of one address can be matched, and unlinkable to
    // the address without the process's random key.
    static QString logName(const QHostAddress &address);
};

} // namespace switchboard::server
