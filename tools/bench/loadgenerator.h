#pragma once

#include "benchoptions.h"
#include "wsclient.h"

#include <QByteArray>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace switchboard::bench {

// Drives every connection of a run from one thread on one epoll set: connects agents, then
// active customers, then idle ones, then runs the traffic and reports one JSON object.
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
    };
    enum class Phase { Agents, Active, Idle, Traffic, Drain };

    bool connectPhase(Phase phase, WsClient::Role role, int count);
    void startClient(WsClient &client);
    void poll(int timeoutMs);
    void onEvent(WsClient &client, quint32 events);
    void onText(WsClient &client, std::string_view payload);
    void onWelcome(WsClient &client, std::string_view payload);
    void onAck(std::string_view payload);
    void onMessage(WsClient &client, std::string_view payload);
    void sendNext(WsClient &client);
    void pace(qint64 nowNs);
    void send(WsClient &client, std::string_view payload);
    void armWrite(WsClient &client, bool on);
    void drop(WsClient &client);
    void countError(const std::string &what) { ++m_errors[what]; }
    void progress(qint64 nowNs, bool force = false);
    qint64 serverRssKb() const;
    QByteArray report();

    BenchOptions m_options;
    int m_epoll = -1;
    std::vector<std::unique_ptr<WsClient>> m_clients;
    std::vector<WsClient *> m_activeClients;
    Phase m_phase = Phase::Agents;
    int m_inHandshake = 0;
    int m_welcomedInPhase = 0;
    int m_failedInPhase = 0;
    int m_assigned = 0;
    quint64 m_sourceCursor = 0;
    std::size_t m_paceCursor = 0;
    qint64 m_trafficStartNs = 0;
    qint64 m_measureStartNs = 0;
    qint64 m_measureEndNs = 0;
    qint64 m_paced = 0;
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
    qint64 m_acked = 0;
    qint64 m_delivered = 0;
    qint64 m_sent = 0;
    std::map<std::string, qint64> m_errors;
    qint64 m_rssBeforeKb = -1;
    qint64 m_rssConnectedKb = -1;
    int m_heldAtConnect = 0;
    qint64 m_lastProgressNs = 0;
};

} // namespace switchboard::bench
