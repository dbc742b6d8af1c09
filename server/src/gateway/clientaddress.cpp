#include "clientaddress.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>

namespace switchboard::server {

QString ClientAddress::logName(const QHostAddress &address)
{
    // Made once, read-only after: safe from every thread.
    static const QByteArray key = [] {
        QByteArray bytes(16, Qt::Uninitialized);
        QRandomGenerator::system()->fillRange(
            reinterpret_cast<quint32 *>(bytes.data()), int(bytes.size() / sizeof(quint32)));
        return bytes;
    }();
    const QByteArray mac = QMessageAuthenticationCode::hash(
        normalized(address).toString().toUtf8(), key, QCryptographicHash::Sha256);
    return QString::fromLatin1(mac.left(4).toHex());
}

QHostAddress ClientAddress::normalized(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4) : address;
}

bool ClientAddress::isTrusted(const QHostAddress &address, const QList<Subnet> &trustedProxies)
{
    for (const Subnet &subnet : trustedProxies) {
        if (address.isInSubnet(subnet))
            return true;
    }
    return false;
}

QHostAddress ClientAddress::resolve(
    const QHostAddress &peer, const QByteArray &forwardedFor, const QList<Subnet> &trustedProxies)
{
    const QHostAddress direct = normalized(peer);
    if (forwardedFor.isEmpty() || !isTrusted(direct, trustedProxies))
        return direct;
    const QList<QByteArray> hops = forwardedFor.split(',');
    QHostAddress client = direct;
    for (qsizetype i = hops.size() - 1; i >= 0; --i) {
        QByteArray hop = hops.at(i).trimmed();
        // "[2001:db8::1]:443" and "192.0.2.1:443" (some proxies add the port).
        if (hop.startsWith('[') && hop.contains(']'))
            hop = hop.mid(1, hop.indexOf(']') - 1);
        else if (hop.count(':') == 1)
            hop = hop.left(hop.indexOf(':'));
        QHostAddress address;
        if (!address.setAddress(QString::fromLatin1(hop)))
            return client; // garbage from further out: stop at the last hop we could read
        client = normalized(address);
        if (!isTrusted(client, trustedProxies))
            return client;
    }
    return client; // every hop was a trusted proxy: the outermost one
}

} // namespace switchboard::server
