// The `switchboard-server user add|list|remove|passwd` commands against a real SQLite file,
// and once through the real binary. Storage failures are real too: another process holds the
// database's write lock.
#include <QBuffer>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <auth/passwordhasher.h>
#include <cli/usercommands.h>
#include <config/commandline.h>
#include <memory>
#include <store/sqlitestore.h>
#include <switchboard/ids.h>

using namespace Qt::StringLiterals;
using namespace switchboard;
using namespace switchboard::server;

namespace {

constexpr qint64 dayMs = 24 * 60 * 60 * 1000;

template<typename T> QByteArray errorText(const StoreResult<T> &result)
{
    return result.hasValue() ? QByteArray() : result.error().message.toUtf8();
}

} // namespace

// A StoreResult that must hold a value; on failure the store's message is shown.
#define VERIFY_OK(expression)                                                                      \
    do {                                                                                           \
        const auto &verifiedResult = (expression); /* evaluated once: it may write */              \
        QVERIFY2(verifiedResult.hasValue(), errorText(verifiedResult).constData());                \
    } while (false)

namespace {

// Every SqliteStore needs a QSqlDatabase connection name of its own.
std::unique_ptr<SqliteStore> makeStore(const QString &path, SqliteOptions options = {})
{
    static int connections = 0;
    return std::make_unique<SqliteStore>(
        path, u"tst_usercommands-%1"_s.arg(++connections), options);
}

StoreResult<UserRecord> addUser(Store &store, const QString &login, const QString &password,
    protocol::Role role = protocol::Role::Agent, const QString &name = {},
    const QStringList &teams = {})
{
    UserRecord user;
    user.login = login;
    user.name = name.isEmpty() ? login : name;
    user.role = role;
    user.teams = teams;
    user.passwordHash = PasswordHasher::hash(password);
    user.createdMs = QDateTime::currentMSecsSinceEpoch();
    return store.createUser(user);
}

// A signed-in session of `subject`, stored as the server stores it: by digest only.
struct Session {
    QByteArray digest;
    TokenSubject subject;
};

StoreResult<Session> signIn(Store &store, TokenSubject subject)
{
    const Session session { ids::tokenDigest(ids::newToken()), subject };
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (auto inserted = store.insertToken(session.digest, subject, now, now + dayMs); !inserted)
        return unexpected(inserted.error());
    return session;
}

// "valid", "revoked" or the storage error, so a QCOMPARE failure says which.
QString sessionState(Store &store, const Session &session)
{
    const auto found = store.findToken(session.digest, QDateTime::currentMSecsSinceEpoch());
    if (!found)
        return u"error: "_s + found.error().message;
    if (!found->has_value())
        return u"revoked"_s;
    if ((*found)->kind != session.subject.kind || (*found)->id != session.subject.id)
        return u"belongs to someone else"_s;
    return u"valid"_s;
}

// Every user row as text, hash included, to compare the database before and after.
QStringList userRows(Store &store)
{
    const auto users = store.listUsers();
    if (!users)
        return { u"error: "_s + users.error().message };
    QStringList rows;
    for (const UserRecord &user : *users) {
        rows << QStringList { QString::number(user.id), user.login, user.name,
            protocol::roleName(user.role), user.teams.join(u','),
            QString::fromLatin1(user.passwordHash), QString::number(user.createdMs) }
                    .join(u'|');
    }
    return rows;
}

QStringList argv(const QStringList &arguments)
{
    return QStringList { u"switchboard-server"_s } + arguments;
}

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

// Runs one user command against `store` with `input` as standard input.
template<typename UserCommand>
Run runCommand(Store &store, const UserCommand &command, const QByteArray &input)
{
    Run run;
    QByteArray inputCopy = input;
    QBuffer inBuffer(&inputCopy);
    inBuffer.open(QIODevice::ReadOnly);
    QTextStream in(&inBuffer);
    QTextStream out(&run.out);
    QTextStream err(&run.err);
    run.exitCode = runUserCommand(store, command, in, out, err);
    out.flush();
    err.flush();
    return run;
}

// Parses a `user ...` command line as main() does and runs it against `store`.
Run runUser(Store &store, const QStringList &arguments, const QByteArray &input)
{
    auto parsed = parseCommandLine(argv(arguments));
    if (!parsed) {
        Run run;
        run.err = parsed.error().message;
        return run;
    }
    return std::visit(
        [&](const auto &command) -> Run {
            using T = std::decay_t<decltype(command)>;
            if constexpr (
                std::is_same_v<T,
                    UserAdd> || std::is_same_v<T, UserList> || std::is_same_v<T, UserRemove> || std::is_same_v<T, UserPasswd>) {
                return runCommand(store, command, input);
            } else {
                Run run;
                run.exitCode = -2;
                run.err = u"not a user command"_s;
                return run;
            }
        },
        *parsed);
}

// Another process, the sqlite3 shell, holding the database's write lock for three seconds, as
// an operator's long write or a second server would.
class WriteLockHolder {
public:
    WriteLockHolder(QString databasePath, QString marker)
        : m_path(std::move(databasePath))
        , m_marker(std::move(marker))
    {
    }
    ~WriteLockHolder()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
    Q_DISABLE_COPY_MOVE(WriteLockHolder)

