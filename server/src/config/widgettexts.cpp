#include "widgettexts.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

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
    return names.join(u", "_qs);
}

} // namespace

Expected<WidgetTexts, QString> WidgetTexts::fromFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return unexpected(u"cannot read "_qs + path + u": "_qs + file.errorString());
    const QByteArray content = file.read(maxFileBytes + 1);
    if (content.size() > maxFileBytes)
        return unexpected(
            path + u": larger than "_qs + QString::number(maxFileBytes / 1024) + u" KiB"_qs);
    auto texts = fromJson(content);
    if (!texts)
        return unexpected(path + u": "_qs + texts.error());
    return texts;
}

Expected<WidgetTexts, QString> WidgetTexts::fromJson(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return unexpected(u"not JSON ("_qs + parseError.errorString() + u" at byte "_qs
            + QString::number(parseError.offset) + u")"_qs);
    if (!document.isObject())
        return unexpected(
            u"expected an object of languages, e.g. {\"zh-CN\": {\"title\": \"…\"}}"_qs);
    // BCP 47 as browsers write it: en, zh-CN, zh-Hans-CN.
    static const QRegularExpression languageTag(u"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$"_qs);
    const QJsonObject languages = document.object();
    for (auto language = languages.begin(); language != languages.end(); ++language) {
        if (!languageTag.match(language.key()).hasMatch())
            return unexpected(
                quoted(language.key()) + u" is not a language tag (expected e.g. en, zh-CN)"_qs);
        if (!language.value().isObject())
            return unexpected(quoted(language.key()) + u": expected an object of texts"_qs);
        const QJsonObject texts = language.value().toObject();
        for (auto text = texts.begin(); text != texts.end(); ++text) {
            const QString where = quoted(language.key()) + u"."_qs + quoted(text.key());
            if (!isKnownField(text.key()))
                return unexpected(where + u" is not a text the widget shows (expected "_qs
                    + knownFields() + u")"_qs);
            if (!text.value().isString())
                return unexpected(where + u": expected a string"_qs);
            const qsizetype length = text.value().toString().size();
            if (length > maxTextLength)
                return unexpected(where + u": longer than "_qs + QString::number(maxTextLength)
                    + u" characters"_qs);
        }
    }
    WidgetTexts result;
    result.m_json = QJsonDocument(languages).toJson(QJsonDocument::Compact);
    return result;
}

} // namespace switchboard::server
