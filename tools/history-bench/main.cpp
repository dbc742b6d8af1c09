// switchboard-history-bench: seeds a SQLite database with conversations and messages through
// SqliteStore (transactions of 20,000 messages, its prepared statements, the full-text
// triggers included),
// then adds them to the full-text index in batches as the storage writer does (timed), runs each
// search of a fixed set many times and prints the median and p90 as JSON. --cjk-share makes
// that share of the messages Chinese sentences (no spaces), as a Chinese shop's would be.
//
//   switchboard-history-bench [--messages N] [--runs R] [--cjk-share F] [--db FILE]
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTextStream>
#include <algorithm>
#include <cmath>
#include <store/sqlitestore.h>

using namespace Qt::StringLiterals;

using namespace switchboard;
using namespace switchboard::server;

namespace {

constexpr int messagesPerConversation = 500;
constexpr int agentCount = 20;
constexpr int teamCount = 4;
constexpr qint64 startMs = 1767225600000; // 2026-01-01T00:00:00Z

double percentile(QList<double> values, double p)
{
    std::sort(values.begin(), values.end());
    const qsizetype index = std::min<qsizetype>(values.size() - 1, qsizetype(p * values.size()));
    return values.at(index);
}

// A vocabulary of 5,000 made-up words drawn with a Zipf-like skew, plus a few words whose
// frequency is fixed so the searches below have known hit counts.
class TextMaker {
public:
    TextMaker()
    {
        for (int i = 0; i < 5000; ++i)
            m_words.append(u"w%1x"_s.arg(i, 4, 36, QLatin1Char('0')));
    }

    QString next(QRandomGenerator &random)
    {
        QStringList words;
        const int count = 6 + int(random.bounded(10));
        for (int i = 0; i < count; ++i) {
            // Inverse-power draw: low indices are common, high ones rare.
            const double u = random.generateDouble();
            const int index = std::min<int>(int(std::pow(u, 3.0) * m_words.size()), 4999);
            words.append(m_words.at(index));
        }
        const double roll = random.generateDouble();
        if (roll < 0.01)
            words.insert(int(random.bounded(words.size())), u"refund"_s);
        else if (roll < 0.03)
            words.insert(int(random.bounded(words.size())), u"delivery"_s);
        else if (roll < 0.035)
            words.insert(int(random.bounded(words.size())), u"invoice delivery"_s);
        else if (roll < 0.0351)
            words.insert(int(random.bounded(words.size())), u"password"_s);
        return words.join(QLatin1Char(' '));
    }

    // A Chinese sentence of 4 to 11 common shop words, written without spaces.
    QString nextChinese(QRandomGenerator &random) const
    {
        static const QStringList words
            = u"订单 退款 发货 快递 地址 付款 客服 商品 价格 优惠 问题 时间 帮助 取消 发票 "
              "颜色 尺寸 质量 包装 物流 售后 换货 今天 明天 已经 还没 收到 谢谢 请问 可以 "
              "我的 你们 什么 时候 怎么 为什么 没有 到了 一下 需要"_s.split(QLatin1Char(' '));
        QString sentence;
        const int count = 4 + int(random.bounded(8));
        for (int i = 0; i < count; ++i)
            sentence += words.at(int(random.bounded(qsizetype(words.size()))));
        return sentence + u"。"_s;
    }

private:
    QStringList m_words;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Seeds SQLite with messages and times searches on them."_s);
    parser.addHelpOption();
    parser.addOption({ u"messages"_s, u"messages to seed"_s, u"N"_s, u"1000000"_s });
    parser.addOption({ u"runs"_s, u"runs of each search"_s, u"R"_s, u"20"_s });
    parser.addOption(
        { u"cjk-share"_s, u"share of messages written in Chinese (0 to 1)"_s, u"F"_s, u"0"_s });
    parser.addOption({ u"db"_s, u"database file (kept)"_s, u"FILE"_s });
    parser.process(app);
    QTextStream err(stderr);
    bool ok = false;
    const qint64 messages = parser.value(u"messages"_s).toLongLong(&ok);
    const int runs = parser.value(u"runs"_s).toInt(&ok) && ok ? parser.value(u"runs"_s).toInt() : 0;
    bool shareOk = false;
    const double cjkShare = parser.value(u"cjk-share"_s).toDouble(&shareOk);
    if (messages < messagesPerConversation || runs < 1 || !shareOk || cjkShare < 0
        || cjkShare > 1) {
        err << "switchboard-history-bench: --messages must be at least 500, --runs at least 1 "
               "and --cjk-share from 0 to 1"
            << Qt::endl;
        return 2;
    }
    QTemporaryDir dir;
    const QString path
        = parser.isSet(u"db"_s) ? parser.value(u"db"_s) : dir.filePath(u"history-bench.sqlite3"_s);
    QFile::remove(path);
    SqliteStore store(path, u"history-bench"_s);
    if (auto opened = store.open(); !opened) {
        err << "switchboard-history-bench: " << opened.error().message << Qt::endl;
        return 1;
    }

