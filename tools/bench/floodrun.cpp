#include "floodrun.h"

#include "benchsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <pthread.h>
#include <sys/epoll.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace switchboard::bench {

namespace {

// How often the servers' RSS is read during the flood.
constexpr qint64 rssEveryNs = 100'000'000;

// "p<n>" → n; -1 when it is not a probe message.
qint64 probeNumber(std::string_view clientId)
{
    if (clientId.size() < 2 || clientId[0] != 'p')
        return -1;
    quint32 n = 0;
    const auto parsed = std::from_chars(clientId.data() + 1, clientId.data() + clientId.size(), n);
    return parsed.ec == std::errc() ? qint64(n) : -1;
}

QJsonObject countsOf(const std::map<std::string, qint64> &counts)
{
    QJsonObject out;
    for (const auto &[name, count] : counts)
        out.insert(QString::fromStdString(name), count);
    return out;
}

double rounded(double value, double scale = 100)
{
    return std::round(value * scale) / scale;
}

} // namespace

FloodRun::FloodRun(BenchOptions options)
    : m_options(std::move(options))
    , m_epoll(::epoll_create1(EPOLL_CLOEXEC))
    , m_probeEpoll(::epoll_create1(EPOLL_CLOEXEC))
{
    m_probe.kind = Kind::Probe;
    m_agent.kind = Kind::Agent;
    m_visitors.reserve(std::size_t(m_options.floodConcurrency));
}

FloodRun::~FloodRun()
{
    m_probeRun = false;
    if (m_probeThread.joinable())
        m_probeThread.join();
    m_visitors.clear();
    m_probe.client.close();
    m_agent.client.close();
    for (const int epoll : { m_epoll, m_probeEpoll }) {
        if (epoll >= 0)
            ::close(epoll);
    }
}

