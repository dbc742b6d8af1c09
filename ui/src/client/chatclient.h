#pragma once

#include "auditentry.h"
#include "auditquery.h"
#include "chatmessage.h"
#include "conversationinfo.h"
#include "exportchunk.h"
#include "pastconversation.h"
#include "report.h"
#include "searchhit.h"
#include "searchquery.h"
#include "staffaccount.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QSslCertificate>
#include <QTimer>
#include <QUrl>
#include <switchboard/backoffpolicy.h>
#include <switchboard/clientmessage.h>
#include <switchboard/protocol.h>
#include <switchboard/serverdecoder.h>

class QSslError;
class QWebSocket;

namespace switchboard::ui {

// The console's protocol engine, without widgets. It signs in with a password or a token,
// tries its endpoints in turn, reconnects with exponential backoff and jitter, resumes every
// conversation it knows with `sync`, and keeps an outbox of unacknowledged sends that goes out
// again with the same client_id after each reconnect until the server acks it.
class ChatClient final : public QObject {
    Q_OBJECT
    Q_PROPERTY(State state READ state NOTIFY stateChanged)

public:
    enum class State { Offline, Connecting, Online };
    Q_ENUM(State)

    explicit ChatClient(QObject *parent = nullptr);
    ~ChatClient() override;
    Q_DISABLE_COPY_MOVE(ChatClient)

    void setEndpoints(const QList<QUrl> &endpoints);
    QList<QUrl> endpoints() const { return m_endpoints; }
    void setPasswordCredentials(const QString &login, const QString &password);
    void setToken(const QString &token) { m_token = token; }
    QString token() const { return m_token; }
    void setBackoffPolicy(const BackoffPolicy &policy) { m_backoff = policy; }
    void setConnectTimeout(int ms) { m_connectTimeout.setInterval(ms); }
    // wss:// endpoints are checked against the system's CAs. One more certificate may be
    // trusted: a LAN server's self-signed one the user chose (or its CA's), or the embedded
    // server's own. It is added to the CAs, and a server presenting exactly that certificate
    // is accepted even at an address it does not name (127.0.0.1 for a certificate made for
    // the shop's host name) or from a CA nobody lists; an expired or otherwise broken
    // certificate, and any other certificate, is still refused.
    void setTrustedCertificate(const QSslCertificate &certificate)
    {
        m_trustedCertificate = certificate;
    }
    QSslCertificate trustedCertificate() const { return m_trustedCertificate; }

    void connectToServer();
    void disconnectFromServer();

    State state() const { return m_state; }
    QUrl currentEndpoint() const;
    QString login() const { return m_login; }
    QString displayName() const { return m_displayName; }
    protocol::Role role() const { return m_role; }
    // The conversations the last welcome listed: a window made after the welcome (in a handler
    // of `welcomed` itself) starts from them instead of waiting for the next one.
    QList<ConversationInfo> welcomeConversations() const { return m_welcomeConversations; }
    // Whether the server assigns new conversations to this account by itself: the account
    // receives chats automatically and the routing is not manual (the status bar says which).
    bool receivesChats() const { return m_receivesChats; }
    protocol::RoutingMode routingMode() const { return m_routingMode; }
    bool chatsComeAutomatically() const
    {
        return m_receivesChats && m_routingMode != protocol::RoutingMode::Manual;
    }
    qsizetype outboxSize() const { return m_outbox.size(); }
    bool isQueued(const QString &clientId) const;
    qint64 lastSeq(const QString &conversation) const;
    // The last frame from the server this client could not read (empty: none since sign-in);
    // protocolError() says so when it happens.
    QString lastProtocolError() const { return m_lastProtocolError; }

