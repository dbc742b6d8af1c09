#pragma once

#include <QString>
#include <QtGlobal>
#include <vector>

namespace switchboard::bench {

// One server address to spread connections over.
struct Endpoint {
    quint32 address = 0; // IPv4, network order; always inside 127.0.0.0/8
    quint16 port = 8420;
    QString url; // as given, for the report
};

// What one switchboard-bench run does; filled from the command line by main.cpp.
struct BenchOptions {
    // Connection i of each role starts on endpoint i mod N.
    std::vector<Endpoint> endpoints;
    // A connection refused or dropped by its endpoint moves to the next one and resumes with
    // its token; on by default with several endpoints, off with one (errors are counted).
    bool failover = false;
    int idle = 0; // customers that say hello and then only answer pings
    int agents = 0; // agents that receive the active customers' messages and send receipts
    int active = 0; // customers that keep `window` messages in flight
    int window = 1;
    double rate = 0; // total messages/s for the active customers; 0: as fast as acks allow
    double seconds = 10; // measured traffic time
    double warmup = 1; // traffic before measuring starts
    double drain = 2; // longest wait after traffic for acks and deliveries still in flight
    int messageBytes = 64; // text length of each message
    int sources = 32; // 127.0.0.x source addresses rotated across connections
    int connectConcurrency = 512; // handshakes in flight at once
    double phaseTimeout = 120; // seconds a connect phase may take
    bool receipts = true; // agents answer each message with a `delivered` receipt
    QString agentPrefix = QStringLiteral("bench-agent-");
    QString agentPassword = QStringLiteral("bench-password");
    std::vector<qint64> serverPids; // their summed RSS is read from /proc when set
    qint64 terminatePid = 0; // SIGTERM this node `terminateAfter` s into the measured traffic
    double terminateAfter = 0;
    bool progress = false; // a progress line on stderr (set when stderr is a terminal)
    // Threads for the traffic (each an epoll loop with its share of every role's
    // connections); connecting always runs on one, so handshake rates mean the same.
    int threads = 1;

    // --flood-visitors N: one address opens N new visitors as fast as it can (FloodRun),
    // instead of the traffic above. The addresses are IPv4 in network order.
    int floodVisitors = 0;
    int floodConcurrency = 2000; // visitors connecting or connected at once
    quint32 floodSource = 0; // 127.0.0.1
    quint32 probeSource = 0; // 127.0.0.2: the visitor whose acks are timed
    quint32 agentSource = 0; // 127.0.0.3: the agent the probe talks to
    double probeRate = 20; // the probe's messages per second
    double sliceSeconds = 5; // the report's time slices
};

} // namespace switchboard::bench
