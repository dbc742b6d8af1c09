// The client half of the protocol against the server's half, without sockets: every message
// the console sends, encoded by clientencoder.h and read back by the server's
// decodeClientMessage(); every frame the server sends, encoded by servermessage.h and read
// back by decodeServerMessage(); and the errors the client decoder gives for what it cannot read.
#include <QJsonArray>
#include <QTest>
#include <switchboard/clientencoder.h>
#include <switchboard/clientmessage.h>
#include <switchboard/serverdecoder.h>
#include <switchboard/servermessage.h>

using namespace Qt::StringLiterals;
using namespace switchboard;
using namespace switchboard::protocol;

namespace {

constexpr qint64 nineThirty = 1795771800000; // 2026-11-27T09:30:00.000Z
constexpr qint64 tenOClock = nineThirty + 30 * 60 * 1000;

// Encodes `sent`, decodes it as the server does and returns what the server read.
template<typename Message> Message throughServer(const Message &sent)
{
    const QByteArray frame = encodeClientMessage(sent);
    const Expected<ClientMessage, DecodeError> decoded = decodeClientMessage(frame);
    if (!decoded) {
        qWarning() << "the server refused" << frame << ":" << decoded.error().message;
        return {};
    }
    if (!std::holds_alternative<Message>(*decoded)) {
        qWarning() << "the server read" << frame << "as" << messageTypeName(*decoded);
        return {};
    }
    return std::get<Message>(*decoded);
}

template<typename Frame> std::optional<Frame> throughClient(const QByteArray &frame)
{
    const Expected<ServerMessage, QString> decoded = decodeServerMessage(frame);
    if (!decoded) {
        qWarning() << "the client refused" << frame << ":" << decoded.error();
        return std::nullopt;
    }
    if (!std::holds_alternative<Frame>(*decoded)) {
        qWarning() << "the client read" << frame << "as another frame, index" << decoded->index();
        return std::nullopt;
    }
    return std::get<Frame>(*decoded);
}

QString decodeError(const QByteArray &frame)
{
    const Expected<ServerMessage, QString> decoded = decodeServerMessage(frame);
    return decoded ? QString() : decoded.error();
}

// Every field the server encoded comes back; a failed QCOMPARE here fails the calling test.
void sameMessage(const MessageView &read, const MessageView &sent)
{
    QCOMPARE(read.conversation, sent.conversation);
    QCOMPARE(read.seq, sent.seq);
    QCOMPARE(read.clientId, sent.clientId);
    QCOMPARE(read.kind, sent.kind);
    QCOMPARE(read.fromRole, sent.fromRole);
    QCOMPARE(read.fromName, sent.fromName);
    QCOMPARE(read.text, sent.text);
    QCOMPARE(read.timestampMs, sent.timestampMs);
    QCOMPARE(read.traceId, sent.traceId);
}

void sameConversation(const ConversationView &read, const ConversationView &sent)
{
    QCOMPARE(read.id, sent.id);
    QCOMPARE(read.seq, sent.seq);
    QCOMPARE(read.epoch, sent.epoch);
    QCOMPARE(read.state, sent.state);
    QCOMPARE(read.team, sent.team);
    QCOMPARE(read.queuePosition, sent.queuePosition);
    QCOMPARE(read.customer.has_value(), sent.customer.has_value());
    if (read.customer) {
        QCOMPARE(read.customer->name, sent.customer->name);
        QCOMPARE(read.customer->email, sent.customer->email);
        QCOMPARE(read.customer->page, sent.customer->page);
        QCOMPARE(read.customer->online, sent.customer->online);
    }
    QCOMPARE(read.unread, sent.unread);
    QCOMPARE(read.agentLogin, sent.agentLogin);
    QCOMPARE(read.agentName, sent.agentName);
    QCOMPARE(read.createdMs, sent.createdMs);
    QCOMPARE(read.waitingSinceMs, sent.waitingSinceMs);
}

ConversationView conversationView()
{
    ConversationView view;
    view.id = u"c1"_s;
    view.seq = 7;
    view.epoch = u"e1"_s;
    view.state = ConversationState::Assigned;
    view.team = u"sales"_s;
    view.agentLogin = u"alice"_s;
    view.agentName = u"Alice"_s;
    view.createdMs = nineThirty;
    view.customer = CustomerView { u"Ann"_s, u"ann@example.org"_s, u"/shop"_s, true };
    view.unread = 2;
    return view;
}

} // namespace