    // Queues a message and sends it when online; returns its client_id.
    QString sendMessage(const QString &conversation, const QString &text,
        protocol::MessageKind kind = protocol::MessageKind::Text);
    void requestHistory(const QString &conversation, qint64 beforeSeq = 0,
        int limit = protocol::defaultHistoryLimit);
    // The other conversations of the customer behind `conversation`, newest first; the answer
    // comes through customerConversationsReceived.
    void requestCustomerConversations(
        const QString &conversation, int limit = protocol::defaultCustomerConversationsLimit);
    // The welcome lists the longest-waiting part of a long queue; this asks for the next page
    // after the last queue position heard of (queuePageReceived). Nothing is sent while a page
    // is on its way, when the whole queue was listed, or offline.
    void requestQueuePage(int limit = protocol::defaultQueuePageLimit);
    // Queued conversations this member may see that are not listed yet (as of the last page).
    bool hasMoreQueued() const { return m_queueMore; }
    void accept(const QString &conversation);
    void transferToAgent(const QString &conversation, const QString &agentLogin);
    void transferToTeam(const QString &conversation, const QString &team);
    void closeConversation(const QString &conversation);
    void setStatus(protocol::AgentStatus status);
    void sendTyping(const QString &conversation, bool active);
    void sendReceipt(const QString &conversation, protocol::ReceiptKind kind, qint64 seq);
    // Supervisors: `metrics` or `alerts` (frames arrive through supervisorFrameReceived), and
    // silent monitoring of a conversation (its messages arrive through messageReceived).
    void subscribe(const QString &topic);
    void monitor(const QString &conversation);
    // Supervisors: the reports over conversations created in [fromMs, toMs) (0: open-ended),
    // days counted at utcOffsetMinutes from UTC; and a page of the audit log. Each returns the
    // request id its answer (reportsReceived, auditReceived) or error (errorReceived's ref)
    // carries, or an empty string when offline (nothing is sent).
    QString requestReports(qint64 fromMs, qint64 toMs, int utcOffsetMinutes);
    QString requestAudit(const switchboard::ui::AuditQuery &query);
    // History search (agents and supervisors; the server scopes what an agent finds). Returns
    // the request id the answer (searchResultsReceived) or an error (errorReceived ref) echoes.
    QString search(const SearchQuery &query);
    // One chunk of a supervisor's range export: the first without a cursor, each next one with
    // the previous chunk's cursor and the same request id. Times 0 are open-ended.
    void requestExport(const QString &request, const QString &format, qint64 fromMs, qint64 toMs,
        const QString &cursor = {});
    // Supervisors: staff accounts (docs/protocol.md, "Staff accounts"). Each returns the
    // request id its answer (staffListReceived, staffChanged) or error (errorReceived's ref)
    // carries, or an empty string when offline (nothing is sent). The password is sent once
    // and kept nowhere.
    QString requestStaffList();
    QString addStaff(const switchboard::ui::StaffAccount &account, const QString &password);
    // Sends name, role, teams and receives_chats as `account` has them.
    QString updateStaff(const switchboard::ui::StaffAccount &account);
    QString resetStaffPassword(const QString &login, const QString &password);
    QString removeStaff(const QString &login);
    static QString newRequestId();

Q_SIGNALS:
    void stateChanged(switchboard::ui::ChatClient::State state);
    void reconnectScheduled(int delayMs);
    void signInFailed(const QString &reason);
    void welcomed(const QList<switchboard::ui::ConversationInfo> &conversations);
    void tokenChanged(const QString &token);
    void conversationAssigned(const switchboard::ui::ConversationInfo &conversation);
    void conversationUnassigned(const QString &conversation, const QString &reason);
    void conversationChanged(const switchboard::ui::ConversationInfo &conversation);
    void queuePageReceived(const QList<switchboard::ui::ConversationInfo> &conversations);
    void messageReceived(const switchboard::ui::ChatMessage &message);
    void messageAcked(
        const QString &conversation, const QString &clientId, qint64 seq, qint64 timestampMs);
    void messageFailed(const QString &conversation, const QString &clientId, const QString &reason);
    void receiptReceived(
        const QString &conversation, switchboard::protocol::ReceiptKind kind, qint64 seq);
    void typingReceived(const QString &conversation, bool active);
    // The customer rated a closed conversation this agent served (CSAT), or replaced its rating.
    void ratingReceived(const QString &conversation, int rating, const QString &comment);
    void synced(const QString &conversation, qint64 seq, bool recovered);
    void historyReceived(const QString &conversation,
        const QList<switchboard::ui::ChatMessage> &messages, bool hasMore);
    void customerConversationsReceived(
        const QString &conversation, const QList<switchboard::ui::PastConversation> &conversations);
    void statusChanged(switchboard::protocol::AgentStatus status);
    void errorReceived(const QString &code, const QString &message, const QString &ref);
    // A `metrics` or `alert` frame, as the server sent it.
    void supervisorFrameReceived(const QString &type, const QJsonObject &frame);
    void reportsReceived(const switchboard::ui::Report &report);
    void auditReceived(
        const QString &request, const QList<switchboard::ui::AuditEntry> &entries, bool hasMore);
    void searchResultsReceived(const QString &request,
        const QList<switchboard::ui::SearchHit> &hits, qint64 total, bool totalCapped,
        bool hasMore);
    void exportChunkReceived(const switchboard::ui::ExportChunk &chunk);
    void staffListReceived(
        const QString &request, const QList<switchboard::ui::StaffAccount> &accounts);
    // `change`: "added", "updated", "password" or "removed". Also arrives without a request
    // when another supervisor changed this account.
    void staffChanged(const QString &request, const QString &change,
        const switchboard::ui::StaffAccount &account);
    // A frame from the server was not valid JSON or lacked a field this client needs; it was
    // dropped. `problem` names the frame type and field, never its text.
    void protocolError(const QString &problem);
    // receivesChats() or routingMode() changed (welcome, or this account was updated).
    void routingStateChanged();

private:
    struct Outgoing {
        QString conversation;
        QString clientId;
        QString text;
        protocol::MessageKind kind = protocol::MessageKind::Text;
    };
    // How far this client holds a conversation's history without gaps.
    struct Cursor {
        qint64 seq = 0;
        QString epoch;
        QSet<qint64> ahead; // seqs seen above a gap
    };

