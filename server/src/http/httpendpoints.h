#pragma once

#include "httpmessage.h"

#include <QString>
#include <QStringList>
#include <functional>

namespace switchboard::server {

// The plain-HTTP side of the server port: probes, metrics, the widget files, 404 for the rest.
// Pure request → response, so it is tested without sockets.
class HttpEndpoints final {
public:
    struct Probes {
        std::function<bool()> live; // event loops answer
        std::function<QStringList()> notReadyReasons; // empty: ready
        std::function<QByteArray()> metrics; // Prometheus text
        // Ready but impaired (Redis unreachable: serving local clients only); empty: whole.
        std::function<QStringList()> degradedReasons;
    };

    HttpEndpoints(Probes probes, QString widgetDirectory);

    // The shop's widget texts (config/widgettexts.h) served at /widget/texts.json; "{}" before.
    void setWidgetTexts(QByteArray json) { m_widgetTexts = std::move(json); }

    HttpResponse respond(const HttpRequest &request) const;

private:
    HttpResponse serveWidgetFile(const QByteArray &path) const;

    Probes m_probes;
    QString m_widgetDirectory;
    QByteArray m_widgetTexts = "{}";
};

} // namespace switchboard::server