QByteArray FloodRun::run()
{
    const qint64 deadline = nowNs() + qint64(m_options.phaseTimeout * 1e9);
    m_rssBeforeKb = residentKb(m_options.serverPids);
    m_rssPeakKb = m_rssBeforeKb;

    // The agent first, so the probe's conversation is assigned to it at once.
    if (!startSlot(m_agent, m_options.agentSource))
        ++m_probeErrors["agent_connect"];
    while (m_agent.client.state() != WsClient::State::Closed && !m_agent.client.welcomed
        && nowNs() < deadline)
        poll(m_probeEpoll, 10);
    if (!startSlot(m_probe, m_options.probeSource))
        ++m_probeErrors["probe_connect"];
    const qint64 assignDeadline = std::min(deadline, nowNs() + 10'000'000'000);
    while (m_probe.client.state() != WsClient::State::Closed && !m_probeAssigned
        && nowNs() < assignDeadline) {
        poll(m_probeEpoll, 10);
        m_probeAssigned
            = m_probe.client.welcomed && m_agentConversations.count(m_probeConversation) > 0;
    }
    if (!m_probeAssigned)
        ++m_probeErrors["probe_unassigned"];

    sampleCpu(m_cpuBefore);
    m_floodStartNs = m_probeStartNs = nowNs();
    m_lastRssNs = m_floodStartNs;
    m_probeRun = true;
    m_probeThread = std::thread([this] { runProbe(); });
    for (int i = 0; i < m_options.floodConcurrency; ++i) {
        m_visitors.push_back(std::make_unique<Slot>());
        m_free.push_back(m_visitors.back().get());
    }
    qint64 now = nowNs();
    while (m_finished < m_options.floodVisitors && now < deadline) {
        // Only between batches: a descriptor closed in one may come back in the next connect.
        refillVisitors();
        poll(m_epoll, 1);
        now = nowNs();
        sampleRss(now);
        progress(now);
    }
    m_floodEndNs = nowNs();
    sampleCpu(m_cpuAfter);
    m_rssFloodEndKb = residentKb(m_options.serverPids);
    if (m_finished < m_options.floodVisitors)
        m_errors["flood_timeout"] += m_options.floodVisitors - m_finished;
    for (const auto &slot : m_visitors) {
        if (slot->client.fd() >= 0)
            ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, slot->client.fd(), nullptr);
        slot->client.close();
    }

    // The probe goes on after the flood (its slices say "after"), then stops.
    const qint64 tailEnd = nowNs() + qint64(m_options.drain * 1e9);
    while ((now = nowNs()) < tailEnd) {
        ::usleep(10'000);
        sampleRss(nowNs());
    }
    m_probeRun = false;
    m_probeThread.join();
    m_rssEndKb = residentKb(m_options.serverPids);
    progress(nowNs(), true);
    return report();
}

void FloodRun::sampleCpu(std::vector<ProcessCpu> &into) const
{
    into.clear();
    for (const qint64 pid : m_options.serverPids)
        into.push_back(ProcessCpu::read(pid));
    into.push_back(ProcessCpu::read(::getpid()));
}

void FloodRun::runProbe()
{
    ::pthread_setname_np(::pthread_self(), "bench-probe");
    while (m_probeRun) {
        paceProbe(nowNs());
        poll(m_probeEpoll, 1);
    }
    // The last acks and deliveries.
    const qint64 deadline = nowNs() + 2'000'000'000;
    while (nowNs() < deadline
        && ((!m_probeInFlight.empty() && m_probe.client.state() == WsClient::State::Open)
            || (!m_probeUndelivered.empty() && m_agent.client.state() == WsClient::State::Open)))
        poll(m_probeEpoll, 10);
}

bool FloodRun::startSlot(Slot &slot, quint32 source)
{
    const Endpoint &endpoint = m_options.endpoints.front();
    slot.decided = false;
    if (!slot.client.start(source, endpoint.address, endpoint.port))
        return false;
    epoll_event event {};
    event.events = EPOLLIN | EPOLLOUT;
    event.data.ptr = &slot;
    slot.client.writeArmed = true;
    ::epoll_ctl(epollOf(slot), EPOLL_CTL_ADD, slot.client.fd(), &event);
    return true;
}

void FloodRun::refillVisitors()
{
    while (!m_free.empty() && m_started < m_options.floodVisitors) {
        Slot *slot = m_free.back();
        m_free.pop_back();
        slot->visitor = m_started++;
        if (!startSlot(*slot, m_options.floodSource)) {
            // Out of source ports or descriptors: counted, and the next visitor tries again.
            slot->decided = false;
            ended(*slot, "connect");
        }
    }
}

void FloodRun::poll(int epoll, int timeoutMs)
{
    epoll_event events[512];
    const int ready = ::epoll_wait(epoll, events, 512, timeoutMs);
    for (int i = 0; i < ready; ++i)
        onEvent(*static_cast<Slot *>(events[i].data.ptr), events[i].events);
}

void FloodRun::onEvent(Slot &slot, quint32 events)
{
    WsClient &client = slot.client;
    if (client.state() == WsClient::State::Closed)
        return;
    if (client.state() == WsClient::State::Connecting) {
        if (!(events & (EPOLLOUT | EPOLLERR | EPOLLHUP)))
            return;
        if (!client.onConnected(m_options.endpoints.front().port)) {
            ended(slot, "connect");
            return;
        }
        armWrite(slot, client.wantsWrite());
        return;
    }
    if (events & EPOLLOUT) {
        client.flush();
        armWrite(slot, client.wantsWrite());
    }
    if (!(events & (EPOLLIN | EPOLLERR | EPOLLHUP)))
        return;
    const bool wasUpgrading = client.state() == WsClient::State::Upgrading;
    const bool alive = client.onReadable(
        [this, &slot](WsClient &, std::string_view payload) { onText(slot, payload); });
    if (wasUpgrading && client.upgraded && client.state() == WsClient::State::Open)
        sendHello(slot);
    if (!alive || client.state() == WsClient::State::Closed) {
        const int code = client.closeCode();
        if (!slot.decided && !client.upgraded && code == 429 && slot.kind == Kind::Visitor) {
            decide(slot,
                client.refusedWithRetryAfter ? Outcome::RefusedAtUpgrade
                                             : Outcome::RefusedWithoutRetry);
        }
        if (slot.decided)
            ended(slot, {});
        else if (!client.upgraded)
            ended(slot,
                code >= 100 && code < 600 ? "http_" + std::to_string(code)
                                          : std::string("upgrade"));
        else
            ended(slot, "closed_" + std::to_string(code));
        return;
    }
    armWrite(slot, client.wantsWrite());
}

void FloodRun::sendHello(Slot &slot)
{
    switch (slot.kind) {
    case Kind::Agent:
        send(slot,
            R"({"type":"hello","v":1,"role":"agent","login":")"
                + m_options.agentPrefix.toStdString() + R"(0","password":")"
                + m_options.agentPassword.toStdString() + "\"}");
        break;
    case Kind::Probe:
        send(slot, R"({"type":"hello","v":1,"role":"customer","token":null,"name":"Probe"})");
        break;
    case Kind::Visitor:
        send(slot,
            R"({"type":"hello","v":1,"role":"customer","token":null,"name":"Flood )"
                + std::to_string(slot.visitor) + "\"}");
        break;
    }
}

