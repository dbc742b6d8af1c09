#include "postgresoptions.h"

#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace switchboard::server {

namespace {

// A plain SQL identifier: it is spliced into SET search_path, so nothing else is allowed.
bool isIdentifier(const QString &name)
{
    static const QRegularExpression pattern(u"^[A-Za-z_][A-Za-z0-9_]{0,62}$"_s);
    return pattern.match(name).hasMatch();
}

} // namespace

Expected<PostgresOptions, QString> PostgresOptions::fromUrl(const QString &text)
{
    const QString example = u"postgresql://USER[:PASS]@HOST:PORT/DB"_s;
    const qsizetype schemeEnd = text.indexOf(u"://");
    const QString scheme = schemeEnd < 0 ? QString() : text.left(schemeEnd);
    if (scheme != u"postgresql" && scheme != u"postgres")
        return unexpected(u"the database URL must start with postgresql:// (%1)"_s.arg(example));
    // The port is checked by hand: QUrl turns a bad one into an opaque "invalid URL".
    const qsizetype authorityEnd = text.indexOf(u'/', schemeEnd + 3);
    const QString authority
        = text.mid(schemeEnd + 3, authorityEnd < 0 ? -1 : authorityEnd - schemeEnd - 3);
    const QString hostPort = authority.mid(authority.lastIndexOf(u'@') + 1);
    const qsizetype colon
        = hostPort.startsWith(u'[') ? hostPort.indexOf(u"]:") + 1 : hostPort.lastIndexOf(u':');
    int port = 5432;
    if (colon > 0) {
        bool ok = false;
        port = hostPort.mid(colon + 1).toInt(&ok);
        if (!ok || port < 1 || port > 65535)
            return unexpected(u"the database URL has an invalid port \"%1\" "
                              "(1-65535)"_s.arg(hostPort.mid(colon + 1)));
    }

    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid())
        return unexpected(u"the database URL is malformed (%1); percent-encode special "
                          "characters in the user and password"_s.arg(example));
    PostgresOptions options;
    options.host = url.host();
    if (options.host.isEmpty())
        return unexpected(u"the database URL names no host (%1)"_s.arg(example));
    options.port = port;
    options.user = url.userName(QUrl::FullyDecoded);
    if (options.user.isEmpty())
        return unexpected(u"the database URL names no user (%1)"_s.arg(example));
    options.password = url.password(QUrl::FullyDecoded);
    QString path = url.path(QUrl::FullyDecoded);
    if (path.startsWith(u'/'))
        path.remove(0, 1);
    if (path.isEmpty() || path.contains(u'/'))
        return unexpected(
            u"the database URL must name one database after the port (%1)"_s.arg(example));
    options.database = path;
    if (url.hasFragment())
        return unexpected(u"the database URL must not have a #fragment"_s);
    const QUrlQuery query(url);
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (key != u"schema")
            return unexpected(
                u"the database URL has an unknown parameter \"%1\" (known: schema)"_s.arg(key));
        if (!isIdentifier(value))
            return unexpected(u"the database URL's schema must be a plain name "
                              "(letters, digits, _), not \"%1\""_s.arg(value));
        options.schema = value;
    }
    return options;
}

QString PostgresOptions::masked() const
{
    QUrl url;
    url.setScheme(u"postgresql"_s);
    url.setHost(host);
    url.setPort(port);
    url.setUserName(user);
    if (!password.isEmpty())
        url.setPassword(u"***"_s);
    url.setPath(u'/' + database);
    if (!schema.isEmpty())
        url.setQuery(u"schema="_s + schema);
    return url.toString();
}

} // namespace switchboard::server
