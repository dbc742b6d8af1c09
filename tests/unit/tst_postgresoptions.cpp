#include <QTest>
#include <store/postgresoptions.h>

using namespace Qt::StringLiterals;

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
        QTest::addRow("full") << u"postgresql://sb:secret@db.internal:6432/chat"_s
                              << u"db.internal"_s << 6432 << u"sb"_s << u"secret"_s << u"chat"_s
                              << QString();
        QTest::addRow("no password") << u"postgresql://sb@127.0.0.1:5432/chat"_s << u"127.0.0.1"_s
                                     << 5432 << u"sb"_s << QString() << u"chat"_s << QString();
        QTest::addRow("default port") << u"postgres://sb:pw@localhost/chat"_s << u"localhost"_s
                                      << 5432 << u"sb"_s << u"pw"_s << u"chat"_s << QString();
        QTest::addRow("percent-encoded password")
            << u"postgresql://sb:p%40ss%3Aw%2Frd@h:5432/chat"_s << u"h"_s << 5432 << u"sb"_s
            << u"p@ss:w/rd"_s << u"chat"_s << QString();
        QTest::addRow("IPv6 host") << u"postgresql://sb:pw@[::1]:5433/chat"_s << u"::1"_s << 5433
                                   << u"sb"_s << u"pw"_s << u"chat"_s << QString();
        QTest::addRow("schema") << u"postgresql://sb:pw@h:5432/chat?schema=node_a"_s << u"h"_s
                                << 5432 << u"sb"_s << u"pw"_s << u"chat"_s << u"node_a"_s;
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
        QTest::addRow("other scheme") << u"mysql://sb:pw@h:3306/chat"_s << u"postgresql://"_s;
        QTest::addRow("no scheme") << u"sb:pw@h:5432/chat"_s << u"postgresql://"_s;
        QTest::addRow("no host") << u"postgresql://sb:pw@:5432/chat"_s << u"no host"_s;
        QTest::addRow("no user") << u"postgresql://h:5432/chat"_s << u"no user"_s;
        QTest::addRow("port not a number") << u"postgresql://sb:pw@h:abc/chat"_s << u"port"_s;
        QTest::addRow("port zero") << u"postgresql://sb:pw@h:0/chat"_s << u"port"_s;
        QTest::addRow("port too big") << u"postgresql://sb:pw@h:70000/chat"_s << u"port"_s;
        QTest::addRow("no database") << u"postgresql://sb:pw@h:5432"_s << u"one database"_s;
        QTest::addRow("empty database") << u"postgresql://sb:pw@h:5432/"_s << u"one database"_s;
        QTest::addRow("nested path") << u"postgresql://sb:pw@h:5432/a/b"_s << u"one database"_s;
        QTest::addRow("unknown parameter")
            << u"postgresql://sb:pw@h:5432/chat?sslmode=off"_s << u"unknown parameter"_s;
        QTest::addRow("schema with quote")
            << u"postgresql://sb:pw@h:5432/chat?schema=a%22b"_s << u"plain name"_s;
    }

    void refuses()
    {
        QFETCH(QString, url);
        QFETCH(QString, says);
        const auto options = PostgresOptions::fromUrl(url);
        QVERIFY(!options.hasValue());
        QVERIFY2(options.error().contains(says), qPrintable(options.error()));
        QVERIFY(!options.error().contains(u'\n'));
        QVERIFY2(!options.error().contains(u"pw"_s), qPrintable(options.error()));
    }

    void maskedHidesPassword()
    {
        const auto options = PostgresOptions::fromUrl(u"postgresql://sb:s3cr3t@h:5432/chat"_s);
        QVERIFY(options.hasValue());
        QCOMPARE(options->masked(), u"postgresql://sb:***@h:5432/chat"_s);
        const auto plain = PostgresOptions::fromUrl(u"postgresql://sb@h:5432/chat?schema=x"_s);
        QVERIFY(plain.hasValue());
        QCOMPARE(plain->masked(), u"postgresql://sb@h:5432/chat?schema=x"_s);
    }
};

QTEST_GUILESS_MAIN(tst_PostgresOptions)
#include "tst_postgresoptions.moc"
