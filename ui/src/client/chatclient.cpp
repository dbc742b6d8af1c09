#include "chatclient.h"

#include "timestamp.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QWebSocket>
#include <switchboard/ids.h>
#include <switchboard/logging.h>
#include <switchboard/timeformat.h>

using namespace Qt::StringLiterals;

namespace switchboard::ui {

namespace {

constexpr int defaultConnectTimeoutMs = 10000;
constexpr int retryUnavailableMs = 2000;

QString newClientId()
{
    // 22 base64url characters: 132 random bits, inside the protocol's [A-Za-z0-9_-]{1,64}.
    return ids::newToken().left(22);
}

} // namespace

ChatClient::ChatClient(QObject *parent)
    : QObject(parent)
{
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &ChatClient::openSocket);
    m_connectTimeout.setSingleShot(true);
    m_connectTimeout.setInterval(defaultConnectTimeoutMs);
    connect(&m_connectTimeout, &QTimer::timeout, this, [this] {
        qCInfo(lcClient) << "sign-in timed out at endpoint" << m_endpointIndex;
        if (m_socket)
            onSocketGone(m_socket);
    });
    connect(&m_heartbeatTimer, &QTimer::timeout, this, &ChatClient::onHeartbeatTick);
    m_retryTimer.setSingleShot(true);
    m_retryTimer.setInterval(retryUnavailableMs);
    connect(&m_retryTimer, &QTimer::timeout, this, &ChatClient::flushOutbox);
}

ChatClient::~ChatClient()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

void ChatClient::setEndpoints(const QList<QUrl> &endpoints)
{
    m_endpoints = endpoints;
    m_endpointIndex = 0;
}

void ChatClient::setPasswordCredentials(const QString &login, const QString &password)
{
    m_login = login;
    m_password = password;
}

void ChatClient::learnEndpoints(const QJsonArray &advertised)
{
    // The cluster's other nodes, to fail over to; the endpoints the user gave stay first.
    constexpr qsizetype mostEndpoints = 16;
    for (const QJsonValue &value : advertised) {
        const QUrl url(value.toString(), QUrl::StrictMode);
        const bool webSocket = url.scheme() == u"ws"_s || url.scheme() == u"wss"_s;
        if (url.isValid() && webSocket && !m_endpoints.contains(url)
            && m_endpoints.size() < mostEndpoints)
            m_endpoints.append(url);
    }
}

QUrl ChatClient::currentEndpoint() const
{
    if (m_endpoints.isEmpty())
        return {};
    return m_endpoints.value(m_endpointIndex % m_endpoints.size());
}

bool ChatClient::isQueued(const QString &clientId) const
{
    return std::any_of(m_outbox.cbegin(), m_outbox.cend(),
        [&clientId](const Outgoing &outgoing) { return outgoing.clientId == clientId; });
}

qint64 ChatClient::lastSeq(const QString &conversation) const
{
    return m_cursors.value(conversation).seq;
}

void ChatClient::connectToServer()
{
    m_wanted = true;
    m_attempt = 0;
    m_authRejected = false;
    m_endpointIndex = 0;
    if (m_socket)
        return;
    openSocket();
}

void ChatClient::disconnectFromServer()
{
    m_wanted = false;
    m_reconnectTimer.stop();
    if (m_socket)
        onSocketGone(m_socket);
    setState(State::Offline);
}

void ChatClient::openSocket()
{
    if (!m_wanted || m_socket)
        return;
    if (m_endpoints.isEmpty()) {
        m_wanted = false;
        setState(State::Offline);
        Q_EMIT signInFailed(tr("No server address is set."));
        return;
    }
    setState(State::Connecting);
    m_signedIn = false;
    auto *socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    m_socket = socket;
    connect(socket, &QWebSocket::connected, this, [this, socket] { onSocketConnected(socket); });
    connect(socket, &QWebSocket::disconnected, this, [this, socket] { onSocketGone(socket); });
    connect(socket, &QWebSocket::textMessageReceived, this, [this, socket](const QString &text) {
        if (socket == m_socket)
            onFrame(text);
    });
    qCInfo(lcClient) << "connecting to endpoint" << m_endpointIndex << "of" << m_endpoints.size();
    m_connectTimeout.start();
    socket->open(currentEndpoint());
}