    // Empty once the other process holds the lock; otherwise why it does not.
    QString take()
    {
        const QString program = QStandardPaths::findExecutable(u"sqlite3"_s);
        if (program.isEmpty())
            return u"the sqlite3 command is required (apt install sqlite3)"_s;
        // -bail: if BEGIN IMMEDIATE failed, the marker never appears.
        m_process.start(program, { u"-bail"_s, m_path });
        if (!m_process.waitForStarted(10000))
            return u"cannot start sqlite3: "_s + m_process.errorString();
        m_process.write("BEGIN IMMEDIATE;\n.shell touch " + QFile::encodeName(m_marker)
            + "\n.shell sleep 3\nCOMMIT;\n");
        m_process.closeWriteChannel();
        const auto lockedOrGone = [this] {
            return QFile::exists(m_marker) || m_process.state() == QProcess::NotRunning;
        };
        if (!QTest::qWaitFor(lockedOrGone, 10000) || !QFile::exists(m_marker)) {
            return u"sqlite3 did not take the write lock: "_s
                + QString::fromUtf8(m_process.readAllStandardError());
        }
        return {};
    }

    bool holding() const { return m_process.state() == QProcess::Running; }

    // Waits for the other process to commit and exit. Empty when it did.
    QString release()
    {
        if (!m_process.waitForFinished(20000))
            return u"sqlite3 did not finish"_s;
        if (m_process.exitStatus() != QProcess::NormalExit || m_process.exitCode() != 0) {
            return u"sqlite3 failed: "_s + QString::fromUtf8(m_process.readAllStandardError());
        }
        return {};
    }

private:
    QString m_path;
    QString m_marker;
    QProcess m_process;
};

struct Exit {
    int code = -1;
    QString out;
    QString err;
};

// Runs the switchboard-server binary the build produced, as a shell would.
Exit runBinary(const QStringList &arguments, const QByteArray &input = {})
{
    Exit exit;
    QProcess process;
    process.start(QString::fromUtf8(SWITCHBOARD_SERVER_BINARY), arguments);
    if (!process.waitForStarted(10000)) {
        exit.err = u"cannot start switchboard-server: "_s + process.errorString();
        return exit;
    }
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished(5000);
        exit.err = u"switchboard-server did not finish"_s;
        return exit;
    }
    exit.out = QString::fromUtf8(process.readAllStandardOutput());
    exit.err = QString::fromUtf8(process.readAllStandardError());
    if (process.exitStatus() == QProcess::NormalExit)
        exit.code = process.exitCode();
    else
        exit.err += u"<crashed>"_s;
    return exit;
}

} // namespace

class tst_UserCommands final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void userAdd_data();
    void userAdd();
    void userList();
    void userRemove_data();
    void userRemove();
    void userPasswd_data();
    void userPasswd();
    void commandsCheckWhatTheParserChecks();
    void theRealBinary();

