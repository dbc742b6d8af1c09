#pragma once

#include "transactionretry.h"

#include <QString>
#include <switchboard/expected.h>

namespace switchboard::server {

// Where a PostgreSQL store connects and how it behaves, parsed from
// postgresql://USER[:PASS]@HOST:PORT/DB[?schema=NAME].
struct PostgresOptions {
    QString host;
    int port = 5432;
    QString user;
    QString password; // never logged; masked() leaves it out
    QString database;
    QString schema; // empty: the role's default search_path (usually public)
    int statementTimeoutMs = 5000; // 0: no limit
    int connectTimeoutSeconds = 5;
    RetryPolicy retry; // runs of a transaction that hits 40001/40P01, then unavailable

    // Parses a postgresql:// (or postgres://) URL; the error is one line naming what is wrong.
    static Expected<PostgresOptions, QString> fromUrl(const QString &url);
    // The URL with the password replaced by "***", for logs and messages.
    QString masked() const;
};

} // namespace switchboard::server
