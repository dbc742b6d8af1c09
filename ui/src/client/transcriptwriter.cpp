#include "transcriptwriter.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <switchboard/timeformat.h>

using namespace Qt::StringLiterals;

namespace switchboard::ui {

namespace {

QString timeText(qint64 ms)
{
    return ms > 0 ? formatTimestamp(ms) : QString();
}

QString senderText(const ChatMessage &message)
{
    if (message.kind == protocol::MessageKind::Note)
        return u"Note by "_s + message.fromName;
    return message.fromName;
}

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QString escaped(const QString &text)
{
    QString html = text.toHtmlEscaped();
    html.replace(u'\n', u"<br/>"_s);
    return html;
}

} // namespace

TranscriptWriter::TranscriptWriter(Format format)
    : m_format(format)
{
}

QString TranscriptWriter::suffix(Format format)
{
    switch (format) {
    case Format::Text:
        return u"txt"_s;
    case Format::Html:
        return u"html"_s;
    case Format::Json:
        return u"json"_s;
    }
    return {};
}

std::optional<TranscriptWriter::Format> TranscriptWriter::formatFromSuffix(const QString &suffix)
{
    const QString lower = suffix.toLower();
    if (lower == u"txt" || lower == u"text")
        return Format::Text;
    if (lower == u"html" || lower == u"htm")
        return Format::Html;
    if (lower == u"json")
        return Format::Json;
    return std::nullopt;
}

QByteArray TranscriptWriter::begin(const TranscriptHeader &header)
{
    m_first = true;
    const QString state = protocol::stateName(header.state);
    switch (m_format) {
    case Format::Text: {
        QString text = u"Conversation "_s + header.id + u'\n';
        text += u"Customer: "_s + header.customerName;
        if (!header.customerEmail.isEmpty())
            text += u" <"_s + header.customerEmail + u'>';
        text += u'\n';
        if (!header.team.isEmpty())
            text += u"Team: "_s + header.team + u'\n';
        if (!header.agentLogin.isEmpty())
            text += u"Agent: "_s + header.agentName + u" ("_s + header.agentLogin + u")\n"_s;
        if (header.createdMs > 0)
            text += u"Started: "_s + timeText(header.createdMs) + u'\n';
        text += u"State: "_s + state + u"\n\n"_s;
        return text.toUtf8();
    }
    case Format::Html: {
        QString html
            = u"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"_s;
        html += u"<title>Conversation "_s + escaped(header.id) + u"</title>\n"_s;
        html += u"<style>body{font-family:sans-serif;max-width:48em;margin:2em auto;}"
                "li{list-style:none;margin:.6em 0;padding:.4em .6em;border-radius:.5em;"
                "background:#f0f0f0;}li.note{background:#fff4c2;}li.event{background:none;"
                "color:#666;font-style:italic;text-align:center;}.meta{color:#666;"
                "font-size:.85em;}</style>\n</head>\n<body>\n"_s;
        html += u"<h1>Conversation with "_s + escaped(header.customerName) + u"</h1>\n<dl>\n"_s;
        const auto row = [&html](const QString &term, const QString &value) {
            if (!value.isEmpty())
                html += u"<dt>"_s + term + u"</dt><dd>"_s + escaped(value) + u"</dd>\n"_s;
        };
        row(u"Conversation"_s, header.id);
        row(u"Customer"_s, header.customerName);
        row(u"E-mail"_s, header.customerEmail);
        row(u"Team"_s, header.team);
        if (!header.agentLogin.isEmpty())
            row(u"Agent"_s, header.agentName + u" ("_s + header.agentLogin + u')');
        row(u"Started"_s, timeText(header.createdMs));
        row(u"State"_s, state);
        html += u"</dl>\n<ol class=\"transcript\">\n"_s;
        return html.toUtf8();
    }
    case Format::Json: {
        QJsonObject conversation { { u"id"_s, header.id }, { u"state"_s, state },
            { u"customer"_s,
                QJsonObject {
                    { u"name"_s, header.customerName }, { u"email"_s, header.customerEmail } } } };
        if (!header.team.isEmpty())
            conversation.insert(u"team"_s, header.team);
        if (!header.agentLogin.isEmpty())
            conversation.insert(u"agent"_s,
                QJsonObject { { u"login"_s, header.agentLogin }, { u"name"_s, header.agentName } });
        if (header.createdMs > 0)
            conversation.insert(u"created"_s, timeText(header.createdMs));
        return "{\"conversation\":" + json(conversation) + ",\n\"messages\":[";
    }
    }
    return {};
}

QByteArray TranscriptWriter::message(const ChatMessage &message)
{
    const bool first = m_first;
    m_first = false;
    const QString kind = protocol::kindName(message.kind);
    switch (m_format) {
    case Format::Text: {
        QString body = message.text;
        body.replace(u'\n', u"\n    "_s); // continuation lines stay under their message
        QString line = u'[' + timeText(message.timestampMs) + u"] "_s;
        if (message.kind == protocol::MessageKind::Event)
            line += u"-- "_s + body;
        else
            line += senderText(message) + u": "_s + body;
        return (line + u'\n').toUtf8();
    }
    case Format::Html: {
        QString html = u"<li class=\""_s + kind + u"\" data-seq=\""_s + QString::number(message.seq)
            + u"\"><div class=\"meta\"><time datetime=\""_s + timeText(message.timestampMs)
            + u"\">"_s + timeText(message.timestampMs) + u"</time>"_s;
        if (message.kind != protocol::MessageKind::Event)
            html += u" <span class=\"from\">"_s + escaped(senderText(message)) + u"</span>"_s;
        html += u"</div><div class=\"text\">"_s + escaped(message.text) + u"</div></li>\n"_s;
        return html.toUtf8();
    }
    case Format::Json: {
        const QJsonObject object { { u"seq"_s, message.seq },
            { u"ts"_s, timeText(message.timestampMs) }, { u"kind"_s, kind },
            { u"from"_s,
                QJsonObject { { u"role"_s, protocol::roleName(message.fromRole) },
                    { u"name"_s, message.fromName } } },
            { u"text"_s, message.text } };
        return (first ? "\n" : ",\n") + json(object);
    }
    }
    return {};
}

QByteArray TranscriptWriter::end()
{
    switch (m_format) {
    case Format::Text:
        return {};
    case Format::Html:
        return "</ol>\n</body>\n</html>\n";
    case Format::Json:
        return "\n]}\n";
    }
    return {};
}

} // namespace switchboard::ui