void ChatClient::onSocketConnected(QWebSocket *socket)
{
    if (socket != m_socket)
        return;
    m_lastInbound.start();
    QJsonObject hello { { u"type"_s, u"hello"_s }, { u"v"_s, protocol::version },
        { u"role"_s, u"agent"_s } };
    if (!m_token.isEmpty()) {
        hello.insert(u"token"_s, m_token);
    } else {
        hello.insert(u"login"_s, m_login);
        hello.insert(u"password"_s, m_password);
    }
    socket->sendTextMessage(QString::fromUtf8(QJsonDocument(hello).toJson(QJsonDocument::Compact)));
}

void ChatClient::onSocketGone(QWebSocket *socket)
{
    if (socket != m_socket)
        return;
    m_socket = nullptr;
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
    m_connectTimeout.stop();
    m_heartbeatTimer.stop();
    m_retryTimer.stop();
    const bool wasSignedIn = m_signedIn;
    m_signedIn = false;
    qCInfo(lcClient) << "connection closed; signed in:" << wasSignedIn;
    if (m_authRejected) {
        m_authRejected = false;
        if (!m_token.isEmpty() && !m_password.isEmpty()) {
            // An expired or revoked token: sign in with the password instead, at once.
            m_token.clear();
            Q_EMIT tokenChanged(m_token);
            m_reconnectTimer.start(0);
            return;
        }
        m_wanted = false;
    }
    if (!m_wanted) {
        setState(State::Offline);
        return;
    }
    if (wasSignedIn) {
        m_attempt = 0;
        m_endpointIndex = m_endpointIndex % qMax<qsizetype>(1, m_endpoints.size());
    } else {
        ++m_endpointIndex; // try the next address before backing off
    }
    scheduleReconnect();
}

void ChatClient::scheduleReconnect()
{
    setState(State::Connecting);
    int delay = 0;
    if (m_endpointIndex >= m_endpoints.size()) {
        // Every address has been tried once: wait, then start over at the first.
        m_endpointIndex = 0;
        delay = m_backoff.delayMs(m_attempt++);
    }
    qCInfo(lcClient) << "reconnecting in" << delay << "ms";
    Q_EMIT reconnectScheduled(delay);
    m_reconnectTimer.start(delay);
}