void FloodRun::onText(Slot &slot, std::string_view payload)
{
    const std::string_view type = stringField(payload, "type");
    switch (slot.kind) {
    case Kind::Visitor:
        onVisitorText(slot, type, payload);
        break;
    case Kind::Probe:
        onProbeText(type, payload);
        break;
    case Kind::Agent:
        onAgentText(type, payload);
        break;
    }
}

void FloodRun::onVisitorText(Slot &slot, std::string_view type, std::string_view payload)
{
    if (slot.decided)
        return;
    if (type == "welcome") {
        slot.client.welcomed = true;
        send(slot,
            R"({"type":"send","client_id":"f)" + std::to_string(slot.visitor)
                + R"(","text":"hello?"})");
    } else if (type == "ack") {
        decide(slot, Outcome::Accepted);
        slot.client.leave(1000); // wrote, and went away
    } else if (type == "error") {
        const std::string_view code = stringField(payload, "code");
        const bool retryGiven = numberField(payload, "retry_after_s") > 0;
        if ((code == "rate_limited" || code == "overloaded") && !retryGiven)
            decide(slot, Outcome::RefusedWithoutRetry);
        else if (code == "rate_limited")
            decide(slot, Outcome::RefusedRate);
        else if (code == "overloaded")
            decide(slot, Outcome::RefusedCapacity);
        else
            decide(slot, Outcome::Error, "error_" + std::string(code));
        // The server closes the connection after a refusal: wait for its close.
    }
}

void FloodRun::onProbeText(std::string_view type, std::string_view payload)
{
    if (type == "welcome") {
        m_probe.client.welcomed = true;
        m_probeConversation = std::string(stringField(payload, "id"));
    } else if (type == "ack") {
        const qint64 n = probeNumber(stringField(payload, "client_id"));
        const auto it = m_probeInFlight.find(quint32(std::max<qint64>(n, 0)));
        if (n < 0 || it == m_probeInFlight.end())
            return;
        m_probeAcks.push_back({ it->second, float(double(nowNs() - it->second) / 1e6) });
        ++m_probeAcked;
        m_probeInFlight.erase(it);
    } else if (type == "error") {
        ++m_probeErrors["error_" + std::string(stringField(payload, "code"))];
        const qint64 n = probeNumber(stringField(payload, "ref"));
        if (n >= 0)
            m_probeInFlight.erase(quint32(n));
    }
}

void FloodRun::onAgentText(std::string_view type, std::string_view payload)
{
    if (type == "welcome") {
        m_agent.client.welcomed = true;
        send(m_agent, R"({"type":"status","state":"available"})");
    } else if (type == "assigned") {
        m_agentConversations.emplace(stringField(payload, "id"));
    } else if (type == "message") {
        const qint64 n = probeNumber(stringField(payload, "client_id"));
        const auto it = m_probeUndelivered.find(quint32(std::max<qint64>(n, 0)));
        if (n < 0 || it == m_probeUndelivered.end())
            return;
        m_probeDeliveries.push_back({ it->second, float(double(nowNs() - it->second) / 1e6) });
        ++m_probeDelivered;
        m_probeUndelivered.erase(it);
    }
}

void FloodRun::decide(Slot &slot, Outcome outcome, const std::string &error)
{
    if (slot.decided)
        return;
    slot.decided = true;
    ++m_finished;
    Slice &slice = sliceAt(nowNs());
    switch (outcome) {
    case Outcome::Accepted:
        ++m_accepted;
        ++slice.accepted;
        break;
    case Outcome::RefusedRate:
        ++m_refusedRate;
        ++slice.refused;
        break;
    case Outcome::RefusedCapacity:
        ++m_refusedCapacity;
        ++slice.refused;
        break;
    case Outcome::RefusedAtUpgrade:
        ++m_refusedAtUpgrade;
        ++slice.refused;
        break;
    case Outcome::RefusedWithoutRetry:
        ++m_refusedWithoutRetry;
        ++slice.refused;
        break;
    case Outcome::Error:
        ++m_errors[error];
        ++slice.errors;
        break;
    }
}

