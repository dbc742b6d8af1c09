#pragma once

#include <QByteArray>
#include <QString>
#include <QStringView>

namespace switchboard::protocol {

// Writes one compact JSON object straight into bytes, for the frames every message produces
// (ack, message, receipt, typing): QJsonObject → QCborValue → QJsonDocument cost several
// allocations per key. Callers add keys in alphabetical order, so the bytes are the same as
// QJsonDocument's compact output for the same object.
class JsonFrame final {
public:
    explicit JsonFrame(qsizetype reserve = 256);

    JsonFrame &string(const char *key, QStringView value);
    JsonFrame &string(const char *key, const QString &value)
    {
        return string(key, QStringView(value));
    }
    JsonFrame &integer(const char *key, qint64 value);
    JsonFrame &boolean(const char *key, bool value);
    // `json`, already a compact JSON value, as it is.
    JsonFrame &raw(const char *key, const QByteArray &json);
    // Opens a nested object under `key`; closeObject() ends it.
    JsonFrame &openObject(const char *key);
    JsonFrame &closeObject();
    // Ends the outer object and hands over the bytes.
    QByteArray take();

    // `text` as a JSON string body (no quotes), escaped as QJsonDocument escapes it.
    static void appendEscaped(QByteArray &out, QStringView text);

private:
    void key(const char *name);

    QByteArray m_out;
    bool m_first = true;
};

} // namespace switchboard::protocol
