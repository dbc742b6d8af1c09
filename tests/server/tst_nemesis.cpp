// R8, the nemesis: three real switchboard-server nodes on one PostgreSQL (reached through a
// TcpProxy this test controls) and one Redis, under steady traffic from customers and agents
// that reconnect and resume as protocol.md says, while faults come in a seeded random order:
// a node killed with SIGKILL and restarted, a node stopped with SIGSTOP for longer than the
// registry TTL and continued, Redis stopped and started again, and every PostgreSQL connection
// reset with new ones refused for a while. Afterwards a checker compares the database with
// every client's log. Needs SWITCHBOARD_TEST_POSTGRES_URL and redis-server.
// SWITCHBOARD_NEMESIS_SECONDS (default 180) and SWITCHBOARD_NEMESIS_SEED change the run.
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>
#include <QWebSocket>
#include <csignal>
#include <memory>
#include <redisprocess.h>
#include <serverprocess.h>
#include <store/postgresoptions.h>
#include <sys/types.h>
#include <tcpproxy.h>
#include <testserver.h>

using namespace Qt::StringLiterals;
using switchboard::server::PostgresOptions;

namespace {

const QString password = u"correct horse battery staple"_s;
constexpr int ttlSeconds = 3; // SIGSTOP lasts longer than this, so the registry drops the node
constexpr int nodeCount = 3;
constexpr int agentCount = 3;
constexpr int customerCount = 6;
constexpr int defaultSeconds = 180;
constexpr quint32 defaultSeed = 16;

// ---- What the checker reads ----

struct StoredMessage {
    QString clientId;
    QString kind;
    QString text; // kept for system events only: the assignment history is read from them
};

struct DatabaseState {
    QHash<QString, QMap<qint64, StoredMessage>> messages; // per conversation, by seq
    QHash<QString, QString> agentOf; // open conversation → login of its agent ("" while queued)
};

struct Delivered {
    QString clientId;
    QString kind;
};

struct AckRecord {
    QString conversation;
    QString clientId;
    qint64 seq = 0;
};

// Everything one party (a customer or an agent) saw, as its client recorded it.
struct PartyLog {
    QString name; // the agent's login (its display name too), or the customer's label
    bool agent = false;
    // A customer's own conversation; the ones an agent believes it holds at the end.
    QStringList conversations;
    // What the client holds: every message it received live, by sync or as its own ack.
    QHash<QString, QMap<qint64, Delivered>> view;
    QStringList anomalies; // contradictions the client met while recording
    QList<AckRecord> acks;
    QSet<QString> sent; // client ids
};

bool isSystemId(const QString &clientId)
{
    return clientId.startsWith(u"sys-"_s);
}

// Who holds each conversation, replayed from its system events in seq order: an assignment
// while someone still holds it is two agents on one conversation.
void checkAssignmentHistory(
    const QString &conversation, const QMap<qint64, StoredMessage> &messages, QStringList &out)
{
    QString holder;
    for (auto it = messages.cbegin(); it != messages.cend(); ++it) {
        if (it->kind != u"event"_s)
            continue;
        const QString &text = it->text;
        QString taker;
        bool released = false;
        if (text.startsWith(u"Assigned to "_s))
            taker = text.mid(12);
        else if (text.endsWith(u" accepted the conversation"_s))
            taker = text.chopped(26);
        else if (text.startsWith(u"Transferred to team "_s))
            released = true;
        else if (text.startsWith(u"Transferred to "_s))
            holder = text.mid(15); // from one agent straight to another
        else if (text.endsWith(u"went offline; back in the queue"_s)
            || text.startsWith(u"Closed"_s))
            released = true;
        if (!taker.isEmpty()) {
            if (!holder.isEmpty())
                out.append(u"%1 seq %2: assigned to %3 while %4 still held it"_s.arg(
                    conversation, QString::number(it.key()), taker, holder));
            holder = taker;
        }
        if (released)
            holder.clear();
    }
}

// Every violation of the run's guarantees, in words; empty when the run was correct.
QStringList findViolations(const DatabaseState &db, const QList<PartyLog> &parties)
{
    QStringList out;
    QSet<QString> everSent;
    for (const PartyLog &party : parties)
        everSent.unite(party.sent);

    // The database: seqs 1..N without a gap, each client id once, nothing nobody sent.
    for (auto conv = db.messages.cbegin(); conv != db.messages.cend(); ++conv) {
        qint64 expected = 1;
        QSet<QString> ids;
        for (auto it = conv->cbegin(); it != conv->cend(); ++it) {
            if (it.key() != expected)
                out.append(u"%1: stored seqs jump from %2 to %3"_s.arg(
                    conv.key(), QString::number(expected - 1), QString::number(it.key())));
            expected = it.key() + 1;
            if (isSystemId(it->clientId))
                continue;
            if (ids.contains(it->clientId))
                out.append(u"%1: %2 stored twice"_s.arg(conv.key(), it->clientId));
            ids.insert(it->clientId);
            if (!everSent.contains(it->clientId))
                out.append(u"%1: %2 stored but never sent"_s.arg(conv.key(), it->clientId));
        }
        checkAssignmentHistory(conv.key(), *conv, out);
    }

    for (const PartyLog &party : parties) {
        for (const QString &anomaly : party.anomalies)
            out.append(party.name + u": "_s + anomaly);
        // Every ack names the seq the message is stored at: nothing acked is lost.
        QHash<QString, qint64> ackedSeq;
        for (const AckRecord &ack : party.acks) {
            const StoredMessage stored = db.messages.value(ack.conversation).value(ack.seq);
            if (stored.clientId != ack.clientId)
                out.append(u"%1: %2 acked as seq %3 of %4 but not stored there"_s.arg(
                    party.name, ack.clientId, QString::number(ack.seq), ack.conversation));
            if (ackedSeq.contains(ack.clientId) && ackedSeq.value(ack.clientId) != ack.seq)
                out.append(u"%1: %2 acked with two seqs"_s.arg(party.name, ack.clientId));
            ackedSeq.insert(ack.clientId, ack.seq);
        }
        // What the client holds is what is stored, each message once.
        for (auto conv = party.view.cbegin(); conv != party.view.cend(); ++conv) {
            const QMap<qint64, StoredMessage> stored = db.messages.value(conv.key());
            QSet<QString> ids;
            for (auto it = conv->cbegin(); it != conv->cend(); ++it) {
                const StoredMessage at = stored.value(it.key());
                if (at.clientId != it->clientId || at.kind != it->kind)
                    out.append(u"%1 holds %2 as seq %3 of %4, which stores '%5'"_s.arg(party.name,
                        it->clientId, QString::number(it.key()), conv.key(), at.clientId));
                if (!it->clientId.isEmpty() && ids.contains(it->clientId))
                    out.append(
                        u"%1 holds %2 of %3 twice"_s.arg(party.name, it->clientId, conv.key()));
                ids.insert(it->clientId);
            }
        }
        // Its own conversations it holds completely: no gap, nothing missing at the end.
        for (const QString &conversation : party.conversations) {
            const QMap<qint64, Delivered> held = party.view.value(conversation);
            const QMap<qint64, StoredMessage> stored = db.messages.value(conversation);
            QList<qint64> missing;
            for (auto it = stored.cbegin(); it != stored.cend(); ++it) {
                if ((party.agent || it->kind != u"note"_s) && !held.contains(it.key()))
                    missing.append(it.key());
            }
            if (!missing.isEmpty())
                out.append(u"%1 misses %2 of the %3 messages of %4 (first seq %5)"_s.arg(party.name,
                    QString::number(missing.size()), QString::number(stored.size()), conversation,
                    QString::number(missing.first())));
        }
        // An agent believes it holds exactly what the database assigns to it.
        if (party.agent) {
            for (const QString &conversation : party.conversations) {
                if (db.agentOf.value(conversation) != party.name)
                    out.append(u"%1 believes it holds %2, which the database gives to '%3'"_s.arg(
                        party.name, conversation, db.agentOf.value(conversation)));
            }
            for (auto it = db.agentOf.cbegin(); it != db.agentOf.cend(); ++it) {
                if (it.value() == party.name && !party.conversations.contains(it.key()))
                    out.append(u"the database gives %1 to %2, which does not know it"_s.arg(
                        it.key(), party.name));
            }
        }
    }
    return out;
}

// ---- The clients ----

qint64 monotonicMs()
{
    static QElapsedTimer clock;
    if (!clock.isValid())
        clock.start();
    return clock.elapsed();
}

// A customer or an agent as a real client behaves: it writes on a timer whether connected or
// not (what it writes offline waits in its outbox), sends each message until it is acked
// (retrying `unavailable` with the same client_id), pings, gives up on a node that stops
// answering, reconnects to the next endpoint with its token and resumes each conversation
// with `sync` from the last seq it saw.
class NemesisClient final : public QObject {
public:
    struct Stats {
        int connections = 0;
        int livenessDrops = 0; // no frame for 4 s: a stopped node
        int ackTimeouts = 0;
        int unavailable = 0; // `unavailable` answers, retried
        int rejected = 0; // `forbidden`/`not_found`: an agent writing where it no longer may
        int duplicateAcks = 0;
        int redelivered = 0; // a seq the client already held, arriving again
        int outOfOrder = 0; // a live frame below a seq already held (not while syncing)
        qint64 framesReceived = 0;
    };

