#include "httpendpoints.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace switchboard::server {

HttpEndpoints::HttpEndpoints(Probes probes, QString widgetDirectory)
    : m_probes(std::move(probes))
    , m_widgetDirectory(std::move(widgetDirectory))
{
}

HttpResponse HttpEndpoints::respond(const HttpRequest &request) const
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
        QJsonObject body { { u"ready"_qs, reasons.isEmpty() },
            { u"reasons"_qs, QJsonArray::fromStringList(reasons) } };
        // Still 200: a node cut off from Redis serves its own clients, so it stays in the
        // load balancer; the body says what is missing.
        const QStringList degraded
            = m_probes.degradedReasons ? m_probes.degradedReasons() : QStringList();
        if (!degraded.isEmpty())
            body.insert(u"degraded"_qs, QJsonArray::fromStringList(degraded));
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
    if (request.path == "/widget/texts.json") {
        HttpResponse response = HttpResponse::json(200, m_widgetTexts);
        response.contentType = "application/json; charset=utf-8";
        // Read by the widget on the shop's own pages, which are other origins; nothing private.
        response.headers.append(
            qMakePair(QByteArray("Access-Control-Allow-Origin"), QByteArray("*")));
        return response;
    }
    if (request.path == "/widget" || request.path.startsWith("/widget/"))
        return serveWidgetFile(request.path);
    return HttpResponse::text(404, "not found\n");
}

HttpResponse HttpEndpoints::serveWidgetFile(const QByteArray &path) const
{
    QByteArray name = path.mid(int(qstrlen("/widget")));
    if (name.isEmpty() || name == "/")
        name = "/index.html";
    // Only plain file names from the widget folder and its i18n/ folder (the languages): no
    // traversal, no hidden files.
    const QByteArray fileName = name.startsWith("/i18n/") ? name.mid(5) : name;
    if (fileName.count('/') != 1 || fileName.contains("..") || fileName.startsWith("/.")
        || m_widgetDirectory.isEmpty()) {
        return HttpResponse::text(404, "not found\n");
    }
    QFile file(m_widgetDirectory + QString::fromUtf8(name));
    if (!file.open(QIODevice::ReadOnly))
        return HttpResponse::text(404, "not found\n");
    HttpResponse response;
    response.body = file.readAll();
    const QString suffix = QFileInfo(file.fileName()).suffix();
    if (suffix == u"html")
        response.contentType = "text/html; charset=utf-8";
    else if (suffix == u"js")
        response.contentType = "text/javascript; charset=utf-8";
    else if (suffix == u"css")
        response.contentType = "text/css; charset=utf-8";
    else if (suffix == u"svg")
        response.contentType = "image/svg+xml";
    else if (suffix == u"json")
        response.contentType = "application/json; charset=utf-8";
    else
        response.contentType = "application/octet-stream";
    // The widget fetches its language files from the shop's pages, which are other origins.
    if (suffix == u"json")
        response.headers.append(
            qMakePair(QByteArray("Access-Control-Allow-Origin"), QByteArray("*")));
    return response;
}

} // namespace switchboard::server
