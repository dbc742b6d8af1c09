#include "redisoptions.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace switchboard::server {

Expected<RedisOptions, QString> RedisOptions::fromUrl(const QString &url)
{
    const QUrl parsed(url, QUrl::StrictMode);
    if (!parsed.isValid() || parsed.scheme() != u"redis"_s)
        return unexpected(u"expected redis://[:PASSWORD@]HOST:PORT[/DB]"_s);
    RedisOptions options;
    options.host = parsed.host();
    if (options.host.isEmpty())
        return unexpected(u"the redis:// URL names no host"_s);
    options.port = parsed.port(6379);
    if (options.port < 1 || options.port > 65535)
        return unexpected(u"the redis:// port must be 1-65535"_s);
    // redis://:secret@host and redis://default:secret@host both carry the password.
    options.password = parsed.password(QUrl::FullyDecoded);
    const QString path = parsed.path();
    if (!path.isEmpty() && path != u"/"_s) {
        bool isNumber = false;
        options.database = path.mid(1).toInt(&isNumber);
        if (!isNumber || options.database < 0 || options.database > 15)
            return unexpected(u"the redis:// database after the slash must be 0-15"_s);
    }
    if (parsed.hasQuery() || parsed.hasFragment())
        return unexpected(u"the redis:// URL takes no ?options or #fragment"_s);
    return options;
}

QString RedisOptions::masked() const
{
    return u"redis://"_s + (password.isEmpty() ? QString() : u":***@"_s) + host + u":"_s
        + QString::number(port) + (database ? u"/"_s + QString::number(database) : QString());
}

} // namespace switchboard::server