    NemesisClient(bool agent, QString name, QList<QUrl> endpoints, int firstEndpoint,
        int sendIntervalMs, quint32 seed)
        : m_agent(agent)
        , m_name(std::move(name))
        , m_endpoints(std::move(endpoints))
        , m_next(firstEndpoint)
        , m_random(seed)
    {
        m_log.name = m_name;
        m_log.agent = m_agent;
        connect(&m_tick, &QTimer::timeout, this, [this] { tick(); });
        connect(&m_writer, &QTimer::timeout, this, [this] { writeOne(); });
        m_writer.setInterval(sendIntervalMs);
    }
    ~NemesisClient() override { shutdown(); }

    void start()
    {
        m_tick.start(100);
        connectNext();
    }
    void setWriting(bool on) { on ? m_writer.start() : m_writer.stop(); }
    void shutdown()
    {
        m_tick.stop();
        m_writer.stop();
        dropConnection(false);
    }
    bool isReady() const { return m_state == State::Ready; }
    bool isSyncing() const { return !m_syncing.isEmpty(); }
    qsizetype unacked() const { return m_outbox.size(); }
    const Stats &stats() const { return m_stats; }
    PartyLog log() const
    {
        PartyLog log = m_log;
        log.conversations = m_agent ? m_held : QStringList { m_conversation };
        if (m_conversation.isEmpty() && !m_agent)
            log.conversations.clear();
        return log;
    }

private:
    enum class State { Idle, Connecting, Greeting, Ready };
    struct Outgoing {
        QString clientId;
        QString conversation;
        qint64 sentAtMs = -1; // -1: not sent on this connection yet
        qint64 retryAtMs = 0;
    };

