#include "loadgenerator.h"

#include "benchsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <algorithm>
#include <arpa/inet.h>
#include <charconv>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <pthread.h>
#include <sys/epoll.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace switchboard::bench {

namespace {

// "a<customer>-<n>" → customer << 32 | n; 0 when it is not one of ours.
quint64 pendingKey(std::string_view clientId)
{
    if (clientId.size() < 4 || clientId[0] != 'a')
        return 0;
    const std::size_t dash = clientId.find('-');
    if (dash == std::string_view::npos)
        return 0;
    quint32 customer = 0;
    quint32 n = 0;
    std::from_chars(clientId.data() + 1, clientId.data() + dash, customer);
    std::from_chars(clientId.data() + dash + 1, clientId.data() + clientId.size(), n);
    return (quint64(customer + 1) << 32) | n;
}

double rateOver(const std::vector<qint64> &times, std::size_t from, std::size_t to)
{
    if (to <= from + 1 || to > times.size())
        return 0;
    const double seconds = double(times[to - 1] - times[from]) / 1e9;
    return seconds > 0 ? double(to - from - 1) / seconds : 0;
}

// Set while a loop handles what it read from one connection, with --threads: what it answers
// (receipts, the next messages of a closed loop) is framed then and written in one send() after,
// outside the lock. One thread writes each frame at once instead: batching them was measured
// slower against the peers (the server starts on each frame later and spends more per message).
thread_local bool t_deferWrites = false;

// A failover gives up after this many rounds over every endpoint without a welcome.
constexpr int failoverRounds = 8;

const char *phaseName(int phase)
{
    static const char *names[] = { "agents", "active", "idle", "traffic", "drain" };
    return names[phase];
}

} // namespace

LoadGenerator::LoadGenerator(BenchOptions options)
    : m_options(std::move(options))
    , m_text(std::size_t(std::max(1, m_options.messageBytes)), 'x')
    , m_endpointStats(m_options.endpoints.size())
    , m_agentCursors(std::size_t(std::max(0, m_options.agents)))
{
    for (int i = 0; i < std::max(1, m_options.threads); ++i) {
        auto loop = std::make_unique<Loop>();
        loop->epoll = ::epoll_create1(EPOLL_CLOEXEC);
        m_loops.push_back(std::move(loop));
    }
}

LoadGenerator::~LoadGenerator()
{
    m_workersRun = false;
    for (std::thread &worker : m_workers)
        worker.join();
    m_clients.clear();
    for (const auto &loop : m_loops) {
        if (loop->epoll >= 0)
            ::close(loop->epoll);
    }
}

QByteArray LoadGenerator::run()
{
    m_rssBeforeKb = serverRssKb();
    connectPhase(Phase::Agents, WsClient::Role::Agent, m_options.agents);
    connectPhase(Phase::Active, WsClient::Role::Active, m_options.active);
    if (m_options.agents > 0 && m_options.active > 0) {
        // Let the active customers' conversations reach agents before the idle crowd queues.
        const qint64 deadline = nowNs() + 5'000'000'000;
        while (m_assigned < m_options.active && nowNs() < deadline)
            poll(*m_loops[0], 10);
    }
    m_idleStartNs = nowNs();
    connectPhase(Phase::Idle, WsClient::Role::Idle, m_options.idle);
    m_idleEndNs = nowNs();
    for (const auto &client : m_clients)
        m_heldAtConnect += client->welcomed && client->state() == WsClient::State::Open;
    // Let the server settle (deferred deletes, buffers) before sampling its memory.
    const qint64 settle = nowNs() + 500'000'000;
    while (nowNs() < settle)
        poll(*m_loops[0], 50);
    m_rssConnectedKb = serverRssKb();

    m_phase = Phase::Traffic;
    m_trafficStartNs = nowNs();
    m_measureStartNs = m_trafficStartNs + qint64(m_options.warmup * 1e9);
    m_measureEndNs = m_measureStartNs + qint64(m_options.seconds * 1e9);
    m_sending = true;
    for (WsClient *client : m_activeClients) {
        if (m_options.rate <= 0) {
            for (int i = 0; i < m_options.window; ++i)
                sendNext(*client);
        }
    }
    spreadOverLoops();
    Loop &main = *m_loops[0];
    while (nowNs() < m_measureEndNs) {
        const qint64 now = nowNs();
        if (!m_measuring && now >= m_measureStartNs) {
            sampleCpu(m_cpuBefore);
            m_cpuStartNs = nowNs();
            const std::lock_guard lock(m_lock);
            m_measuring = true;
            m_acked = m_delivered = 0;
            m_ackMs.clear();
            m_deliveryMs.clear();
        }
        if (m_options.rate > 0)
            pace(main, now);
        terminateNode(now);
        poll(main, m_options.rate > 0 ? 1 : 20);
        progress(nowNs());
    }
    {
        const std::lock_guard lock(m_lock);
        m_measuring = false;
        m_sending = false;
    }
    m_cpuEndNs = nowNs();
    sampleCpu(m_cpuAfter);
    m_phase = Phase::Drain;
    // Collect what is still in flight (not counted in the rates): acks, and deliveries to
    // agents, which a message keeps its entry in m_pending for until both arrived.
    const qint64 drainEnd = nowNs() + qint64(m_options.drain * 1e9);
    while (nowNs() < drainEnd && !pendingEmpty())
        poll(main, 10);
    m_workersRun = false;
    for (std::thread &worker : m_workers)
        worker.join();
    m_workers.clear();
    progress(nowNs(), true);
    return report();
}

