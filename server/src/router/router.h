#pragma once

#include "abandonedvisitors.h"
#include "agentroster.h"
#include "assignmentpolicy.h"
#include "auth/loginthrottle.h"
#include "batchingoutbox.h"
#include "clock.h"
#include "cluster/clusterevent.h"
#include "clusterhandoff.h"
#include "conversationbook.h"
#include "conversationviews.h"
#include "crossnodedelivery.h"
#include "gateway/clienteventsink.h"
#include "gateway/outbox.h"
#include "inboundqueue.h"
#include "localroutingguard.h"
#include "missedchatsweeper.h"
#include "queueannouncements.h"
#include "routeroptions.h"
#include "sessionregistry.h"
#include "store/receiptbatcher.h"
#include "store/store.h"
#include "supervisorfeeds.h"
#include "visitoradmission.h"

#include <QObject>
#include <QTimer>
#include <switchboard/clientmessage.h>
#include <switchboard/servermessage.h>

namespace switchboard::server {

struct StaffOutcome;
class AlertEngine;
struct Alert;
class HistoryService;
class StorageService;
class WebhookDispatcher;
namespace metrics {
struct ServerMetrics;
}

// Decides who sees what: sessions, sign-in, conversations, routing, fan-out. It owns no
// sockets (it talks to connections through an Outbox) and no database (it queues work on a
// StorageService), so it is tested without a network. Lives on its own thread; every public
// entry point may be called from any thread and hops onto the router's thread.
class Router final : public QObject, public ClientEventSink {
    Q_OBJECT

public:
    Router(RouterOptions options, StorageService *storage, Outbox *outbox,
        metrics::ServerMetrics *metrics, QObject *parent = nullptr);
    ~Router() override;
    Q_DISABLE_COPY_MOVE(Router)

    // Loads the open conversations and staff accounts; call once before traffic, on any thread.
    StoreResult<Done> restore();

    void connectionOpened(ConnectionId connection, const ConnectionInfo &info) override;
    void messageReceived(
        ConnectionId connection, protocol::ClientMessage message, qint64 receivedNs) override;
    void connectionClosed(ConnectionId connection) override;

    // Closes every client with 1001 (the node is going away); on the router's thread.
    void closeAllForShutdown();
    // Relays the engine's alerts to subscribed supervisors; the engine lives on this thread.
    void setAlertEngine(AlertEngine *engine);
    // Conversation events go to the shop's webhooks, committed with what caused them.
    void setWebhooks(WebhookDispatcher *webhooks) { m_webhooks = webhooks; }
    // Exports and reports run on the history thread; without it they answer unavailable.
    void setHistory(HistoryService *history) { m_history = history; }
    // The time the router and its parts go by (the system clock unless set); call before
    // restore(). The clock must outlive the router.
    void setClock(const Clock &clock) { m_clock = &clock; }
    double longestQueueWaitSeconds() const;
    int openConversationCount() const; // queued and assigned, on this node

    // The cluster (routercluster.cpp): what this node does goes out through `link`; the
    // bus calls the three handlers below with what the other nodes did. On this thread.
    void setCluster(ClusterLink *link);
    void onClusterEvent(const ClusterEvent &event);
    void onClusterNodes(const QList<ClusterNode> &nodes);
    void onClusterResynced();

    // Attachments (routerattachments.cpp): a message of kind 'attachment' the HTTP upload
    // committed (its answer was the uploader's ack) goes to every connection that may see
    // it, the uploader's own included, and to the other nodes, like a sent message.
    void deliverUploadedMessage(const StoredMessage &message);

private:
    struct Inbound {
        ConnectionId connection = 0;
        qint64 receivedNs = 0;
    };