    void setState(State state)
    {
        m_state = state;
        m_stateSinceMs = monotonicMs();
    }

    void connectNext()
    {
        const QUrl url = m_endpoints.at(m_next % m_endpoints.size());
        m_socket = std::make_unique<QWebSocket>();
        QWebSocket *socket = m_socket.get();
        connect(socket, &QWebSocket::connected, this, [this] { greet(); });
        connect(socket, &QWebSocket::disconnected, this, [this] { dropConnection(true); });
        connect(socket, &QWebSocket::textMessageReceived, this,
            [this](const QString &text) { onFrame(text); });
        setState(State::Connecting);
        socket->open(url);
    }

    void dropConnection(bool reconnect)
    {
        if (m_socket) {
            QWebSocket *socket = m_socket.release();
            socket->disconnect(this);
            socket->abort();
            socket->deleteLater();
        }
        for (Outgoing &entry : m_outbox)
            entry.sentAtMs = -1;
        m_syncing.clear();
        setState(State::Idle);
        if (reconnect) {
            ++m_next; // the next endpoint: a node that dropped us may be gone
            m_reconnectAtMs = monotonicMs() + 200 + m_random.bounded(300);
        } else {
            m_reconnectAtMs = std::numeric_limits<qint64>::max();
        }
    }

    void sendFrame(const QJsonObject &frame)
    {
        if (m_socket)
            m_socket->sendTextMessage(
                QString::fromUtf8(QJsonDocument(frame).toJson(QJsonDocument::Compact)));
    }

    void greet()
    {
        ++m_stats.connections;
        setState(State::Greeting);
        m_lastInboundMs = monotonicMs();
        QJsonObject hello { { u"type"_s, u"hello"_s }, { u"v"_s, 1 },
            { u"role"_s, m_agent ? u"agent"_s : u"customer"_s } };
        if (!m_token.isEmpty())
            hello.insert(u"token"_s, m_token);
        else if (m_agent) {
            hello.insert(u"login"_s, m_name);
            hello.insert(u"password"_s, password);
        } else {
            hello.insert(u"name"_s, m_name);
        }
        sendFrame(hello);
    }

    void sync(const QString &conversation)
    {
        m_syncing.insert(conversation);
        sendFrame(QJsonObject { { u"type"_s, u"sync"_s }, { u"conversation"_s, conversation },
            { u"after_seq"_s, m_maxSeen.value(conversation) }, { u"limit"_s, 1000 } });
    }

    void onFrame(const QString &text)
    {
        ++m_stats.framesReceived;
        m_lastInboundMs = monotonicMs();
        const QJsonObject frame = QJsonDocument::fromJson(text.toUtf8()).object();
        const QString type = frame[u"type"_s].toString();
        if (type == u"welcome"_s)
            onWelcome(frame);
        else if (type == u"message"_s)
            onMessage(frame);
        else if (type == u"ack"_s)
            onAck(frame);
        else if (type == u"error"_s)
            onError(frame);
        else if (type == u"synced"_s)
            onSynced(frame);
        else if (type == u"assigned"_s)
            onAssigned(frame[u"conversation"_s][u"id"_s].toString());
        else if (type == u"unassigned"_s)
            m_held.removeAll(frame[u"conversation"_s].toString());
        else if (type == u"conversation"_s && m_agent
            && frame[u"conversation"_s][u"state"_s].toString() == u"closed"_s)
            m_held.removeAll(frame[u"conversation"_s][u"id"_s].toString());
    }

    void onWelcome(const QJsonObject &welcome)
    {
        setState(State::Ready);
        m_token = welcome[u"token"_s].toString();
        if (m_agent) {
            m_held.clear();
            for (const QJsonValue &value : welcome[u"conversations"_s].toArray()) {
                const QJsonObject conversation = value.toObject();
                if (conversation[u"state"_s].toString() == u"assigned"_s)
                    m_held.append(conversation[u"id"_s].toString());
            }
            for (const QString &conversation : std::as_const(m_held))
                sync(conversation);
        } else {
            const QString id = welcome[u"conversation"_s][u"id"_s].toString();
            if (!m_conversation.isEmpty() && id != m_conversation)
                m_log.anomalies.append(u"resumed into %1 instead of %2"_s.arg(id, m_conversation));
            if (m_conversation.isEmpty())
                m_conversation = id;
            sync(m_conversation);
        }
        for (Outgoing &entry : m_outbox)
            send(entry);
    }

    void onAssigned(const QString &conversation)
    {
        if (!m_held.contains(conversation))
            m_held.append(conversation);
        sync(conversation);
    }

