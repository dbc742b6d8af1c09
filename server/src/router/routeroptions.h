#pragma once

#include <QString>
#include <switchboard/protocol.h>

namespace switchboard::server {

// The part of the server configuration the router acts on.
struct RouterOptions {
    QString nodeId;
    QString publicEndpoint; // this node's ws(s):// URL for clients, listed in welcome
    int heartbeatSeconds = 25;
    int graceSeconds = 60;
    int agentCapacity = 5;
    protocol::RoutingMode routing = protocol::RoutingMode::LeastLoaded;
    int tokenLifetimeDays = 30;
    int loginAttemptsPerMinute = 10;
    qint64 missedAfterMs = 30 * 60 * 1000; // 0: queued conversations are never closed as missed
    qint64 idleCloseMs = 24 * 3600 * 1000; // 0: assigned conversations are never closed as idle
    int newVisitorsPerMinute = 60; // per client address; 0: no limit
    int openConversationsPerAddress = 300; // per client address; 0: no limit
    int maxOpenConversations = 0; // this node's cap; past it new visitors are refused; 0: none
};

} // namespace switchboard::server