class tst_ClientCodec final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // Client to server.
    void helloWithPasswordAndWithToken();
    void sendKeepsClientIdTextAndKind();
    void conversationRequests();
    void syncAndHistory();
    void historyRequests();
    void staffRequests();
    void rateKeepsRatingAndComment();
    void wireIsWhatTheConsoleAlwaysSent();
    // Server to client.
    void welcomeStaff();
    void ackMessageAndReceipts();
    void syncedHistoryAndErrors();
    void conversationFrames();
    void supervisorAnswers();
    void ratingFrame();
    void unreadableFramesGiveOneLineErrors();
};

void tst_ClientCodec::rateKeepsRatingAndComment()
{
    const RateMessage rated = throughServer(RateMessage { u"c1"_s, 4, u"quick and kind"_s });
    QCOMPARE(rated.conversation, u"c1"_s);
    QCOMPARE(rated.rating, 4);
    QCOMPARE(rated.comment, u"quick and kind"_s);
    const RateMessage bare = throughServer(RateMessage { u"c2"_s, 1, {} });
    QCOMPARE(bare.conversation, u"c2"_s);
    QCOMPARE(bare.rating, 1);
    QVERIFY(bare.comment.isEmpty());
    // The longest comment allowed passes; the frame names the fields docs/protocol.md names.
    const QString longest(maxRatingCommentLength, u'x');
    QCOMPARE(throughServer(RateMessage { u"c3"_s, 5, longest }).comment, longest);
    QCOMPARE(encodeClientMessage(RateMessage { u"c1"_s, 5, {} }),
        R"({"conversation":"c1","rating":5,"type":"rate"})"_ba);
}

void tst_ClientCodec::ratingFrame()
{
    const RatingView sent { u"c1"_s, 2, u"slow answer"_s, nineThirty,
        nineThirty + ratingChangeWindowMs };
    const std::optional<RatingFrame> read = throughClient<RatingFrame>(encodeRating(sent));
    QVERIFY(read);
    QCOMPARE(read->rating.conversation, sent.conversation);
    QCOMPARE(read->rating.rating, 2);
    QCOMPARE(read->rating.comment, sent.comment);
    QCOMPARE(read->rating.ratedMs, nineThirty);
    QCOMPARE(read->rating.changeableUntilMs, nineThirty + ratingChangeWindowMs);
    QCOMPARE(decodeError(R"({"type":"rating","conversation":"c1"})"),
        u"'rating' frame: field 'rating' is missing"_s);
}

void tst_ClientCodec::helloWithPasswordAndWithToken()
{
    HelloMessage hello;
    hello.role = Role::Agent;
    hello.login = u"alice"_s;
    hello.password = u"pw one two"_s;
    const HelloMessage byPassword = throughServer(hello);
    QCOMPARE(byPassword.role, Role::Agent);
    QCOMPARE(byPassword.login, u"alice"_s);
    QCOMPARE(byPassword.password, u"pw one two"_s);
    QVERIFY(!byPassword.token);

    HelloMessage resume;
    resume.role = Role::Agent;
    resume.token = u"tok123"_s;
    const HelloMessage byToken = throughServer(resume);
    QCOMPARE(byToken.token, std::optional<QString>(u"tok123"_s));
    QVERIFY(byToken.login.isEmpty());
}