void ChatClient::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void ChatClient::onFrame(const QString &text)
{
    m_lastInbound.restart();
    const QJsonObject frame = QJsonDocument::fromJson(text.toUtf8()).object();
    const QString type = frame.value(u"type"_s).toString();
    const QString conversation = frame.value(u"conversation"_s).toString();
    if (type == u"welcome") {
        onWelcome(frame);
    } else if (type == u"message") {
        const ChatMessage message = ChatMessage::fromJson(frame);
        advance(message.conversation, message.seq);
        Q_EMIT messageReceived(message);
    } else if (type == u"ack") {
        onAck(frame);
    } else if (type == u"error") {
        onError(frame);
    } else if (type == u"synced") {
        onSynced(frame);
    } else if (type == u"history") {
        QList<ChatMessage> messages;
        const QJsonArray list = frame.value(u"messages"_s).toArray();
        messages.reserve(list.size());
        for (const QJsonValue &value : list)
            messages.append(ChatMessage::fromJson(value.toObject()));
        Q_EMIT historyReceived(conversation, messages, frame.value(u"has_more"_s).toBool());
    } else if (type == u"customer_conversations") {
        QList<PastConversation> conversations;
        const QJsonArray list = frame.value(u"conversations"_s).toArray();
        conversations.reserve(list.size());
        for (const QJsonValue &value : list)
            conversations.append(PastConversation::fromJson(value.toObject()));
        Q_EMIT customerConversationsReceived(conversation, conversations);
    } else if (type == u"assigned") {
        const ConversationInfo info
            = ConversationInfo::fromJson(frame.value(u"conversation"_s).toObject());
        track(info);
        Q_EMIT conversationAssigned(info);
    } else if (type == u"unassigned") {
        m_cursors.remove(conversation);
        Q_EMIT conversationUnassigned(conversation, frame.value(u"reason"_s).toString());
    } else if (type == u"queue_page") {
        onQueuePage(frame);
    } else if (type == u"conversation") {
        const ConversationInfo info
            = ConversationInfo::fromJson(frame.value(u"conversation"_s).toObject());
        if (info.state == protocol::ConversationState::Closed)
            m_cursors.remove(info.id);
        else
            track(info);
        Q_EMIT conversationChanged(info);
    } else if (type == u"delivered" || type == u"read") {
        // Our own receipts echoed from our other devices carry by:"agent"; only the
        // customer's move our messages' ticks.
        if (frame.value(u"by"_s).toString() == u"customer") {
            Q_EMIT receiptReceived(conversation,
                type == u"read" ? protocol::ReceiptKind::Read : protocol::ReceiptKind::Delivered,
                frame.value(u"seq"_s).toInteger());
        }
    } else if (type == u"typing") {
        if (frame.value(u"by"_s).toString() == u"customer")
            Q_EMIT typingReceived(conversation, frame.value(u"active"_s).toBool());
    } else if (type == u"status") {
        Q_EMIT statusChanged(frame.value(u"state"_s).toString() == u"away"
                ? protocol::AgentStatus::Away
                : protocol::AgentStatus::Available);
    } else if (type == u"search_results") {
        onSearchResults(frame);
    } else if (type == u"export_chunk") {
        Q_EMIT exportChunkReceived(ExportChunk::fromJson(frame));
    } else if (type == u"metrics" || type == u"alert") {
        Q_EMIT supervisorFrameReceived(type, frame);
    } else if (type == u"reports" || type == u"audit") {
        onReportsOrAudit(type, frame);
    } else if (type == u"staff" || type == u"staff_changed") {
        onStaffFrame(type, frame);
    } else if (type != u"pong") {
        qCDebug(lcClient) << "ignoring frame of type" << type;
    }
}

void ChatClient::onWelcome(const QJsonObject &frame)
{
    m_connectTimeout.stop();
    m_signedIn = true;
    m_attempt = 0;
    const QString token = frame.value(u"token"_s).toString();
    if (token != m_token) {
        m_token = token;
        Q_EMIT tokenChanged(m_token);
    }
    learnEndpoints(frame.value(u"endpoints"_s).toArray());
    const QJsonObject agent = frame.value(u"agent"_s).toObject();
    m_login = agent.value(u"login"_s).toString();
    m_displayName = agent.value(u"name"_s).toString();
    m_role
        = protocol::roleFromName(frame.value(u"role"_s).toString()).value_or(protocol::Role::Agent);
    m_heartbeatSeconds = qMax(1, frame.value(u"heartbeat_s"_s).toInt(25));
    // Servers before "receives_chats" assigned agents and never supervisors.
    m_receivesChats = agent.value(u"receives_chats"_s).toBool(m_role == protocol::Role::Agent);
    m_routingMode = protocol::routingModeFromName(frame.value(u"routing"_s).toString())
                        .value_or(protocol::RoutingMode::LeastLoaded);
    Q_EMIT routingStateChanged();
    m_heartbeatTimer.start(m_heartbeatSeconds * 1000);

    QList<ConversationInfo> conversations;
    const QJsonArray list = frame.value(u"conversations"_s).toArray();
    QStringList resume;
    for (const QJsonValue &value : list) {
        const ConversationInfo info = ConversationInfo::fromJson(value.toObject());
        conversations.append(info);
        if (m_cursors.contains(info.id))
            resume.append(info.id);
        else
            track(info);
    }
    // Conversations that are gone from the server's view are forgotten.
    for (auto it = m_cursors.begin(); it != m_cursors.end();) {
        const bool present = std::any_of(conversations.cbegin(), conversations.cend(),
            [&it](const ConversationInfo &info) { return info.id == it.key(); });
        it = present ? std::next(it) : m_cursors.erase(it);
    }
    // A long queue is listed in part: the rest on request (requestQueuePage).
    int queuedListed = 0;
    m_queueListedThrough = 0;
    for (const ConversationInfo &info : std::as_const(conversations)) {
        if (info.state == protocol::ConversationState::Queued) {
            ++queuedListed;
            m_queueListedThrough = std::max(m_queueListedThrough, info.queuePosition);
        }
    }
    m_queueMore = frame.value(u"queue_total"_s).toInt(0) > queuedListed;
    m_queuePageAsked = false;
    qCInfo(lcClient) << "signed in with" << conversations.size() << "conversations; resuming"
                     << resume.size() << (m_queueMore ? "; more queued" : "");
    m_welcomeConversations = conversations;
    setState(State::Online);
    Q_EMIT welcomed(conversations);
    for (const QString &conversation : std::as_const(resume))
        sendSync(conversation);
    flushOutbox();
}