void LoadGenerator::spreadOverLoops()
{
    const int loops = int(m_loops.size());
    for (WsClient *client : m_activeClients)
        m_loops[std::size_t(client->index % loops)]->active.push_back(client);
    for (const auto &loop : m_loops)
        loop->rate = m_options.rate / double(loops);
    if (loops == 1)
        return;
    Loop &main = *m_loops[0];
    for (const auto &client : m_clients) {
        client->loop = quint8(client->index % loops);
        if (client->loop == 0 || client->fd() < 0)
            continue;
        ::epoll_ctl(main.epoll, EPOLL_CTL_DEL, client->fd(), nullptr);
        epoll_event event {};
        event.events = EPOLLIN | (client->writeArmed ? EPOLLOUT : 0u);
        event.data.ptr = client.get();
        ::epoll_ctl(loopOf(*client).epoll, EPOLL_CTL_ADD, client->fd(), &event);
    }
    // Reconnects already due go to their connection's new loop.
    while (!main.reconnects.empty()) {
        const Reconnect reconnect = main.reconnects.top();
        main.reconnects.pop();
        loopOf(*reconnect.client).reconnects.push(reconnect);
    }
    m_workersRun = true;
    for (int i = 1; i < loops; ++i)
        m_workers.emplace_back([this, i] { runLoop(std::size_t(i)); });
}

void LoadGenerator::runLoop(std::size_t index)
{
    // Named, so its CPU shows apart from the main thread's in /proc/PID/task/*/comm.
    const std::string name = "bench-loop-" + std::to_string(index);
    ::pthread_setname_np(::pthread_self(), name.c_str());
    Loop &loop = *m_loops[index];
    while (m_workersRun) {
        if (m_options.rate > 0)
            pace(loop, nowNs());
        poll(loop, m_options.rate > 0 ? 1 : 20);
    }
}

bool LoadGenerator::pendingEmpty()
{
    const std::lock_guard lock(m_lock);
    return m_pending.empty();
}

void LoadGenerator::sampleCpu(std::vector<ProcessCpu> &into) const
{
    // The servers in the order given, then this process (every loop's thread).
    into.clear();
    for (const qint64 pid : m_options.serverPids)
        into.push_back(ProcessCpu::read(pid));
    into.push_back(ProcessCpu::read(::getpid()));
}

bool LoadGenerator::connectPhase(Phase phase, WsClient::Role role, int count)
{
    m_phase = phase;
    m_welcomedInPhase = 0;
    m_failedInPhase = 0;
    const qint64 deadline = nowNs() + qint64(m_options.phaseTimeout * 1e9);
    int started = 0;
    while (m_welcomedInPhase + m_failedInPhase < count && nowNs() < deadline) {
        while (started < count && m_inHandshake < m_options.connectConcurrency) {
            auto client = std::make_unique<WsClient>();
            client->role = role;
            client->index = started++;
            client->endpoint = quint8(std::size_t(client->index) % m_options.endpoints.size());
            startClient(*client);
            if (role == WsClient::Role::Active)
                m_activeClients.push_back(client.get());
            m_clients.push_back(std::move(client));
        }
        poll(*m_loops[0], 5);
        progress(nowNs());
    }
    const int missing = count - m_welcomedInPhase - m_failedInPhase;
    if (missing > 0)
        m_errors["phase_timeout"] += missing;
    return missing == 0 && m_failedInPhase == 0;
}

