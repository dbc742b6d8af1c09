#include "loadgenerator.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <arpa/inet.h>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <sys/epoll.h>
#include <unistd.h>

namespace switchboard::bench {

namespace {

qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// The string value of "key" in a compact JSON object, or empty. Good enough for the frames
// servers send (no whitespace, and the texts the bench sends contain no quotes).
std::string_view stringField(std::string_view json, std::string_view key)
{
    std::string needle;
    needle.reserve(key.size() + 4);
    needle.append("\"").append(key).append("\":\"");
    const std::size_t at = json.find(needle);
    if (at == std::string_view::npos)
        return {};
    const std::size_t start = at + needle.size();
    const std::size_t end = json.find('"', start);
    return end == std::string_view::npos ? std::string_view() : json.substr(start, end - start);
}

qint64 numberField(std::string_view json, std::string_view key)
{
    std::string needle;
    needle.append("\"").append(key).append("\":");
    const std::size_t at = json.find(needle);
    if (at == std::string_view::npos)
        return -1;
    qint64 value = -1;
    const char *begin = json.data() + at + needle.size();
    std::from_chars(begin, json.data() + json.size(), value);
    return value;
}

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

QJsonObject percentiles(std::vector<float> &samples)
{
    std::sort(samples.begin(), samples.end());
    auto at = [&](double p) {
        if (samples.empty())
            return 0.0;
        const auto index = std::size_t(std::min<double>(
            double(samples.size() - 1), std::ceil(p * double(samples.size())) - 1));
        return std::round(double(samples[index]) * 100.0) / 100.0;
    };
    return { { QStringLiteral("p50"), at(0.50) }, { QStringLiteral("p99"), at(0.99) },
        { QStringLiteral("p999"), at(0.999) },
        { QStringLiteral("samples"), qint64(samples.size()) } };
}

double rateOver(const std::vector<qint64> &times, std::size_t from, std::size_t to)
{
    if (to <= from + 1 || to > times.size())
        return 0;
    const double seconds = double(times[to - 1] - times[from]) / 1e9;
    return seconds > 0 ? double(to - from - 1) / seconds : 0;
}

const char *phaseName(int phase)
{
    static const char *names[] = { "agents", "active", "idle", "traffic", "drain" };
    return names[phase];
}

} // namespace

LoadGenerator::LoadGenerator(BenchOptions options)
    : m_options(std::move(options))
    , m_epoll(::epoll_create1(EPOLL_CLOEXEC))
    , m_text(std::size_t(std::max(1, m_options.messageBytes)), 'x')
{
}

LoadGenerator::~LoadGenerator()
{
    m_clients.clear();
    if (m_epoll >= 0)
        ::close(m_epoll);
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
            poll(10);
    }
    m_idleStartNs = nowNs();
    connectPhase(Phase::Idle, WsClient::Role::Idle, m_options.idle);
    m_idleEndNs = nowNs();
    for (const auto &client : m_clients)
        m_heldAtConnect += client->welcomed && client->state() == WsClient::State::Open;
    // Let the server settle (deferred deletes, buffers) before sampling its memory.
    const qint64 settle = nowNs() + 500'000'000;
    while (nowNs() < settle)
        poll(50);
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
    while (nowNs() < m_measureEndNs) {
        const qint64 now = nowNs();
        if (!m_measuring && now >= m_measureStartNs) {
            m_measuring = true;
            m_acked = m_delivered = 0;
            m_ackMs.clear();
            m_deliveryMs.clear();
        }
        if (m_options.rate > 0)
            pace(now);
        poll(m_options.rate > 0 ? 1 : 20);
        progress(nowNs());
    }
    m_measuring = false;
    m_sending = false;
    m_phase = Phase::Drain;
    // Collect what is still in flight (not counted in the rates) for up to 2 s.
    const qint64 drainEnd = nowNs() + 2'000'000'000;
    while (nowNs() < drainEnd) {
        bool waiting = false;
        for (WsClient *client : m_activeClients)
            waiting = waiting || client->inFlight > 0;
        if (!waiting)
            break;
        poll(10);
    }
    progress(nowNs(), true);
    return report();
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
            startClient(*client);
            if (role == WsClient::Role::Active)
                m_activeClients.push_back(client.get());
            m_clients.push_back(std::move(client));
        }
        poll(5);
        progress(nowNs());
    }
    const int missing = count - m_welcomedInPhase - m_failedInPhase;
    if (missing > 0)
        m_errors["phase_timeout"] += missing;
    return missing == 0 && m_failedInPhase == 0;
}