void tst_ClientCodec::sendKeepsClientIdTextAndKind()
{
    const SendMessage sent { u"c1"_s, u"id-1_x"_s, u"héllo \"world\""_s, MessageKind::Note };
    const SendMessage read = throughServer(sent);
    QCOMPARE(read.conversation, sent.conversation);
    QCOMPARE(read.clientId, sent.clientId);
    QCOMPARE(read.text, sent.text);
    QCOMPARE(read.kind, MessageKind::Note);
}

void tst_ClientCodec::conversationRequests()
{
    QCOMPARE(throughServer(AcceptMessage { u"c1"_s }).conversation, u"c1"_s);
    QCOMPARE(throughServer(CloseMessage { u"c2"_s }).conversation, u"c2"_s);
    QCOMPARE(throughServer(MonitorMessage { u"c3"_s }).conversation, u"c3"_s);
    const TransferMessage toAgent = throughServer(TransferMessage { u"c1"_s, u"bob"_s, {} });
    QCOMPARE(toAgent.toAgent, u"bob"_s);
    QVERIFY(toAgent.toTeam.isEmpty());
    const TransferMessage toTeam = throughServer(TransferMessage { u"c1"_s, {}, u"sales"_s });
    QCOMPARE(toTeam.toTeam, u"sales"_s);
    QVERIFY(toTeam.toAgent.isEmpty());
    QCOMPARE(throughServer(StatusMessage { AgentStatus::Away }).state, AgentStatus::Away);
    const TypingMessage typing = throughServer(TypingMessage { u"c1"_s, true });
    QCOMPARE(typing.conversation, u"c1"_s);
    QCOMPARE(typing.active, true);
    const ReceiptMessage receipt = throughServer(ReceiptMessage { ReceiptKind::Read, u"c1"_s, 9 });
    QCOMPARE(receipt.kind, ReceiptKind::Read);
    QCOMPARE(receipt.seq, 9);
    QCOMPARE(throughServer(SubscribeMessage { u"alerts"_s }).topic, u"alerts"_s);
    const CustomerConversationsMessage past
        = throughServer(CustomerConversationsMessage { u"c1"_s, 5 });
    QCOMPARE(past.conversation, u"c1"_s);
    QCOMPARE(past.limit, 5);
    QVERIFY(decodeClientMessage(encodeClientMessage(PingMessage {})).hasValue());
}

void tst_ClientCodec::syncAndHistory()
{
    SyncMessage sync;
    sync.conversation = u"c1"_s;
    sync.afterSeq = 41;
    sync.epoch = u"e9"_s;
    const SyncMessage readSync = throughServer(sync);
    QCOMPARE(readSync.conversation, u"c1"_s);
    QCOMPARE(readSync.afterSeq, 41);
    QCOMPARE(readSync.epoch, std::optional<QString>(u"e9"_s));
    QCOMPARE(readSync.limit, defaultSyncLimit);

    HistoryMessage history;
    history.conversation = u"c1"_s;
    history.beforeSeq = 100;
    history.limit = 20;
    const HistoryMessage readHistory = throughServer(history);
    QCOMPARE(readHistory.beforeSeq, std::optional<qint64>(100));
    QCOMPARE(readHistory.limit, 20);
    history.beforeSeq.reset();
    QVERIFY(!throughServer(history).beforeSeq);
}