void LoadGenerator::startClient(WsClient &client)
{
    // Counted until its first welcome or until it is given up, failovers included.
    ++m_inHandshake;
    connectClient(client);
}

void LoadGenerator::connectClient(WsClient &client)
{
    quint32 source = 0;
    if (m_options.sources > 0) {
        // 127.0.0.1 … 127.0.0.<sources>, in turn.
        source = htonl((127u << 24) | quint32(1 + m_sourceCursor++ % quint64(m_options.sources)));
    }
    const Endpoint &endpoint = m_options.endpoints[client.endpoint];
    client.startedNs = nowNs();
    if (!client.start(source, endpoint.address, endpoint.port)) {
        lost(client, "connect");
        return;
    }
    epoll_event event {};
    event.events = EPOLLIN | EPOLLOUT;
    event.data.ptr = &client;
    client.writeArmed = true;
    ::epoll_ctl(loopOf(client).epoll, EPOLL_CTL_ADD, client.fd(), &event);
}

void LoadGenerator::poll(Loop &loop, int timeoutMs)
{
    epoll_event events[512];
    const int ready = ::epoll_wait(loop.epoll, events, 512, timeoutMs);
    for (int i = 0; i < ready; ++i)
        onEvent(*static_cast<WsClient *>(events[i].data.ptr), events[i].events);
    // After the batch, so no event of a closed descriptor reaches its client's new one.
    reconnectDue(loop);
}

void LoadGenerator::reconnectDue(Loop &loop)
{
    if (loop.reconnects.empty())
        return;
    const std::lock_guard lock(m_lock);
    const qint64 now = nowNs();
    while (!loop.reconnects.empty() && loop.reconnects.top().dueNs <= now) {
        WsClient *client = loop.reconnects.top().client;
        loop.reconnects.pop();
        if (client->state() == WsClient::State::Closed)
            connectClient(*client);
    }
}

void LoadGenerator::onEvent(WsClient &client, quint32 events)
{
    if (client.state() == WsClient::State::Closed)
        return;
    if (client.state() == WsClient::State::Connecting) {
        if (!(events & (EPOLLOUT | EPOLLERR | EPOLLHUP)))
            return;
        if (!client.onConnected(m_options.endpoints[client.endpoint].port)) {
            const std::lock_guard lock(m_lock);
            lost(client, "connect");
            return;
        }
        armWrite(client, client.wantsWrite());
        return;
    }
    if (events & EPOLLOUT) {
        client.flush();
        armWrite(client, client.wantsWrite());
    }
    if (events & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
        const bool wasUpgrading = client.state() == WsClient::State::Upgrading;
        t_deferWrites = m_loops.size() > 1;
        const bool alive = client.onReadable([this](WsClient &c, std::string_view payload) {
            const std::lock_guard lock(m_lock);
            onText(c, payload);
        });
        if (wasUpgrading && client.upgraded) {
            if (m_phase == Phase::Idle && !client.everWelcomed)
                m_upgradeNs.push_back(nowNs());
            sendHello(client);
        }
        t_deferWrites = false;
        if (!alive) {
            const int code = client.closeCode();
            const std::lock_guard lock(m_lock);
            if (!client.upgraded)
                lost(client,
                    code >= 100 && code < 600 ? "http_" + std::to_string(code)
                                              : std::string("upgrade"));
            else
                lost(client, "closed_" + std::to_string(code));
            return;
        }
        client.flush(); // what the frames above were answered with, when deferred
        armWrite(client, client.wantsWrite());
    }
}

