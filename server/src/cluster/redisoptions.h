#pragma once

#include <QString>
#include <switchboard/expected.h>

namespace switchboard::server {

// Where the cluster's Redis is, parsed from redis://[:PASSWORD@]HOST:PORT[/DB].
struct RedisOptions {
    QString host;
    int port = 6379;
    QString password; // never logged; masked() leaves it out
    int database = 0;

    // The error is one line naming what is wrong, and never repeats the password.
    static Expected<RedisOptions, QString> fromUrl(const QString &url);
    QString masked() const;
};

} // namespace switchboard::server