    // Lifecycle and sign-in (router.cpp).
    void enqueueInbound(InboundQueue::Event event);
    void drainInbound();
    void onOpened(ConnectionId connection, const ConnectionInfo &info);
    void onClosed(ConnectionId connection);
    // A staff member's connection ended: presence, the logout entry, the grace clock.
    void staffConnectionGone(const Session &session);
    void dispatch(const Inbound &in, protocol::ClientMessage &message);
    void onHello(const Inbound &in, const protocol::HelloMessage &hello);
    void helloCustomer(ConnectionId connection, const protocol::HelloMessage &hello);
    void helloCustomerWithToken(ConnectionId connection, const protocol::HelloMessage &hello);
    // `previous`: the visitor's latest conversation, closed, shown to it in welcome.
    void startCustomerConversation(ConnectionId connection, qint64 customerId,
        const protocol::HelloMessage &hello, const QString &token,
        const std::optional<ConversationRecord> &previous = std::nullopt);
    void welcomeCustomer(ConnectionId connection, const CustomerRecord &customer,
        const QString &conversationId, const QString &token,
        const std::optional<ConversationRecord> &previous = std::nullopt);
    void helloStaffWithPassword(ConnectionId connection, const protocol::HelloMessage &hello);
    void helloStaffWithToken(ConnectionId connection, const protocol::HelloMessage &hello);
    void issueStaffToken(ConnectionId connection, const UserRecord &user);
    void welcomeStaff(ConnectionId connection, const UserRecord &user, const QString &token);
    void rejectHello(ConnectionId connection, const QString &reason);
    // New visitors (routeradmission.cpp): false when refused (per-address limits or the node's
    // open-conversation cap), with the error and close already sent and nothing stored.
    bool admitNewVisitor(ConnectionId connection);
    bool refuseWhenFull(ConnectionId connection);
    void refuseVisitor(ConnectionId connection, const QString &reason, qint64 retryAfterMs);
    // Ends a hello that did not lead to welcome, without counting it as a failed sign-in.
    void abandonHello(ConnectionId connection, const QString &unavailableReason);

    // Conversation traffic (routermessages.cpp).
    void onSend(const Inbound &in, const protocol::SendMessage &send);
    void onReceipt(const Inbound &in, const protocol::ReceiptMessage &receipt);
    // Moves a cumulative receipt mark forward; false when it says nothing new.
    bool advanceReceipt(
        ConversationRecord &conversation, ReceiptSide side, protocol::ReceiptKind kind, qint64 seq);
    // The receipt frame to the other side, and to `staffId`'s devices but `except`.
    void sendReceipt(const ConversationRecord &conversation, ReceiptSide side,
        protocol::ReceiptKind kind, qint64 seq, qint64 staffId, ConnectionId except);
    void onTyping(const Inbound &in, const protocol::TypingMessage &typing);
    // Page reads one connection may have on the storage readers at once; more wait.
    static constexpr int maxReadsInFlight = 4;
    // Reads a page of a conversation the sender may read, or answers not_found/forbidden.
    void readPage(ConnectionId connection, const QString &conversationId,
        std::function<StoreResult<MessagePage>(Store &, bool includeNotes)> readMessages,
        std::function<void(StoreResult<MessagePage>)> onPage);
    void onSync(const Inbound &in, const protocol::SyncMessage &sync);
    // A client synced from a seq past the stored history (a database restored from a
    // backup): the conversation gets a new epoch and the client the reload signal
    // (routerepoch.cpp).
    void rotateRestoredEpoch(
        ConnectionId connection, const protocol::SyncMessage &sync, const MessagePage &page);
    void onHistory(const Inbound &in, const protocol::HistoryMessage &history);
    void onCustomerConversations(
        const Inbound &in, const protocol::CustomerConversationsMessage &request);
    // The queued conversations a staff member may see, a page at a time (routerqueue.cpp): the
    // welcome lists the first page, queue_page the rest.
    struct QueueListing {
        QList<protocol::ConversationView> conversations;
        int total = 0; // every queued conversation the member may see
        bool more = false; // some follow the last one listed
    };
    QueueListing queuedFor(const AgentEntry &staff, int afterPosition, int limit) const;
    void onQueuePage(const Inbound &in, const protocol::QueuePageMessage &request);
    void onMonitor(const Inbound &in, const protocol::MonitorMessage &monitor);
    void onSubscribe(const Inbound &in, const protocol::SubscribeMessage &subscribe);
    void publishMetrics();
    void fanOut(const StoredMessage &message, ConnectionId except, qint64 originNs);

    // History requests for supervisors: export and reports (routerhistory.cpp).
    void onExport(const Inbound &in, const protocol::ExportMessage &request);
    void onReports(const Inbound &in, const protocol::ReportsMessage &request);
    bool requireSupervisor(const Inbound &in, const Session &session, const QString &ref);

