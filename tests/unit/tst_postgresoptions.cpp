#include <QTest>
#include <store/postgresoptions.h>

using namespace switchboard::server;

// The --db postgresql://… URL: what it accepts, the one-line errors for what it refuses, and
// that the password never appears in the masked form used in logs.
class tst_PostgresOptions final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void accepts_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("database");
        QTest::addColumn<QString>("schema");
        QTest::addRow("full") << u"postgresql://sb:secret@db.internal:6432/chat"_qs
                              << u"db.internal"_qs << 6432 << u"sb"_qs << u"secret"_qs << u"chat"_qs
                              << QString();
        QTest::addRow("no password") << u"postgresql://sb@127.0.0.1:5432/chat"_qs << u"127.0.0.1"_qs
                                     << 5432 << u"sb"_qs << QString() << u"chat"_qs << QString();
        QTest::addRow("default port") << u"postgres://sb:pw@localhost/chat"_qs << u"localhost"_qs
                                      << 5432 << u"sb"_qs << u"pw"_qs << u"chat"_qs << QString();
        QTest::addRow("percent-encoded password")
            << u"postgresql://sb:p%40ss%3Aw%2Frd@h:5432/chat"_qs << u"h"_qs << 5432 << u"sb"_qs
            << u"p@ss:w/rd"_qs << u"chat"_qs << QString();
        QTest::addRow("IPv6 host") << u"postgresql://sb:pw@[::1]:5433/chat"_qs << u"::1"_qs << 5433
                                   << u"sb"_qs << u"pw"_qs << u"chat"_qs << QString();
        QTest::addRow("schema") << u"postgresql://sb:pw@h:5432/chat?schema=node_a"_qs << u"h"_qs
                                << 5432 << u"sb"_qs << u"pw"_qs << u"chat"_qs << u"node_a"_qs;
    }

    void accepts()
    {
        QFETCH(QString, url);
        const auto options = PostgresOptions::fromUrl(url);
        QVERIFY2(options.hasValue(), options.hasValue() ? "" : qPrintable(options.error()));
        QTEST(options->host, "host");
        QTEST(options->port, "port");
        QTEST(options->user, "user");
        QTEST(options->password, "password");
        QTEST(options->database, "database");
        QTEST(options->schema, "schema");
    }

    void refuses_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("says");
        QTest::addRow("other scheme") << u"mysql://sb:pw@h:3306/chat"_qs << u"postgresql://"_qs;
        QTest::addRow("no scheme") << u"sb:pw@h:5432/chat"_qs << u"postgresql://"_qs;
        QTest::addRow("no host") << u"postgresql://sb:pw@:5432/chat"_qs << u"no host"_qs;
        QTest::addRow("no user") << u"postgresql://h:5432/chat"_qs << u"no user"_qs;
        QTest::addRow("port not a number") << u"postgresql://sb:pw@h:abc/chat"_qs << u"port"_qs;
        QTest::addRow("port zero") << u"postgresql://sb:pw@h:0/chat"_qs << u"port"_qs;
        QTest::addRow("port too big") << u"postgresql://sb:pw@h:70000/chat"_qs << u"port"_qs;
        QTest::addRow("no database") << u"postgresql://sb:pw@h:5432"_qs << u"one database"_qs;
        QTest::addRow("empty database") << u"postgresql://sb:pw@h:5432/"_qs << u"one database"_qs;
        QTest::addRow("nested path") << u"postgresql://sb:pw@h:5432/a/b"_qs << u"one database"_qs;
        QTest::addRow("unknown parameter")
            << u"postgresql://sb:pw@h:5432/chat?sslmode=off"_qs << u"unknown parameter"_qs;
        QTest::addRow("schema with quote")
            << u"postgresql://sb:pw@h:5432/chat?schema=a%22b"_qs << u"plain name"_qs;
    }

    void refuses()
    {
        QFETCH(QString, url);
        QFETCH(QString, says);
        const auto options = PostgresOptions::fromUrl(url);
        QVERIFY(!options.hasValue());
        QVERIFY2(options.error().contains(says), qPrintable(options.error()));
        QVERIFY(!options.error().contains(u'\n'));
        QVERIFY2(!options.error().contains(u"pw"_qs), qPrintable(options.error()));
    }

    void maskedHidesPassword()
    {
        const auto options = PostgresOptions::fromUrl(u"postgresql://sb:s3cr3t@h:5432/chat"_qs);
        QVERIFY(options.hasValue());
        QCOMPARE(options->masked(), u"postgresql://sb:***@h:5432/chat"_qs);
        const auto plain = PostgresOptions::fromUrl(u"postgresql://sb@h:5432/chat?schema=x"_qs);
        QVERIFY(plain.hasValue());
        QCOMPARE(plain->masked(), u"postgresql://sb@h:5432/chat?schema=x"_qs);
    }
};

QTEST_GUILESS_MAIN(tst_PostgresOptions)
#include "tst_postgresoptions.moc"
