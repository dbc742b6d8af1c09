#pragma once

#include "store/records.h"

#include <QByteArray>
#include <QHash>
#include <QString>
#include <optional>
#include <switchboard/protocol.h>

namespace switchboard::server {

// What one node tells the others over Redis. Only hints: the database stays the truth, and a
// node that missed some (Redis down, a late start) catches up from it.
struct ClusterEvent {
    enum class Kind {
        Conversation, // reached `seq` (a message or a system event); `routing`: re-read the row
        Receipt, // cumulative receipt up to `seq` on `side`
        Typing, // `active` by `role`
        Nodes, // a node's registry entry changed (presence): read the registry now
    };
    Kind kind = Kind::Conversation;
    QString origin; // the node id that published it
    QString conversationId;
    qint64 seq = 0;
    bool routing = false; // state, agent or team changed, or the conversation is new
    protocol::Role role = protocol::Role::Customer; // the writer of `seq`, or who is typing
    ReceiptSide side = ReceiptSide::Customer;
    protocol::ReceiptKind receipt = protocol::ReceiptKind::Delivered;
    bool active = false;
    // Conversation: the message that reached `seq`, so a node next in line delivers it without
    // reading the database; it reads only to fill a gap (or when this is missing).
    std::optional<StoredMessage> message;
    // Conversation with `routing`, for an assignment or a requeue: where that change left the
    // conversation, so a node next in line (with `message`, the change's system event) takes it
    // from here instead of reading the row. Absent for new conversations and closes.
    struct Routing {
        ConversationState state = ConversationState::Queued;
        qint64 agentId = 0;
        QString team;
        qint64 queuedSinceMs = 0;
    };
    std::optional<Routing> routed;

    QByteArray encode() const;
    // nullopt for anything this version does not understand (another version's event).
    static std::optional<ClusterEvent> decode(const QByteArray &json);
};

// A live node as the registry lists it.
struct ClusterNode {
    QString id;
    QString endpoint; // its --public-endpoint; empty when it has none
    QHash<qint64, protocol::AgentStatus> agents; // staff signed in there, by user id

    QByteArray encode() const;
    static std::optional<ClusterNode> decode(const QByteArray &json);
    bool operator==(const ClusterNode &other) const = default;
};

// The router's way out to the other nodes; the cluster bus implements it.
class ClusterLink {
public:
    virtual ~ClusterLink() = default;
    virtual void publish(const ClusterEvent &event) = 0;
    // The staff signed in on this node now; the other nodes learn it within a heartbeat.
    virtual void setLocalAgents(const QHash<qint64, protocol::AgentStatus> &agents) = 0;
};

} // namespace switchboard::server