private:
    QString caseDir() const { return m_dir.filePath(u"case-%1"_s.arg(m_case)); }
    QString databasePath() const { return caseDir() + u"/switchboard.sqlite3"_s; }
    QString lockMarker() const { return caseDir() + u"/locked"_s; }

    QTemporaryDir m_dir;
    int m_case = 0;
};

void tst_UserCommands::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(PasswordHasher::initialize());
}

void tst_UserCommands::init()
{
    // Each test row starts from a database file of its own.
    ++m_case;
    QVERIFY(QDir().mkpath(caseDir()));
}

void tst_UserCommands::userAdd_data()
{
    QTest::addColumn<QStringList>("arguments"); // after "user add"
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("loginTaken");
    QTest::addColumn<bool>("locked"); // another process holds the write lock
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message"); // stdout on success, part of stderr otherwise
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("role");
    QTest::addColumn<QStringList>("teams");

    const QStringList agent { u"alice"_s, u"--role"_s, u"agent"_s, u"--password-stdin"_s };
    const auto added = [&](const char *row, const QStringList &arguments, const QByteArray &input,
                           const QString &message, const QString &name, const QString &role,
                           const QStringList &teams) {
        QTest::addRow("%s", row) << arguments << input << false << false << exitOk << message
                                 << name << role << teams;
    };
    const auto refused = [&](const char *row, const QByteArray &input, bool loginTaken, bool locked,
                             int exitCode, const QString &message) {
        QTest::addRow("%s", row) << agent << input << loginTaken << locked << exitCode << message
                                 << QString() << QString() << QStringList();
    };

    added("agent with defaults", agent, "correct horse\n", u"added agent alice\n"_s, u"alice"_s,
        u"agent"_s, {});
    added("supervisor with name and teams",
        { u"alice"_s, u"--role"_s, u"supervisor"_s, u"--name"_s, u"Alice A."_s, u"--team"_s,
            u"billing"_s, u"--team"_s, u"sales"_s, u"--password-stdin"_s },
        "correct horse\n", u"added supervisor alice\n"_s, u"Alice A."_s, u"supervisor"_s,
        { u"billing"_s, u"sales"_s });
    added("password without a final newline", agent, "correct horse", u"added agent alice\n"_s,
        u"alice"_s, u"agent"_s, {});
    added("CRLF after the password", agent, "correct horse\r\n", u"added agent alice\n"_s,
        u"alice"_s, u"agent"_s, {});
    added("only the first line is the password", agent, "correct horse\nsecond line\n",
        u"added agent alice\n"_s, u"alice"_s, u"agent"_s, {});
    // Length counts characters, not UTF-16 units or bytes.
    added("eight characters, one outside the BMP", agent, "1234567\xf0\x9f\x94\x91\n",
        u"added agent alice\n"_s, u"alice"_s, u"agent"_s, {});
    added("non-ASCII password", agent, "p\xc3\xa4ssw\xc3\xb6rd\n", u"added agent alice\n"_s,
        u"alice"_s, u"agent"_s, {});

    refused("login taken", "correct horse\n", true, false, exitUsage,
        u"user add: login \"alice\" is already taken"_s);
    refused("nothing on stdin", {}, false, false, exitUsage, u"no password on standard input"_s);
    refused("empty password", "\n", false, false, exitUsage, u"the password is empty"_s);
    refused("blank password", "          \n", false, false, exitUsage, u"the password is empty"_s);
    refused("seven characters", "seven77\n", false, false, exitUsage,
        u"too short: it needs at least 8 characters"_s);
    refused("seven characters in eight UTF-16 units", "123456\xf0\x9f\x94\x91\n", false, false,
        exitUsage, u"too short: it needs at least 8 characters"_s);
    refused("too long", QByteArray(1025, 'p') + '\n', false, false, exitUsage, u"too long"_s);
    refused("another process holds the write lock", "correct horse\n", false, true, exitFailure,
        u"user add: the database is unavailable"_s);
}

