#include "jsonframe.h"

namespace switchboard::protocol {

JsonFrame::JsonFrame(qsizetype reserve)
{
    m_out.reserve(reserve);
    m_out.append('{');
}

void JsonFrame::key(const char *name)
{
    if (!m_first)
        m_out.append(',');
    m_first = false;
    m_out.append('"');
    m_out.append(name);
    m_out.append("\":", 2);
}

JsonFrame &JsonFrame::string(const char *name, QStringView value)
{
    key(name);
    m_out.append('"');
    appendEscaped(m_out, value);
    m_out.append('"');
    return *this;
}

JsonFrame &JsonFrame::integer(const char *name, qint64 value)
{
    key(name);
    char digits[24];
    char *end = digits + sizeof digits;
    char *at = end;
    // Magnitude as unsigned, so the most negative value does not overflow.
    quint64 magnitude = value < 0 ? quint64(0) - quint64(value) : quint64(value);
    do {
        *--at = char('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude > 0);
    if (value < 0)
        *--at = '-';
    m_out.append(at, end - at);
    return *this;
}

JsonFrame &JsonFrame::boolean(const char *name, bool value)
{
    key(name);
    m_out.append(value ? "true" : "false");
    return *this;
}

JsonFrame &JsonFrame::raw(const char *name, const QByteArray &json)
{
    key(name);
    m_out.append(json);
    return *this;
}

JsonFrame &JsonFrame::openObject(const char *name)
{
    key(name);
    m_out.append('{');
    m_first = true;
    return *this;
}

JsonFrame &JsonFrame::closeObject()
{
    m_out.append('}');
    m_first = false;
    return *this;
}

QByteArray JsonFrame::take()
{
    m_out.append('}');
    return std::move(m_out);
}

namespace {

constexpr char hexDigits[] = "0123456789abcdef";

bool isLoneSurrogateAt(QStringView text, qsizetype i)
{
    const char16_t unit = text[i].unicode();
    if (unit >= 0xd800 && unit < 0xdc00)
        return i + 1 >= text.size() || !QChar::isLowSurrogate(text[i + 1].unicode());
    if (unit >= 0xdc00 && unit < 0xe000)
        return i == 0 || !QChar::isHighSurrogate(text[i - 1].unicode());
    return false;
}

void appendEscapedUtf8(QByteArray &out, QStringView text);

} // namespace

void JsonFrame::appendEscaped(QByteArray &out, QStringView text)
{
    // A lone surrogate has no UTF-8 form: QJsonDocument writes it as \uXXXX, and so do we.
    qsizetype run = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (!text[i].isSurrogate() || !isLoneSurrogateAt(text, i))
            continue;
        appendEscapedUtf8(out, text.sliced(run, i - run));
        const char16_t unit = text[i].unicode();
        const char escaped[] = { '\\', 'u', hexDigits[(unit >> 12) & 0xf],
            hexDigits[(unit >> 8) & 0xf], hexDigits[(unit >> 4) & 0xf], hexDigits[unit & 0xf] };
        out.append(escaped, sizeof escaped);
        run = i + 1;
    }
    appendEscapedUtf8(out, text.sliced(run));
}

namespace {

void appendEscapedUtf8(QByteArray &out, QStringView text)
{
    static const char *const hex = hexDigits;
    const QByteArray utf8 = text.toUtf8();
    const char *begin = utf8.constData();
    const char *const end = begin + utf8.size();
    const char *run = begin;
    for (const char *at = begin; at != end; ++at) {
        const auto byte = static_cast<unsigned char>(*at);
        if (byte >= 0x20 && byte != '"' && byte != '\\')
            continue;
        out.append(run, at - run);
        run = at + 1;
        switch (byte) {
        case '"':
            out.append("\\\"", 2);
            break;
        case '\\':
            out.append("\\\\", 2);
            break;
        case '\b':
            out.append("\\b", 2);
            break;
        case '\f':
            out.append("\\f", 2);
            break;
        case '\n':
            out.append("\\n", 2);
            break;
        case '\r':
            out.append("\\r", 2);
            break;
        case '\t':
            out.append("\\t", 2);
            break;
        default: {
            const char escaped[] = { '\\', 'u', '0', '0', hex[byte >> 4], hex[byte & 0xf] };
            out.append(escaped, sizeof escaped);
        }
        }
    }
    out.append(run, end - run);
}

} // namespace

} // namespace switchboard::protocol