void tst_ClientCodec::historyRequests()
{
    SearchMessage search;
    search.request = u"r1"_s;
    search.text = u"refund"_s;
    search.range = { nineThirty, tenOClock };
    search.agent = u"alice"_s;
    search.customer = u"ann@"_s;
    search.state = ConversationState::Closed;
    search.limit = 10;
    search.offset = 20;
    const SearchMessage readSearch = throughServer(search);
    QCOMPARE(readSearch.request, u"r1"_s);
    QCOMPARE(readSearch.text, u"refund"_s);
    QCOMPARE(readSearch.range.fromMs, std::optional<qint64>(nineThirty));
    QCOMPARE(readSearch.range.toMs, std::optional<qint64>(tenOClock));
    QCOMPARE(readSearch.agent, u"alice"_s);
    QCOMPARE(readSearch.customer, u"ann@"_s);
    QCOMPARE(readSearch.state, std::optional(ConversationState::Closed));
    QCOMPARE(readSearch.limit, 10);
    QCOMPARE(readSearch.offset, 20);

    ExportMessage exportRequest;
    exportRequest.request = u"x1"_s;
    exportRequest.format = ExportFormat::Jsonl;
    exportRequest.range.fromMs = nineThirty;
    const ExportMessage firstChunk = throughServer(exportRequest);
    QCOMPARE(firstChunk.format, ExportFormat::Jsonl);
    QCOMPARE(firstChunk.range.fromMs, std::optional<qint64>(nineThirty));
    QVERIFY(!firstChunk.range.toMs);
    QVERIFY(!firstChunk.cursor);
    exportRequest.cursor = u"next-page"_s;
    QCOMPARE(throughServer(exportRequest).cursor, std::optional<QString>(u"next-page"_s));

    ReportsMessage reports;
    reports.request = u"p1"_s;
    reports.range.toMs = tenOClock;
    reports.utcOffsetMinutes = -300;
    const ReportsMessage readReports = throughServer(reports);
    QCOMPARE(readReports.request, u"p1"_s);
    QCOMPARE(readReports.range.toMs, std::optional<qint64>(tenOClock));
    QCOMPARE(readReports.utcOffsetMinutes, -300);

    AuditMessage audit;
    audit.request = u"a1"_s;
    audit.actor = u"owner"_s;
    audit.action = u"transfer"_s;
    audit.limit = 30;
    audit.offset = 60;
    const AuditMessage readAudit = throughServer(audit);
    QCOMPARE(readAudit.actor, std::optional<QString>(u"owner"_s));
    QCOMPARE(readAudit.action, u"transfer"_s);
    QCOMPARE(readAudit.limit, 30);
    QCOMPARE(readAudit.offset, 60);
}

void tst_ClientCodec::staffRequests()
{
    QCOMPARE(throughServer(StaffListMessage { u"s1"_s }).request, u"s1"_s);

    StaffAddMessage add;
    add.request = u"s2"_s;
    add.login = u"carol"_s;
    add.name = u"Carol"_s;
    add.role = Role::Supervisor;
    add.teams = { u"sales"_s, u"billing"_s };
    add.password = u"long enough password"_s;
    add.receivesChats = false;
    const StaffAddMessage readAdd = throughServer(add);
    QCOMPARE(readAdd.login, u"carol"_s);
    QCOMPARE(readAdd.name, u"Carol"_s);
    QCOMPARE(readAdd.role, Role::Supervisor);
    QCOMPARE(readAdd.teams, add.teams);
    QCOMPARE(readAdd.password, add.password);
    QCOMPARE(readAdd.receivesChats, std::optional<bool>(false));

    StaffUpdateMessage update;
    update.request = u"s3"_s;
    update.login = u"carol"_s;
    update.teams = QStringList {};
    update.receivesChats = true;
    const StaffUpdateMessage readUpdate = throughServer(update);
    QVERIFY(!readUpdate.name);
    QVERIFY(!readUpdate.role);
    QCOMPARE(readUpdate.teams, std::optional<QStringList>(QStringList {}));
    QCOMPARE(readUpdate.receivesChats, std::optional<bool>(true));

    const StaffPasswordMessage password
        = throughServer(StaffPasswordMessage { u"s4"_s, u"carol"_s, u"another password"_s });
    QCOMPARE(password.login, u"carol"_s);
    QCOMPARE(password.password, u"another password"_s);
    QCOMPARE(throughServer(StaffRemoveMessage { u"s5"_s, u"carol"_s }).login, u"carol"_s);
}

