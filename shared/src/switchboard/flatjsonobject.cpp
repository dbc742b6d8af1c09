#include "flatjsonobject.h"

namespace switchboard::protocol {

namespace {

// Reads one flat object; every method returns false where the general parser must take over.
class FlatReader {
public:
    explicit FlatReader(QStringView text)
        : m_at(text.data())
        , m_end(text.data() + text.size())
    {
    }

    bool skipSpace()
    {
        while (
            m_at < m_end && (*m_at == u' ' || *m_at == u'\n' || *m_at == u'\r' || *m_at == u'\t'))
            ++m_at;
        return m_at < m_end;
    }

    bool take(char16_t c)
    {
        if (!skipSpace() || *m_at != c)
            return false;
        ++m_at;
        return true;
    }

    bool peek(char16_t c) { return skipSpace() && *m_at == c; }
    bool atEnd() { return !skipSpace(); }

    bool string(QString &out)
    {
        if (!take(u'"'))
            return false;
        const QChar *start = m_at;
        // The common case, no escapes: one copy of the characters as they stand.
        while (m_at < m_end && *m_at != u'"' && *m_at != u'\\') {
            if (!plainCharacter())
                return false;
        }
        if (m_at == m_end)
            return false;
        out = QString(start, m_at - start);
        while (*m_at != u'"') {
            if (*m_at == u'\\') {
                if (!escape(out))
                    return false;
            } else {
                const QChar *from = m_at;
                if (!plainCharacter())
                    return false;
                out.append(from, m_at - from);
            }
            if (m_at == m_end)
                return false;
        }
        ++m_at; // the closing quote
        return true;
    }

    bool value(FlatJsonValue &out)
    {
        if (!skipSpace())
            return false;
        const char16_t c = m_at->unicode();
        if (c == u'"') {
            QString text;
            if (!string(text))
                return false;
            out = FlatJsonValue::string(std::move(text));
            return true;
        }
        if (c == u'-' || (c >= u'0' && c <= u'9'))
            return wholeNumber(out);
        if (literal(u"true")) {
            out = FlatJsonValue::boolean(true);
            return true;
        }
        if (literal(u"false")) {
            out = FlatJsonValue::boolean(false);
            return true;
        }
        if (literal(u"null")) {
            out = FlatJsonValue::null();
            return true;
        }
        return false; // a nested object or array, or not JSON
    }

private:
    // One character outside an escape: no control characters, surrogates only in pairs.
    bool plainCharacter()
    {
        const char16_t c = m_at->unicode();
        if (c < 0x20)
            return false;
        if (QChar::isHighSurrogate(c)) {
            if (m_at + 1 == m_end || !QChar::isLowSurrogate(m_at[1].unicode()))
                return false;
            m_at += 2;
            return true;
        }
        if (QChar::isLowSurrogate(c))
            return false;
        ++m_at;
        return true;
    }

    bool escape(QString &out)
    {
        if (m_end - m_at < 2)
            return false;
        const char16_t kind = m_at[1].unicode();
        m_at += 2;
        if (kind != u'u') {
            // \" \\ \/ \b \f \n \r \t, each the character it stands for.
            static constexpr char16_t letters[] = u"\"\\/bfnrt";
            static constexpr char16_t meanings[] = u"\"\\/\b\f\n\r\t";
            for (int i = 0; i < 8; ++i) {
                if (kind == letters[i]) {
                    out.append(QChar(meanings[i]));
                    return true;
                }
            }
            return false;
        }
        if (m_end - m_at < 4)
            return false;
        char16_t unit = 0;
        for (int i = 0; i < 4; ++i) {
            const char16_t h = m_at[i].unicode();
            int digit = 0;
            if (h >= u'0' && h <= u'9')
                digit = h - u'0';
            else if (h >= u'a' && h <= u'f')
                digit = h - u'a' + 10;
            else if (h >= u'A' && h <= u'F')
                digit = h - u'A' + 10;
            else
                return false;
            unit = char16_t(unit * 16 + digit);
        }
        m_at += 4;
        out.append(QChar(unit)); // a lone surrogate stays, as QJsonDocument keeps it
        return true;
    }

    // Whole numbers of up to 15 digits are exact in a double; fractions, exponents and longer
    // numbers are left to the general parser, so both read every number the same.
    bool wholeNumber(FlatJsonValue &out)
    {
        bool negative = false;
        if (*m_at == u'-') {
            negative = true;
            ++m_at;
        }
        const QChar *digits = m_at;
        qint64 number = 0;
        while (m_at < m_end && m_at->unicode() >= u'0' && m_at->unicode() <= u'9') {
            number = number * 10 + (m_at->unicode() - u'0');
            ++m_at;
            if (m_at - digits > 15)
                return false;
        }
        const qsizetype count = m_at - digits;
        if (count == 0 || (count > 1 && digits->unicode() == u'0'))
            return false;
        if (m_at < m_end
            && (*m_at == u'.' || *m_at == u'e' || *m_at == u'E'
                || (m_at->unicode() >= u'0' && m_at->unicode() <= u'9')))
            return false;
        out = FlatJsonValue::number(negative ? -double(number) : double(number));
        return true;
    }

    bool literal(QStringView word)
    {
        if (m_end - m_at < word.size() || QStringView(m_at, word.size()) != word)
            return false;
        m_at += word.size();
        return true;
    }

    const QChar *m_at;
    const QChar *m_end;
};

} // namespace

FlatJsonValue FlatJsonValue::boolean(bool value)
{
    FlatJsonValue out(Type::Bool);
    out.m_bool = value;
    return out;
}

FlatJsonValue FlatJsonValue::number(double value)
{
    FlatJsonValue out(Type::Number);
    out.m_number = value;
    return out;
}

FlatJsonValue FlatJsonValue::string(QString value)
{
    FlatJsonValue out(Type::String);
    out.m_string = std::move(value);
    return out;
}

std::optional<FlatJsonObject> FlatJsonObject::parse(QStringView text)
{
    FlatReader reader(text);
    FlatJsonObject object;
    if (!reader.take(u'{'))
        return std::nullopt;
    if (!reader.peek(u'}')) {
        do {
            Member member;
            if (!reader.string(member.key) || !reader.take(u':') || !reader.value(member.value))
                return std::nullopt;
            if (object.hasKey(member.key))
                return std::nullopt; // which one counts is QJsonDocument's to say
            object.m_members.push_back(std::move(member));
        } while (reader.take(u','));
    }
    if (!reader.take(u'}') || !reader.atEnd())
        return std::nullopt;
    return object;
}

FlatJsonValue FlatJsonObject::value(QLatin1StringView key) const
{
    for (const Member &member : m_members) {
        if (member.key == key)
            return member.value;
    }
    return {};
}

bool FlatJsonObject::contains(QLatin1StringView key) const
{
    return !value(key).isUndefined();
}

bool FlatJsonObject::hasKey(QStringView key) const
{
    for (const Member &member : m_members) {
        if (member.key == key)
            return true;
    }
    return false;
}

} // namespace switchboard::protocol