void LoadGenerator::sendHello(WsClient &client)
{
    const bool agent = client.role == WsClient::Role::Agent;
    std::string hello;
    if (!client.token.empty()) {
        hello = R"({"type":"hello","v":1,"role":")" + std::string(agent ? "agent" : "customer")
            + R"(","token":")" + client.token + "\"}";
    } else if (agent) {
        hello = R"({"type":"hello","v":1,"role":"agent","login":")"
            + m_options.agentPrefix.toStdString() + std::to_string(client.index)
            + R"(","password":")" + m_options.agentPassword.toStdString() + "\"}";
    } else {
        hello = R"({"type":"hello","v":1,"role":"customer","token":null,"name":")"
            + std::string(client.role == WsClient::Role::Active ? "Active " : "Idle ")
            + std::to_string(client.index) + "\"}";
    }
    send(client, hello);
}

void LoadGenerator::armWrite(WsClient &client, bool on)
{
    if (client.writeArmed == on || client.fd() < 0)
        return;
    client.writeArmed = on;
    epoll_event event {};
    event.events = EPOLLIN | (on ? EPOLLOUT : 0u);
    event.data.ptr = &client;
    ::epoll_ctl(loopOf(client).epoll, EPOLL_CTL_MOD, client.fd(), &event);
}

void LoadGenerator::send(WsClient &client, std::string_view payload)
{
    if (t_deferWrites) {
        client.queueText(payload); // onEvent writes it once it let go of the lock
        return;
    }
    client.sendText(payload);
    armWrite(client, client.wantsWrite());
}

void LoadGenerator::lost(WsClient &client, const std::string &reason)
{
    if (client.fd() >= 0)
        ::epoll_ctl(loopOf(client).epoll, EPOLL_CTL_DEL, client.fd(), nullptr);
    client.close();
    client.welcomed = false;
    if (!m_options.failover) {
        countError(reason);
        drop(client);
        return;
    }
    ++m_failovers;
    ++m_failoverReasons[reason];
    ++m_endpointStats[client.endpoint].failovers;
    const std::size_t endpoints = m_options.endpoints.size();
    if (client.failures == 0 && client.everWelcomed)
        client.lostNs = nowNs();
    ++client.failures;
    if (client.failures >= endpoints * failoverRounds) {
        countError("failover_gave_up");
        drop(client);
        return;
    }
    client.endpoint = quint8((client.endpoint + 1u) % endpoints);
    qint64 delayMs = 0;
    if (client.failures % endpoints == 0) {
        // Every endpoint refused it once in a row: back off, with jitter, like the console.
        const int round = int(client.failures / endpoints);
        const qint64 ceiling = std::min<qint64>(2000, qint64(100) << (round - 1));
        delayMs = ceiling / 2 + qint64(QRandomGenerator::global()->bounded(int(ceiling / 2) + 1));
    }
    loopOf(client).reconnects.push({ nowNs() + delayMs * 1'000'000, &client });
}

void LoadGenerator::drop(WsClient &client)
{
    if (!client.everWelcomed) {
        --m_inHandshake;
        ++m_failedInPhase;
        client.everWelcomed = true; // counted once
    }
    if (client.fd() >= 0)
        ::epoll_ctl(loopOf(client).epoll, EPOLL_CTL_DEL, client.fd(), nullptr);
    client.close();
    client.welcomed = false;
    client.inFlight = 0;
}

void LoadGenerator::onText(WsClient &client, std::string_view payload)
{
    const std::string_view type = stringField(payload, "type");
    if (type == "ack") {
        onAck(client, payload);
        if (client.inFlight > 0)
            --client.inFlight;
        if (m_sending && m_options.rate <= 0)
            sendNext(client);
    } else if (type == "message") {
        onMessage(client, payload);
    } else if (type == "welcome") {
        onWelcome(client, payload);
    } else if (type == "assigned") {
        ++m_assigned;
        m_assignedConversations.emplace(stringField(payload, "id"));
    } else if (type == "synced") {
        onSynced(client, payload);
    } else if (type == "error") {
        const std::string_view code = stringField(payload, "code");
        if (code == "unauthenticated" && !client.welcomed && !client.token.empty()) {
            // The node does not know the token: sign in afresh on the next connection.
            client.token.clear();
            countError("resume_refused");
            return;
        }
        countError("error_" + std::string(code));
        const std::string_view ref = stringField(payload, "ref");
        if (!ref.empty() && ref[0] == 'a' && client.inFlight > 0) {
            m_pending.erase(pendingKey(ref));
            --client.inFlight;
            if (m_sending && m_options.rate <= 0)
                sendNext(client);
        }
    }
}