// The frames ChatClient built by hand before it used the encoder, byte for byte: the console's
// side of the wire did not change.
void tst_ClientCodec::wireIsWhatTheConsoleAlwaysSent()
{
    HelloMessage hello;
    hello.role = Role::Agent;
    hello.login = u"alice"_s;
    hello.password = u"pw"_s;
    QCOMPARE(encodeClientMessage(hello),
        R"({"login":"alice","password":"pw","role":"agent","type":"hello","v":1})");
    QCOMPARE(encodeClientMessage(SendMessage { u"c1"_s, u"k1"_s, u"hi"_s, MessageKind::Text }),
        R"({"client_id":"k1","conversation":"c1","kind":"text","text":"hi","type":"send"})");
    SyncMessage sync;
    sync.conversation = u"c1"_s;
    QCOMPARE(encodeClientMessage(sync),
        R"({"after_seq":0,"conversation":"c1","limit":500,"type":"sync"})");
    HistoryMessage history;
    history.conversation = u"c1"_s;
    QCOMPARE(encodeClientMessage(history), R"({"conversation":"c1","limit":50,"type":"history"})");
    ExportMessage exportRequest;
    exportRequest.request = u"x1"_s;
    QCOMPARE(encodeClientMessage(exportRequest),
        R"({"cursor":null,"format":"csv","request":"x1","type":"export"})");
    AuditMessage audit;
    audit.request = u"a1"_s;
    QCOMPARE(
        encodeClientMessage(audit), R"({"limit":100,"offset":0,"request":"a1","type":"audit"})");
    StaffAddMessage add;
    add.request = u"s1"_s;
    add.login = u"bob"_s;
    add.password = u"p"_s;
    add.receivesChats = true;
    QCOMPARE(encodeClientMessage(add),
        R"({"login":"bob","name":"","password":"p","receives_chats":true,"request":"s1","role":"agent","teams":[],"type":"staff_add"})");
    QCOMPARE(encodeClientMessage(ReceiptMessage { ReceiptKind::Delivered, u"c1"_s, 3 }),
        R"({"conversation":"c1","seq":3,"type":"delivered"})");
}

void tst_ClientCodec::welcomeStaff()
{
    StaffProfile profile;
    profile.login = u"alice"_s;
    profile.name = u"Alice"_s;
    profile.role = Role::Supervisor;
    profile.receivesChats = false;
    profile.routing = RoutingMode::Manual;
    const QByteArray frame = encodeWelcomeStaff(u"tok"_s, 20, u"node-1"_s, profile,
        { conversationView() }, { u"ws://a:1/"_s, u"ws://b:2/"_s });
    const std::optional<WelcomeFrame> welcome = throughClient<WelcomeFrame>(frame);
    QVERIFY(welcome);
    QCOMPARE(welcome->role, Role::Supervisor);
    QCOMPARE(welcome->token, u"tok"_s);
    QCOMPARE(welcome->heartbeatSeconds, std::optional<int>(20));
    QCOMPARE(welcome->node, u"node-1"_s);
    QCOMPARE(welcome->endpoints, QStringList({ u"ws://a:1/"_s, u"ws://b:2/"_s }));
    QCOMPARE(welcome->login, u"alice"_s);
    QCOMPARE(welcome->name, u"Alice"_s);
    QCOMPARE(welcome->receivesChats, std::optional<bool>(false));
    QCOMPARE(welcome->routing, std::optional(RoutingMode::Manual));
    QCOMPARE(welcome->conversations.size(), 1);
    sameConversation(welcome->conversations.first(), conversationView());
}