void ChatClient::onAck(const QJsonObject &frame)
{
    const QString conversation = frame.value(u"conversation"_s).toString();
    const QString clientId = frame.value(u"client_id"_s).toString();
    const qint64 seq = frame.value(u"seq"_s).toInteger();
    m_outbox.removeIf([&](const Outgoing &outgoing) {
        return outgoing.clientId == clientId && outgoing.conversation == conversation;
    });
    advance(conversation, seq);
    Q_EMIT messageAcked(
        conversation, clientId, seq, parseTimestamp(frame.value(u"ts"_s).toString()));
}

void ChatClient::onError(const QJsonObject &frame)
{
    const QString code = frame.value(u"code"_s).toString();
    const QString message = frame.value(u"message"_s).toString();
    const QString ref = frame.value(u"ref"_s).toString();
    qCInfo(lcClient) << "server error" << code;
    if (!m_signedIn) {
        if (code == u"unauthenticated") {
            m_authRejected = true;
            if (m_token.isEmpty() || m_password.isEmpty())
                Q_EMIT signInFailed(message);
        }
        Q_EMIT errorReceived(code, message, ref);
        return;
    }
    if (!ref.isEmpty() && isQueued(ref)) {
        if (code == u"unavailable" || code == u"rate_limited" || code == u"internal") {
            // Nothing was stored: the same client_id goes out again shortly.
            m_retryTimer.start();
        } else {
            QString conversation;
            for (const Outgoing &outgoing : std::as_const(m_outbox)) {
                if (outgoing.clientId == ref)
                    conversation = outgoing.conversation;
            }
            m_outbox.removeIf(
                [&ref](const Outgoing &outgoing) { return outgoing.clientId == ref; });
            Q_EMIT messageFailed(conversation, ref, message);
        }
    }
    Q_EMIT errorReceived(code, message, ref);
}

void ChatClient::onSynced(const QJsonObject &frame)
{
    const QString conversation = frame.value(u"conversation"_s).toString();
    const qint64 seq = frame.value(u"seq"_s).toInteger();
    const bool recovered = frame.value(u"recovered"_s).toBool(true);
    const bool complete = frame.value(u"complete"_s).toBool(true);
    auto it = m_cursors.find(conversation);
    if (it == m_cursors.end())
        return;
    if (!recovered) {
        // A new epoch: the old numbering is void; the views reload with history.
        it->epoch = frame.value(u"epoch"_s).toString();
        it->seq = seq;
        it->ahead.clear();
    } else if (complete) {
        it->seq = qMax(it->seq, seq);
        it->ahead.removeIf([seq](qint64 ahead) { return ahead <= seq; });
    } else {
        sendSync(conversation);
        return;
    }
    Q_EMIT synced(conversation, seq, recovered);
}