void LoadGenerator::onWelcome(WsClient &client, std::string_view payload)
{
    if (client.welcomed)
        return;
    client.welcomed = true;
    client.failures = 0;
    EndpointStats &stats = m_endpointStats[client.endpoint];
    ++stats.welcomes;
    const bool resumed = client.everWelcomed;
    if (!resumed) {
        client.everWelcomed = true;
        --m_inHandshake;
        ++m_welcomedInPhase;
    } else {
        ++m_resumed;
        if (client.lostNs > 0)
            m_resumeMs.push_back(float(double(nowNs() - client.lostNs) / 1e6));
        client.lostNs = 0;
    }
    if (m_options.failover)
        client.token = std::string(stringField(payload, "token"));
    // What the cluster advertises; idle customers are too many to parse every welcome.
    if (client.role != WsClient::Role::Idle
        && payload.find(R"("endpoints":[)") != std::string_view::npos) {
        const QJsonArray listed = QJsonDocument::fromJson(
            QByteArray::fromRawData(payload.data(), qsizetype(payload.size())))
                                      .object()
                                      .value(QLatin1String("endpoints"))
                                      .toArray();
        for (const QJsonValue &url : listed)
            stats.advertised.insert(url.toString().toStdString());
    }
    if (client.role == WsClient::Role::Agent) {
        send(client, R"({"type":"status","state":"available"})");
        if (resumed)
            resumeAgent(client, payload);
        return;
    }
    const std::string_view conversation = stringField(payload, "id");
    if (!resumed) {
        client.conversation = std::string(conversation);
        return;
    }
    if (conversation == client.conversation) {
        sendSync(client, conversation, client.lastSeq);
    } else { // the old one was closed meanwhile: a new conversation
        client.conversation = std::string(conversation);
        client.lastSeq = 0;
    }
    if (client.role == WsClient::Role::Active) {
        resendUnacked(client);
        if (m_sending && m_options.rate <= 0) {
            for (int i = client.inFlight; i < m_options.window; ++i)
                sendNext(client);
        }
    }
}

void LoadGenerator::resumeAgent(WsClient &client, std::string_view payload)
{
    // Few agents: parse the whole welcome and sync every conversation assigned to it.
    const QJsonArray conversations = QJsonDocument::fromJson(
        QByteArray::fromRawData(payload.data(), qsizetype(payload.size())))
                                         .object()
                                         .value(QLatin1String("conversations"))
                                         .toArray();
    auto &cursors = m_agentCursors[std::size_t(client.index)];
    for (const QJsonValue &value : conversations) {
        const QJsonObject conversation = value.toObject();
        if (conversation.value(QLatin1String("state")).toString() != QLatin1String("assigned"))
            continue;
        const std::string id = conversation.value(QLatin1String("id")).toString().toStdString();
        m_assignedConversations.insert(id);
        const auto cursor = cursors.find(id);
        sendSync(client, id, cursor == cursors.end() ? 0 : cursor->second);
    }
}

void LoadGenerator::sendSync(WsClient &client, std::string_view conversation, qint64 afterSeq)
{
    send(client,
        R"({"type":"sync","conversation":")" + std::string(conversation) + R"(","after_seq":)"
            + std::to_string(afterSeq) + R"(,"limit":1000})");
}

void LoadGenerator::onSynced(WsClient &client, std::string_view payload)
{
    if (payload.find(R"("complete":false)") == std::string_view::npos)
        return;
    // More than one page was missing: go on from the last seq received.
    const std::string_view conversation = stringField(payload, "conversation");
    if (client.role == WsClient::Role::Agent) {
        const auto &cursors = m_agentCursors[std::size_t(client.index)];
        const auto cursor = cursors.find(std::string(conversation));
        sendSync(client, conversation, cursor == cursors.end() ? 0 : cursor->second);
    } else {
        sendSync(client, conversation, client.lastSeq);
    }
}

void LoadGenerator::onAck(WsClient &client, std::string_view payload)
{
    if (m_options.failover)
        client.lastSeq = std::max(client.lastSeq, numberField(payload, "seq"));
    const quint64 key = pendingKey(stringField(payload, "client_id"));
    const auto it = m_pending.find(key);
    if (it == m_pending.end())
        return;
    const qint64 now = nowNs();
    if (m_measuring) {
        ++m_acked;
        m_ackedAfterTerminate += m_terminatedNs != 0;
        m_ackMs.push_back(float(double(now - it->second.sentNs) / 1e6));
    }
    it->second.acked = true;
    if (it->second.delivered || m_options.agents == 0)
        m_pending.erase(it);
}

