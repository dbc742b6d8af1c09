#include "httpmessage.h"

namespace switchboard::server {

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 411:
        return "Length Required";
    case 413:
        return "Content Too Large";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Content";
    case 426:
        return "Upgrade Required";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

} // namespace

bool HttpRequest::isWebSocketUpgrade() const
{
    return header("upgrade").toLower() == "websocket";
}

bool HttpRequest::allowsKeepAlive() const
{
    if (version != "HTTP/1.1")
        return false;
    for (const QByteArray &option : header("connection").split(',')) {
        if (option.trimmed().toLower() == "close")
            return false;
    }
    // We read no request bodies; one left in the stream would be taken for the next request.
    const QByteArray length = header("content-length");
    return (length.isEmpty() || length == "0") && !headers.contains("transfer-encoding");
}

QByteArray HttpResponse::serialize(bool headOnly, Connection connection) const
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status);
    if (status != 304) {
        out += "\r\nContent-Type: " + contentType
            + "\r\nContent-Length: " + QByteArray::number(body.size());
    }
    out += "\r\nCache-Control: " + cacheControl + "\r\nX-Content-Type-Options: nosniff";
    out += connection == Connection::Close ? "\r\nConnection: close\r\n"
                                           : "\r\nConnection: keep-alive\r\n";
    for (const auto &[name, value] : headers)
        out += name + ": " + value + "\r\n";
    out += "\r\n";
    if (!headOnly && status != 304)
        out += body;
    return out;
}

QByteArray HttpResponse::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

HttpResponse HttpResponse::text(int status, const QByteArray &body)
{
    return HttpResponse { status, "text/plain; charset=utf-8", body, {} };
}

HttpResponse HttpResponse::json(int status, const QByteArray &body)
{
    return HttpResponse { status, "application/json", body, {} };
}

std::optional<HttpRequest> parseRequestHead(const QByteArray &head)
{
    const QList<QByteArray> lines = head.split('\n');
    if (lines.isEmpty())
        return std::nullopt;
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine[2].startsWith("HTTP/1."))
        return std::nullopt;
    HttpRequest request;
    request.method = requestLine[0];
    request.version = requestLine[2];
    const QByteArray target = requestLine[1];
    if (!target.startsWith('/'))
        return std::nullopt;
    const qsizetype queryStart = target.indexOf('?');
    request.path = queryStart < 0 ? target : target.left(queryStart);
    request.query = queryStart < 0 ? QByteArray() : target.mid(queryStart + 1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        if (line.isEmpty())
            break;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return std::nullopt;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        // Each proxy may add a line of its own (HAProxy's forwardfor does): read in order they
        // are one list, so the nearest proxy's hop stays last and a client's own line cannot
        // stand in for it.
        if (name == "x-forwarded-for" && request.headers.contains(name))
            request.headers[name] += ", " + value;
        else
            request.headers.insert(name, value);
    }
    return request;
}

} // namespace switchboard::server