void ChatClient::onHeartbeatTick()
{
    if (!m_socket)
        return;
    if (m_lastInbound.elapsed() > m_heartbeatSeconds * 2500) {
        qCInfo(lcClient) << "no traffic for 2.5 heartbeats; reconnecting";
        onSocketGone(m_socket);
        return;
    }
    sendFrame(QJsonObject { { u"type"_s, u"ping"_s } });
}

void ChatClient::sendFrame(const QJsonObject &frame)
{
    if (!m_socket || !m_signedIn)
        return;
    m_socket->sendTextMessage(
        QString::fromUtf8(QJsonDocument(frame).toJson(QJsonDocument::Compact)));
}

void ChatClient::sendOutgoing(const Outgoing &outgoing)
{
    sendFrame(QJsonObject { { u"type"_s, u"send"_s }, { u"conversation"_s, outgoing.conversation },
        { u"client_id"_s, outgoing.clientId }, { u"text"_s, outgoing.text },
        { u"kind"_s, protocol::kindName(outgoing.kind) } });
}

void ChatClient::sendSync(const QString &conversation)
{
    const Cursor cursor = m_cursors.value(conversation);
    QJsonObject sync { { u"type"_s, u"sync"_s }, { u"conversation"_s, conversation },
        { u"after_seq"_s, cursor.seq }, { u"limit"_s, protocol::defaultSyncLimit } };
    if (!cursor.epoch.isEmpty())
        sync.insert(u"epoch"_s, cursor.epoch);
    sendFrame(sync);
}

void ChatClient::flushOutbox()
{
    if (m_state != State::Online)
        return;
    for (const Outgoing &outgoing : std::as_const(m_outbox))
        sendOutgoing(outgoing);
}

void ChatClient::advance(const QString &conversation, qint64 seq)
{
    auto it = m_cursors.find(conversation);
    if (it == m_cursors.end() || seq <= it->seq)
        return;
    it->ahead.insert(seq);
    while (it->ahead.remove(it->seq + 1))
        ++it->seq;
}

void ChatClient::track(const ConversationInfo &conversation)
{
    auto it = m_cursors.find(conversation.id);
    if (it == m_cursors.end()) {
        // Everything up to the current seq is the transcript's to page in with history.
        m_cursors.insert(conversation.id, Cursor { conversation.seq, conversation.epoch, {} });
    } else if (it->epoch.isEmpty()) {
        it->epoch = conversation.epoch;
    }
}

QString ChatClient::sendMessage(
    const QString &conversation, const QString &text, protocol::MessageKind kind)
{
    Outgoing outgoing { conversation, newClientId(), text, kind };
    m_outbox.append(outgoing);
    if (m_state == State::Online)
        sendOutgoing(outgoing);
    return outgoing.clientId;
}

void ChatClient::requestHistory(const QString &conversation, qint64 beforeSeq, int limit)
{
    QJsonObject history { { u"type"_s, u"history"_s }, { u"conversation"_s, conversation },
        { u"limit"_s, limit } };
    if (beforeSeq > 0)
        history.insert(u"before_seq"_s, beforeSeq);
    sendFrame(history);
}

void ChatClient::requestCustomerConversations(const QString &conversation, int limit)
{
    sendFrame(QJsonObject { { u"type"_s, u"customer_conversations"_s },
        { u"conversation"_s, conversation }, { u"limit"_s, limit } });
}

void ChatClient::requestQueuePage(int limit)
{
    if (!m_queueMore || m_queuePageAsked || m_state != State::Online)
        return;
    m_queuePageAsked = true;
    sendFrame(QJsonObject { { u"type"_s, u"queue_page"_s },
        { u"after_position"_s, m_queueListedThrough }, { u"limit"_s, limit } });
}

void ChatClient::onQueuePage(const QJsonObject &frame)
{
    m_queuePageAsked = false;
    QList<ConversationInfo> conversations;
    const QJsonArray list = frame.value(u"conversations"_s).toArray();
    conversations.reserve(list.size());
    for (const QJsonValue &value : list) {
        const ConversationInfo info = ConversationInfo::fromJson(value.toObject());
        conversations.append(info);
        m_queueListedThrough = std::max(m_queueListedThrough, info.queuePosition);
    }
    m_queueMore = frame.value(u"more"_s).toBool();
    Q_EMIT queuePageReceived(conversations);
}

