#include <QTest>
#include <auth/passwordhasher.h>

using namespace Qt::StringLiterals;

using switchboard::server::PasswordHasher;

class tst_PasswordHasher final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void hashIsArgon2id();
    void verify_data();
    void verify();
    void sameSecretHashesDiffer();
    void malformedHashNeverVerifies_data();
    void malformedHashNeverVerifies();
    void isArgon2id_data();
    void isArgon2id();
};

void tst_PasswordHasher::initTestCase()
{
    QVERIFY2(PasswordHasher::initialize(), "sodium_init failed");
}

void tst_PasswordHasher::hashIsArgon2id()
{
    const QByteArray hash = PasswordHasher::hash(u"correct horse battery"_s);
    QVERIFY2(hash.startsWith("$argon2id$"), hash.constData());
    QVERIFY(PasswordHasher::isArgon2id(hash));
    // The stored string never contains the password itself.
    QVERIFY(!hash.contains("correct horse"));
    QVERIFY2(!PasswordHasher::needsRehash(hash), "a fresh hash should use today's parameters");
}

void tst_PasswordHasher::verify_data()
{
    QTest::addColumn<QString>("stored");
    QTest::addColumn<QString>("attempt");
    QTest::addColumn<bool>("accepted");

    QTest::addRow("same password")
        << u"correct horse battery"_s << u"correct horse battery"_s << true;
    QTest::addRow("wrong password")
        << u"correct horse battery"_s << u"wrong horse battery"_s << false;
    QTest::addRow("case differs") << u"Tr0ub4dor&3"_s << u"tr0ub4dor&3"_s << false;
    QTest::addRow("trailing space differs") << u"s3cret-pass"_s << u"s3cret-pass "_s << false;
    QTest::addRow("empty attempt") << u"s3cret-pass"_s << QString() << false;
    QTest::addRow("non-ASCII password") << u"pässwörd-日本語"_s << u"pässwörd-日本語"_s << true;
    QTest::addRow("non-ASCII differs") << u"pässwörd-日本語"_s << u"passwörd-日本語"_s << false;
}

void tst_PasswordHasher::verify()
{
    QFETCH(QString, stored);
    QFETCH(QString, attempt);
    QFETCH(bool, accepted);

    const QByteArray hash = PasswordHasher::hash(stored);
    QVERIFY(!hash.isEmpty());
    QCOMPARE(PasswordHasher::verify(hash, attempt), accepted);
}

void tst_PasswordHasher::sameSecretHashesDiffer()
{
    const QByteArray first = PasswordHasher::hash(u"same password"_s);
    const QByteArray second = PasswordHasher::hash(u"same password"_s);
    QVERIFY(!first.isEmpty());
    QVERIFY2(first != second, "each hash must carry its own random salt");
    QVERIFY(PasswordHasher::verify(first, u"same password"_s));
    QVERIFY(PasswordHasher::verify(second, u"same password"_s));
}

void tst_PasswordHasher::malformedHashNeverVerifies_data()
{
    QTest::addColumn<QByteArray>("hash");

    QTest::addRow("empty hash") << QByteArray();
    QTest::addRow("plain text") << QByteArray("secret-password");
    QTest::addRow("prefix only") << QByteArray("$argon2id$");
    QTest::addRow("truncated") << PasswordHasher::hash(u"secret-password"_s).left(40);
    QTest::addRow("embedded NUL") << QByteArray("$argon2id$\0v=19", 15);
    QTest::addRow("far too long") << QByteArray(4096, 'a');
}

void tst_PasswordHasher::malformedHashNeverVerifies()
{
    QFETCH(QByteArray, hash);
    QVERIFY(!PasswordHasher::verify(hash, u"secret-password"_s));
    QVERIFY(PasswordHasher::needsRehash(hash));
}

void tst_PasswordHasher::isArgon2id_data()
{
    QTest::addColumn<QByteArray>("hash");
    QTest::addColumn<bool>("expected");

    QTest::addRow("argon2id") << QByteArray("$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA") << true;
    QTest::addRow("argon2i") << QByteArray("$argon2i$v=19$m=32768,t=4,p=1$c2FsdA$aGFzaA") << false;
    QTest::addRow("bcrypt") << QByteArray("$2b$12$abcdefghijklmnopqrstuv") << false;
    QTest::addRow("empty") << QByteArray() << false;
}

void tst_PasswordHasher::isArgon2id()
{
    QFETCH(QByteArray, hash);
    QFETCH(bool, expected);
    QCOMPARE(PasswordHasher::isArgon2id(hash), expected);
}

QTEST_GUILESS_MAIN(tst_PasswordHasher)
#include "tst_passwordhasher.moc"