void LoadGenerator::startClient(WsClient &client)
{
    quint32 source = 0;
    if (m_options.sources > 0) {
        // 127.0.0.1 … 127.0.0.<sources>, in turn.
        source = htonl((127u << 24) | quint32(1 + m_sourceCursor++ % quint64(m_options.sources)));
    }
    client.startedNs = nowNs();
    if (!client.start(source, m_options.target, m_options.port)) {
        countError("connect");
        ++m_failedInPhase;
        return;
    }
    ++m_inHandshake;
    epoll_event event {};
    event.events = EPOLLIN | EPOLLOUT;
    event.data.ptr = &client;
    client.writeArmed = true;
    ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, client.fd(), &event);
}

void LoadGenerator::poll(int timeoutMs)
{
    epoll_event events[512];
    const int ready = ::epoll_wait(m_epoll, events, 512, timeoutMs);
    for (int i = 0; i < ready; ++i)
        onEvent(*static_cast<WsClient *>(events[i].data.ptr), events[i].events);
}

void LoadGenerator::onEvent(WsClient &client, quint32 events)
{
    if (client.state() == WsClient::State::Closed)
        return;
    if (client.state() == WsClient::State::Connecting) {
        if (!(events & (EPOLLOUT | EPOLLERR | EPOLLHUP)))
            return;
        if (!client.onConnected(m_options.port)) {
            countError("connect");
            drop(client);
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
        const bool alive = client.onReadable(
            [this](WsClient &c, std::string_view payload) { onText(c, payload); });
        if (wasUpgrading && client.upgraded) {
            if (m_phase == Phase::Idle)
                m_upgradeNs.push_back(nowNs());
            std::string hello;
            if (client.role == WsClient::Role::Agent) {
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
        if (!alive) {
            const int code = client.closeCode();
            if (!client.upgraded)
                countError(code >= 100 && code < 600 ? "http_" + std::to_string(code)
                                                     : std::string("upgrade"));
            else
                countError("closed_" + std::to_string(code));
            drop(client);
            return;
        }
        armWrite(client, client.wantsWrite());
    }
}

void LoadGenerator::armWrite(WsClient &client, bool on)
{
    if (client.writeArmed == on || client.fd() < 0)
        return;
    client.writeArmed = on;
    epoll_event event {};
    event.events = EPOLLIN | (on ? EPOLLOUT : 0u);
    event.data.ptr = &client;
    ::epoll_ctl(m_epoll, EPOLL_CTL_MOD, client.fd(), &event);
}

void LoadGenerator::send(WsClient &client, std::string_view payload)
{
    client.sendText(payload);
    armWrite(client, client.wantsWrite());
}

void LoadGenerator::drop(WsClient &client)
{
    if (!client.welcomed) {
        --m_inHandshake;
        ++m_failedInPhase;
    }
    if (client.fd() >= 0)
        ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, client.fd(), nullptr);
    client.close();
    client.inFlight = 0;
}

void LoadGenerator::onText(WsClient &client, std::string_view payload)
{
    const std::string_view type = stringField(payload, "type");
    if (type == "ack") {
        onAck(payload);
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
    } else if (type == "error") {
        countError("error_" + std::string(stringField(payload, "code")));
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
    --m_inHandshake;
    ++m_welcomedInPhase;
    if (client.role == WsClient::Role::Agent)
        send(client, R"({"type":"status","state":"available"})");
    else
        client.conversation = std::string(stringField(payload, "id"));
}

void LoadGenerator::onAck(std::string_view payload)
{
    const quint64 key = pendingKey(stringField(payload, "client_id"));
    const auto it = m_pending.find(key);
    if (it == m_pending.end())
        return;
    const qint64 now = nowNs();
    if (m_measuring) {
        ++m_acked;
        m_ackMs.push_back(float(double(now - it->second.sentNs) / 1e6));
    }
    it->second.acked = true;
    if (it->second.delivered || m_options.agents == 0)
        m_pending.erase(it);
}

void LoadGenerator::onMessage(WsClient &client, std::string_view payload)
{
    if (client.role != WsClient::Role::Agent)
        return;
    const std::string_view clientId = stringField(payload, "client_id");
    const quint64 key = pendingKey(clientId);
    if (key != 0) {
        const auto it = m_pending.find(key);
        if (it != m_pending.end() && !it->second.delivered) {
            if (m_measuring) {
                ++m_delivered;
                m_deliveryMs.push_back(float(double(nowNs() - it->second.sentNs) / 1e6));
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
    const std::string clientId = "a" + std::to_string(client.index) + "-" + std::to_string(n);
    m_pending[(quint64(quint32(client.index) + 1) << 32) | n] = Pending { nowNs(), false, false };
    ++client.inFlight;
    ++m_sent;
    send(client, R"({"type":"send","client_id":")" + clientId + R"(","text":")" + m_text + "\"}");
}

void LoadGenerator::pace(qint64 nowNs)
{
    // Open loop: the schedule says how many messages are due by now; spread them over the
    // customers with room in their window.
    const qint64 due = qint64(double(nowNs - m_trafficStartNs) / 1e9 * m_options.rate);
    std::size_t tried = 0;
    while (m_paced < due && tried < m_activeClients.size()) {
        WsClient &client = *m_activeClients[m_paceCursor++ % m_activeClients.size()];
        if (client.state() == WsClient::State::Open && client.welcomed
            && client.inFlight < m_options.window) {
            sendNext(client);
            ++m_paced;
            tried = 0;
        } else {
            ++tried;
        }
    }
    if (m_paced < due) {
        if (m_measuring)
            m_errors["window_full"] += due - m_paced;
        m_paced = due; // an open loop does not catch up later
    }
}

void LoadGenerator::progress(qint64 now, bool force)
{
    if (!m_options.progress || (!force && now - m_lastProgressNs < 500'000'000))
        return;
    m_lastProgressNs = now;
    int open = 0;
    for (const auto &client : m_clients)
        open += client->welcomed && client->state() == WsClient::State::Open;
    qint64 errors = 0;
    for (const auto &entry : m_errors)
        errors += entry.second;
    const double measured = m_measuring ? double(now - m_measureStartNs) / 1e9 : 0;
    std::fprintf(stderr,
        "\r\033[K%-7s connected %d/%d  acked %lld (%.0f/s)  delivered %lld  errors %lld",
        phaseName(int(m_phase)), open, m_options.idle + m_options.agents + m_options.active,
        static_cast<long long>(m_acked), measured > 0 ? double(m_acked) / measured : 0.0,
        static_cast<long long>(m_delivered), static_cast<long long>(errors));
    if (force)
        std::fputc('\n', stderr);
    std::fflush(stderr);
}

qint64 LoadGenerator::serverRssKb() const
{
    if (m_options.serverPid <= 0)
        return -1;
    QFile status(QStringLiteral("/proc/%1/status").arg(m_options.serverPid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

QByteArray LoadGenerator::report()
{
    int held = 0;
    for (const auto &client : m_clients)
        held += client->welcomed && client->state() == WsClient::State::Open;
    qint64 unanswered = 0;
    for (WsClient *client : m_activeClients)
        unanswered += client->inFlight;
    if (unanswered > 0)
        m_errors["unanswered"] += unanswered;
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
        { QStringLiteral("idle"), m_options.idle },
        { QStringLiteral("agents"), m_options.agents },
        { QStringLiteral("active"), m_options.active },
        { QStringLiteral("window"), m_options.window },
        { QStringLiteral("rate"), m_options.rate },
        { QStringLiteral("seconds"), m_options.seconds },
        { QStringLiteral("connections_held"), held },
        { QStringLiteral("connections_held_at_connect"), m_heldAtConnect },
        { QStringLiteral("idle_connect_seconds"), std::round(idleSeconds * 1000) / 1000 },
        { QStringLiteral("handshakes_per_s"),
            std::round(idleSeconds > 0 ? double(upgrades) / idleSeconds : 0) },
        { QStringLiteral("handshakes_per_s_first"), std::round(rateOver(m_upgradeNs, 0, slice)) },
        { QStringLiteral("handshakes_per_s_last"),
            std::round(upgrades > slice ? rateOver(m_upgradeNs, upgrades - slice, upgrades) : 0) },
        { QStringLiteral("sent"), m_sent },
        { QStringLiteral("acked_per_s"), std::round(double(m_acked) / m_options.seconds) },
        { QStringLiteral("delivered_per_s"), std::round(double(m_delivered) / m_options.seconds) },
        { QStringLiteral("ack_ms"), percentiles(m_ackMs) },
        { QStringLiteral("delivery_ms"), percentiles(m_deliveryMs) },
        { QStringLiteral("errors"), errors },
        { QStringLiteral("errors_total"), errorsTotal },
    };
    if (m_options.serverPid > 0) {
        const qint64 endKb = serverRssKb();
        out.insert(QStringLiteral("server_rss_kb_before"), m_rssBeforeKb);
        out.insert(QStringLiteral("server_rss_kb_connected"), m_rssConnectedKb);
        out.insert(QStringLiteral("server_rss_kb_end"), endKb);
        if (m_heldAtConnect > 0 && m_rssConnectedKb > 0 && m_rssBeforeKb > 0) {
            out.insert(QStringLiteral("server_rss_per_connection_bytes"),
                std::round(
                    double(m_rssConnectedKb - m_rssBeforeKb) * 1024.0 / double(m_heldAtConnect)));
        }
    }
    return QJsonDocument(out).toJson(QJsonDocument::Compact);
}

} // namespace switchboard::bench