void FloodRun::ended(Slot &slot, const std::string &reason)
{
    if (slot.client.fd() >= 0)
        ::epoll_ctl(epollOf(slot), EPOLL_CTL_DEL, slot.client.fd(), nullptr);
    slot.client.close();
    slot.client.writeArmed = false;
    switch (slot.kind) {
    case Kind::Visitor:
        if (!slot.decided)
            decide(slot, Outcome::Error, reason);
        m_free.push_back(&slot);
        break;
    case Kind::Probe:
        ++m_probeErrors["probe_lost_" + reason];
        break;
    case Kind::Agent:
        ++m_probeErrors["agent_lost_" + reason];
        break;
    }
}

void FloodRun::paceProbe(qint64 now)
{
    const qint64 due = qint64(double(now - m_probeStartNs) / 1e9 * m_options.probeRate);
    if (m_probe.client.state() != WsClient::State::Open || !m_probe.client.welcomed) {
        m_probePaced = due;
        return;
    }
    while (m_probePaced < due) {
        ++m_probePaced;
        const quint32 n = m_probeNext++;
        const qint64 sentNs = nowNs();
        m_probeInFlight[n] = sentNs;
        m_probeUndelivered[n] = sentNs;
        m_probeSentNs.push_back(sentNs);
        send(m_probe,
            R"({"type":"send","client_id":"p)" + std::to_string(n) + R"(","text":"probe )"
                + std::to_string(n) + "\"}");
    }
}

void FloodRun::sampleRss(qint64 now)
{
    if (m_options.serverPids.empty() || now - m_lastRssNs < rssEveryNs)
        return;
    m_lastRssNs = now;
    const qint64 kb = residentKb(m_options.serverPids);
    m_rssPeakKb = std::max(m_rssPeakKb, kb);
    Slice &slice = sliceAt(now);
    slice.rssPeakKb = std::max(slice.rssPeakKb, kb);
}

FloodRun::Slice &FloodRun::sliceAt(qint64 ns)
{
    const qint64 length = qint64(m_options.sliceSeconds * 1e9);
    const auto index = std::size_t(std::max<qint64>(0, ns - m_floodStartNs) / length);
    if (m_slices.size() <= index)
        m_slices.resize(index + 1);
    return m_slices[index];
}

void FloodRun::armWrite(Slot &slot, bool on)
{
    WsClient &client = slot.client;
    if (client.writeArmed == on || client.fd() < 0)
        return;
    client.writeArmed = on;
    epoll_event event {};
    event.events = EPOLLIN | (on ? EPOLLOUT : 0u);
    event.data.ptr = &slot;
    ::epoll_ctl(epollOf(slot), EPOLL_CTL_MOD, client.fd(), &event);
}

void FloodRun::send(Slot &slot, std::string_view payload)
{
    slot.client.sendText(payload);
    armWrite(slot, slot.client.wantsWrite());
}

void FloodRun::progress(qint64 now, bool force)
{
    if (!m_options.progress || (!force && now - m_lastProgressNs < 500'000'000))
        return;
    m_lastProgressNs = now;
    const qint64 refused
        = m_refusedRate + m_refusedCapacity + m_refusedAtUpgrade + m_refusedWithoutRetry;
    std::fprintf(stderr,
        "\r\033[Kflood %d/%d  accepted %lld  refused %lld  errors %d  probe acked %lld  rss %lld "
        "KiB",
        m_finished, m_options.floodVisitors, static_cast<long long>(m_accepted),
        static_cast<long long>(refused), m_finished - int(m_accepted + refused),
        static_cast<long long>(m_probeAcked.load()), static_cast<long long>(m_rssPeakKb));
    if (force)
        std::fputc('\n', stderr);
    std::fflush(stderr);
}

