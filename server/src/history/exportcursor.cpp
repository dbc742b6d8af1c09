#include "exportcursor.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace switchboard::server {

namespace {

constexpr auto base64 = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

QByteArray randomKey()
{
    QByteArray key(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(
        reinterpret_cast<quint32 *>(key.data()), key.size() / qsizetype(sizeof(quint32)));
    return key;
}

QJsonValue optionalMs(const std::optional<qint64> &ms)
{
    return ms ? QJsonValue(QString::number(*ms)) : QJsonValue(QJsonValue::Null);
}

std::optional<std::optional<qint64>> readOptionalMs(const QJsonValue &value)
{
    if (value.isNull())
        return std::optional<qint64> {};
    bool ok = false;
    const qint64 ms = value.toString().toLongLong(&ok);
    if (!value.isString() || !ok)
        return std::nullopt;
    return std::optional<qint64> { ms };
}

} // namespace

ExportCursor::ExportCursor(QByteArray key)
    : m_key(std::move(key))
{
}

ExportCursor &ExportCursor::instance()
{
    static ExportCursor cursor(randomKey());
    return cursor;
}

QByteArray ExportCursor::sign(const QByteArray &payload) const
{
    return QMessageAuthenticationCode::hash(payload, m_key, QCryptographicHash::Sha256).left(16);
}

QString ExportCursor::encode(const State &state) const
{
    // 64-bit numbers travel as strings: JSON numbers lose precision past 2^53.
    const QJsonObject object {
        { u"f"_s, exportFormatName(state.format) },
        { u"from"_s, optionalMs(state.range.fromMs) },
        { u"to"_s, optionalMs(state.range.toMs) },
        { u"c"_s, QString::number(state.position.createdMs) },
        { u"id"_s, state.position.conversationId },
        { u"s"_s, QString::number(state.position.seq) },
        { u"t"_s, QString::number(state.total) },
    };
    const QByteArray payload = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return QString::fromLatin1(payload.toBase64(base64) + '.' + sign(payload).toBase64(base64));
}

std::optional<ExportCursor::State> ExportCursor::decode(const QString &cursor) const
{
    const QByteArray text = cursor.toLatin1();
    const qsizetype dot = text.indexOf('.');
    if (dot <= 0 || cursor.size() > 2048)
        return std::nullopt;
    const auto payload = QByteArray::fromBase64Encoding(
        text.left(dot), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    const auto mac = QByteArray::fromBase64Encoding(
        text.mid(dot + 1), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!payload || !mac || *mac != sign(*payload))
        return std::nullopt;
    const QJsonObject object = QJsonDocument::fromJson(*payload).object();
    State state;
    const auto format = exportFormatFromName(object.value(u"f"_s).toString());
    const auto from = readOptionalMs(object.value(u"from"_s));
    const auto to = readOptionalMs(object.value(u"to"_s));
    if (!format || !from || !to)
        return std::nullopt;
    state.format = *format;
    state.range = ExportRange { *from, *to };
    bool createdOk = false;
    bool seqOk = false;
    bool totalOk = false;
    state.position.createdMs = object.value(u"c"_s).toString().toLongLong(&createdOk);
    state.position.conversationId = object.value(u"id"_s).toString();
    state.position.seq = object.value(u"s"_s).toString().toLongLong(&seqOk);
    state.total = object.value(u"t"_s).toString().toLongLong(&totalOk);
    if (!createdOk || !seqOk || !totalOk || state.position.conversationId.isEmpty())
        return std::nullopt;
    return state;
}

} // namespace switchboard::server