void tst_UserCommands::userAdd()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, input);
    QFETCH(bool, loginTaken);
    QFETCH(bool, locked);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    QFETCH(QString, name);
    QFETCH(QString, role);
    QFETCH(QStringList, teams);

    // A short busy timeout, so a locked database fails the write quickly.
    const auto store
        = makeStore(databasePath(), locked ? SqliteOptions { false, 200 } : SqliteOptions {});
    VERIFY_OK(store->open());
    if (loginTaken)
        VERIFY_OK(addUser(*store, u"alice"_s, u"older password"_s));
    const QStringList before = userRows(*store);

    WriteLockHolder lock(databasePath(), lockMarker());
    if (locked) {
        const QString why = lock.take();
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }
    const Run run = runUser(*store, QStringList { u"user"_s, u"add"_s } + arguments, input);
    if (locked) {
        QVERIFY2(lock.holding(), "the other process held the lock for the whole command");
        const QString why = lock.release();
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }

    QCOMPARE(run.exitCode, exitCode);
    const QString password = QString::fromUtf8(input.split('\n').first()).remove(u'\r');
    if (!password.trimmed().isEmpty()) {
        QVERIFY2(!run.out.contains(password) && !run.err.contains(password),
            "the password is never printed");
    }
    if (exitCode != exitOk) {
        QVERIFY2(run.err.startsWith(u"switchboard-server: user add: "_s), qPrintable(run.err));
        QVERIFY2(run.err.contains(message), qPrintable(run.err));
        QCOMPARE(run.err.count(u'\n'), 1);
        QVERIFY(run.err.endsWith(u'\n'));
        QVERIFY(run.out.isEmpty());
        QCOMPARE(userRows(*store), before);
        if (loginTaken) {
            const auto kept = store->findUserByLogin(u"alice"_s);
            VERIFY_OK(kept);
            QVERIFY(kept->has_value());
            QVERIFY(PasswordHasher::verify((*kept)->passwordHash, u"older password"_s));
        }
        return;
    }

    QCOMPARE(run.out, message);
    QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
    // Committed: a second connection to the file sees the account.
    const auto other = makeStore(databasePath());
    VERIFY_OK(other->open());
    const auto users = other->listUsers();
    VERIFY_OK(users);
    QCOMPARE(users->size(), 1);
    const UserRecord &user = users->first();
    QVERIFY(user.id > 0);
    QCOMPARE(user.login, u"alice"_s);
    QCOMPARE(user.name, name);
    QCOMPARE(protocol::roleName(user.role), role);
    QCOMPARE(user.teams, teams);
    QVERIFY(user.createdMs > 0);
    QVERIFY(user.createdMs <= QDateTime::currentMSecsSinceEpoch());
    QVERIFY(PasswordHasher::isArgon2id(user.passwordHash));
    QVERIFY(PasswordHasher::verify(user.passwordHash, password));
    QVERIFY(!PasswordHasher::verify(user.passwordHash, password + u"x"_s));
}

void tst_UserCommands::userList()
{
    const auto store = makeStore(databasePath());
    VERIFY_OK(store->open());

    const Run none = runUser(*store, { u"user"_s, u"list"_s }, {});
    QCOMPARE(none.exitCode, exitOk);
    QVERIFY2(none.err.isEmpty(), qPrintable(none.err));
    QCOMPARE(none.out, u"LOGIN  NAME  ROLE  TEAMS\n"_s);

    VERIFY_OK(addUser(*store, u"zed"_s, u"password-z"_s));
    VERIFY_OK(addUser(*store, u"amy"_s, u"password-a"_s, protocol::Role::Supervisor,
        u"Amy Long-Name"_s, { u"billing"_s, u"sales"_s }));

    const Run run = runUser(*store, { u"user"_s, u"list"_s }, {});
    QCOMPARE(run.exitCode, exitOk);
    QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
    QCOMPARE(run.out,
        u"LOGIN  NAME           ROLE        TEAMS\n"
        u"amy    Amy Long-Name  supervisor  billing,sales\n"
        u"zed    zed            agent\n"_s);
    QVERIFY2(!run.out.contains(u"argon2"_s), "hashes are never listed");
}