    void openSocket();
    void onSocketConnected(QWebSocket *socket);
    bool presentsTrustedCertificate(const QWebSocket *socket, const QList<QSslError> &errors) const;
    void onSocketGone(QWebSocket *socket);
    void onFrame(const QString &text);
    // One handler per server frame (serverdecoder.h): a new frame type fails to compile here
    // until it is handled.
    void handle(const protocol::WelcomeFrame &frame);
    void handle(const protocol::AckFrame &frame);
    void handle(const protocol::MessageFrame &frame);
    void handle(const protocol::ErrorFrame &frame);
    void handle(const protocol::SyncedFrame &frame);
    void handle(const protocol::HistoryFrame &frame);
    void handle(const protocol::CustomerConversationsFrame &frame);
    void handle(const protocol::AssignedFrame &frame);
    void handle(const protocol::ConversationFrame &frame);
    void handle(const protocol::UnassignedFrame &frame);
    void handle(const protocol::ReceiptFrame &frame);
    void handle(const protocol::TypingFrame &frame);
    void handle(const protocol::StatusFrame &frame);
    void handle(const protocol::PongFrame &frame);
    void handle(const protocol::RatingFrame &frame);
    void handle(const protocol::SearchResultsFrame &frame);
    void handle(const protocol::ExportChunkFrame &frame);
    void handle(const protocol::ReportsFrame &frame);
    void handle(const protocol::AuditFrame &frame);
    void handle(const protocol::StaffListFrame &frame);
    void handle(const protocol::StaffChangedFrame &frame);
    void handle(const protocol::QueuePageFrame &frame);
    void handle(const protocol::SupervisorFrame &frame);
    void handle(const protocol::UnknownFrame &frame);
    // Adds the endpoints a welcome lists (the cluster's nodes) after the configured ones.
    void learnEndpoints(const QStringList &advertised);
    template<typename Request> QString sendRequest(Request request);
    void onHeartbeatTick();
    void scheduleReconnect();
    void setState(State state);
    void sendFrame(const protocol::ClientMessage &message);
    void sendOutgoing(const Outgoing &outgoing);
    void sendSync(const QString &conversation);
    void flushOutbox();
    void advance(const QString &conversation, qint64 seq);
    void track(const ConversationInfo &conversation);

    QList<QUrl> m_endpoints;
    qsizetype m_endpointIndex = 0;
    int m_attempt = 0;
    BackoffPolicy m_backoff;
    QPointer<QWebSocket> m_socket;
    QSslCertificate m_trustedCertificate;
    QTimer m_reconnectTimer;
    QTimer m_connectTimeout;
    QTimer m_heartbeatTimer;
    QTimer m_retryTimer;
    QElapsedTimer m_lastInbound;
    int m_heartbeatSeconds = 25;

    QString m_login;
    QString m_password;
    QString m_token;
    QString m_displayName;
    protocol::Role m_role = protocol::Role::Agent;
    bool m_receivesChats = true;
    protocol::RoutingMode m_routingMode = protocol::RoutingMode::LeastLoaded;
    bool m_wanted = false;
    bool m_signedIn = false;
    bool m_authRejected = false;
    State m_state = State::Offline;

    QString m_lastProtocolError;
    QList<ConversationInfo> m_welcomeConversations;
    int m_queueListedThrough = 0; // the highest queue position listed to us
    bool m_queueMore = false;
    bool m_queuePageAsked = false;
    QHash<QString, Cursor> m_cursors;
    QList<Outgoing> m_outbox;
};

} // namespace switchboard::ui
