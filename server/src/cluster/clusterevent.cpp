#include "clusterevent.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

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
    QJsonObject json { { u"k"_s, kindNames[int(kind)].toString() }, { u"n"_s, origin } };
    if (kind == Kind::Nodes)
        return QJsonDocument(json).toJson(QJsonDocument::Compact);
    json.insert(u"c"_s, conversationId);
    json.insert(u"s"_s, seq);
    switch (kind) {
    case Kind::Conversation:
        json.insert(u"r"_s, routing);
        json.insert(u"role"_s, protocol::roleName(role));
        if (message) {
            json.insert(u"m"_s,
                QJsonObject { { u"key"_s, message->senderKey },
                    { u"role"_s, protocol::roleName(message->senderRole) },
                    { u"name"_s, message->senderName }, { u"client_id"_s, message->clientId },
                    { u"kind"_s, protocol::kindName(message->kind) }, { u"text"_s, message->text },
                    { u"ts"_s, message->timestampMs }, { u"trace"_s, message->traceId } });
        }
        if (routed) {
            json.insert(u"rs"_s,
                QJsonObject { { u"state"_s, protocol::stateName(routed->state) },
                    { u"agent"_s, routed->agentId }, { u"team"_s, routed->team },
                    { u"queued"_s, routed->queuedSinceMs } });
        }
        break;
    case Kind::Receipt:
        json.insert(u"side"_s, side == ReceiptSide::Customer ? u"customer"_s : u"agent"_s);
        json.insert(u"receipt"_s, protocol::receiptName(receipt));
        break;
    case Kind::Typing:
        json.insert(u"a"_s, active);
        json.insert(u"role"_s, protocol::roleName(role));
        break;
    case Kind::Nodes:
        break;
    }
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

std::optional<ClusterEvent> ClusterEvent::decode(const QByteArray &bytes)
{
    const QJsonObject json = QJsonDocument::fromJson(bytes).object();
    const std::optional<Kind> kind = kindFromName(json.value(u"k"_s).toString());
    ClusterEvent event;
    event.origin = json.value(u"n"_s).toString();
    if (!kind || event.origin.isEmpty())
        return std::nullopt;
    event.kind = *kind;
    if (event.kind == Kind::Nodes)
        return event;
    event.conversationId = json.value(u"c"_s).toString();
    event.seq = json.value(u"s"_s).toInteger(-1);
    if (event.conversationId.isEmpty() || event.seq < 0)
        return std::nullopt;
    if (event.kind == Kind::Receipt) {
        const QString side = json.value(u"side"_s).toString();
        const QString receipt = json.value(u"receipt"_s).toString();
        if ((side != u"customer"_s && side != u"agent"_s)
            || (receipt != u"delivered"_s && receipt != u"read"_s))
            return std::nullopt;
        event.side = side == u"customer"_s ? ReceiptSide::Customer : ReceiptSide::Agent;
        event.receipt
            = receipt == u"read"_s ? protocol::ReceiptKind::Read : protocol::ReceiptKind::Delivered;
        return event;
    }
    const std::optional<protocol::Role> role
        = protocol::roleFromName(json.value(u"role"_s).toString());
    if (!role)
        return std::nullopt;
    event.role = *role;
    event.routing = json.value(u"r"_s).toBool();
    event.active = json.value(u"a"_s).toBool();
    if (event.kind == Kind::Conversation && json.contains(u"m"_s)) {
        const QJsonObject m = json.value(u"m"_s).toObject();
        const std::optional<protocol::Role> sender
            = protocol::roleFromName(m.value(u"role"_s).toString());
        const std::optional<protocol::MessageKind> messageKind
            = protocol::kindFromName(m.value(u"kind"_s).toString());
        if (sender && messageKind && event.seq > 0) { // otherwise read from the database
            StoredMessage message;
            message.conversationId = event.conversationId;
            message.seq = event.seq;
            message.senderKey = m.value(u"key"_s).toString();
            message.senderRole = *sender;
            message.senderName = m.value(u"name"_s).toString();
            message.clientId = m.value(u"client_id"_s).toString();
            message.kind = *messageKind;
            message.text = m.value(u"text"_s).toString();
            message.timestampMs = m.value(u"ts"_s).toInteger();
            message.traceId = m.value(u"trace"_s).toString();
            event.message = message;
        }
    }
    if (event.kind == Kind::Conversation && event.routing && json.contains(u"rs"_s)) {
        const QJsonObject rs = json.value(u"rs"_s).toObject();
        const std::optional<ConversationState> state
            = protocol::stateFromName(rs.value(u"state"_s).toString());
        if (state && *state != ConversationState::Closed) { // otherwise read from the database
            event.routed = Routing { *state, rs.value(u"agent"_s).toInteger(),
                rs.value(u"team"_s).toString(), rs.value(u"queued"_s).toInteger() };
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
        QJsonObject { { u"id"_s, id }, { u"endpoint"_s, endpoint }, { u"agents"_s, staff } })
        .toJson(QJsonDocument::Compact);
}

std::optional<ClusterNode> ClusterNode::decode(const QByteArray &bytes)
{
    const QJsonObject json = QJsonDocument::fromJson(bytes).object();
    ClusterNode node;
    node.id = json.value(u"id"_s).toString();
    if (node.id.isEmpty())
        return std::nullopt;
    node.endpoint = json.value(u"endpoint"_s).toString();
    const QJsonObject staff = json.value(u"agents"_s).toObject();
    for (auto it = staff.constBegin(); it != staff.constEnd(); ++it) {
        bool isNumber = false;
        const qint64 userId = it.key().toLongLong(&isNumber);
        if (!isNumber)
            continue;
        node.agents.insert(userId,
            it.value().toString() == u"away"_s ? protocol::AgentStatus::Away
                                               : protocol::AgentStatus::Available);
    }
    return node;
}

} // namespace switchboard::server