void tst_UserCommands::userRemove_data()
{
    QTest::addColumn<QString>("login");
    QTest::addColumn<bool>("locked");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");

    QTest::addRow("existing user")
        << u"bob"_s << false << exitOk << u"removed bob and signed out its sessions\n"_s;
    QTest::addRow("unknown login")
        << u"nobody"_s << false << exitUsage << u"user remove: no user with login \"nobody\""_s;
    QTest::addRow("another process holds the write lock")
        << u"bob"_s << true << exitFailure << u"user remove: the database is unavailable"_s;
}

void tst_UserCommands::userRemove()
{
    QFETCH(QString, login);
    QFETCH(bool, locked);
    QFETCH(int, exitCode);
    QFETCH(QString, message);

    const auto store
        = makeStore(databasePath(), locked ? SqliteOptions { false, 200 } : SqliteOptions {});
    VERIFY_OK(store->open());
    const auto alice = addUser(*store, u"alice"_s, u"password-a"_s);
    VERIFY_OK(alice);
    const auto bob = addUser(*store, u"bob"_s, u"password-b"_s);
    VERIFY_OK(bob);
    const auto aliceSession = signIn(*store, { TokenSubject::Kind::Staff, alice->id });
    VERIFY_OK(aliceSession);
    const auto bobSession = signIn(*store, { TokenSubject::Kind::Staff, bob->id });
    VERIFY_OK(bobSession);
    const auto bobLaptop = signIn(*store, { TokenSubject::Kind::Staff, bob->id });
    VERIFY_OK(bobLaptop);
    // A visitor whose customer id happens to equal bob's user id is not bob.
    const auto customerSession = signIn(*store, { TokenSubject::Kind::Customer, bob->id });
    VERIFY_OK(customerSession);
    const QStringList before = userRows(*store);

    WriteLockHolder lock(databasePath(), lockMarker());
    if (locked) {
        const QString why = lock.take();
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }
    const Run run = runUser(*store, { u"user"_s, u"remove"_s, login }, {});
    if (locked) {
        QVERIFY2(lock.holding(), "the other process held the lock for the whole command");
        const QString why = lock.release();
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }

    QCOMPARE(run.exitCode, exitCode);
    QCOMPARE(sessionState(*store, *aliceSession), u"valid"_s);
    QCOMPARE(sessionState(*store, *customerSession), u"valid"_s);
    if (exitCode == exitOk) {
        QCOMPARE(run.out, message);
        QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
        const auto gone = store->findUserByLogin(u"bob"_s);
        VERIFY_OK(gone);
        QVERIFY(!gone->has_value());
        QCOMPARE(userRows(*store), QStringList { before.first() }); // alice, untouched
        QCOMPARE(sessionState(*store, *bobSession), u"revoked"_s);
        QCOMPARE(sessionState(*store, *bobLaptop), u"revoked"_s);

        const Run again = runUser(*store, { u"user"_s, u"remove"_s, login }, {});
        QCOMPARE(again.exitCode, exitUsage);
        QCOMPARE(again.err, u"switchboard-server: user remove: no user with login \"bob\"\n"_s);
        QVERIFY(again.out.isEmpty());
        return;
    }
    QVERIFY2(run.err.startsWith(u"switchboard-server: "_s + message), qPrintable(run.err));
    QCOMPARE(run.err.count(u'\n'), 1);
    QVERIFY(run.err.endsWith(u'\n'));
    QVERIFY(run.out.isEmpty());
    QCOMPARE(userRows(*store), before);
    QCOMPARE(sessionState(*store, *bobSession), u"valid"_s);
    QCOMPARE(sessionState(*store, *bobLaptop), u"valid"_s);
}