    // Records one message into what the client holds.
    void hold(const QString &conversation, qint64 seq, const Delivered &message, bool live)
    {
        QMap<qint64, Delivered> &view = m_log.view[conversation];
        const auto found = view.constFind(seq);
        if (found != view.cend()) {
            if (found->clientId != message.clientId)
                m_log.anomalies.append(u"seq %1 of %2 arrived as %3 and as %4"_s.arg(
                    QString::number(seq), conversation, found->clientId, message.clientId));
            else
                ++m_stats.redelivered;
            return;
        }
        if (live && seq < m_maxSeen.value(conversation) && !m_syncing.contains(conversation))
            ++m_stats.outOfOrder;
        view.insert(seq, message);
        m_maxSeen[conversation] = std::max(m_maxSeen.value(conversation), seq);
    }

    void onMessage(const QJsonObject &message)
    {
        hold(message[u"conversation"_s].toString(), message[u"seq"_s].toInteger(),
            Delivered { message[u"client_id"_s].toString(), message[u"kind"_s].toString() }, true);
    }

    void onAck(const QJsonObject &ack)
    {
        const QString clientId = ack[u"client_id"_s].toString();
        const QString conversation = ack[u"conversation"_s].toString();
        const qint64 seq = ack[u"seq"_s].toInteger();
        if (ack[u"duplicate"_s].toBool())
            ++m_stats.duplicateAcks;
        m_log.acks.append(AckRecord { conversation, clientId, seq });
        hold(conversation, seq, Delivered { clientId, u"text"_s }, false);
        m_outbox.removeIf([&](const Outgoing &entry) { return entry.clientId == clientId; });
    }

    void onError(const QJsonObject &error)
    {
        const QString code = error[u"code"_s].toString();
        const QString ref = error[u"ref"_s].toString();
        if (m_state != State::Ready) {
            dropConnection(true); // the sign-in failed (storage away, say): another node
            return;
        }
        for (qsizetype i = 0; i < m_outbox.size(); ++i) {
            if (m_outbox[i].clientId != ref)
                continue;
            if (code == u"unavailable"_s) {
                ++m_stats.unavailable;
                m_outbox[i].sentAtMs = -1;
                m_outbox[i].retryAtMs = monotonicMs() + 500;
            } else if (m_agent && (code == u"forbidden"_s || code == u"not_found"_s)) {
                ++m_stats.rejected;
                m_outbox.removeAt(i);
            } else {
                m_log.anomalies.append(u"%1 refused with %2"_s.arg(ref, code));
                m_outbox.removeAt(i);
            }
            return;
        }
        if (code == u"unavailable"_s) {
            // A read (sync) the node cannot answer now: resume again, from another node.
            ++m_stats.unavailable;
            dropConnection(true);
            return;
        }
        m_log.anomalies.append(
            u"unexpected error %1 (%2)"_s.arg(code, error[u"message"_s].toString()));
    }

    void onSynced(const QJsonObject &synced)
    {
        const QString conversation = synced[u"conversation"_s].toString();
        m_syncing.remove(conversation);
        if (!synced[u"recovered"_s].toBool(true))
            m_log.anomalies.append(u"sync of %1 not recovered (epoch changed)"_s.arg(conversation));
        if (!synced[u"complete"_s].toBool(true))
            sync(conversation);
    }

    void send(Outgoing &entry)
    {
        entry.sentAtMs = monotonicMs();
        sendFrame(QJsonObject { { u"type"_s, u"send"_s }, { u"conversation"_s, entry.conversation },
            { u"client_id"_s, entry.clientId },
            { u"text"_s, QString(u"message "_s + entry.clientId) } });
    }

    void writeOne()
    {
        if (m_outbox.size() >= 200)
            return; // away a long time: write no more until the backlog is acked
        QString conversation = m_conversation;
        if (m_agent) {
            if (m_held.isEmpty())
                return;
            conversation = m_held.at(m_written % m_held.size());
        }
        if (conversation.isEmpty())
            return;
        const QString clientId = u"%1-%2"_s.arg(m_name).arg(m_written++);
        m_log.sent.insert(clientId);
        m_outbox.append(Outgoing { clientId, conversation });
        if (m_state == State::Ready)
            send(m_outbox.last());
    }

    void tick()
    {
        const qint64 now = monotonicMs();
        switch (m_state) {
        case State::Idle:
            if (now >= m_reconnectAtMs)
                connectNext();
            return;
        case State::Connecting:
            if (now - m_stateSinceMs > 3000)
                dropConnection(true);
            return;
        case State::Greeting:
            if (now - m_stateSinceMs > 5000)
                dropConnection(true);
            return;
        case State::Ready:
            break;
        }
        if (now - m_lastInboundMs > 4000) {
            ++m_stats.livenessDrops;
            dropConnection(true);
            return;
        }
        if (now - m_lastPingMs >= 1000) {
            m_lastPingMs = now;
            sendFrame(QJsonObject { { u"type"_s, u"ping"_s } });
        }
        for (Outgoing &entry : m_outbox) {
            if (entry.sentAtMs < 0 && now >= entry.retryAtMs) {
                send(entry);
            } else if (entry.sentAtMs >= 0 && now - entry.sentAtMs > 10000) {
                ++m_stats.ackTimeouts;
                dropConnection(true);
                return;
            }
        }
    }