void tst_ClientCodec::ackMessageAndReceipts()
{
    const std::optional<AckFrame> ack
        = throughClient<AckFrame>(encodeAck(u"k1"_s, u"c1"_s, 12, nineThirty, true));
    QVERIFY(ack);
    QCOMPARE(ack->clientId, u"k1"_s);
    QCOMPARE(ack->conversation, u"c1"_s);
    QCOMPARE(ack->seq, 12);
    QCOMPARE(ack->timestampMs, nineThirty);
    QCOMPARE(ack->duplicate, true);
    QCOMPARE(throughClient<AckFrame>(encodeAck(u"k1"_s, u"c1"_s, 12, nineThirty, false))->duplicate,
        false);

    MessageView view;
    view.conversation = u"c1"_s;
    view.seq = 13;
    view.clientId = u"k2"_s;
    view.fromRole = Role::Customer;
    view.fromName = u"Ann"_s;
    view.text = u"hello"_s;
    view.timestampMs = nineThirty;
    view.traceId = u"0af7651916cd43dd8448eb211c80319c"_s;
    const std::optional<MessageFrame> message = throughClient<MessageFrame>(encodeMessage(view));
    QVERIFY(message);
    sameMessage(message->message, view);

    const std::optional<ReceiptFrame> read
        = throughClient<ReceiptFrame>(encodeReceipt(ReceiptKind::Read, u"c1"_s, 13, Role::Agent));
    QVERIFY(read);
    QCOMPARE(read->kind, ReceiptKind::Read);
    QCOMPARE(read->seq, 13);
    QCOMPARE(read->by, Role::Agent);
    const std::optional<TypingFrame> typing
        = throughClient<TypingFrame>(encodeTyping(u"c1"_s, true, Role::Customer));
    QVERIFY(typing);
    QCOMPARE(typing->active, true);
    QCOMPARE(typing->by, Role::Customer);
    QCOMPARE(throughClient<StatusFrame>(encodeStatus(AgentStatus::Away))->state, AgentStatus::Away);
    QVERIFY(throughClient<PongFrame>(encodePong()));
}

void tst_ClientCodec::syncedHistoryAndErrors()
{
    const std::optional<SyncedFrame> synced
        = throughClient<SyncedFrame>(encodeSynced(u"c1"_s, 30, u"e2"_s, false, false));
    QVERIFY(synced);
    QCOMPARE(synced->seq, 30);
    QCOMPARE(synced->epoch, u"e2"_s);
    QCOMPARE(synced->complete, false);
    QCOMPARE(synced->recovered, false);

    MessageView view;
    view.conversation = u"c1"_s;
    view.seq = 1;
    view.text = u"first"_s;
    view.timestampMs = nineThirty;
    const std::optional<HistoryFrame> history
        = throughClient<HistoryFrame>(encodeHistory(u"c1"_s, { view, view }, true));
    QVERIFY(history);
    QCOMPARE(history->conversation, u"c1"_s);
    QCOMPARE(history->messages.size(), 2);
    sameMessage(history->messages.first(), view);
    QCOMPARE(history->hasMore, true);

    const std::optional<ErrorFrame> error
        = throughClient<ErrorFrame>(encodeError(ErrorCode::RateLimited, u"slow down"_s, u"k1"_s));
    QVERIFY(error);
    QCOMPARE(error->code, errorCodeName(ErrorCode::RateLimited));
    QCOMPARE(error->message, u"slow down"_s);
    QCOMPARE(error->ref, u"k1"_s);
}

void tst_ClientCodec::conversationFrames()
{
    const std::optional<AssignedFrame> assigned
        = throughClient<AssignedFrame>(encodeAssigned(conversationView()));
    QVERIFY(assigned);
    sameConversation(assigned->conversation, conversationView());
    const std::optional<ConversationFrame> changed
        = throughClient<ConversationFrame>(encodeConversationForStaff(conversationView()));
    QVERIFY(changed);
    sameConversation(changed->conversation, conversationView());
    const std::optional<UnassignedFrame> unassigned
        = throughClient<UnassignedFrame>(encodeUnassigned(u"c1"_s, u"transferred"_s));
    QVERIFY(unassigned);
    QCOMPARE(unassigned->conversation, u"c1"_s);
    QCOMPARE(unassigned->reason, u"transferred"_s);

    PastConversationView past;
    past.id = u"c0"_s;
    past.createdMs = nineThirty;
    const std::optional<CustomerConversationsFrame> list
        = throughClient<CustomerConversationsFrame>(encodeCustomerConversations(u"c1"_s, { past }));
    QVERIFY(list);
    QCOMPARE(list->conversation, u"c1"_s);
    QCOMPARE(list->conversations.size(), 1);
    QCOMPARE(list->conversations.first().value(u"id"_s).toString(), u"c0"_s);
}