QByteArray FloodRun::report()
{
    qint64 errorsTotal = 0;
    for (const auto &entry : m_errors)
        errorsTotal += entry.second;
    std::map<std::string, qint64> probeErrors = m_probeErrors;
    if (!m_probeInFlight.empty())
        probeErrors["unacked"] += qint64(m_probeInFlight.size());
    if (!m_probeUndelivered.empty())
        probeErrors["undelivered"] += qint64(m_probeUndelivered.size());
    const double floodSeconds = double(m_floodEndNs - m_floodStartNs) / 1e9;
    const qint64 probeSent = m_probeNext;
    // The probe's samples by when they were sent: over the flood, and into their slices.
    std::vector<float> ackMs;
    std::vector<float> deliveryMs;
    for (const qint64 sentNs : m_probeSentNs)
        ++sliceAt(sentNs).probeSent;
    for (const Sample &sample : m_probeAcks) {
        sliceAt(sample.sentNs).ackMs.push_back(sample.ms);
        if (sample.sentNs < m_floodEndNs)
            ackMs.push_back(sample.ms);
    }
    for (const Sample &sample : m_probeDeliveries) {
        if (sample.sentNs < m_floodEndNs)
            deliveryMs.push_back(sample.ms);
    }

    QJsonArray slices;
    const double length = m_options.sliceSeconds;
    for (std::size_t i = 0; i < m_slices.size(); ++i) {
        Slice &slice = m_slices[i];
        const QJsonObject ack = percentiles(slice.ackMs);
        const qint64 startNs = m_floodStartNs + qint64(double(i) * length * 1e9);
        slices.append(QJsonObject { { u"from_s"_s, rounded(double(i) * length) },
            { u"during_flood"_s, startNs < m_floodEndNs }, { u"probe_sent"_s, slice.probeSent },
            { u"probe_acked"_s, ack.value(u"samples"_s) }, { u"ack_ms_p50"_s, ack.value(u"p50"_s) },
            { u"ack_ms_p99"_s, ack.value(u"p99"_s) }, { u"ack_ms_max"_s, ack.value(u"max"_s) },
            { u"accepted"_s, slice.accepted }, { u"refused"_s, slice.refused },
            { u"errors"_s, slice.errors }, { u"server_rss_kb_peak"_s, slice.rssPeakKb } });
    }
    QJsonObject probe {
        { u"rate"_s, m_options.probeRate },
        { u"assigned"_s, m_probeAssigned },
        { u"sent"_s, probeSent },
        { u"acked"_s, m_probeAcked.load() },
        { u"delivered"_s, m_probeDelivered },
        // Over the flood only: messages sent before its last visitor was counted.
        { u"ack_ms"_s, percentiles(ackMs) },
        { u"delivery_ms"_s, percentiles(deliveryMs) },
        { u"errors"_s, countsOf(probeErrors) },
    };
    QJsonObject out {
        { u"mode"_s, u"flood"_s },
        { u"flood_visitors"_s, m_options.floodVisitors },
        { u"concurrency"_s, m_options.floodConcurrency },
        { u"flood_seconds"_s, rounded(floodSeconds, 1000) },
        { u"visitors_per_s"_s,
            std::round(floodSeconds > 0 ? double(m_finished) / floodSeconds : 0) },
        { u"finished"_s, m_finished },
        { u"accepted"_s, m_accepted },
        { u"refused_rate_limited"_s, m_refusedRate },
        { u"refused_capacity"_s, m_refusedCapacity },
        { u"refused_at_upgrade"_s, m_refusedAtUpgrade },
        { u"refused_without_retry"_s, m_refusedWithoutRetry },
        { u"errors"_s, countsOf(m_errors) },
        { u"errors_total"_s, errorsTotal },
        { u"probe"_s, probe },
        { u"slice_seconds"_s, length },
        { u"slices"_s, slices },
    };
    if (!m_cpuBefore.empty() && m_cpuAfter.size() == m_cpuBefore.size()) {
        // CPU seconds over the flood: the servers (per thread) and this process.
        QJsonArray servers;
        for (std::size_t i = 0; i + 1 < m_cpuAfter.size(); ++i)
            servers.append(m_cpuAfter[i].since(m_cpuBefore[i]).toJson());
        out.insert(u"cpu"_s,
            QJsonObject { { u"window_s"_s, rounded(floodSeconds, 1000) }, { u"servers"_s, servers },
                { u"bench"_s, m_cpuAfter.back().since(m_cpuBefore.back()).toJson() } });
    }
    if (!m_options.serverPids.empty()) {
        out.insert(u"server_rss_kb_before"_s, m_rssBeforeKb);
        out.insert(u"server_rss_kb_peak"_s, m_rssPeakKb);
        out.insert(u"server_rss_kb_flood_end"_s, m_rssFloodEndKb);
        out.insert(u"server_rss_kb_end"_s, m_rssEndKb);
    }
    return QJsonDocument(out).toJson(QJsonDocument::Compact);
}

} // namespace switchboard::bench