    const bool m_agent;
    const QString m_name;
    const QList<QUrl> m_endpoints;
    int m_next;
    QRandomGenerator m_random;
    std::unique_ptr<QWebSocket> m_socket;
    State m_state = State::Idle;
    qint64 m_stateSinceMs = 0;
    qint64 m_lastInboundMs = 0;
    qint64 m_lastPingMs = 0;
    qint64 m_reconnectAtMs = 0;
    QString m_token;
    QString m_conversation; // a customer's own
    QStringList m_held; // an agent's assigned conversations
    QHash<QString, qint64> m_maxSeen;
    QSet<QString> m_syncing;
    QList<Outgoing> m_outbox;
    int m_written = 0;
    PartyLog m_log;
    Stats m_stats;
    QTimer m_tick;
    QTimer m_writer;
};

enum FaultKind { KillNode, StopNode, StopRedis, CutPostgres, FaultKinds };
const char *const faultNames[FaultKinds]
    = { "kill -9 a node", "SIGSTOP a node past the TTL", "stop Redis", "cut PostgreSQL" };

} // namespace

class NemesisTest final : public QObject {
    Q_OBJECT

private:
    QString m_baseUrl;
    PostgresOptions m_options;
    RedisProcess m_redis;
    std::unique_ptr<TcpProxy> m_postgresProxy;
    QString m_schema;
    std::vector<std::unique_ptr<ServerProcess>> m_nodes;
    std::vector<std::unique_ptr<NemesisClient>> m_clients;

    QString directUrl() const { return m_baseUrl + u"?schema="_s + m_schema; }
    // The nodes reach PostgreSQL only through the proxy, so the test can cut them off.
    QString proxiedUrl() const
    {
        QUrl url(m_baseUrl);
        url.setPort(m_postgresProxy->port());
        url.setQuery(u"schema="_s + m_schema);
        return url.toString();
    }

    bool addAgent(const QString &login)
    {
        return ServerProcess::addUserToDatabase(directUrl(), login, u"agent"_s, password, login);
    }

    std::unique_ptr<ServerProcess> makeNode(const QString &nodeId)
    {
        auto node = std::make_unique<ServerProcess>();
        const quint16 port = node->reservePort();
        node->addArguments({ u"--db"_s, proxiedUrl(), u"--redis"_s, m_redis.url(), u"--node-id"_s,
            nodeId, u"--public-endpoint"_s, u"ws://127.0.0.1:%1/ws"_s.arg(port),
            u"--cluster-ttl-seconds"_s, QString::number(ttlSeconds), u"--rate-limit"_s, u"0"_s,
            u"--drain-seconds"_s, u"0"_s });
        return node;
    }

    // The nodes' logs, written where a failed run can be read afterwards.
    void keepNodeLogs() const
    {
        for (size_t i = 0; i < m_nodes.size(); ++i) {
            QFile file(QDir::temp().filePath(u"tst_nemesis-node-%1.log"_s.arg(i)));
            if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
                file.write(m_nodes[i]->log());
            qInfo("node-%zu's log: %s", i, qPrintable(file.fileName()));
        }
    }

    DatabaseState readDatabase()
    {
        DatabaseState db;
        QSqlQuery query(QSqlDatabase::database(u"nemesis-raw"_s));
        if (!query.exec(u"SET search_path TO \"%1\""_s.arg(m_schema)))
            qWarning("search_path: %s", qPrintable(query.lastError().text()));
        if (!query.exec(u"SELECT conversation_id, seq, coalesce(client_id, ''), kind, "
                        "CASE WHEN kind = 'event' THEN text ELSE '' END FROM messages"_s))
            qWarning("messages: %s", qPrintable(query.lastError().text()));
        while (query.next()) {
            db.messages[query.value(0).toString()].insert(query.value(1).toLongLong(),
                StoredMessage { query.value(2).toString(), query.value(3).toString(),
                    query.value(4).toString() });
        }
        if (!query.exec(u"SELECT c.id, coalesce(u.login, '') FROM conversations c "
                        "LEFT JOIN users u ON u.id = c.agent_id WHERE c.state = 'assigned'"_s))
            qWarning("conversations: %s", qPrintable(query.lastError().text()));
        while (query.next())
            db.agentOf.insert(query.value(0).toString(), query.value(1).toString());
        return db;
    }

    QList<PartyLog> partyLogs() const
    {
        QList<PartyLog> logs;
        for (const auto &client : m_clients)
            logs.append(client->log());
        return logs;
    }