void tst_ClientCodec::supervisorAnswers()
{
    SearchResultsView results;
    results.request = u"r1"_s;
    results.total = 10000;
    results.totalCapped = true;
    results.hasMore = true;
    SearchHitView hit;
    hit.conversation = u"c1"_s;
    hit.seq = 4;
    results.hits = { hit };
    const std::optional<SearchResultsFrame> search
        = throughClient<SearchResultsFrame>(encodeSearchResults(results));
    QVERIFY(search);
    QCOMPARE(search->request, u"r1"_s);
    QCOMPARE(search->total, 10000);
    QCOMPARE(search->totalCapped, true);
    QCOMPARE(search->hasMore, true);
    QCOMPARE(search->hits.size(), 1);
    QCOMPARE(search->hits.first().value(u"seq"_s).toInteger(), 4);

    AuditEntryView entry;
    entry.id = 5;
    entry.action = u"staff_add"_s;
    const std::optional<AuditFrame> audit
        = throughClient<AuditFrame>(encodeAudit(u"a1"_s, { entry }, true));
    QVERIFY(audit);
    QCOMPARE(audit->request, u"a1"_s);
    QCOMPARE(audit->entries.size(), 1);
    QCOMPARE(audit->hasMore, true);

    StaffAccountView account;
    account.login = u"carol"_s;
    const std::optional<StaffListFrame> staff
        = throughClient<StaffListFrame>(encodeStaffList(u"s1"_s, { account, account }));
    QVERIFY(staff);
    QCOMPARE(staff->request, u"s1"_s);
    QCOMPARE(staff->accounts.size(), 2);
    const std::optional<StaffChangedFrame> change
        = throughClient<StaffChangedFrame>(encodeStaffChanged({}, StaffChange::Password, account));
    QVERIFY(change);
    QVERIFY(change->request.isEmpty());
    QCOMPARE(change->change, staffChangeName(StaffChange::Password));
    QCOMPARE(change->account.value(u"login"_s).toString(), u"carol"_s);
}

void tst_ClientCodec::unreadableFramesGiveOneLineErrors()
{
    QVERIFY(decodeError(R"({"type":"ack","client_id":"k1")").startsWith(u"not valid JSON"_s));
    QCOMPARE(decodeError("[1,2]"), u"a frame must be one JSON object"_s);
    QCOMPARE(decodeError(R"({"seq":1})"), u"a frame without a string field 'type'"_s);
    QCOMPARE(decodeError(R"({"type":"ack","client_id":"k1","conversation":"c1"})"),
        u"'ack' frame: field 'seq' is missing"_s);
    QCOMPARE(decodeError(R"({"type":"message","conversation":"c1","seq":"7","text":"secret"})"),
        u"'message' frame: field 'seq' must be a whole number"_s);
    QCOMPARE(decodeError(R"({"type":"history","conversation":"c1","messages":[1]})"),
        u"'history' frame: field 'messages' must be an array of objects"_s);
    QCOMPARE(decodeError(R"({"type":"history","conversation":"c1","messages":[{"seq":1}]})"),
        u"'history' frame, messages[0]: field 'conversation' is missing"_s);
    QCOMPARE(decodeError(R"({"type":"assigned","conversation":{"id":"c1","agent":"bob"}})"),
        u"'assigned' frame, conversation: field 'agent' must be an object"_s);
    QCOMPARE(decodeError(R"({"type":"delivered","conversation":"c1","seq":1,"by":"robot"})"),
        u"'delivered' frame: field 'by' must be 'customer' or 'agent'"_s);
    // A type from a newer server is not an error: the client ignores it.
    const std::optional<UnknownFrame> unknown
        = throughClient<UnknownFrame>(R"({"type":"poll","question":"?"})");
    QVERIFY(unknown);
    QCOMPARE(unknown->type, u"poll"_s);
}

QTEST_GUILESS_MAIN(tst_ClientCodec)
#include "tst_clientcodec.moc"
