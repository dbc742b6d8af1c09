#pragma once

#include <QByteArray>
#include <QString>
#include <switchboard/expected.h>

namespace switchboard::server {

// The shop's own words in the customer widget, per language, for every page at once: the
// `widget-texts` JSON file (docs/configuration.md), checked when the server starts and served
// to the widget at /widget/texts.json. Shape:
//   {"en": {"title": "Northwind Coffee", "greeting": "…"}, "zh-CN": {"title": "北风咖啡"}}
class WidgetTexts final {
public:
    // The texts the widget knows; any other field is a mistake worth reporting.
    static constexpr const char *fields[]
        = { "title", "subtitle", "greeting", "question", "offline" };
    static constexpr qsizetype maxFileBytes = 64 * 1024;
    static constexpr qsizetype maxTextLength = 1000; // characters of one text

    // The file named by the setting; the error is one line naming what is wrong.
    static Expected<WidgetTexts, QString> fromFile(const QString &path);
    static Expected<WidgetTexts, QString> fromJson(const QByteArray &json);

    // Compact JSON as the widget reads it; "{}" when the shop set nothing.
    QByteArray json() const { return m_json; }

private:
    QByteArray m_json = "{}";
};

} // namespace switchboard::server