void LoadGenerator::onMessage(WsClient &client, std::string_view payload)
{
    if (client.role != WsClient::Role::Agent) {
        if (m_options.failover)
            client.lastSeq = std::max(client.lastSeq, numberField(payload, "seq"));
        return;
    }
    if (m_options.failover) {
        qint64 &cursor = m_agentCursors[std::size_t(client.index)]
                                       [std::string(stringField(payload, "conversation"))];
        cursor = std::max(cursor, numberField(payload, "seq"));
    }
    const std::string_view clientId = stringField(payload, "client_id");
    const quint64 key = pendingKey(clientId);
    if (key != 0) {
        const auto it = m_pending.find(key);
        if (it != m_pending.end() && !it->second.delivered) {
            if (m_measuring) {
                const float ms = float(double(nowNs() - it->second.sentNs) / 1e6);
                ++m_delivered;
                m_deliveryMs.push_back(ms);
                if (it->second.endpoint != client.endpoint) {
                    ++m_deliveredCrossNode;
                    m_crossNodeDeliveryMs.push_back(ms);
                }
            }
            it->second.delivered = true;
            if (it->second.acked)
                m_pending.erase(it);
        }
    }
    if (m_options.receipts) {
        const std::string_view conversation = stringField(payload, "conversation");
        const qint64 seq = numberField(payload, "seq");
        if (!conversation.empty() && seq > 0) {
            send(client,
                R"({"type":"delivered","conversation":")" + std::string(conversation)
                    + R"(","seq":)" + std::to_string(seq) + "}");
        }
    }
}

void LoadGenerator::sendNext(WsClient &client)
{
    if (client.state() != WsClient::State::Open || !client.welcomed
        || client.inFlight >= m_options.window)
        return;
    const quint32 n = client.nextMessage++;
    m_pending[(quint64(quint32(client.index) + 1) << 32) | n]
        = Pending { nowNs(), false, false, client.endpoint };
    ++client.inFlight;
    ++m_sent;
    send(client, sendFrame(client.index, n));
}

std::string LoadGenerator::sendFrame(int customer, quint32 n) const
{
    return R"({"type":"send","client_id":"a)" + std::to_string(customer) + "-" + std::to_string(n)
        + R"(","text":")" + m_text + "\"}";
}

void LoadGenerator::resendUnacked(WsClient &client)
{
    // The same client_id again, oldest first: the server stores each once and acks again.
    const quint64 sender = quint64(quint32(client.index) + 1) << 32;
    std::vector<quint32> unacked;
    for (const auto &[key, pending] : m_pending) {
        if ((key & 0xffffffff00000000ull) == sender && !pending.acked)
            unacked.push_back(quint32(key));
    }
    std::sort(unacked.begin(), unacked.end());
    for (const quint32 n : unacked)
        send(client, sendFrame(client.index, n));
}

void LoadGenerator::pace(Loop &loop, qint64 nowNs)
{
    // Open loop: the schedule says how many messages are due by now; spread them over the
    // customers with room in their window. Each loop paces its own customers at its share.
    const std::lock_guard lock(m_lock);
    if (!m_sending || loop.active.empty())
        return;
    const qint64 due = qint64(double(nowNs - m_trafficStartNs) / 1e9 * loop.rate);
    std::size_t tried = 0;
    while (loop.paced < due && tried < loop.active.size()) {
        WsClient &client = *loop.active[loop.paceCursor++ % loop.active.size()];
        if (client.state() == WsClient::State::Open && client.welcomed
            && client.inFlight < m_options.window) {
            sendNext(client);
            ++loop.paced;
            tried = 0;
        } else {
            ++tried;
        }
    }
    if (loop.paced < due) {
        if (m_measuring)
            m_errors["window_full"] += due - loop.paced;
        loop.paced = due; // an open loop does not catch up later
    }
}

void LoadGenerator::terminateNode(qint64 nowNs)
{
    if (m_options.terminatePid <= 0 || m_terminatedNs != 0 || !m_measuring
        || nowNs < m_measureStartNs + qint64(m_options.terminateAfter * 1e9))
        return;
    const std::lock_guard lock(m_lock);
    m_terminatedNs = nowNs;
    if (::kill(pid_t(m_options.terminatePid), SIGTERM) != 0)
        countError("terminate");
}

