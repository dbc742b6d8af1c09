// switchboard-console-bench: how light the agent console is. It seeds a database (in a child
// process, so the seeding costs nothing in the numbers) with one conversation of 100,000
// messages and 49 more open conversations assigned to one agent, starts the real
// switchboard-server on it, signs the real ChatClient and MainWindow in on the offscreen
// platform, and prints one JSON object: the time to open the long transcript (median of
// several openings) with the rows it fetched, the time to page older history in, and the
// console's resident memory with all 50 conversations opened. Usage:
//   switchboard-console-bench [--messages N] [--conversations N] [--openings N]
#include <QApplication>
#include <QCommandLineParser>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QListView>
#include <QProcess>
#include <QScrollBar>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QUuid>
#include <algorithm>
#include <auth/passwordhasher.h>
#include <client/chatclient.h>
#include <config/serverconfig.h>
#include <cstdio>
#include <functional>
#include <models/conversationlistmodel.h>
#include <models/transcriptmodel.h>
#include <store/sqlitestore.h>
#include <widgets/mainwindow.h>

using namespace Qt::StringLiterals;
using namespace switchboard;

namespace {

const QString agentLogin = u"bench"_s;
const QString agentPassword = u"bench password 1"_s;
constexpr int waitLimitMs = 60000;

int fail(const QString &message)
{
    std::fprintf(stderr, "switchboard-console-bench: %s\n", qPrintable(message));
    return 1;
}

// Runs in the child process: one transaction per conversation, straight into the store.
int seed(const QString &dataDir, int messages, int conversations)
{
    if (!server::PasswordHasher::initialize())
        return fail(u"libsodium cannot start"_s);
    server::ServerConfig config;
    config.dataDir = dataDir;
    server::SqliteStore store(config.databasePath(), u"bench-seed"_s);
    if (auto opened = store.open(); !opened)
        return fail(u"cannot open the database: "_s + opened.error().message);
    server::UserRecord user;
    user.login = agentLogin;
    user.name = u"Bench Agent"_s;
    user.role = protocol::Role::Agent;
    user.passwordHash = server::PasswordHasher::hash(agentPassword);
    auto created = store.createUser(user);
    if (!created)
        return fail(u"cannot create the agent: "_s + created.error().message);
    const qint64 startMs = QDateTime::currentMSecsSinceEpoch() - qint64(messages) * 2000;
    for (int c = 0; c < conversations; ++c) {
        const int count = c == 0 ? messages : 30;
        if (!store.begin())
            return fail(u"cannot begin a transaction"_s);
        server::CustomerRecord customer;
        customer.name = u"Customer %1"_s.arg(c + 1);
        customer.createdMs = startMs;
        auto stored = store.createCustomer(customer);
        if (!stored)
            return fail(u"cannot create a customer: "_s + stored.error().message);
        auto conversation = store.createConversation(
            stored->id, {}, QUuid::createUuid().toString(QUuid::WithoutBraces), startMs);
        if (!conversation)
            return fail(u"cannot create a conversation: "_s + conversation.error().message);
        server::RoutingChange assign;
        assign.conversationId = conversation->id;
        assign.state = protocol::ConversationState::Assigned;
        assign.agentId = created->id;
        assign.atMs = startMs;
        if (auto applied = store.applyRoutingChange(assign); !applied)
            return fail(u"cannot assign: "_s + applied.error().message);
        for (int i = 1; i <= count; ++i) {
            server::NewMessage message;
            message.conversationId = conversation->id;
            const bool fromCustomer = i % 3 != 0;
            message.senderKey = fromCustomer ? u"c:"_s + QString::number(stored->id)
                                             : u"u:"_s + QString::number(created->id);
            message.senderRole = fromCustomer ? protocol::Role::Customer : protocol::Role::Agent;
            message.senderName = fromCustomer ? customer.name : user.name;
            message.clientId = u"seed-%1"_s.arg(i);
            message.text = u"Message %1 of conversation %2: where is my parcel, and when "
                           "will it arrive?"_s.arg(i)
                               .arg(c + 1);
            message.timestampMs = startMs + qint64(i) * 1000;
            if (auto appended = store.appendMessage(message); !appended)
                return fail(u"cannot append: "_s + appended.error().message);
        }
        if (!store.commit())
            return fail(u"cannot commit"_s);
    }
    store.close();
    return 0;
}

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

bool waitFor(const std::function<bool()> &condition, int timeoutMs = waitLimitMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!condition()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    return true;
}

qint64 procStatusKb(const QByteArray &field)
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(QByteArray(field + ':')))
            return line.mid(field.size() + 1).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(values.size() / 2);
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Measures the agent console's opening time and memory."_s);
    parser.addHelpOption();
    const QCommandLineOption messagesOption(u"messages"_s,
        u"messages in the long conversation (default 100000)"_s, u"N"_s, u"100000"_s);
    const QCommandLineOption conversationsOption(
        u"conversations"_s, u"open conversations in all (default 50)"_s, u"N"_s, u"50"_s);
    const QCommandLineOption openingsOption(
        u"openings"_s, u"times the long transcript is opened (default 7)"_s, u"N"_s, u"7"_s);
    const QCommandLineOption seedOption(u"seed"_s, u"internal: seed DIR and exit"_s, u"DIR"_s);
    parser.addOptions({ messagesOption, conversationsOption, openingsOption, seedOption });
    parser.process(app);
    bool ok = false;
    const int messages = parser.value(messagesOption).toInt(&ok);
    if (!ok || messages < 1 || messages > 10'000'000)
        return fail(u"--messages takes a number from 1 to 10000000"_s);
    const int conversations = parser.value(conversationsOption).toInt(&ok);
    if (!ok || conversations < 2 || conversations > 1000)
        return fail(u"--conversations takes a number from 2 to 1000"_s);
    const int openings = parser.value(openingsOption).toInt(&ok);
    if (!ok || openings < 1 || openings > 100)
        return fail(u"--openings takes a number from 1 to 100"_s);
    if (parser.isSet(seedOption))
        return seed(parser.value(seedOption), messages, conversations);

    QTemporaryDir dir;
    if (!dir.isValid())
        return fail(u"cannot create a temporary folder"_s);
    QElapsedTimer seeding;
    seeding.start();
    const int seeded = QProcess::execute(QCoreApplication::applicationFilePath(),
        { u"--seed"_s, dir.path(), u"--messages"_s, QString::number(messages), u"--conversations"_s,
            QString::number(conversations) });
    if (seeded != 0)
        return fail(u"seeding failed"_s);
    const qint64 seedMs = seeding.elapsed();

    const quint16 port = freePort();
    QProcess server;
    server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    server.setStandardOutputFile(QProcess::nullDevice());
    server.start(QString::fromUtf8(SWITCHBOARD_SERVER_BINARY),
        { u"--listen"_s, u"127.0.0.1:%1"_s.arg(port), u"--data"_s, dir.path(),
            u"--agent-capacity"_s, QString::number(conversations), u"--rate-limit"_s, u"0"_s,
            u"--log-level"_s, u"warning"_s });
    if (!server.waitForStarted())
        return fail(u"cannot start "_s + QString::fromUtf8(SWITCHBOARD_SERVER_BINARY));
    const bool listening = waitFor([port] {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        return socket.waitForConnected(200);
    });
    if (!listening)
        return fail(u"the server does not listen"_s);

    const qint64 rssBeforeKb = procStatusKb("VmRSS");
    ui::ChatClient client;
    client.setEndpoints({ QUrl(u"ws://127.0.0.1:%1/ws"_s.arg(port)) });
    client.setPasswordCredentials(agentLogin, agentPassword);
    ui::MainWindow window(&client);
    window.resize(1100, 700);
    window.show();
    client.connectToServer();
    if (!waitFor([&] { return window.conversations()->rowCount() == conversations; }))
        return fail(u"the agent never saw the %1 conversations"_s.arg(conversations));

    QString longest;
    QString other;
    for (int row = 0; row < window.conversations()->rowCount(); ++row) {
        const ui::ConversationInfo info = window.conversations()->conversation(
            window.conversations()->index(row).data(ui::ConversationListModel::IdRole).toString());
        if (info.seq >= messages)
            longest = info.id;
        else if (other.isEmpty())
            other = info.id;
    }
    if (longest.isEmpty() || other.isEmpty())
        return fail(u"the long conversation is missing"_s);

    // Opening: from selecting the conversation to its newest page laid out on screen. The
    // window names its parts (objectName) rather than handing them out.
    auto *transcriptView = window.findChild<QListView *>(u"transcript"_s);
    auto *transcript
        = transcriptView ? qobject_cast<ui::TranscriptModel *>(transcriptView->model()) : nullptr;
    if (!transcript)
        return fail(u"the window has no transcript view"_s);
    QList<double> openMs;
    int rowsAfterOpen = 0;
    for (int i = 0; i < openings; ++i) {
        window.selectConversation(other);
        if (!waitFor([&] { return transcript->rowCount() > 0; }))
            return fail(u"a short transcript never opened"_s);
        QElapsedTimer timer;
        timer.start();
        window.selectConversation(longest);
        if (!waitFor([&] { return transcript->rowCount() >= protocol::defaultHistoryLimit; }))
            return fail(u"the long transcript never opened"_s);
        transcriptView->viewport()->repaint();
        openMs.append(double(timer.nsecsElapsed()) / 1e6);
        rowsAfterOpen = transcript->rowCount();
    }

    // Scrolling up: each page of older history, from the request to the rows being there.
    QList<double> pageMs;
    for (int page = 0; page < 20; ++page) {
        const int before = transcript->rowCount();
        QElapsedTimer timer;
        timer.start();
        // As a reader dragging the scroll bar to the top (from just below it, so it moves).
        QScrollBar *bar = transcriptView->verticalScrollBar();
        bar->setValue(bar->minimum() + 1);
        bar->setValue(bar->minimum());
        if (!waitFor([&] { return transcript->rowCount() > before; }, 10000))
            return fail(u"scrolling up fetched nothing on page %1 (bar %2 of %3..%4)"_s.arg(page)
                            .arg(bar->value())
                            .arg(bar->minimum())
                            .arg(bar->maximum()));
        transcriptView->viewport()->repaint();
        pageMs.append(double(timer.nsecsElapsed()) / 1e6);
    }
    const int rowsAfterScroll = transcript->rowCount();

    // Every conversation opened once, as an agent working through them would.
    for (int row = 0; row < window.conversations()->rowCount(); ++row) {
        const QString id
            = window.conversations()->index(row).data(ui::ConversationListModel::IdRole).toString();
        window.selectConversation(id);
        if (!waitFor([&] { return transcript->rowCount() > 0; }))
            return fail(u"a transcript never opened"_s);
    }
    window.selectConversation(longest);
    waitFor([&] { return transcript->rowCount() >= protocol::defaultHistoryLimit; });
    for (int i = 0; i < 20; ++i)
        QCoreApplication::processEvents();

    QJsonObject result {
        { u"messages_in_long_conversation"_s, messages },
        { u"open_conversations"_s, conversations },
        { u"seed_ms"_s, seedMs },
        { u"open_long_transcript_ms_median"_s, median(openMs) },
        { u"open_long_transcript_ms_max"_s, *std::max_element(openMs.cbegin(), openMs.cend()) },
        { u"rows_fetched_on_open"_s, rowsAfterOpen },
        { u"history_page_ms_median"_s, median(pageMs) },
        { u"rows_after_20_pages_up"_s, rowsAfterScroll },
        { u"rss_before_sign_in_kb"_s, rssBeforeKb },
        { u"rss_with_all_conversations_opened_kb"_s, procStatusKb("VmRSS") },
        { u"rss_peak_kb"_s, procStatusKb("VmHWM") },
    };
    std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Indented).constData());
    client.disconnectFromServer();
    server.terminate();
    server.waitForFinished(10000);
    return 0;
}