    bool everyClient(const std::function<bool(const NemesisClient &)> &condition) const
    {
        return std::all_of(m_clients.cbegin(), m_clients.cend(),
            [&](const auto &client) { return condition(*client); });
    }

private Q_SLOTS:
    // The checker on logs made by hand: each kind of violation it exists for is reported.
    void checkerFindsInjectedViolations()
    {
        DatabaseState db;
        QMap<qint64, StoredMessage> &stored = db.messages[u"conv"_s];
        stored.insert(1, StoredMessage { u"sys-1"_s, u"event"_s, u"Assigned to agent0"_s });
        stored.insert(2, StoredMessage { u"cust-0"_s, u"text"_s, {} });
        stored.insert(3, StoredMessage { u"agent0-0"_s, u"text"_s, {} });
        db.agentOf.insert(u"conv"_s, u"agent0"_s);
        PartyLog customer { u"cust"_s, false, { u"conv"_s }, {}, {}, {}, { u"cust-0"_s } };
        customer.view[u"conv"_s] = { { 1, { u"sys-1"_s, u"event"_s } },
            { 2, { u"cust-0"_s, u"text"_s } }, { 3, { u"agent0-0"_s, u"text"_s } } };
        customer.acks.append(AckRecord { u"conv"_s, u"cust-0"_s, 2 });
        PartyLog agent { u"agent0"_s, true, { u"conv"_s }, {}, {}, {}, { u"agent0-0"_s } };
        agent.view[u"conv"_s] = customer.view[u"conv"_s];
        agent.acks.append(AckRecord { u"conv"_s, u"agent0-0"_s, 3 });
        QCOMPARE(findViolations(db, { customer, agent }), QStringList());

        const auto violationsWith
            = [&](const std::function<void(DatabaseState &, PartyLog &, PartyLog &)> &inject) {
                  DatabaseState badDb = db;
                  PartyLog badCustomer = customer, badAgent = agent;
                  inject(badDb, badCustomer, badAgent);
                  return findViolations(badDb, { badCustomer, badAgent });
              };
        // A client whose view holds one message twice (delivered again under a later seq).
        QVERIFY(!violationsWith([](DatabaseState &, PartyLog &c, PartyLog &) {
            c.view[u"conv"_s].insert(4, { u"cust-0"_s, u"text"_s });
        }).isEmpty());
        // A message the client never received.
        QVERIFY(!violationsWith([](DatabaseState &, PartyLog &, PartyLog &a) {
            a.view[u"conv"_s].remove(2);
        }).isEmpty());
        // An acked message the database lost, and one stored twice.
        QVERIFY(!violationsWith([](DatabaseState &d, PartyLog &, PartyLog &) {
            d.messages[u"conv"_s].remove(3);
        }).isEmpty());
        QVERIFY(!violationsWith([](DatabaseState &d, PartyLog &, PartyLog &) {
            d.messages[u"conv"_s].insert(4, { u"cust-0"_s, u"text"_s, {} });
        }).isEmpty());
        // Two agents at once: in the stored history, and in what the agents believe.
        QVERIFY(!violationsWith([](DatabaseState &d, PartyLog &, PartyLog &) {
            d.messages[u"conv"_s].insert(4, { u"sys-2"_s, u"event"_s, u"Assigned to agent1"_s });
        }).isEmpty());
        QVERIFY(!violationsWith([](DatabaseState &d, PartyLog &, PartyLog &) {
            d.agentOf[u"conv"_s] = u"agent1"_s;
        }).isEmpty());
    }

