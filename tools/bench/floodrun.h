#pragma once

#include "benchoptions.h"
#include "processcpu.h"
#include "wsclient.h"

#include <QByteArray>
#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace switchboard::bench {

// --flood-visitors N: one address (--flood-source) opens N new visitors as fast as it can,
// `floodConcurrency` at a time; each says hello without a token, writes one message once
// welcomed and leaves. Each visitor is counted once: accepted (its message acked), refused
// (`rate_limited` or `overloaded`, with or without a retry time) or an error. Meanwhile a probe
// visitor from another address (--probe-source) writes to an agent (--agent-source) at a steady
// rate, and its ack and delivery latencies are kept for the whole flood and per time slice;
// the servers' RSS (--server-pid) is sampled throughout. The flood runs on the main thread's
// epoll set, the probe and its agent on a thread and epoll set of their own, so a flood loop
// busy with thousands of connections does not delay reading the probe's acks.
class FloodRun final {
public:
    explicit FloodRun(BenchOptions options);
    ~FloodRun();
    Q_DISABLE_COPY_MOVE(FloodRun)

    // Runs the flood; returns the JSON report line (without newline).
    QByteArray run();

private:
    enum class Kind { Visitor, Probe, Agent };
    enum class Outcome {
        Accepted,
        RefusedRate,
        RefusedCapacity,
        RefusedAtUpgrade,
        RefusedWithoutRetry,
        Error
    };
    struct Slot {
        Kind kind = Kind::Visitor;
        WsClient client;
        int visitor = -1; // which flood visitor this slot carries now
        bool decided = false; // its outcome is counted
    };
    // Latencies and counts of one time slice of the flood (by when the probe sent).
    struct Slice {
        std::vector<float> ackMs;
        qint64 probeSent = 0;
        qint64 accepted = 0;
        qint64 refused = 0;
        qint64 errors = 0;
        qint64 rssPeakKb = -1;
    };

    bool startSlot(Slot &slot, quint32 source);
    void poll(int epoll, int timeoutMs);
    int epollOf(const Slot &slot) const
    {
        return slot.kind == Kind::Visitor ? m_epoll : m_probeEpoll;
    }
    void runProbe(); // the probe's thread
    void onEvent(Slot &slot, quint32 events);
    void sendHello(Slot &slot);
    void onText(Slot &slot, std::string_view payload);
    void onVisitorText(Slot &slot, std::string_view type, std::string_view payload);
    void onProbeText(std::string_view type, std::string_view payload);
    void onAgentText(std::string_view type, std::string_view payload);
    void ended(Slot &slot, const std::string &reason);
    void decide(Slot &slot, Outcome outcome, const std::string &error = {});
    void refillVisitors();
    void paceProbe(qint64 nowNs);
    void sampleRss(qint64 nowNs);
    Slice &sliceAt(qint64 ns);
    void progress(qint64 nowNs, bool force = false);
    void armWrite(Slot &slot, bool on);
    void send(Slot &slot, std::string_view payload);
    qint64 serverRssKb() const;
    QByteArray report();

    BenchOptions m_options;
    int m_epoll = -1; // the flood's
    int m_probeEpoll = -1; // the probe's and the agent's
    std::thread m_probeThread;
    std::atomic<bool> m_probeRun { false };
    std::vector<std::unique_ptr<Slot>> m_visitors;
    std::vector<Slot *> m_free; // visitor slots with no connection, to carry the next visitor
    Slot m_probe;
    Slot m_agent;

    int m_started = 0; // flood visitors begun
    int m_finished = 0; // flood visitors counted (accepted, refused or an error)
    qint64 m_accepted = 0;
    qint64 m_refusedRate = 0; // rate_limited with a retry time
    qint64 m_refusedCapacity = 0; // overloaded with a retry time
    // HTTP 429 with Retry-After to the upgrade: the address holds too many connections that
    // have not been welcomed (pending-hellos-per-address).
    qint64 m_refusedAtUpgrade = 0;
    qint64 m_refusedWithoutRetry = 0; // any, but no retry time: the server's bug
    std::map<std::string, qint64> m_errors;

    // The probe and its agent.
    bool m_probeAssigned = false;
    std::string m_probeConversation;
    std::unordered_set<std::string> m_agentConversations; // from the agent's `assigned` frames
    std::unordered_map<quint32, qint64> m_probeInFlight; // message → sent at (ns)
    std::unordered_map<quint32, qint64> m_probeUndelivered; // message → sent at (ns)
    quint32 m_probeNext = 0;
    qint64 m_probePaced = 0;
    // A probe message's latency with when it was sent, to sort it into its slice at the end.
    struct Sample {
        qint64 sentNs = 0;
        float ms = 0;
    };
    std::atomic<qint64> m_probeAcked { 0 };
    qint64 m_probeDelivered = 0;
    std::vector<Sample> m_probeAcks;
    std::vector<Sample> m_probeDeliveries;
    std::vector<qint64> m_probeSentNs;
    std::map<std::string, qint64> m_probeErrors;

    qint64 m_floodStartNs = 0;
    qint64 m_floodEndNs = 0;
    qint64 m_probeStartNs = 0;
    std::vector<Slice> m_slices;
    qint64 m_lastRssNs = 0;
    qint64 m_rssBeforeKb = -1;
    qint64 m_rssPeakKb = -1;
    qint64 m_rssFloodEndKb = -1;
    qint64 m_rssEndKb = -1;
    qint64 m_lastProgressNs = 0;
    // The servers' and this process's CPU over the flood: a server short of CPU on a shared
    // machine shows here, not in its own latency metrics.
    std::vector<ProcessCpu> m_cpuBefore;
    std::vector<ProcessCpu> m_cpuAfter;
    void sampleCpu(std::vector<ProcessCpu> &into) const;
};

} // namespace switchboard::bench
