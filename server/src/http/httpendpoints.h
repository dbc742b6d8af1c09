#pragma once

#include "compressedassetcache.h"
#include "httpmessage.h"
#include "keepalivepolicy.h"

#include <QString>
#include <QStringList>
#include <functional>

namespace switchboard::server {

// The plain-HTTP side of the server port: probes, metrics, the widget files, 404 for the rest.
// Pure request → response, so it is tested without sockets. Widget files come compressed and
// with validators from a CompressedAssetCache; other answers large enough are gzipped.
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
    void setWidgetTexts(QByteArray json);

    HttpResponse respond(const HttpRequest &request) const;
    // Shared by the I/O threads, which keep HTTP/1.1 connections open within its limits.
    const KeepAlivePolicy &keepAlive() const { return m_keepAlive; }

    // Generated answers at least this large are gzipped for clients that accept it.
    static constexpr qsizetype dynamicCompressionMinBytes = 1024;

private:
    HttpResponse answer(const HttpRequest &request) const;
    HttpResponse serveWidgetFile(const HttpRequest &request) const;
    static HttpResponse compressIfAccepted(HttpResponse response, const HttpRequest &request);

    Probes m_probes;
    CompressedAssetCache m_widgetFiles;
    KeepAlivePolicy m_keepAlive;
    // Served like a widget file: compressed, with an ETag, cached by browsers.
    std::shared_ptr<const StaticAsset> m_widgetTexts;
};

} // namespace switchboard::server
