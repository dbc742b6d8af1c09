#pragma once

#include <QLatin1StringView>
#include <QString>
#include <QStringView>
#include <optional>
#include <vector>

namespace switchboard::protocol {

// One member's value of a FlatJsonObject, read the way QJsonValue reads it.
class FlatJsonValue {
public:
    enum class Type { Undefined, Null, Bool, Number, String };

    FlatJsonValue() = default;
    static FlatJsonValue null() { return FlatJsonValue(Type::Null); }
    static FlatJsonValue boolean(bool value);
    static FlatJsonValue number(double value);
    static FlatJsonValue string(QString value);

    bool isUndefined() const { return m_type == Type::Undefined; }
    bool isNull() const { return m_type == Type::Null; }
    bool isBool() const { return m_type == Type::Bool; }
    bool isDouble() const { return m_type == Type::Number; }
    bool isString() const { return m_type == Type::String; }
    bool toBool() const { return m_bool; }
    double toDouble() const { return m_number; }
    QString toString() const { return m_string; }

private:
    explicit FlatJsonValue(Type type)
        : m_type(type)
    {
    }

    Type m_type = Type::Undefined;
    bool m_bool = false;
    double m_number = 0;
    QString m_string;
};

// A JSON object whose members are all strings, whole numbers, booleans or null: the shape of
// every frame a client sends many times a second (send, delivered, read, typing, ping). It is
// read straight from the QString the WebSocket hands over, without the UTF-8 copy and the
// QJsonDocument tree a general parse builds. Anything else (a nested value, a fraction or an
// exponent, a duplicated key, malformed JSON) is not read here: parse() gives nothing and the
// caller falls back to QJsonDocument, which reads it, or names the problem, as it always did.
class FlatJsonObject {
public:
    static std::optional<FlatJsonObject> parse(QStringView text);

    FlatJsonValue value(QLatin1StringView key) const;
    bool contains(QLatin1StringView key) const;

private:
    bool hasKey(QStringView key) const;

    struct Member {
        QString key;
        FlatJsonValue value;
    };
    std::vector<Member> m_members;
};

} // namespace switchboard::protocol
