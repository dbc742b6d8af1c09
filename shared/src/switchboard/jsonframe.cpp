#include "jsonframe.h"

#include <cstring>

namespace switchboard::protocol {

JsonFrame::JsonFrame(qsizetype reserve)
{
    m_out.reserve(reserve);
    m_out.append('{');
}

void JsonFrame::key(const char *name)
{
    // `,"name":` in one write: keys are short literals, and an append each cost more.
    const qsizetype length = qsizetype(std::strlen(name));
    const qsizetype start = m_out.size();
    const bool comma = !m_first;
    m_first = false;
    m_out.resize(start + length + 3 + (comma ? 1 : 0));
    char *at = m_out.data() + start;
    if (comma)
        *at++ = ',';
    *at++ = '"';
    std::memcpy(at, name, size_t(length));
    at += length;
    *at++ = '"';
    *at = ':';
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

// How many bytes one UTF-16 unit at `i` takes in a JSON string, and how many units it uses.
// A lone surrogate has no UTF-8 form: QJsonDocument writes it as \uXXXX, and so do we.
struct Unit {
    int bytes;
    int units;
};

inline Unit measure(const char16_t *text, qsizetype size, qsizetype i)
{
    const char16_t c = text[i];
    if (c < 0x80) {
        if (c >= 0x20)
            return { c == u'"' || c == u'\\' ? 2 : 1, 1 };
        const bool shortEscape = c == u'\b' || c == u'\f' || c == u'\n' || c == u'\r' || c == u'\t';
        return { shortEscape ? 2 : 6, 1 };
    }
    if (c < 0x800)
        return { 2, 1 };
    if (QChar::isHighSurrogate(c) && i + 1 < size && QChar::isLowSurrogate(text[i + 1]))
        return { 4, 2 };
    if (QChar::isSurrogate(c))
        return { 6, 1 };
    return { 3, 1 };
}

inline char *writeUnicodeEscape(char *out, char16_t unit)
{
    *out++ = '\\';
    *out++ = 'u';
    *out++ = hexDigits[(unit >> 12) & 0xf];
    *out++ = hexDigits[(unit >> 8) & 0xf];
    *out++ = hexDigits[(unit >> 4) & 0xf];
    *out++ = hexDigits[unit & 0xf];
    return out;
}

} // namespace

void JsonFrame::appendEscaped(QByteArray &out, QStringView text)
{
    // Two passes over the text, one growth of the buffer, and the bytes written in place: the
    // frame of every message is built here, and a UTF-8 copy plus appends was most of its cost.
    const auto *units = reinterpret_cast<const char16_t *>(text.data());
    const qsizetype size = text.size();
    qsizetype bytes = 0;
    for (qsizetype i = 0; i < size;) {
        const Unit unit = measure(units, size, i);
        bytes += unit.bytes;
        i += unit.units;
    }
    const qsizetype start = out.size();
    out.resize(start + bytes);
    char *at = out.data() + start;
    for (qsizetype i = 0; i < size;) {
        const char16_t c = units[i];
        const Unit unit = measure(units, size, i);
        if (c < 0x80) {
            if (unit.bytes == 1) {
                *at++ = char(c);
            } else if (unit.bytes == 2) {
                *at++ = '\\';
                switch (c) {
                case u'\b':
                    *at++ = 'b';
                    break;
                case u'\f':
                    *at++ = 'f';
                    break;
                case u'\n':
                    *at++ = 'n';
                    break;
                case u'\r':
                    *at++ = 'r';
                    break;
                case u'\t':
                    *at++ = 't';
                    break;
                default:
                    *at++ = char(c);
                    break; // " and \ stand for themselves
                }
            } else {
                at = writeUnicodeEscape(at, c);
            }
        } else if (unit.bytes == 2) {
            *at++ = char(0xc0 | (c >> 6));
            *at++ = char(0x80 | (c & 0x3f));
        } else if (unit.bytes == 3) {
            *at++ = char(0xe0 | (c >> 12));
            *at++ = char(0x80 | ((c >> 6) & 0x3f));
            *at++ = char(0x80 | (c & 0x3f));
        } else if (unit.bytes == 4) {
            const char32_t point = QChar::surrogateToUcs4(c, units[i + 1]);
            *at++ = char(0xf0 | (point >> 18));
            *at++ = char(0x80 | ((point >> 12) & 0x3f));
            *at++ = char(0x80 | ((point >> 6) & 0x3f));
            *at++ = char(0x80 | (point & 0x3f));
        } else {
            at = writeUnicodeEscape(at, c); // a lone surrogate
        }
        i += unit.units;
    }
    Q_ASSERT(at == out.data() + out.size());
}

} // namespace switchboard::protocol
