#pragma once

#include "postgresoptions.h"
#include "store.h"

#include <QString>
#include <memory>

namespace switchboard::server {

struct ServerConfig;

// The Store a node's settings choose: PostgreSQL when `db` names a postgresql:// URL, else the
// SQLite file in the data directory. The connection name must be unique per thread.
std::unique_ptr<Store> makeStore(const ServerConfig &config, const QString &connectionName);
// Where the data lives, for logs: the SQLite path or the URL with its password masked.
QString describeDatabase(const ServerConfig &config);
// Whether the settings choose the PostgreSQL store.
bool usesPostgres(const ServerConfig &config);
// The PostgreSQL connection the settings name (the URL with the statement timeout).
PostgresOptions postgresOptions(const ServerConfig &config);

} // namespace switchboard::server