    void initTestCase()
    {
        m_baseUrl = qEnvironmentVariable("SWITCHBOARD_TEST_POSTGRES_URL");
        if (m_baseUrl.isEmpty())
            QFAIL("SWITCHBOARD_TEST_POSTGRES_URL is not set: point it at a PostgreSQL database "
                  "this test may create schemas in (tools/test.sh starts one and sets it)");
        auto options = PostgresOptions::fromUrl(m_baseUrl);
        if (!options)
            QFAIL(qPrintable(u"SWITCHBOARD_TEST_POSTGRES_URL: "_s + options.error()));
        m_options = *options;
        if (m_options.host != u"127.0.0.1"_s && m_options.host != u"localhost"_s)
            QFAIL("SWITCHBOARD_TEST_POSTGRES_URL must name a PostgreSQL on 127.0.0.1: the "
                  "test relays the nodes' connections to it on loopback");
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, u"nemesis-raw"_s);
        db.setHostName(m_options.host);
        db.setPort(m_options.port);
        db.setUserName(m_options.user);
        db.setPassword(m_options.password);
        db.setDatabaseName(m_options.database);
        QVERIFY2(db.open(), qPrintable(db.lastError().text()));
        QVERIFY2(m_redis.start(), qPrintable(m_redis.error()));
        m_postgresProxy = std::make_unique<TcpProxy>(quint16(m_options.port));
        QVERIFY(m_postgresProxy->port() != 0);
        m_schema = u"sbnemesis_%1"_s.arg(
            QRandomGenerator::global()->generate64(), 16, 16, QLatin1Char('0'));
    }

    void cleanupTestCase()
    {
        m_clients.clear();
        // The proxy first: a killed node's backend (perhaps mid-transaction, holding locks)
        // ends only when its relayed connection closes, and DROP SCHEMA below blocks this
        // thread, proxy included.
        m_postgresProxy.reset();
        for (auto &node : m_nodes) {
            if (node->isRunning()) {
                ::kill(pid_t(node->pid()), SIGCONT); // a stopped node cannot act on SIGTERM
                if (!node->terminate(10000))
                    node->kill9();
            }
        }
        m_nodes.clear();
        QSqlQuery drop(QSqlDatabase::database(u"nemesis-raw"_s));
        drop.exec(u"SET client_min_messages TO warning"_s);
        drop.exec(u"SET lock_timeout TO '20s'"_s);
        drop.exec(u"DROP SCHEMA IF EXISTS \"%1\" CASCADE"_s.arg(m_schema));
        m_redis.stop();
        QSqlDatabase::database(u"nemesis-raw"_s, false).close();
        QSqlDatabase::removeDatabase(u"nemesis-raw"_s);
    }

    void nemesis()
    {
        bool ok = false;
        const int seconds = qEnvironmentVariableIntValue("SWITCHBOARD_NEMESIS_SECONDS", &ok);
        const int duration = ok && seconds >= 0 ? seconds : defaultSeconds;
        const quint32 envSeed
            = quint32(qEnvironmentVariableIntValue("SWITCHBOARD_NEMESIS_SEED", &ok));
        const quint32 seed = ok ? envSeed : defaultSeed;
        qInfo("nemesis: seed %u (SWITCHBOARD_NEMESIS_SEED), %d s of faults "
              "(SWITCHBOARD_NEMESIS_SECONDS), %d nodes, %d agents, %d customers",
            seed, duration, nodeCount, agentCount, customerCount);
        QRandomGenerator random(seed);

        for (int i = 0; i < agentCount; ++i)
            QVERIFY(addAgent(u"agent%1"_s.arg(i)));
        QList<QUrl> endpoints;
        for (int i = 0; i < nodeCount; ++i) {
            m_nodes.push_back(makeNode(u"node-%1"_s.arg(i)));
            QVERIFY2(m_nodes.back()->start(30000), m_nodes.back()->log().constData());
            endpoints.append(m_nodes.back()->url());
        }
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(m_nodes.cbegin(), m_nodes.cend(),
                                     [](const auto &node) {
                                         return metric(node->port(), "switchboard_cluster_nodes")
                                             == nodeCount;
                                     }),
            30000);

        // Agents first, one per node, so every visitor finds someone; then the customers.
        for (int i = 0; i < agentCount; ++i) {
            m_clients.push_back(std::make_unique<NemesisClient>(
                true, u"agent%1"_s.arg(i), endpoints, i, 700, random.generate()));
            m_clients.back()->start();
        }
        QTRY_VERIFY_WITH_TIMEOUT(everyClient([](const auto &c) { return c.isReady(); }), 30000);
        for (int i = 0; i < customerCount; ++i) {
            m_clients.push_back(std::make_unique<NemesisClient>(
                false, u"customer%1"_s.arg(i), endpoints, i % nodeCount, 400, random.generate()));
            m_clients.back()->start();
        }
        QTRY_VERIFY_WITH_TIMEOUT(everyClient([](const auto &c) { return c.isReady(); }), 30000);
        for (auto &client : m_clients)
            client->setWriting(true);
        QTest::qWait(5000); // traffic first, so the faults meet conversations in full flow

        // The nemesis: faults in a seeded order (each kind once per round of four), one at a
        // time, with calm between them.
        int injected[FaultKinds] = {};
        QStringList violations;
        QElapsedTimer run;
        run.start();
        QList<int> deck;
        while (run.elapsed() < qint64(duration) * 1000) {
            if (deck.isEmpty()) {
                deck = { KillNode, StopNode, StopRedis, CutPostgres };
                for (qsizetype i = deck.size() - 1; i > 0; --i)
                    deck.swapItemsAt(i, random.bounded(int(i) + 1));
            }
            const int kind = deck.takeFirst();
            const int target = random.bounded(nodeCount);
            ServerProcess &node = *m_nodes[size_t(target)];
            int lastedMs = 0;
            switch (kind) {
            case KillNode:
                node.kill9();
                lastedMs = random.bounded(500, 3000);
                QTest::qWait(lastedMs);
                QVERIFY2(node.start(30000), "a killed node did not come back");
                break;
            case StopNode:
                ::kill(pid_t(node.pid()), SIGSTOP);
                lastedMs = ttlSeconds * 1000 + random.bounded(1000, 3000);
                QTest::qWait(lastedMs);
                ::kill(pid_t(node.pid()), SIGCONT);
                break;
            case StopRedis:
                m_redis.stop();
                lastedMs = random.bounded(2000, 6000);
                QTest::qWait(lastedMs);
                QVERIFY2(m_redis.start(), qPrintable(m_redis.error()));
                break;
            case CutPostgres:
                m_postgresProxy->setRefusing(true);
                m_postgresProxy->dropAll();
                lastedMs = random.bounded(1000, 4000);
                QTest::qWait(lastedMs);
                m_postgresProxy->setRefusing(false);
                break;
            }
            ++injected[kind];
            qsizetype acked = 0;
            for (const auto &client : m_clients)
                acked += client->log().acks.size();
            qInfo("nemesis %5.1f s: %s%s for %d ms; %lld acks so far", run.elapsed() / 1000.0,
                faultNames[kind],
                kind == KillNode || kind == StopNode ? qPrintable(u" (node-%1)"_s.arg(target)) : "",
                lastedMs, qlonglong(acked));
            QTest::qWait(random.bounded(2000, 5000));
        }
        for (size_t i = 0; i < m_nodes.size(); ++i) {
            if (!m_nodes[i]->isRunning())
                violations.append(u"node-%1 exited by itself (exit code %2)"_s.arg(i).arg(
                    m_nodes[i]->exitCode()));
        }

        // Calm: every client back and every message acked, then the traffic stops and the
        // deliveries settle. No extra sync: what the clients hold is what resume gave them.
        const auto settled = [&] {
            return everyClient(
                [](const auto &c) { return c.isReady() && !c.isSyncing() && c.unacked() == 0; });
        };
        QElapsedTimer calm;
        calm.start();
        while (!everyClient([](const auto &c) { return c.isReady(); }) && calm.elapsed() < 60000)
            QTest::qWait(100);
        for (auto &client : m_clients)
            client->setWriting(false);
        while (!settled() && calm.elapsed() < 120000)
            QTest::qWait(100);
        // Liveness: once the faults stop, every client is back and every message it sent is
        // acked. (A paused node's transaction once held its conversations' locks for minutes;
        // idle_in_transaction_session_timeout now ends it.)
        QStringList liveness;
        for (const auto &client : m_clients) {
            const PartyLog log = client->log();
            if (!client->isReady())
                liveness.append(log.name + u": not connected 60 s after the faults stopped"_s);
            if (client->unacked() > 0)
                liveness.append(u"%1: %2 messages never acked after the faults stopped"_s.arg(
                    log.name, QString::number(client->unacked())));
        }
        violations += liveness;
        QStringList found = findViolations(readDatabase(), partyLogs());
        QElapsedTimer converge;
        converge.start();
        while (!found.isEmpty() && converge.elapsed() < 30000) {
            QTest::qWait(1000);
            found = findViolations(readDatabase(), partyLogs());
        }
        violations += found;

        // The run's own counts, for CI's log.
        const DatabaseState db = readDatabase();
        qsizetype sent = 0, acked = 0, stored = 0, held = 0;
        NemesisClient::Stats total;
        for (const auto &client : m_clients) {
            const PartyLog log = client->log();
            sent += log.sent.size();
            QSet<QString> ackedIds;
            for (const AckRecord &ack : log.acks)
                ackedIds.insert(ack.clientId);
            acked += ackedIds.size();
            for (const auto &view : log.view)
                held += view.size();
            const NemesisClient::Stats &s = client->stats();
            total.connections += s.connections;
            total.livenessDrops += s.livenessDrops;
            total.ackTimeouts += s.ackTimeouts;
            total.unavailable += s.unavailable;
            total.rejected += s.rejected;
            total.duplicateAcks += s.duplicateAcks;
            total.redelivered += s.redelivered;
            total.outOfOrder += s.outOfOrder;
            total.framesReceived += s.framesReceived;
        }
        for (const auto &conversation : db.messages) {
            for (const StoredMessage &message : conversation)
                stored += isSystemId(message.clientId) ? 0 : 1;
        }
        qInfo("nemesis faults: %d kill -9, %d SIGSTOP past the TTL, %d Redis stops, "
              "%d PostgreSQL cuts (%lld connections reset)",
            injected[KillNode], injected[StopNode], injected[StopRedis], injected[CutPostgres],
            qlonglong(m_postgresProxy->connectionsDropped()));
        qInfo("nemesis messages: %lld sent, %lld acked, %lld stored, %lld held in the clients' "
              "views over %lld conversations; %d duplicate acks, %d unavailable retried, "
              "%d agent sends refused",
            qlonglong(sent), qlonglong(acked), qlonglong(stored), qlonglong(held),
            qlonglong(db.messages.size()), total.duplicateAcks, total.unavailable, total.rejected);
        qInfo("nemesis clients: %d connections (%d dropped for silence, %d for an ack timeout), "
              "%lld frames; %d already-held messages delivered again, %d live out of order",
            total.connections, total.livenessDrops, total.ackTimeouts,
            qlonglong(total.framesReceived), total.redelivered, total.outOfOrder);
        qInfo("nemesis violations: %lld", qlonglong(violations.size()));
        qInfo("nemesis liveness violations: %lld", qlonglong(liveness.size()));
        for (const QString &violation : violations.mid(0, 40))
            qWarning("violation: %s", qPrintable(violation));
        if (!violations.isEmpty() || qEnvironmentVariableIsSet("SWITCHBOARD_NEMESIS_KEEP_LOGS"))
            keepNodeLogs();
        QVERIFY(injected[KillNode] > 0 && injected[StopNode] > 0 && injected[StopRedis] > 0
            && injected[CutPostgres] > 0);
        QVERIFY(acked > 0 && stored >= acked);
        QVERIFY2(violations.isEmpty(), qPrintable(violations.value(0)));
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    // The run lasts SWITCHBOARD_NEMESIS_SECONDS plus setup and settling: give the one long
    // function room beyond Qt Test's default five minutes.
    if (!qEnvironmentVariableIsSet("QTEST_FUNCTION_TIMEOUT")) {
        bool ok = false;
        const int seconds = qEnvironmentVariableIntValue("SWITCHBOARD_NEMESIS_SECONDS", &ok);
        const qint64 budgetMs = (qint64(ok && seconds > 0 ? seconds : defaultSeconds) + 420) * 1000;
        qputenv("QTEST_FUNCTION_TIMEOUT", QByteArray::number(budgetMs));
    }
    NemesisTest test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_nemesis.moc"