    // Search and the audit log (routersearch.cpp, routeraudit.cpp).
    void onSearch(const Inbound &in, const protocol::SearchMessage &request);
    void onAudit(const Inbound &in, const protocol::AuditMessage &request);
    // Audit entries: never message text, passwords, tokens or e-mail addresses in `detail`.
    AuditEntry auditEntry(const QString &action, const QString &actor, const QString &actorRole,
        const QString &target, const QJsonObject &detail, const QHostAddress &address) const;
    AuditEntry auditEntryBy(const Session &session, const QString &action, const QString &target,
        const QJsonObject &detail = {}) const;
    // Appends an audit entry on the storage writer without waiting.
    void recordAudit(const QString &action, const QString &actor, const QString &actorRole,
        const QString &target, const QJsonObject &detail, const QHostAddress &address);
    void recordAuditBy(const Session &session, const QString &action, const QString &target,
        const QJsonObject &detail = {});
    void recordSignIn(ConnectionId connection, const UserRecord &user, const QString &method);
    void recordSignInFailure(ConnectionId connection, const QString &login, const QString &role,
        const QJsonObject &detail);

    // Staff accounts for supervisors (routerstaff.cpp).
    void onStaffList(const Inbound &in, const protocol::StaffListMessage &request);
    void onStaffAdd(const Inbound &in, const protocol::StaffAddMessage &request);
    void onStaffUpdate(const Inbound &in, const protocol::StaffUpdateMessage &request);
    void onStaffPassword(const Inbound &in, const protocol::StaffPasswordMessage &request);
    void onStaffRemove(const Inbound &in, const protocol::StaffRemoveMessage &request);
    // Hashes on the thread pool (argon2id takes a while), then runs `then` on this thread.
    void hashPassword(const QString &password, std::function<void(QByteArray)> then);
    // Answers the supervisor once the change is stored, and applies it to this node.
    void finishStaffChange(ConnectionId connection, const QString &requestId,
        protocol::StaffChange change, const StoreResult<StaffOutcome> &outcome);
    // Signs out every connection of `userId` but `except` at once: `unauthenticated`, then
    // close 1008, as for a revoked token.
    void endStaffSessions(qint64 userId, const QString &reason, ConnectionId except = 0);
    protocol::StaffAccountView accountView(const UserRecord &user) const;

    // Routing (routerrouting.cpp).
    void onStatus(const Inbound &in, const protocol::StatusMessage &status);
    void onAccept(const Inbound &in, const protocol::AcceptMessage &accept);
    void onTransfer(const Inbound &in, const protocol::TransferMessage &transfer);
    void onClose(const Inbound &in, const protocol::CloseMessage &close);
    // Customer satisfaction (routerrating.cpp): the customer rates its closed conversation.
    void onRate(const Inbound &in, const protocol::RateMessage &rate);
    void finishRating(
        ConnectionId connection, qint64 customerId, const StoreResult<RatingOutcome> &outcome);
    void assignQueued();
    void assign(const QString &conversationId, qint64 agentId, const QString &eventText);
    void requeue(const QString &conversationId, const QString &team, const QString &reason,
        const QString &eventText);
    // `reason`: "missed" or "idle" when the server closes it because nobody is there.
    void closeConversation(
        const QString &conversationId, const QString &eventText, const QString &reason = {});
    // Closes the conversations MissedChatSweeper finds: missed and idle (routerunattended.cpp).
    void closeUnattended(qint64 nowMs);
    // Persists a routing change plus its system event, then runs `after` with the event.
    void commitRouting(const RoutingChange &change, const QString &eventText,
        std::function<void(const StoredMessage &)> after, std::function<void()> onFailure);
    void sendToEligibleStaff(const ConversationRecord &conversation, const QByteArray &frame);
    void checkGracePeriods();
    // A visitor who leaves before writing anything must not clog the queue: after the grace
    // period its empty conversation is closed (AbandonedVisitors).
    void noteCustomerLeft(qint64 customerId);
    void closeAbandonedConversations(qint64 nowMs);
    void notifyQueueChanged(); // announces, once the current burst of changes is done
    void announceQueueChanges();
    void updateRoutingGauges();

