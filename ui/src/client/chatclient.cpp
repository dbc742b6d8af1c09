#include "chatclient.h"

#include "timestamp.h"

#include <QSslConfiguration>
#include <QSslError>
#include <QWebSocket>
#include <algorithm>
#include <switchboard/clientencoder.h>
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

void ChatClient::learnEndpoints(const QStringList &advertised)
{
    // The cluster's other nodes, to fail over to; the endpoints the user gave stay first.
    constexpr qsizetype mostEndpoints = 16;
    for (const QString &endpoint : advertised) {
        const QUrl url(endpoint, QUrl::StrictMode);
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
    connect(socket, &QWebSocket::sslErrors, this, [this, socket](const QList<QSslError> &errors) {
        if (presentsTrustedCertificate(socket, errors)) {
            socket->ignoreSslErrors(); // exactly the certificate the user chose: pinned
            return;
        }
        for (const QSslError &error : errors)
            qCWarning(lcClient) << "the server's certificate is refused:" << error.errorString();
    });
    if (!m_trustedCertificate.isNull()) {
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.addCaCertificate(m_trustedCertificate);
        socket->setSslConfiguration(configuration);
    }
    qCInfo(lcClient) << "connecting to endpoint" << m_endpointIndex << "of" << m_endpoints.size();
    m_connectTimeout.start();
    socket->open(currentEndpoint());
}

bool ChatClient::presentsTrustedCertificate(
    const QWebSocket *socket, const QList<QSslError> &errors) const
{
    if (m_trustedCertificate.isNull()
        || socket->sslConfiguration().peerCertificate() != m_trustedCertificate)
        return false;
    // The server proved it holds the key of the very certificate the user chose, so where it
    // came from (a CA nobody lists, itself) and the name it carries do not matter. Everything
    // else (expired, not yet valid, revoked, broken) still refuses it.
    static const QSet<QSslError::SslError> answeredByTheChoice {
        QSslError::HostNameMismatch,
        QSslError::SelfSignedCertificate,
        QSslError::SelfSignedCertificateInChain,
        QSslError::UnableToGetLocalIssuerCertificate,
        QSslError::UnableToGetIssuerCertificate,
        QSslError::UnableToVerifyFirstCertificate,
        QSslError::CertificateUntrusted,
    };
    return std::all_of(errors.cbegin(), errors.cend(),
        [](const QSslError &error) { return answeredByTheChoice.contains(error.error()); });
}

void ChatClient::onSocketConnected(QWebSocket *socket)
{
    if (socket != m_socket)
        return;
    m_lastInbound.start();
    // Staff sign in as "agent"; the server answers with the account's own role.
    protocol::HelloMessage hello;
    hello.role = protocol::Role::Agent;
    if (!m_token.isEmpty()) {
        hello.token = m_token;
    } else {
        hello.login = m_login;
        hello.password = m_password;
    }
    socket->sendTextMessage(QString::fromUtf8(protocol::encodeClientMessage(hello)));
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
    const Expected<protocol::ServerMessage, QString> message
        = protocol::decodeServerMessage(text.toUtf8());
    if (!message) {
        // Dropped, but not in silence: a server this client cannot read is worth knowing of.
        qCWarning(lcClient) << "unreadable frame from the server:" << message.error();
        m_lastProtocolError = message.error();
        Q_EMIT protocolError(message.error());
        return;
    }
    std::visit([this](const auto &frame) { handle(frame); }, *message);
}

void ChatClient::handle(const protocol::WelcomeFrame &frame)
{
    m_connectTimeout.stop();
    m_signedIn = true;
    m_attempt = 0;
    m_lastProtocolError.clear();
    if (frame.token != m_token) {
        m_token = frame.token;
        Q_EMIT tokenChanged(m_token);
    }
    learnEndpoints(frame.endpoints);
    m_login = frame.login;
    m_displayName = frame.name;
    m_role = frame.role;
    m_heartbeatSeconds = qMax(1, frame.heartbeatSeconds.value_or(25));
    // Servers before "receives_chats" assigned agents and never supervisors.
    m_receivesChats = frame.receivesChats.value_or(m_role == protocol::Role::Agent);
    m_routingMode = frame.routing.value_or(protocol::RoutingMode::LeastLoaded);
    Q_EMIT routingStateChanged();
    m_heartbeatTimer.start(m_heartbeatSeconds * 1000);

    QList<ConversationInfo> conversations;
    QStringList resume;
    for (const protocol::ConversationView &view : frame.conversations) {
        const ConversationInfo info = ConversationInfo::fromView(view);
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
    m_queueMore = frame.queueTotal.value_or(0) > queuedListed;
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

void ChatClient::handle(const protocol::AckFrame &frame)
{
    m_outbox.removeIf([&](const Outgoing &outgoing) {
        return outgoing.clientId == frame.clientId && outgoing.conversation == frame.conversation;
    });
    advance(frame.conversation, frame.seq);
    Q_EMIT messageAcked(frame.conversation, frame.clientId, frame.seq, frame.timestampMs);
}

void ChatClient::handle(const protocol::MessageFrame &frame)
{
    const ChatMessage message = ChatMessage::fromView(frame.message);
    advance(message.conversation, message.seq);
    Q_EMIT messageReceived(message);
}

void ChatClient::handle(const protocol::ErrorFrame &frame)
{
    const QString &code = frame.code;
    const QString &message = frame.message;
    const QString &ref = frame.ref;
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

void ChatClient::handle(const protocol::SyncedFrame &frame)
{
    auto it = m_cursors.find(frame.conversation);
    if (it == m_cursors.end())
        return;
    if (!frame.recovered) {
        // A new epoch: the old numbering is void; the views reload with history.
        it->epoch = frame.epoch;
        it->seq = frame.seq;
        it->ahead.clear();
    } else if (frame.complete) {
        it->seq = qMax(it->seq, frame.seq);
        it->ahead.removeIf([&frame](qint64 ahead) { return ahead <= frame.seq; });
    } else {
        sendSync(frame.conversation);
        return;
    }
    Q_EMIT synced(frame.conversation, frame.seq, frame.recovered);
}

void ChatClient::handle(const protocol::HistoryFrame &frame)
{
    QList<ChatMessage> messages;
    messages.reserve(frame.messages.size());
    for (const protocol::MessageView &view : frame.messages)
        messages.append(ChatMessage::fromView(view));
    Q_EMIT historyReceived(frame.conversation, messages, frame.hasMore);
}

void ChatClient::handle(const protocol::CustomerConversationsFrame &frame)
{
    QList<PastConversation> conversations;
    conversations.reserve(frame.conversations.size());
    for (const QJsonObject &object : frame.conversations)
        conversations.append(PastConversation::fromJson(object));
    Q_EMIT customerConversationsReceived(frame.conversation, conversations);
}

void ChatClient::handle(const protocol::AssignedFrame &frame)
{
    const ConversationInfo info = ConversationInfo::fromView(frame.conversation);
    track(info);
    Q_EMIT conversationAssigned(info);
}

void ChatClient::handle(const protocol::ConversationFrame &frame)
{
    const ConversationInfo info = ConversationInfo::fromView(frame.conversation);
    if (info.state == protocol::ConversationState::Closed)
        m_cursors.remove(info.id);
    else
        track(info);
    Q_EMIT conversationChanged(info);
}

void ChatClient::handle(const protocol::UnassignedFrame &frame)
{
    m_cursors.remove(frame.conversation);
    Q_EMIT conversationUnassigned(frame.conversation, frame.reason);
}

void ChatClient::handle(const protocol::ReceiptFrame &frame)
{
    // Our own receipts echoed from our other devices carry by:"agent"; only the customer's
    // move our messages' ticks.
    if (frame.by == protocol::Role::Customer)
        Q_EMIT receiptReceived(frame.conversation, frame.kind, frame.seq);
}

void ChatClient::handle(const protocol::TypingFrame &frame)
{
    if (frame.by == protocol::Role::Customer)
        Q_EMIT typingReceived(frame.conversation, frame.active);
}

void ChatClient::handle(const protocol::StatusFrame &frame)
{
    Q_EMIT statusChanged(frame.state);
}

void ChatClient::handle(const protocol::PongFrame &) { }

void ChatClient::handle(const protocol::RatingFrame &frame)
{
    Q_EMIT ratingReceived(frame.rating.conversation, frame.rating.rating, frame.rating.comment);
}

void ChatClient::handle(const protocol::SearchResultsFrame &frame)
{
    QList<SearchHit> hits;
    hits.reserve(frame.hits.size());
    for (const QJsonObject &object : frame.hits)
        hits.append(SearchHit::fromJson(object));
    Q_EMIT searchResultsReceived(
        frame.request, hits, frame.total, frame.totalCapped, frame.hasMore);
}

void ChatClient::handle(const protocol::ExportChunkFrame &frame)
{
    Q_EMIT exportChunkReceived(ExportChunk::fromJson(frame.chunk));
}

void ChatClient::handle(const protocol::ReportsFrame &frame)
{
    Q_EMIT reportsReceived(Report::fromJson(frame.report));
}

void ChatClient::handle(const protocol::AuditFrame &frame)
{
    QList<AuditEntry> entries;
    entries.reserve(frame.entries.size());
    for (const QJsonObject &object : frame.entries)
        entries.append(AuditEntry::fromJson(object));
    Q_EMIT auditReceived(frame.request, entries, frame.hasMore);
}

void ChatClient::handle(const protocol::StaffListFrame &frame)
{
    QList<StaffAccount> accounts;
    accounts.reserve(frame.accounts.size());
    for (const QJsonObject &object : frame.accounts)
        accounts.append(StaffAccount::fromJson(object));
    Q_EMIT staffListReceived(frame.request, accounts);
}

void ChatClient::handle(const protocol::StaffChangedFrame &frame)
{
    const StaffAccount account = StaffAccount::fromJson(frame.account);
    if (frame.change == u"updated" && account.login == m_login) {
        m_displayName = account.name;
        if (account.receivesChats != m_receivesChats) {
            m_receivesChats = account.receivesChats;
            Q_EMIT routingStateChanged();
        }
        if (account.role != m_role && m_socket) {
            // A new role sees other conversations and tools: sign in again (with the token)
            // for the welcome that carries them, as after any reconnect.
            qCInfo(lcClient) << "this account's role changed; signing in again";
            m_role = account.role;
            m_socket->close(QWebSocketProtocol::CloseCodeNormal);
        }
    }
    Q_EMIT staffChanged(frame.request, frame.change, account);
}

void ChatClient::handle(const protocol::SupervisorFrame &frame)
{
    Q_EMIT supervisorFrameReceived(frame.type, frame.frame);
}

void ChatClient::handle(const protocol::UnknownFrame &frame)
{
    qCDebug(lcClient) << "ignoring frame of type" << frame.type;
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
    sendFrame(protocol::PingMessage {});
}

void ChatClient::sendFrame(const protocol::ClientMessage &message)
{
    if (!m_socket || !m_signedIn)
        return;
    m_socket->sendTextMessage(QString::fromUtf8(protocol::encodeClientMessage(message)));
}

void ChatClient::sendOutgoing(const Outgoing &outgoing)
{
    sendFrame(protocol::SendMessage {
        outgoing.conversation, outgoing.clientId, outgoing.text, outgoing.kind });
}

void ChatClient::sendSync(const QString &conversation)
{
    const Cursor cursor = m_cursors.value(conversation);
    protocol::SyncMessage sync;
    sync.conversation = conversation;
    sync.afterSeq = cursor.seq;
    if (!cursor.epoch.isEmpty())
        sync.epoch = cursor.epoch;
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
    protocol::HistoryMessage history;
    history.conversation = conversation;
    if (beforeSeq > 0)
        history.beforeSeq = beforeSeq;
    history.limit = limit;
    sendFrame(history);
}

void ChatClient::requestCustomerConversations(const QString &conversation, int limit)
{
    sendFrame(protocol::CustomerConversationsMessage { conversation, limit });
}

void ChatClient::requestQueuePage(int limit)
{
    if (!m_queueMore || m_queuePageAsked || m_state != State::Online)
        return;
    m_queuePageAsked = true;
    protocol::QueuePageMessage request;
    request.afterPosition = m_queueListedThrough;
    request.limit = limit;
    sendFrame(request);
}

void ChatClient::handle(const protocol::QueuePageFrame &frame)
{
    m_queuePageAsked = false;
    QList<ConversationInfo> conversations;
    conversations.reserve(frame.conversations.size());
    for (const protocol::ConversationView &view : frame.conversations) {
        const ConversationInfo info = ConversationInfo::fromView(view);
        conversations.append(info);
        m_queueListedThrough = std::max(m_queueListedThrough, info.queuePosition);
    }
    m_queueMore = frame.more;
    Q_EMIT queuePageReceived(conversations);
}

void ChatClient::accept(const QString &conversation)
{
    sendFrame(protocol::AcceptMessage { conversation });
}

void ChatClient::transferToAgent(const QString &conversation, const QString &agentLogin)
{
    sendFrame(protocol::TransferMessage { conversation, agentLogin, {} });
}

void ChatClient::transferToTeam(const QString &conversation, const QString &team)
{
    sendFrame(protocol::TransferMessage { conversation, {}, team });
}

void ChatClient::closeConversation(const QString &conversation)
{
    sendFrame(protocol::CloseMessage { conversation });
}

void ChatClient::setStatus(protocol::AgentStatus status)
{
    sendFrame(protocol::StatusMessage { status });
}

void ChatClient::sendTyping(const QString &conversation, bool active)
{
    sendFrame(protocol::TypingMessage { conversation, active });
}

void ChatClient::sendReceipt(const QString &conversation, protocol::ReceiptKind kind, qint64 seq)
{
    sendFrame(protocol::ReceiptMessage { kind, conversation, seq });
}

void ChatClient::subscribe(const QString &topic)
{
    sendFrame(protocol::SubscribeMessage { topic });
}

void ChatClient::monitor(const QString &conversation)
{
    sendFrame(protocol::MonitorMessage { conversation });
}

QString ChatClient::newRequestId()
{
    return ids::newToken().left(16);
}

QString ChatClient::search(const SearchQuery &query)
{
    const QString request = newRequestId();
    sendFrame(query.toMessage(request));
    return request;
}

namespace {

protocol::TimeRange timeRange(qint64 fromMs, qint64 toMs)
{
    // 0 is open-ended on the console's side; the protocol leaves the field out.
    protocol::TimeRange range;
    if (fromMs > 0)
        range.fromMs = fromMs;
    if (toMs > 0)
        range.toMs = toMs;
    return range;
}

} // namespace

void ChatClient::requestExport(const QString &request, const QString &format, qint64 fromMs,
    qint64 toMs, const QString &cursor)
{
    protocol::ExportMessage message;
    message.request = request;
    message.format = protocol::exportFormatFromName(format).value_or(protocol::ExportFormat::Csv);
    message.range = timeRange(fromMs, toMs);
    if (!cursor.isEmpty())
        message.cursor = cursor;
    sendFrame(message);
}

// Requests answered by id (supervisors): sent only when online, each with a fresh id.
template<typename Request> QString ChatClient::sendRequest(Request request)
{
    if (m_state != State::Online)
        return {};
    request.request = newClientId();
    sendFrame(request);
    return request.request;
}

// Reports and the audit log (supervisors) -------------------------------------------------

QString ChatClient::requestReports(qint64 fromMs, qint64 toMs, int utcOffsetMinutes)
{
    protocol::ReportsMessage reports;
    reports.range = timeRange(fromMs, toMs);
    reports.utcOffsetMinutes = utcOffsetMinutes;
    return sendRequest(reports);
}

QString ChatClient::requestAudit(const AuditQuery &query)
{
    protocol::AuditMessage audit;
    audit.range = timeRange(query.fromMs, query.toMs);
    if (!query.actor.isEmpty())
        audit.actor = query.actor;
    audit.action = query.action;
    audit.limit = query.limit;
    audit.offset = query.offset;
    return sendRequest(audit);
}

// Staff accounts (supervisors) -------------------------------------------------------------

QString ChatClient::requestStaffList()
{
    return sendRequest(protocol::StaffListMessage {});
}

QString ChatClient::addStaff(const StaffAccount &account, const QString &password)
{
    protocol::StaffAddMessage add;
    add.login = account.login;
    add.name = account.name;
    add.role = account.role;
    add.teams = account.teams;
    add.password = password;
    add.receivesChats = account.receivesChats;
    return sendRequest(add);
}

QString ChatClient::updateStaff(const StaffAccount &account)
{
    protocol::StaffUpdateMessage update;
    update.login = account.login;
    update.name = account.name;
    update.role = account.role;
    update.teams = account.teams;
    update.receivesChats = account.receivesChats;
    return sendRequest(update);
}

QString ChatClient::resetStaffPassword(const QString &login, const QString &password)
{
    return sendRequest(protocol::StaffPasswordMessage { {}, login, password });
}

QString ChatClient::removeStaff(const QString &login)
{
    return sendRequest(protocol::StaffRemoveMessage { {}, login });
}

} // namespace switchboard::ui