void ChatClient::accept(const QString &conversation)
{
    sendFrame(QJsonObject { { u"type"_s, u"accept"_s }, { u"conversation"_s, conversation } });
}

void ChatClient::transferToAgent(const QString &conversation, const QString &agentLogin)
{
    sendFrame(QJsonObject { { u"type"_s, u"transfer"_s }, { u"conversation"_s, conversation },
        { u"to_agent"_s, agentLogin } });
}

void ChatClient::transferToTeam(const QString &conversation, const QString &team)
{
    sendFrame(QJsonObject { { u"type"_s, u"transfer"_s }, { u"conversation"_s, conversation },
        { u"to_team"_s, team } });
}

void ChatClient::closeConversation(const QString &conversation)
{
    sendFrame(QJsonObject { { u"type"_s, u"close"_s }, { u"conversation"_s, conversation } });
}

void ChatClient::setStatus(protocol::AgentStatus status)
{
    sendFrame(
        QJsonObject { { u"type"_s, u"status"_s }, { u"state"_s, protocol::statusName(status) } });
}

void ChatClient::sendTyping(const QString &conversation, bool active)
{
    sendFrame(QJsonObject {
        { u"type"_s, u"typing"_s }, { u"conversation"_s, conversation }, { u"active"_s, active } });
}

void ChatClient::sendReceipt(const QString &conversation, protocol::ReceiptKind kind, qint64 seq)
{
    sendFrame(QJsonObject { { u"type"_s, protocol::receiptName(kind) },
        { u"conversation"_s, conversation }, { u"seq"_s, seq } });
}

void ChatClient::subscribe(const QString &topic)
{
    sendFrame(QJsonObject { { u"type"_s, u"subscribe"_s }, { u"topic"_s, topic } });
}

void ChatClient::monitor(const QString &conversation)
{
    sendFrame(QJsonObject { { u"type"_s, u"monitor"_s }, { u"conversation"_s, conversation } });
}

QString ChatClient::newRequestId()
{
    return ids::newToken().left(16);
}

QString ChatClient::search(const SearchQuery &query)
{
    const QString request = newRequestId();
    sendFrame(query.toJson(request));
    return request;
}

void ChatClient::onSearchResults(const QJsonObject &frame)
{
    QList<SearchHit> hits;
    const QJsonArray list = frame.value(u"hits"_s).toArray();
    hits.reserve(list.size());
    for (const QJsonValue &value : list)
        hits.append(SearchHit::fromJson(value.toObject()));
    Q_EMIT searchResultsReceived(frame.value(u"request"_s).toString(), hits,
        frame.value(u"total"_s).toInteger(), frame.value(u"total_capped"_s).toBool(),
        frame.value(u"has_more"_s).toBool());
}

void ChatClient::requestExport(const QString &request, const QString &format, qint64 fromMs,
    qint64 toMs, const QString &cursor)
{
    QJsonObject frame { { u"type"_s, u"export"_s }, { u"request"_s, request },
        { u"format"_s, format } };
    if (fromMs > 0)
        frame.insert(u"from"_s, formatTimestamp(fromMs));
    if (toMs > 0)
        frame.insert(u"to"_s, formatTimestamp(toMs));
    frame.insert(u"cursor"_s, cursor.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(cursor));
    sendFrame(frame);
}

// Reports and the audit log (supervisors) -------------------------------------------------

QString ChatClient::requestReports(qint64 fromMs, qint64 toMs, int utcOffsetMinutes)
{
    if (m_state != State::Online)
        return {};
    const QString request = newClientId();
    QJsonObject frame { { u"type"_s, u"reports"_s }, { u"request"_s, request },
        { u"utc_offset_min"_s, utcOffsetMinutes } };
    if (fromMs > 0)
        frame.insert(u"from"_s, formatTimestamp(fromMs));
    if (toMs > 0)
        frame.insert(u"to"_s, formatTimestamp(toMs));
    sendFrame(frame);
    return request;
}

