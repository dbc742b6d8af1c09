#pragma once

#include "store/postgresoptions.h"

#include <QSqlDatabase>
#include <QString>
#include <switchboard/expected.h>

// The PostgreSQL database the tests may create schemas in, from SWITCHBOARD_TEST_POSTGRES_URL
// (tools/test.sh starts one and sets it). Header-only, so the unit tests, which do not link
// testsupport, use it too. A test that needs the database fails with the error, never skips.
struct TestPostgres {
    QString url; // as given: no schema
    switchboard::server::PostgresOptions options;

    static switchboard::Expected<TestPostgres, QString> fromEnvironment()
    {
        const QString url = qEnvironmentVariable("SWITCHBOARD_TEST_POSTGRES_URL");
        if (url.isEmpty()) {
            return switchboard::unexpected(QStringLiteral(
                "SWITCHBOARD_TEST_POSTGRES_URL is not set: point it at a PostgreSQL database "
                "this test may create schemas in, e.g. "
                "postgresql://switchboard_test:PASS@127.0.0.1:5432/switchboard_test "
                "(tools/test.sh starts one and sets it)"));
        }
        auto options = switchboard::server::PostgresOptions::fromUrl(url);
        if (!options)
            return switchboard::unexpected(
                QStringLiteral("SWITCHBOARD_TEST_POSTGRES_URL: ") + options.error());
        return TestPostgres { url, *options };
    }

    // Adds a plain QPSQL connection of this name to the database `options` name, for the
    // test's own setup and checks; the caller opens it.
    static QSqlDatabase addRawConnection(
        const switchboard::server::PostgresOptions &options, const QString &connectionName)
    {
        QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connectionName);
        raw.setHostName(options.host);
        raw.setPort(options.port);
        raw.setUserName(options.user);
        raw.setPassword(options.password);
        raw.setDatabaseName(options.database);
        return raw;
    }
};
