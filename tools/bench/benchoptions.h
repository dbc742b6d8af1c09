#pragma once

#include <QString>
#include <QtGlobal>

namespace switchboard::bench {

// What one switchboard-bench run does; filled from the command line by main.cpp.
struct BenchOptions {
    quint32 target = 0; // IPv4, network order; always inside 127.0.0.0/8
    quint16 port = 8420;
    int idle = 0; // customers that say hello and then only answer pings
    int agents = 0; // agents that receive the active customers' messages and send receipts
    int active = 0; // customers that keep `window` messages in flight
    int window = 1;
    double rate = 0; // total messages/s for the active customers; 0: as fast as acks allow
    double seconds = 10; // measured traffic time
    double warmup = 1; // traffic before measuring starts
    int messageBytes = 64; // text length of each message
    int sources = 32; // 127.0.0.x source addresses rotated across connections
    int connectConcurrency = 512; // handshakes in flight at once
    double phaseTimeout = 120; // seconds a connect phase may take
    bool receipts = true; // agents answer each message with a `delivered` receipt
    QString agentPrefix = QStringLiteral("bench-agent-");
    QString agentPassword = QStringLiteral("bench-password");
    qint64 serverPid = 0; // read its RSS from /proc when set
    bool progress = false; // a progress line on stderr (set when stderr is a terminal)
};

} // namespace switchboard::bench