    // The cluster (routercluster.cpp).
    void publishConversation(const QString &conversationId, qint64 seq, bool routing,
        protocol::Role role, const StoredMessage *message = nullptr);
    // A routing change this node stored, with its system event and where it left the
    // conversation (none for a close: the others read that one).
    void publishRoutingChange(const RoutingChange &change, const StoredMessage &event);
    // Takes another node's assignment or requeue from its event when it is the next thing
    // that happened to the conversation; false: read the row instead.
    bool followRoutingFromEvent(const ConversationRecord &known, const ClusterEvent &event);
    void publishLocalAgents();
    // A conversation this node just created: followed here, told to the others.
    void announceNewConversation(const QString &conversationId);
    bool onlineElsewhere(qint64 userId) const;
    // Whether that live node (not this one) lists a signed-in agent who is available.
    bool hasAvailableStaff(const QString &nodeId) const;
    // Someone connected here reads this conversation (its customer, agent or a monitor).
    bool hasLocalParties(const ConversationRecord &conversation) const;
    QStringList clusterEndpoints() const;
    // Reads the conversation and what was written after this node's delivery mark, then
    // reconciles: the database is the truth, whatever the book here believed.
    void refreshConversation(const QString &conversationId);
    // `routingSettled` false: this node changed the routing since the read began, so only
    // the messages are taken from it.
    void reconcile(const ConversationRecord &stored, const QList<StoredMessage> &newer,
        bool routingSettled = true);
    void learnAgent(qint64 agentId);

    // Helpers.
    bool requireStaff(const Inbound &in, const Session &session);
    // Resolves the conversation a message names and checks the sender may write to it.
    ConversationRecord *writableConversation(const Inbound &in, const Session &session,
        const QString &conversationId, const QString &ref);
    // Staff may read what they serve or could accept, and the same visitor's other
    // conversations while they may read its open one; customers only their own.
    bool mayRead(const Session &session, const ConversationRecord &conversation) const;
    bool agentMayReadNow(qint64 agentId, const ConversationRecord &conversation) const;
    void sendError(ConnectionId connection, protocol::ErrorCode code, const QString &message,
        const QString &ref = {});
    void sendToCustomer(
        qint64 customerId, const QByteArray &frame, ConnectionId except = 0, qint64 originNs = 0);
    void sendToStaff(
        qint64 userId, const QByteArray &frame, ConnectionId except = 0, qint64 originNs = 0);
    // ConversationViews's; `queuePosition`: pass it when already known, to skip a queue scan.
    protocol::ConversationView viewOf(const ConversationRecord &conversation, bool forStaff,
        std::optional<int> queuePosition = std::nullopt) const;
    protocol::MessageView viewOf(const StoredMessage &message) const;
    NewMessage systemEvent(const QString &conversationId, const QString &text) const;
    QString agentName(qint64 agentId) const;

    RouterOptions m_options;
    const Clock *m_clock = &SystemClock::instance();
    StorageService *m_storage;
    BatchingOutbox m_batchingOutbox; // wraps the Outbox given to the constructor
    Outbox *m_outbox;
    metrics::ServerMetrics *m_metrics;
    SessionRegistry m_sessions;
    ConversationBook m_book;
    AgentRoster m_roster;
    ConversationViews m_views { m_book, m_roster, m_sessions };
    AssignmentPolicy m_policy;
    LoginThrottle m_loginThrottle;
    QTimer m_graceTimer;
    QTimer m_metricsTimer;
    SupervisorFeeds m_feeds;
    AbandonedVisitors m_abandoned;
    MissedChatSweeper m_unattended;
    VisitorAdmission m_admission;
    // New conversations queued on the storage writer and not yet in m_book: they count against
    // max-open-conversations, or a burst of hellos would all pass the cap before any landed.
    int m_conversationsStarting = 0;
    AlertEngine *m_alerts = nullptr;
    WebhookDispatcher *m_webhooks = nullptr;
    HistoryService *m_history = nullptr;
    QueueAnnouncements m_queueAnnouncements;
    ClusterLink *m_cluster = nullptr; // null: this node runs alone
    CrossNodeDelivery m_delivery; // used only in a cluster
    LocalRoutingGuard m_localRouting; // used only in a cluster
    qint64 m_lastGuardPruneMs = 0;
    QList<ClusterNode> m_nodes; // the live nodes, this one too
    // Which node's routing news about a conversation this node heard last: for a while a
    // conversation queued there is left to it (assignQueued).
    ClusterHandoff m_handoff;
    // Runs assignQueued again when a conversation left to another node is up for grabs.
    QTimer m_handoffTimer;
    bool m_shuttingDown = false;
    InboundQueue m_inbound; // filled by the I/O threads
    std::vector<InboundQueue::Event> m_spareBatch; // an emptied batch, kept for its capacity
    std::unique_ptr<ReceiptBatcher> m_receipts; // null without storage
};

} // namespace switchboard::server