void LoadGenerator::progress(qint64 now, bool force)
{
    if (!m_options.progress || (!force && now - m_lastProgressNs < 500'000'000))
        return;
    m_lastProgressNs = now;
    int open = m_heldAtConnect;
    // Other loops' connections are theirs to read while they run.
    if (m_workers.empty()) {
        open = 0;
        for (const auto &client : m_clients)
            open += client->welcomed && client->state() == WsClient::State::Open;
    }
    const std::lock_guard lock(m_lock);
    qint64 errors = 0;
    for (const auto &entry : m_errors)
        errors += entry.second;
    const double measured = m_measuring ? double(now - m_measureStartNs) / 1e9 : 0;
    std::fprintf(stderr,
        "\r\033[K%-7s connected %d/%d  acked %lld (%.0f/s)  delivered %lld  failovers %lld  "
        "errors %lld",
        phaseName(int(m_phase.load())), open, m_options.idle + m_options.agents + m_options.active,
        static_cast<long long>(m_acked), measured > 0 ? double(m_acked) / measured : 0.0,
        static_cast<long long>(m_delivered), static_cast<long long>(m_failovers),
        static_cast<long long>(errors));
    if (force)
        std::fputc('\n', stderr);
    std::fflush(stderr);
}

qint64 LoadGenerator::serverRssKb() const
{
    // Several nodes: their sum, or -1 when one cannot be read.
    return residentKb(m_options.serverPids);
}

