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
    QHash<QByteArray, QByteArray> headers; // names in lower case

    QByteArray header(const QByteArray &name) const { return headers.value(name); }
    bool isWebSocketUpgrade() const;
};

struct HttpResponse {
    int status = 200;
    QByteArray contentType = "text/plain; charset=utf-8";
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;

    // The whole response with Connection: close; HEAD requests get the headers only.
    QByteArray serialize(bool headOnly = false) const;
    static HttpResponse text(int status, const QByteArray &body);
    static HttpResponse json(int status, const QByteArray &body);
};

// Parses a request head (everything up to and including the blank line). nullopt: malformed.
std::optional<HttpRequest> parseRequestHead(const QByteArray &head);

} // namespace switchboard::server