void tst_UserCommands::userPasswd_data()
{
    QTest::addColumn<QString>("login");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("locked");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");

    QTest::addRow("existing user")
        << u"bob"_s << QByteArray("new password 2\n") << false << exitOk
        << u"changed the password of bob and signed out its sessions\n"_s;
    QTest::addRow("unknown login") << u"nobody"_s << QByteArray("new password 2\n") << false
                                   << exitUsage << u"user passwd: no user with login \"nobody\""_s;
    QTest::addRow("short password") << u"bob"_s << QByteArray("short\n") << false << exitUsage
                                    << u"user passwd: the password is too short"_s;
    QTest::addRow("empty password") << u"bob"_s << QByteArray("\n") << false << exitUsage
                                    << u"user passwd: the password is empty"_s;
    QTest::addRow("nothing on stdin") << u"bob"_s << QByteArray() << false << exitUsage
                                      << u"user passwd: no password on standard input"_s;
    QTest::addRow("another process holds the write lock")
        << u"bob"_s << QByteArray("new password 2\n") << true << exitFailure
        << u"user passwd: the database is unavailable"_s;
}

void tst_UserCommands::userPasswd()
{
    QFETCH(QString, login);
    QFETCH(QByteArray, input);
    QFETCH(bool, locked);
    QFETCH(int, exitCode);
    QFETCH(QString, message);

    const auto store
        = makeStore(databasePath(), locked ? SqliteOptions { false, 200 } : SqliteOptions {});
    VERIFY_OK(store->open());
    const auto alice = addUser(*store, u"alice"_s, u"password-a"_s);
    VERIFY_OK(alice);
    const auto bob = addUser(*store, u"bob"_s, u"old password 1"_s);
    VERIFY_OK(bob);
    const auto aliceSession = signIn(*store, { TokenSubject::Kind::Staff, alice->id });
    VERIFY_OK(aliceSession);
    const auto bobSession = signIn(*store, { TokenSubject::Kind::Staff, bob->id });
    VERIFY_OK(bobSession);
    const QStringList before = userRows(*store);

    WriteLockHolder lock(databasePath(), lockMarker());
    if (locked) {
        const QString why = lock.take();
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }
    const Run run
        = runUser(*store, { u"user"_s, u"passwd"_s, login, u"--password-stdin"_s }, input);
    if (locked) {
        QVERIFY2(lock.holding(), "the other process held the lock for the whole command");
        const QString why = lock.release();
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }

    QCOMPARE(run.exitCode, exitCode);
    QVERIFY(!run.out.contains(u"new password"_s) && !run.err.contains(u"new password"_s));
    QCOMPARE(sessionState(*store, *aliceSession), u"valid"_s);
    const auto after = store->findUserByLogin(u"bob"_s);
    VERIFY_OK(after);
    QVERIFY(after->has_value());
    if (exitCode == exitOk) {
        QCOMPARE(run.out, message);
        QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
        QVERIFY(PasswordHasher::isArgon2id((*after)->passwordHash));
        QVERIFY(PasswordHasher::verify((*after)->passwordHash, u"new password 2"_s));
        QVERIFY(!PasswordHasher::verify((*after)->passwordHash, u"old password 1"_s));
        QCOMPARE(sessionState(*store, *bobSession), u"revoked"_s);
        // Only the hash changed, and only bob's.
        const QStringList now = userRows(*store);
        QCOMPARE(now.size(), 2);
        QCOMPARE(now.first(), before.first());
        QCOMPARE((*after)->id, bob->id);
        QCOMPARE((*after)->createdMs, bob->createdMs);
        return;
    }
    QVERIFY2(run.err.startsWith(u"switchboard-server: "_s + message), qPrintable(run.err));
    QCOMPARE(run.err.count(u'\n'), 1);
    QVERIFY(run.err.endsWith(u'\n'));
    QVERIFY(run.out.isEmpty());
    QCOMPARE(userRows(*store), before);
    QVERIFY(PasswordHasher::verify((*after)->passwordHash, u"old password 1"_s));
    QCOMPARE(sessionState(*store, *bobSession), u"valid"_s);
}

