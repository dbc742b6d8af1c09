#include "httpendpoints.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace switchboard::server {

HttpEndpoints::HttpEndpoints(Probes probes, QString widgetDirectory)
    : m_probes(std::move(probes))
    , m_widgetFiles(std::move(widgetDirectory))
{
    m_widgetFiles.warmUp();
    setWidgetTexts("{}");
}

void HttpEndpoints::setWidgetTexts(QByteArray json)
{
    m_widgetTexts = std::make_shared<const StaticAsset>(
        std::move(json), CompressedAssetCache::contentTypeFor(u"texts.json"_s));
}

HttpResponse HttpEndpoints::respond(const HttpRequest &request) const
{
    return compressIfAccepted(answer(request), request);
}

HttpResponse HttpEndpoints::answer(const HttpRequest &request) const
{
    if (request.method != "GET" && request.method != "HEAD") {
        HttpResponse response = HttpResponse::text(405, "only GET and HEAD are served here\n");
        response.headers.append(qMakePair(QByteArray("Allow"), QByteArray("GET, HEAD")));
        return response;
    }
    if (request.path == "/healthz") {
        const bool live = !m_probes.live || m_probes.live();
        return live ? HttpResponse::text(200, "ok\n")
                    : HttpResponse::text(503, "an event loop stopped answering\n");
    }
    if (request.path == "/readyz") {
        const QStringList reasons
            = m_probes.notReadyReasons ? m_probes.notReadyReasons() : QStringList();
        QJsonObject body { { u"ready"_s, reasons.isEmpty() },
            { u"reasons"_s, QJsonArray::fromStringList(reasons) } };
        // Still 200: a node cut off from Redis serves its own clients, so it stays in the
        // load balancer; the body says what is missing.
        const QStringList degraded
            = m_probes.degradedReasons ? m_probes.degradedReasons() : QStringList();
        if (!degraded.isEmpty())
            body.insert(u"degraded"_s, QJsonArray::fromStringList(degraded));
        return HttpResponse::json(reasons.isEmpty() ? 200 : 503,
            QJsonDocument(body).toJson(QJsonDocument::Compact) + '\n');
    }
    if (request.path == "/metrics") {
        HttpResponse response = HttpResponse::text(200, m_probes.metrics ? m_probes.metrics() : "");
        response.contentType = "text/plain; version=0.0.4; charset=utf-8";
        return response;
    }
    if (request.path == "/ws")
        return HttpResponse::text(426, "this path speaks WebSocket only\n");
    if (request.path == "/widget/texts.json") // the shop's texts, from its configuration
        return m_widgetTexts->respond(request);
    if (request.path == "/widget" || request.path.startsWith("/widget/"))
        return serveWidgetFile(request);
    return HttpResponse::text(404, "not found\n");
}

HttpResponse HttpEndpoints::serveWidgetFile(const HttpRequest &request) const
{
    QByteArray name = request.path.mid(int(qstrlen("/widget/")));
    if (request.path == "/widget" || name.isEmpty())
        name = "index.html";
    const std::shared_ptr<const StaticAsset> asset = m_widgetFiles.asset(name);
    return asset ? asset->respond(request) : HttpResponse::text(404, "not found\n");
}

HttpResponse HttpEndpoints::compressIfAccepted(HttpResponse response, const HttpRequest &request)
{
    // Generated answers (the metrics page is tens of kilobytes) are compressed per request,
    // at a level that costs little CPU; small ones are not worth it.
    if (response.body.size() < dynamicCompressionMinBytes
        || !response.header("Content-Encoding").isEmpty()
        || !acceptsCoding(request.header("accept-encoding"), ContentCoding::Gzip)) {
        return response;
    }
    std::optional<QByteArray> gzipped = gzipCompress(response.body, 6);
    if (!gzipped)
        return response;
    response.body = std::move(*gzipped);
    response.headers.emplaceBack("Content-Encoding", "gzip");
    response.headers.emplaceBack("Vary", "Accept-Encoding");
    return response;
}

} // namespace switchboard::server
