#include "clusterevent.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace switchboard::server {

namespace {

constexpr QStringView kindNames[] = { u"conversation", u"receipt", u"typing", u"nodes" };

std::optional<ClusterEvent::Kind> kindFromName(const QString &name)
{
    for (int i = 0; i < int(std::size(kindNames)); ++i) {
        if (name == kindNames[i])
            return ClusterEvent::Kind(i);
    }
    return std::nullopt;
}

} // namespace

QByteArray ClusterEvent::encode() const
{
    QJsonObject json { { u"k"_qs, kindNames[int(kind)].toString() }, { u"n"_qs, origin } };
    if (kind == Kind::Nodes)
        return QJsonDocument(json).toJson(QJsonDocument::Compact);
    json.insert(u"c"_qs, conversationId);
    json.insert(u"s"_qs, seq);
    switch (kind) {
    case Kind::Conversation:
        json.insert(u"r"_qs, routing);
        json.insert(u"role"_qs, protocol::roleName(role));
        if (message) {
            json.insert(u"m"_qs,
                QJsonObject { { u"key"_qs, message->senderKey },
                    { u"role"_qs, protocol::roleName(message->senderRole) },
                    { u"name"_qs, message->senderName }, { u"client_id"_qs, message->clientId },
                    { u"kind"_qs, protocol::kindName(message->kind) },
                    { u"text"_qs, message->text }, { u"ts"_qs, message->timestampMs },
                    { u"trace"_qs, message->traceId } });
        }
        if (routed) {
            json.insert(u"rs"_qs,
                QJsonObject { { u"state"_qs, protocol::stateName(routed->state) },
                    { u"agent"_qs, routed->agentId }, { u"team"_qs, routed->team },
                    { u"queued"_qs, routed->queuedSinceMs } });
        }
        break;
    case Kind::Receipt:
        json.insert(u"side"_qs, side == ReceiptSide::Customer ? u"customer"_qs : u"agent"_qs);
        json.insert(u"receipt"_qs, protocol::receiptName(receipt));
        break;
    case Kind::Typing:
        json.insert(u"a"_qs, active);
        json.insert(u"role"_qs, protocol::roleName(role));
        break;
    case Kind::Nodes:
        break;
    }
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

std::optional<ClusterEvent> ClusterEvent::decode(const QByteArray &bytes)
{
    const QJsonObject json = QJsonDocument::fromJson(bytes).object();
    const std::optional<Kind> kind = kindFromName(json.value(u"k"_qs).toString());
    ClusterEvent event;
    event.origin = json.value(u"n"_qs).toString();
    if (!kind || event.origin.isEmpty())
        return std::nullopt;
    event.kind = *kind;
    if (event.kind == Kind::Nodes)
        return event;
    event.conversationId = json.value(u"c"_qs).toString();
    event.seq = json.value(u"s"_qs).toInteger(-1);
    if (event.conversationId.isEmpty() || event.seq < 0)
        return std::nullopt;
    if (event.kind == Kind::Receipt) {
        const QString side = json.value(u"side"_qs).toString();
        const QString receipt = json.value(u"receipt"_qs).toString();
        if ((side != u"customer"_qs && side != u"agent"_qs)
            || (receipt != u"delivered"_qs && receipt != u"read"_qs))
            return std::nullopt;
        event.side = side == u"customer"_qs ? ReceiptSide::Customer : ReceiptSide::Agent;
        event.receipt = receipt == u"read"_qs ? protocol::ReceiptKind::Read
                                              : protocol::ReceiptKind::Delivered;
        return event;
    }
    const std::optional<protocol::Role> role
        = protocol::roleFromName(json.value(u"role"_qs).toString());
    if (!role)
        return std::nullopt;
    event.role = *role;
    event.routing = json.value(u"r"_qs).toBool();
    event.active = json.value(u"a"_qs).toBool();
    if (event.kind == Kind::Conversation && json.contains(u"m"_qs)) {
        const QJsonObject m = json.value(u"m"_qs).toObject();
        const std::optional<protocol::Role> sender
            = protocol::roleFromName(m.value(u"role"_qs).toString());
        const std::optional<protocol::MessageKind> messageKind
            = protocol::kindFromName(m.value(u"kind"_qs).toString());
        if (sender && messageKind && event.seq > 0) { // otherwise read from the database
            StoredMessage message;
            message.conversationId = event.conversationId;
            message.seq = event.seq;
            message.senderKey = m.value(u"key"_qs).toString();
            message.senderRole = *sender;
            message.senderName = m.value(u"name"_qs).toString();
            message.clientId = m.value(u"client_id"_qs).toString();
            message.kind = *messageKind;
            message.text = m.value(u"text"_qs).toString();
            message.timestampMs = m.value(u"ts"_qs).toInteger();
            message.traceId = m.value(u"trace"_qs).toString();
            event.message = message;
        }
    }
    if (event.kind == Kind::Conversation && event.routing && json.contains(u"rs"_qs)) {
        const QJsonObject rs = json.value(u"rs"_qs).toObject();
        const std::optional<ConversationState> state
            = protocol::stateFromName(rs.value(u"state"_qs).toString());
        if (state && *state != ConversationState::Closed) { // otherwise read from the database
            event.routed = Routing { *state, rs.value(u"agent"_qs).toInteger(),
                rs.value(u"team"_qs).toString(), rs.value(u"queued"_qs).toInteger() };
        }
    }
    return event;
}

QByteArray ClusterNode::encode() const
{
    QJsonObject staff;
    for (auto it = agents.cbegin(); it != agents.cend(); ++it)
        staff.insert(QString::number(it.key()), protocol::statusName(it.value()));
    return QJsonDocument(
        QJsonObject { { u"id"_qs, id }, { u"endpoint"_qs, endpoint }, { u"agents"_qs, staff } })
        .toJson(QJsonDocument::Compact);
}

std::optional<ClusterNode> ClusterNode::decode(const QByteArray &bytes)
{
    const QJsonObject json = QJsonDocument::fromJson(bytes).object();
    ClusterNode node;
    node.id = json.value(u"id"_qs).toString();
    if (node.id.isEmpty())
        return std::nullopt;
    node.endpoint = json.value(u"endpoint"_qs).toString();
    const QJsonObject staff = json.value(u"agents"_qs).toObject();
    for (auto it = staff.constBegin(); it != staff.constEnd(); ++it) {
        bool isNumber = false;
        const qint64 userId = it.key().toLongLong(&isNumber);
        if (!isNumber)
            continue;
        node.agents.insert(userId,
            it.value().toString() == u"away"_qs ? protocol::AgentStatus::Away
                                                : protocol::AgentStatus::Available);
    }
    return node;
}

} // namespace switchboard::server
