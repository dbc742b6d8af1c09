#include "ids.h"

#include <QByteArrayList>
#include <QCryptographicHash>
#include <QRandomGenerator>
#include <array>

namespace switchboard::ids {

namespace {

QByteArray randomBytes(int count)
{
    QByteArray bytes(count, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(
        reinterpret_cast<quint32 *>(bytes.data()), count / int(sizeof(quint32)));
    return bytes;
}

// Trace and span ids only need to be unique, not secret: a per-thread generator seeded from
// the system's saves a hardware random read per message (RDRAND is slow under virtualisation).
QByteArray uniqueBytes(int count)
{
    thread_local QRandomGenerator generator = [] {
        std::array<quint32, 8> seed {};
        QRandomGenerator::system()->fillRange(seed.data(), seed.size());
        return QRandomGenerator(seed.data(), qsizetype(seed.size()));
    }();
    QByteArray bytes(count, Qt::Uninitialized);
    generator.fillRange(reinterpret_cast<quint32 *>(bytes.data()), count / int(sizeof(quint32)));
    return bytes;
}

QString base64Url(const QByteArray &bytes)
{
    return QString::fromLatin1(
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

bool isLowerHex(const QByteArray &text)
{
    for (const char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return true;
}

} // namespace

QString newToken()
{
    return base64Url(randomBytes(24));
}

QByteArray tokenDigest(const QString &token)
{
    return QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256);
}

QString newConversationId()
{
    return base64Url(randomBytes(12));
}

QString newTraceId()
{
    QByteArray bytes = uniqueBytes(16);
    bytes[0] = char(bytes[0] | 1); // never the all-zero id that W3C forbids
    return QString::fromLatin1(bytes.toHex());
}

QString newSpanId()
{
    QByteArray bytes = uniqueBytes(8);
    bytes[0] = char(bytes[0] | 1);
    return QString::fromLatin1(bytes.toHex());
}

QString traceIdFromTraceparent(const QByteArray &traceparent)
{
    // version "-" trace-id "-" parent-id "-" flags, e.g. 00-<32 hex>-<16 hex>-01. Anything
    // malformed is ignored, as W3C Trace Context asks, and a new trace starts instead.
    const QList<QByteArray> parts = traceparent.trimmed().split('-');
    if (parts.size() < 4 || parts[0].size() != 2 || parts[1].size() != 32 || parts[2].size() != 16
        || parts[3].size() != 2) {
        return {};
    }
    if (!isLowerHex(parts[0]) || !isLowerHex(parts[1]) || !isLowerHex(parts[2])
        || !isLowerHex(parts[3]) || parts[0] == "ff") {
        return {};
    }
    if (parts[0] == "00" && parts.size() != 4)
        return {}; // version 00 has exactly four fields
    if (parts[1] == QByteArray(32, '0') || parts[2] == QByteArray(16, '0'))
        return {};
    return QString::fromLatin1(parts[1]);
}

QString newEpoch()
{
    return base64Url(randomBytes(6));
}

QString newPassword()
{
    static constexpr char alphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
    constexpr quint32 alphabetSize = sizeof(alphabet) - 1;
    QString password;
    for (int i = 0; i < 16; ++i)
        password.append(QLatin1Char(alphabet[QRandomGenerator::system()->bounded(alphabetSize)]));
    return password;
}

} // namespace switchboard::ids
