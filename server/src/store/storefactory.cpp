#include "storefactory.h"

#include "config/serverconfig.h"
#include "postgresstore.h"
#include "sqlitestore.h"

namespace switchboard::server {

PostgresOptions postgresOptions(const ServerConfig &config)
{
    // The URL was validated when the setting was applied; a bad one fails on open().
    const auto parsed = PostgresOptions::fromUrl(config.databaseUrl);
    PostgresOptions options = parsed ? *parsed : PostgresOptions {};
    options.statementTimeoutMs = config.dbStatementTimeoutMs;
    return options;
}

bool usesPostgres(const ServerConfig &config)
{
    return !config.databaseUrl.isEmpty();
}

std::unique_ptr<Store> makeStore(const ServerConfig &config, const QString &connectionName)
{
    if (usesPostgres(config))
        return std::make_unique<PostgresStore>(postgresOptions(config), connectionName);
    return std::make_unique<SqliteStore>(config.databasePath(), connectionName,
        SqliteOptions { config.synchronousFull, config.busyTimeoutMs });
}

QString describeDatabase(const ServerConfig &config)
{
    if (usesPostgres(config))
        return postgresOptions(config).masked();
    return config.databasePath();
}

} // namespace switchboard::server
