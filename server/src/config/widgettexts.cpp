#include "widgettexts.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace switchboard::server {

namespace {

QString quoted(const QString &text)
{
    return QLatin1Char('"') + text + QLatin1Char('"');
}

bool isKnownField(const QString &name)
{
    for (const char *field : WidgetTexts::fields) {
        if (name == QLatin1StringView(field))
            return true;
    }
    return false;
}

QString knownFields()
{
    QStringList names;
    for (const char *field : WidgetTexts::fields)
        names.append(QString::fromLatin1(field));
    return names.join(u", "_s);
}

} // namespace

Expected<WidgetTexts, QString> WidgetTexts::fromFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return unexpected(u"cannot read "_s + path + u": "_s + file.errorString());
    const QByteArray content = file.read(maxFileBytes + 1);
    if (content.size() > maxFileBytes)
        return unexpected(
            path + u": larger than "_s + QString::number(maxFileBytes / 1024) + u" KiB"_s);
    auto texts = fromJson(content);
    if (!texts)
        return unexpected(path + u": "_s + texts.error());
    return texts;
}

Expected<WidgetTexts, QString> WidgetTexts::fromJson(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return unexpected(u"not JSON ("_s + parseError.errorString() + u" at byte "_s
            + QString::number(parseError.offset) + u")"_s);
    if (!document.isObject())
        return unexpected(
            u"expected an object of languages, e.g. {\"zh-CN\": {\"title\": \"…\"}}"_s);
    // BCP 47 as browsers write it: en, zh-CN, zh-Hans-CN.
    static const QRegularExpression languageTag(u"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$"_s);
    const QJsonObject languages = document.object();
    for (auto language = languages.begin(); language != languages.end(); ++language) {
        if (!languageTag.match(language.key()).hasMatch())
            return unexpected(
                quoted(language.key()) + u" is not a language tag (expected e.g. en, zh-CN)"_s);
        if (!language.value().isObject())
            return unexpected(quoted(language.key()) + u": expected an object of texts"_s);
        const QJsonObject texts = language.value().toObject();
        for (auto text = texts.begin(); text != texts.end(); ++text) {
            const QString where = quoted(language.key()) + u"."_s + quoted(text.key());
            if (!isKnownField(text.key()))
                return unexpected(where + u" is not a text the widget shows (expected "_s
                    + knownFields() + u")"_s);
            if (!text.value().isString())
                return unexpected(where + u": expected a string"_s);
            const qsizetype length = text.value().toString().size();
            if (length > maxTextLength)
                return unexpected(where + u": longer than "_s + QString::number(maxTextLength)
                    + u" characters"_s);
        }
    }
    WidgetTexts result;
    result.m_json = QJsonDocument(languages).toJson(QJsonDocument::Compact);
    return result;
}

} // namespace switchboard::server