QByteArray LoadGenerator::report()
{
    int held = 0;
    for (const auto &client : m_clients)
        held += client->welcomed && client->state() == WsClient::State::Open;
    std::vector<int> heldOn(m_options.endpoints.size(), 0);
    for (const auto &client : m_clients)
        heldOn[client->endpoint] += client->welcomed && client->state() == WsClient::State::Open;
    qint64 unanswered = 0;
    int unassigned = 0;
    for (WsClient *client : m_activeClients) {
        unanswered += client->inFlight;
        unassigned += m_options.agents > 0 && !m_assignedConversations.count(client->conversation);
    }
    if (unanswered > 0)
        m_errors["unanswered"] += unanswered;
    // Stored (acked) but never seen by an agent, even after the drain: lost deliveries.
    qint64 undelivered = 0;
    if (m_options.agents > 0) {
        for (const auto &entry : m_pending)
            undelivered += entry.second.acked && !entry.second.delivered;
    }
    if (undelivered > 0)
        m_errors["undelivered"] += undelivered;
    QJsonObject errors;
    qint64 errorsTotal = 0;
    for (const auto &entry : m_errors) {
        errors.insert(QString::fromStdString(entry.first), entry.second);
        if (entry.first != "window_full")
            errorsTotal += entry.second;
    }
    const std::size_t upgrades = m_upgradeNs.size();
    // The first and the last fifth of the idle connections: with none and with many held.
    const std::size_t slice = std::max<std::size_t>(2, upgrades / 5);
    const double idleSeconds = double(m_idleEndNs - m_idleStartNs) / 1e9;
    QJsonObject out {
        { u"idle"_s, m_options.idle },
        { u"agents"_s, m_options.agents },
        { u"active"_s, m_options.active },
        { u"window"_s, m_options.window },
        { u"rate"_s, m_options.rate },
        { u"seconds"_s, m_options.seconds },
        { u"connections_held"_s, held },
        { u"connections_held_at_connect"_s, m_heldAtConnect },
        { u"idle_connect_seconds"_s, std::round(idleSeconds * 1000) / 1000 },
        { u"handshakes_per_s"_s, std::round(idleSeconds > 0 ? double(upgrades) / idleSeconds : 0) },
        { u"handshakes_per_s_first"_s, std::round(rateOver(m_upgradeNs, 0, slice)) },
        { u"handshakes_per_s_last"_s,
            std::round(upgrades > slice ? rateOver(m_upgradeNs, upgrades - slice, upgrades) : 0) },
        { u"sent"_s, m_sent },
        { u"acked_per_s"_s, std::round(double(m_acked) / m_options.seconds) },
        { u"delivered_per_s"_s, std::round(double(m_delivered) / m_options.seconds) },
        { u"ack_ms"_s, percentiles(m_ackMs) },
        { u"delivery_ms"_s, percentiles(m_deliveryMs) },
        { u"undelivered"_s, undelivered },
        { u"active_unassigned"_s, unassigned },
        { u"errors"_s, errors },
        { u"errors_total"_s, errorsTotal },
    };
    QJsonArray endpoints;
    for (std::size_t i = 0; i < m_options.endpoints.size(); ++i) {
        QJsonArray advertised;
        for (const std::string &url : m_endpointStats[i].advertised)
            advertised.append(QString::fromStdString(url));
        endpoints.append(QJsonObject { { u"url"_s, m_options.endpoints[i].url },
            { u"welcomes"_s, m_endpointStats[i].welcomes }, { u"held"_s, heldOn[i] },
            { u"failovers"_s, m_endpointStats[i].failovers }, { u"advertised"_s, advertised } });
    }
    out.insert(u"endpoints"_s, endpoints);
    out.insert(u"threads"_s, int(m_loops.size()));
    if (!m_cpuBefore.empty() && m_cpuAfter.size() == m_cpuBefore.size()) {
        // CPU seconds of the measured traffic only (no connecting, no drain), with what was
        // acked and delivered in it: CPU per message is one division away.
        QJsonArray servers;
        for (std::size_t i = 0; i + 1 < m_cpuAfter.size(); ++i)
            servers.append(m_cpuAfter[i].since(m_cpuBefore[i]).toJson());
        const double window = double(m_cpuEndNs - m_cpuStartNs) / 1e9;
        out.insert(u"cpu"_s,
            QJsonObject { { u"window_s"_s, std::round(window * 1000) / 1000 },
                { u"acked"_s, m_acked }, { u"delivered"_s, m_delivered }, { u"servers"_s, servers },
                { u"bench"_s, m_cpuAfter.back().since(m_cpuBefore.back()).toJson() } });
    }
    out.insert(u"failover"_s, m_options.failover);
    if (m_options.failover) {
        QJsonObject reasons;
        for (const auto &entry : m_failoverReasons)
            reasons.insert(QString::fromStdString(entry.first), entry.second);
        out.insert(u"failovers"_s, m_failovers);
        out.insert(u"failover_reasons"_s, reasons);
        out.insert(u"resumed"_s, m_resumed);
        out.insert(u"resume_ms"_s, percentiles(m_resumeMs));
    }
    if (m_terminatedNs != 0) {
        const double before = double(m_terminatedNs - m_measureStartNs) / 1e9;
        const double after = double(m_measureEndNs - m_terminatedNs) / 1e9;
        out.insert(u"terminated_after_s"_s, std::round(before * 100) / 100);
        out.insert(u"acked_per_s_before_terminate"_s,
            std::round(before > 0 ? double(m_acked - m_ackedAfterTerminate) / before : 0));
        out.insert(u"acked_per_s_after_terminate"_s,
            std::round(after > 0 ? double(m_ackedAfterTerminate) / after : 0));
    }
    if (m_options.endpoints.size() > 1) {
        // A delivery is cross-node when the agent's endpoint is not the one the customer sent to.
        out.insert(u"delivered_cross_node"_s, m_deliveredCrossNode);
        out.insert(u"delivered_same_node"_s, m_delivered - m_deliveredCrossNode);
        out.insert(u"delivery_ms_cross_node"_s, percentiles(m_crossNodeDeliveryMs));
    }
    if (!m_options.serverPids.empty()) {
        const qint64 endKb = serverRssKb();
        out.insert(u"server_rss_kb_before"_s, m_rssBeforeKb);
        out.insert(u"server_rss_kb_connected"_s, m_rssConnectedKb);
        out.insert(u"server_rss_kb_end"_s, endKb);
        if (m_heldAtConnect > 0 && m_rssConnectedKb > 0 && m_rssBeforeKb > 0) {
            out.insert(u"server_rss_per_connection_bytes"_s,
                std::round(
                    double(m_rssConnectedKb - m_rssBeforeKb) * 1024.0 / double(m_heldAtConnect)));
        }
    }
    return QJsonDocument(out).toJson(QJsonDocument::Compact);
}

} // namespace switchboard::bench