void tst_UserCommands::commandsCheckWhatTheParserChecks()
{
    // parseCommandLine refuses these first; the commands check again for any other caller.
    const auto store = makeStore(databasePath());
    VERIFY_OK(store->open());
    VERIFY_OK(addUser(*store, u"bob"_s, u"password-b"_s));
    const QStringList before = userRows(*store);
    const QString badLogin = u"bad login"_s;
    const QString invalid = u"invalid login \"bad login\": expected 1 to 64 characters"_s;

    UserAdd add;
    add.login = badLogin;
    Run run = runCommand(*store, add, "correct horse\n");
    QCOMPARE(run.exitCode, exitUsage);
    QVERIFY2(
        run.err.startsWith(u"switchboard-server: user add: "_s + invalid), qPrintable(run.err));

    add.login = u"carol"_s;
    add.role = protocol::Role::Customer;
    run = runCommand(*store, add, "correct horse\n");
    QCOMPARE(run.exitCode, exitUsage);
    QCOMPARE(run.err, u"switchboard-server: user add: --role: expected agent|supervisor\n"_s);

    UserRemove remove;
    remove.login = badLogin;
    run = runCommand(*store, remove, {});
    QCOMPARE(run.exitCode, exitUsage);
    QVERIFY2(
        run.err.startsWith(u"switchboard-server: user remove: "_s + invalid), qPrintable(run.err));

    UserPasswd passwd;
    passwd.login = badLogin;
    run = runCommand(*store, passwd, "correct horse\n");
    QCOMPARE(run.exitCode, exitUsage);
    QVERIFY2(
        run.err.startsWith(u"switchboard-server: user passwd: "_s + invalid), qPrintable(run.err));

    QCOMPARE(userRows(*store), before);
}

void tst_UserCommands::theRealBinary()
{
    const QString binary = QString::fromUtf8(SWITCHBOARD_SERVER_BINARY);
    QVERIFY2(QFileInfo(binary).isExecutable(),
        qPrintable(binary + u" is missing: build the switchboard-server target"_s));
    const QString dataDir = caseDir() + u"/data"_s; // not there yet: the command creates it
    const QStringList data { u"--data"_s, dataDir };
    const QStringList addBob { u"user"_s, u"add"_s, u"bob"_s, u"--role"_s, u"agent"_s, u"--team"_s,
        u"sales"_s, u"--password-stdin"_s };

    const Exit added = runBinary(addBob + data, "correct horse\n");
    QCOMPARE(added.code, exitOk);
    QCOMPARE(added.out, u"added agent bob\n"_s);
    QVERIFY2(!added.err.contains(u"correct horse"_s), "the password is never printed");
    QVERIFY(QFileInfo::exists(dataDir + u"/switchboard.sqlite3"_s));

    const Exit listed = runBinary(QStringList { u"user"_s, u"list"_s } + data);
    QCOMPARE(listed.code, exitOk);
    QCOMPARE(listed.out,
        u"LOGIN  NAME  ROLE   TEAMS\n"
        u"bob    bob   agent  sales\n"_s);

    const QString taken = u"switchboard-server: user add: login \"bob\" is already taken\n"_s;
    const Exit again = runBinary(addBob + data, "another password\n");
    QCOMPARE(again.code, exitUsage);
    QVERIFY(again.out.isEmpty());
    QVERIFY2(again.err.endsWith(taken), qPrintable(again.err));

    // What the binary stored is what a signing-in server will read.
    const auto store = makeStore(dataDir + u"/switchboard.sqlite3"_s);
    VERIFY_OK(store->open());
    const auto bob = store->findUserByLogin(u"bob"_s);
    VERIFY_OK(bob);
    QVERIFY(bob->has_value());
    QCOMPARE((*bob)->role, protocol::Role::Agent);
    QCOMPARE((*bob)->teams, QStringList { u"sales"_s });
    QVERIFY(PasswordHasher::verify((*bob)->passwordHash, u"correct horse"_s));
    QVERIFY(!PasswordHasher::verify((*bob)->passwordHash, u"another password"_s));

    // Checked last so the checks above run either way: scripts read the error as one line,
    // with nothing else on standard error.
    QCOMPARE(again.err, taken);
}

QTEST_GUILESS_MAIN(tst_UserCommands)
#include "tst_usercommands.moc"
