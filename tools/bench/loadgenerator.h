#pragma once

#include "benchoptions.h"
#include "processcpu.h"
#include "wsclient.h"

#include <QByteArray>
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <queue>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace switchboard::bench {

// Drives every connection of a run from one thread on one epoll set: connects agents, then
// active customers, then idle ones, then runs the traffic and reports one JSON object.
// Connections are spread over the endpoints round-robin; with failover, one its endpoint
// refuses or drops moves to the next endpoint and resumes like the console: hello with its
// token, sync from the last seq it saw, unacked messages sent again with their client_id.
// With --threads N the traffic runs on N loops, each owning every N-th connection of each role;
// what they share (messages in flight, counters, samples) is kept under one lock, taken per
// frame, while reads and writes on the sockets run in parallel. Before and after the measured
// traffic it reads the CPU time of the servers (--server-pid) and its own, per thread.
class LoadGenerator final {
public:
    explicit LoadGenerator(BenchOptions options);
    ~LoadGenerator();
    Q_DISABLE_COPY_MOVE(LoadGenerator)

    // Runs the whole benchmark; returns the JSON report line (without newline).
    QByteArray run();

private:
    struct Pending {
        qint64 sentNs = 0;
        bool acked = false;
        bool delivered = false;
        quint8 endpoint = 0; // the sender's, to tell cross-node deliveries
    };
    struct EndpointStats {
        qint64 welcomes = 0; // connections signed in on it, resumed ones included
        qint64 failovers = 0; // connections it refused or dropped that moved on
        std::set<std::string> advertised; // `endpoints` its welcomes listed
    };
    struct Reconnect {
        qint64 dueNs = 0;
        WsClient *client = nullptr;
        bool operator>(const Reconnect &other) const { return dueNs > other.dueNs; }
    };
    enum class Phase { Agents, Active, Idle, Traffic, Drain };
    // One epoll set and what its thread paces and reconnects; loop 0 runs on the main thread.
    struct Loop {
        int epoll = -1;
        std::priority_queue<Reconnect, std::vector<Reconnect>, std::greater<>> reconnects;
        std::vector<WsClient *> active;
        std::size_t paceCursor = 0;
        qint64 paced = 0;
        double rate = 0; // its share of --rate
    };

    bool connectPhase(Phase phase, WsClient::Role role, int count);
    void startClient(WsClient &client);
    void connectClient(WsClient &client);
    void poll(Loop &loop, int timeoutMs);
    void reconnectDue(Loop &loop);
    // Moves every N-th connection of each role to loop i and starts their threads.
    void spreadOverLoops();
    void runLoop(std::size_t index);
    Loop &loopOf(const WsClient &client) { return *m_loops[client.loop]; }
    bool pendingEmpty();
    void sampleCpu(std::vector<ProcessCpu> &into) const;
    void onEvent(WsClient &client, quint32 events);
    void sendHello(WsClient &client);
    void onText(WsClient &client, std::string_view payload);
    void onWelcome(WsClient &client, std::string_view payload);
    void resumeAgent(WsClient &client, std::string_view payload);
    void onAck(WsClient &client, std::string_view payload);
    void onMessage(WsClient &client, std::string_view payload);
    void onSynced(WsClient &client, std::string_view payload);
    void sendSync(WsClient &client, std::string_view conversation, qint64 afterSeq);
    void sendNext(WsClient &client);
    void resendUnacked(WsClient &client);
    std::string sendFrame(int customer, quint32 n) const;
    void terminateNode(qint64 nowNs);
    void pace(Loop &loop, qint64 nowNs);
    void send(WsClient &client, std::string_view payload);
    void armWrite(WsClient &client, bool on);
    // The connection ended (refused, dropped, closed): fail over, or count it and drop it.
    void lost(WsClient &client, const std::string &reason);
    void drop(WsClient &client);
    void countError(const std::string &what) { ++m_errors[what]; } // under m_lock
    void progress(qint64 nowNs, bool force = false);
    qint64 serverRssKb() const;
    QByteArray report();

    BenchOptions m_options;
    std::vector<std::unique_ptr<Loop>> m_loops;
    std::vector<std::thread> m_workers; // loops 1 .. N-1 during the traffic
    std::atomic<bool> m_workersRun { false };
    // Held by whichever loop handles a frame, a lost connection or a paced send; the socket
    // reads and writes themselves run outside it.
    std::mutex m_lock;
    std::vector<std::unique_ptr<WsClient>> m_clients;
    std::vector<WsClient *> m_activeClients;
    std::atomic<Phase> m_phase { Phase::Agents };
    int m_inHandshake = 0;
    int m_welcomedInPhase = 0;
    int m_failedInPhase = 0;
    int m_assigned = 0;
    quint64 m_sourceCursor = 0;
    qint64 m_trafficStartNs = 0;
    qint64 m_measureStartNs = 0;
    qint64 m_measureEndNs = 0;
    bool m_measuring = false;
    bool m_sending = false;
    std::string m_text;

    // Handshakes of the idle phase: when each connect started and each upgrade completed.
    std::vector<qint64> m_upgradeNs;
    qint64 m_idleStartNs = 0;
    qint64 m_idleEndNs = 0;

    std::unordered_map<quint64, Pending> m_pending;
    std::vector<float> m_ackMs;
    std::vector<float> m_deliveryMs;
    std::vector<float> m_crossNodeDeliveryMs;
    qint64 m_acked = 0;
    qint64 m_delivered = 0;
    qint64 m_deliveredCrossNode = 0;
    qint64 m_sent = 0;
    std::map<std::string, qint64> m_errors;
    qint64 m_rssBeforeKb = -1;
    qint64 m_rssConnectedKb = -1;
    int m_heldAtConnect = 0;
    qint64 m_lastProgressNs = 0;
    // CPU time of the servers and of this process, at the start and the end of the measured
    // traffic, and how long that was.
    std::vector<ProcessCpu> m_cpuBefore;
    std::vector<ProcessCpu> m_cpuAfter;
    qint64 m_cpuStartNs = 0;
    qint64 m_cpuEndNs = 0;

    // Failover.
    std::vector<EndpointStats> m_endpointStats;
    std::map<std::string, qint64> m_failoverReasons;
    qint64 m_failovers = 0;
    qint64 m_resumed = 0;
    std::vector<float> m_resumeMs; // from losing a signed-in connection to the next welcome
    qint64 m_terminatedNs = 0; // when --terminate-pid was sent SIGTERM
    qint64 m_ackedAfterTerminate = 0;
    // Per agent (by index): conversation → the latest seq it received, to sync from.
    std::vector<std::unordered_map<std::string, qint64>> m_agentCursors;
    // Conversations some agent was given (assigned frames and agents' welcomes).
    std::unordered_set<std::string> m_assignedConversations;
};

} // namespace switchboard::bench