    // Seed: agents in teams, conversations spread over a year, half closed.
    QElapsedTimer seeding;
    seeding.start();
    QRandomGenerator random(42);
    TextMaker texts;
    QList<qint64> agents;
    if (!store.begin())
        return 1;
    for (int i = 0; i < agentCount; ++i) {
        UserRecord user;
        user.login = u"agent%1"_s.arg(i);
        user.name = user.login;
        user.teams = { u"team%1"_s.arg(i % teamCount) };
        user.createdMs = startMs;
        agents.append(store.createUser(user)->id);
    }
    const qint64 conversations = messages / messagesPerConversation;
    const qint64 spacing = 365LL * 86400000 / conversations;
    qint64 written = 0;
    for (qint64 c = 0; c < conversations; ++c) {
        const qint64 created = startMs + c * spacing;
        const qint64 customer = store
                                    .createCustomer({ 0, u"Customer %1"_s.arg(c),
                                        u"c%1@example.com"_s.arg(c), {}, created })
                                    ->id;
        const int agentIndex = int(c % agentCount);
        const QString team = u"team%1"_s.arg(agentIndex % teamCount);
        const QString id = store.createConversation(customer, team, u"e"_s, created)->id;
        store.applyRoutingChange(
            { id, ConversationState::Assigned, agents.at(agentIndex), QString(), created + 5000 });
        for (int m = 0; m < messagesPerConversation; ++m) {
            NewMessage message;
            message.conversationId = id;
            const bool fromCustomer = m % 2 == 0;
            message.senderKey
                = fromCustomer ? u"c:%1"_s.arg(customer) : u"u:%1"_s.arg(agents.at(agentIndex));
            message.senderRole = fromCustomer ? Role::Customer : Role::Agent;
            message.senderName = fromCustomer ? u"Customer"_s : u"Agent"_s;
            message.clientId = u"m%1"_s.arg(m);
            message.kind = MessageKind::Text;
            message.text = random.generateDouble() < cjkShare ? texts.nextChinese(random)
                                                              : texts.next(random);
            message.timestampMs = created + 10000 + m * 1000;
            if (!store.appendMessage(message)) {
                err << "switchboard-history-bench: seeding failed" << Qt::endl;
                return 1;
            }
            ++written;
            // Commits of 20,000 messages keep the write-ahead log (and the page cache) small.
            if (written % 20000 == 0 && (!store.commit() || !store.begin())) {
                err << "switchboard-history-bench: seeding commit failed" << Qt::endl;
                return 1;
            }
        }
        if (c % 2 == 0)
            store.applyRoutingChange({ id, ConversationState::Closed, agents.at(agentIndex),
                QString(), created + 10000 + messagesPerConversation * 1000 });
    }
    if (auto committed = store.commit(); !committed) {
        err << "switchboard-history-bench: " << committed.error().message << Qt::endl;
        return 1;
    }
    const double seedSeconds = double(seeding.elapsed()) / 1000.0;

    // The full-text index, in the storage writer's batches.
    QElapsedTimer indexing;
    indexing.start();
    for (;;) {
        const auto added = store.catchUpSearchIndex(20000);
        if (!added) {
            err << "switchboard-history-bench: " << added.error().message << Qt::endl;
            return 1;
        }
        if (*added == 0)
            break;
    }
    const double indexSeconds = double(indexing.nsecsElapsed()) / 1e9;

    struct Case {
        QString name;
        SearchQuery query;
    };
    const auto supervisor = [](const QString &text) {
        SearchQuery query;
        query.text = text;
        query.everything = true;
        return query;
    };
    QList<Case> cases;
    cases.append(
        { u"supervisor: refund (1% of messages, total capped)"_s, supervisor(u"refund"_s) });
    cases.append(
        { u"supervisor: invoice delivery (two words)"_s, supervisor(u"invoice delivery"_s) });
    cases.append({ u"supervisor: password (rare)"_s, supervisor(u"password"_s) });
    cases.append({ u"supervisor: deliv (prefix)"_s, supervisor(u"deliv"_s) });
    cases.append(
        { u"supervisor: 订单 (a Chinese word inside sentences)"_s, supervisor(u"订单"_s) });
    cases.append(
        { u"supervisor: 发票地址 (two Chinese words together)"_s, supervisor(u"发票地址"_s) });
    {
        SearchQuery query = supervisor(u"refund"_s);
        query.team = u"team1"_s;
        query.fromMs = startMs + 90LL * 86400000;
        query.toMs = startMs + 180LL * 86400000;
        cases.append({ u"supervisor: refund, team and a quarter"_s, query });
    }
    {
        SearchQuery query;
        query.text = u"refund"_s;
        query.agentId = agents.at(3);
        query.agentTeams = { u"team3"_s };
        cases.append({ u"agent: refund in its scope"_s, query });
    }
    {
        SearchQuery query;
        query.everything = true;
        query.state = ConversationState::Closed;
        query.customer = u"customer 17"_s;
        cases.append({ u"supervisor: no text, closed, customer filter"_s, query });
    }

    QJsonArray results;
    QList<double> all;
    for (const Case &benchCase : std::as_const(cases)) {
        QList<double> times;
        qint64 total = 0;
        for (int run = 0; run < runs; ++run) {
            QElapsedTimer timer;
            timer.start();
            const auto page = store.search(benchCase.query);
            const double ms = double(timer.nsecsElapsed()) / 1e6;
            if (!page) {
                err << "switchboard-history-bench: " << page.error().message << Qt::endl;
                return 1;
            }
            total = page->total;
            times.append(ms);
            all.append(ms);
        }
        results.append(QJsonObject { { u"search"_s, benchCase.name }, { u"total"_s, total },
            { u"median_ms"_s, percentile(times, 0.5) }, { u"p90_ms"_s, percentile(times, 0.9) } });
    }
    const QJsonObject report { { u"messages"_s, written }, { u"conversations"_s, conversations },
        { u"cjk_share"_s, cjkShare }, { u"seed_s"_s, seedSeconds }, { u"index_s"_s, indexSeconds },
        { u"index_us_per_message"_s, indexSeconds * 1e6 / double(written) },
        { u"database_mb"_s, double(QFile(path).size()) / 1e6 }, { u"runs"_s, runs },
        { u"median_ms"_s, percentile(all, 0.5) }, { u"p90_ms"_s, percentile(all, 0.9) },
        { u"searches"_s, results } };
    QTextStream(stdout) << QJsonDocument(report).toJson();
    store.close();
    return 0;
}
