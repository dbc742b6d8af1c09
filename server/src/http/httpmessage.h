#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QPair>
#include <optional>

namespace switchboard::server {

struct HttpRequest {
    QByteArray method;
    QByteArray path; // without the query string
    QByteArray query;
    QByteArray version = "HTTP/1.1";
    QHash<QByteArray, QByteArray> headers; // names in lower case

    QByteArray header(const QByteArray &name) const { return headers.value(name); }
    bool isWebSocketUpgrade() const;
    // HTTP/1.1 without "Connection: close" and without a body we would have to skip: the
    // connection may carry the next request once this one is answered.
    bool allowsKeepAlive() const;
};

struct HttpResponse {
    int status = 200;
    QByteArray contentType = "text/plain; charset=utf-8";
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    // Probes and errors are never cached; StaticAsset sets its own policy.
    QByteArray cacheControl = "no-store";

    // How the connection goes on after this answer.
    enum class Connection { Close, KeepAlive };
    // The whole response; HEAD requests get the headers only (with the Content-Length a GET
    // would see). A 304 carries no body and no Content-Length.
    QByteArray serialize(bool headOnly = false, Connection connection = Connection::Close) const;
    QByteArray header(const QByteArray &name) const; // name case-insensitive; empty if absent
    static HttpResponse text(int status, const QByteArray &body);
    static HttpResponse json(int status, const QByteArray &body);
};

// Parses a request head (everything up to and including the blank line). nullopt: malformed.
std::optional<HttpRequest> parseRequestHead(const QByteArray &head);

} // namespace switchboard::server