QString ChatClient::requestAudit(const AuditQuery &query)
{
    if (m_state != State::Online)
        return {};
    const QString request = newClientId();
    QJsonObject frame { { u"type"_s, u"audit"_s }, { u"request"_s, request },
        { u"limit"_s, query.limit }, { u"offset"_s, query.offset } };
    if (query.fromMs > 0)
        frame.insert(u"from"_s, formatTimestamp(query.fromMs));
    if (query.toMs > 0)
        frame.insert(u"to"_s, formatTimestamp(query.toMs));
    if (!query.actor.isEmpty())
        frame.insert(u"actor"_s, query.actor);
    if (!query.action.isEmpty())
        frame.insert(u"action"_s, query.action);
    sendFrame(frame);
    return request;
}

void ChatClient::onReportsOrAudit(const QString &type, const QJsonObject &frame)
{
    if (type == u"reports") {
        Q_EMIT reportsReceived(Report::fromJson(frame));
        return;
    }
    QList<AuditEntry> entries;
    const QJsonArray list = frame.value(u"entries"_s).toArray();
    entries.reserve(list.size());
    for (const QJsonValue &value : list)
        entries.append(AuditEntry::fromJson(value.toObject()));
    Q_EMIT auditReceived(
        frame.value(u"request"_s).toString(), entries, frame.value(u"has_more"_s).toBool());
}

// Staff accounts (supervisors) -------------------------------------------------------------

QString ChatClient::sendStaffRequest(QJsonObject frame)
{
    if (m_state != State::Online)
        return {};
    const QString request = newClientId();
    frame.insert(u"request"_s, request);
    sendFrame(frame);
    return request;
}

QString ChatClient::requestStaffList()
{
    return sendStaffRequest({ { u"type"_s, u"staff_list"_s } });
}

QString ChatClient::addStaff(const StaffAccount &account, const QString &password)
{
    return sendStaffRequest({ { u"type"_s, u"staff_add"_s }, { u"login"_s, account.login },
        { u"name"_s, account.name }, { u"role"_s, protocol::roleName(account.role) },
        { u"teams"_s, QJsonArray::fromStringList(account.teams) }, { u"password"_s, password },
        { u"receives_chats"_s, account.receivesChats } });
}

QString ChatClient::updateStaff(const StaffAccount &account)
{
    return sendStaffRequest({ { u"type"_s, u"staff_update"_s }, { u"login"_s, account.login },
        { u"name"_s, account.name }, { u"role"_s, protocol::roleName(account.role) },
        { u"teams"_s, QJsonArray::fromStringList(account.teams) },
        { u"receives_chats"_s, account.receivesChats } });
}

QString ChatClient::resetStaffPassword(const QString &login, const QString &password)
{
    return sendStaffRequest(
        { { u"type"_s, u"staff_password"_s }, { u"login"_s, login }, { u"password"_s, password } });
}

QString ChatClient::removeStaff(const QString &login)
{
    return sendStaffRequest({ { u"type"_s, u"staff_remove"_s }, { u"login"_s, login } });
}

void ChatClient::onStaffFrame(const QString &type, const QJsonObject &frame)
{
    const QString request = frame.value(u"request"_s).toString();
    if (type == u"staff") {
        QList<StaffAccount> accounts;
        for (const QJsonValue &value : frame.value(u"accounts"_s).toArray())
            accounts.append(StaffAccount::fromJson(value.toObject()));
        Q_EMIT staffListReceived(request, accounts);
        return;
    }
    const StaffAccount account = StaffAccount::fromJson(frame.value(u"account"_s).toObject());
    const QString change = frame.value(u"change"_s).toString();
    if (change == u"updated" && account.login == m_login) {
        m_displayName = account.name;
        if (account.receivesChats != m_receivesChats) {
            m_receivesChats = account.receivesChats;
            Q_EMIT routingStateChanged();
        }
    }
    Q_EMIT staffChanged(request, change, account);
}

} // namespace switchboard::ui
