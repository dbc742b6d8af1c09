// The console's models under QAbstractItemModelTester: the conversation list and its views,
// and the windowed transcript merging history, live messages, sync results and acks.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>
#include <models/cannedreplymodel.h>
#include <models/conversationfiltermodel.h>
#include <models/conversationlistmodel.h>
#include <models/transcriptmodel.h>

using namespace Qt::StringLiterals;
using namespace switchboard::ui;
using switchboard::protocol::ConversationState;
using switchboard::protocol::MessageKind;
using switchboard::protocol::Role;

namespace {

ConversationInfo conversation(const QString &id, ConversationState state, const QString &agent = {})
{
    ConversationInfo info;
    info.id = id;
    info.state = state;
    info.agentLogin = agent;
    info.customerName = u"Customer "_s + id;
    info.seq = 1;
    return info;
}

ChatMessage message(qint64 seq, const QString &text, Role from = Role::Customer,
    const QString &clientId = {}, const QString &conv = u"c1"_s)
{
    ChatMessage m;
    m.conversation = conv;
    m.seq = seq;
    m.text = text;
    m.fromRole = from;
    m.fromName = from == Role::Customer ? u"Ann"_s : u"Alice"_s;
    m.clientId = clientId.isEmpty() ? u"id-"_s + QString::number(seq) : clientId;
    m.timestampMs = 1'790'000'000'000 + seq * 1000;
    return m;
}

QList<qint64> seqs(const TranscriptModel &model)
{
    QList<qint64> result;
    for (int row = 0; row < model.rowCount(); ++row)
        result.append(model.index(row).data(TranscriptModel::SeqRole).toLongLong());
    return result;
}

} // namespace

class tst_Models final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void conversationListFollowsTheServer();
    void filterShowsQueueMineAndAll();
    void transcriptPagesHistoryAndMergesWithoutDuplicates();
    void transcriptPendingMessagesTurnIntoSentOnAck();
    void transcriptWindowIsBounded();
    void cannedRepliesExpandShortcuts();
};

void tst_Models::conversationListFollowsTheServer()
{
    ConversationListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy unread(&model, &ConversationListModel::totalUnreadChanged);
    model.reset({ conversation(u"c1"_s, ConversationState::Assigned, u"alice"_s),
        conversation(u"c2"_s, ConversationState::Queued) });
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(
        model.index(0).data(ConversationListModel::CustomerNameRole).toString(), u"Customer c1"_s);

    model.addMessage(message(2, u"Hi there\nsecond line"_s));
    QCOMPARE(model.index(0).data(ConversationListModel::LastLineRole).toString(), u"Hi there"_s);
    QCOMPARE(model.index(0).data(ConversationListModel::UnreadRole).toInt(), 1);
    model.addMessage(message(2, u"Hi there"_s)); // the same seq again from a sync
    QCOMPARE(model.totalUnread(), 1);

    // After a reconnect the server's count already covers what the sync brings again.
    ConversationInfo resumed = conversation(u"c2"_s, ConversationState::Queued);
    resumed.seq = 7;
    resumed.unread = 3;
    model.upsert(resumed);
    model.addMessage(message(6, u"missed while away"_s, Role::Customer, {}, u"c2"_s));
    model.addMessage(message(7, u"last while away"_s, Role::Customer, {}, u"c2"_s));
    QCOMPARE(model.index(1).data(ConversationListModel::UnreadRole).toInt(), 3);
    QCOMPARE(
        model.index(1).data(ConversationListModel::LastLineRole).toString(), u"last while away"_s);
    model.addMessage(message(8, u"new"_s, Role::Customer, {}, u"c2"_s));
    QCOMPARE(model.index(1).data(ConversationListModel::UnreadRole).toInt(), 4);
    model.markRead(u"c2"_s);
    model.setCurrent(u"c1"_s);
    QCOMPARE(model.totalUnread(), 0);
    model.addMessage(message(3, u"while reading"_s));
    QCOMPARE(model.totalUnread(), 0);
    QVERIFY(!unread.isEmpty());

    model.upsert(conversation(u"c3"_s, ConversationState::Queued));
    QCOMPARE(model.rowCount(), 3);
    model.upsert(conversation(u"c2"_s, ConversationState::Assigned, u"bob"_s));
    QCOMPARE(model.index(1).data(ConversationListModel::StateRole).toString(), u"assigned"_s);
    model.upsert(conversation(u"c3"_s, ConversationState::Closed));
    QCOMPARE(model.rowCount(), 2);
    model.remove(u"c1"_s);
    QCOMPARE(model.rowCount(), 1);
    QVERIFY(model.roleNames().contains(ConversationListModel::LastLineRole));
}

void tst_Models::filterShowsQueueMineAndAll()
{
    ConversationListModel source;
    ConversationFilterModel filter;
    filter.setSourceModel(&source);
    QAbstractItemModelTester tester(
        &filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    filter.setOwnLogin(u"alice"_s);
    source.reset({ conversation(u"c1"_s, ConversationState::Assigned, u"alice"_s),
        conversation(u"c2"_s, ConversationState::Queued),
        conversation(u"c3"_s, ConversationState::Assigned, u"bob"_s) });
    filter.setView(ConversationFilterModel::View::Mine);
    QCOMPARE(filter.rowCount(), 1);
    QCOMPARE(filter.index(0, 0).data(ConversationListModel::IdRole).toString(), u"c1"_s);
    filter.setView(ConversationFilterModel::View::Queued);
    QCOMPARE(filter.rowCount(), 1);
    QCOMPARE(filter.index(0, 0).data(ConversationListModel::IdRole).toString(), u"c2"_s);
    source.upsert(conversation(u"c2"_s, ConversationState::Assigned, u"alice"_s));
    QCOMPARE(filter.rowCount(), 0);
    filter.setView(ConversationFilterModel::View::All);
    QCOMPARE(filter.rowCount(), 3);
}

void tst_Models::transcriptPagesHistoryAndMergesWithoutDuplicates()
{
    TranscriptModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy older(&model, &TranscriptModel::olderMessagesNeeded);
    model.setConversation(u"c1"_s);
    QCOMPARE(older.size(), 1);
    QCOMPARE(older.first().at(1).toLongLong(), 0); // the newest page first

    model.addMessage(message(12, u"live while loading"_s));
    model.addHistory(
        u"c1"_s, { message(9, u"9"_s), message(10, u"10"_s), message(11, u"11"_s) }, true);
    QCOMPARE(seqs(model), (QList<qint64> { 9, 10, 11, 12 }));
    model.addHistory(
        u"other"_s, { message(1, u"elsewhere"_s, Role::Customer, {}, u"other"_s) }, false);
    QCOMPARE(model.rowCount(), 4);

    model.requestOlder();
    QCOMPARE(older.size(), 2);
    QCOMPARE(older.last().at(1).toLongLong(), 9);
    model.requestOlder(); // one page at a time
    QCOMPARE(older.size(), 2);
    model.repeatUnansweredRequest(); // the connection dropped meanwhile
    QCOMPARE(older.size(), 3);
    QCOMPARE(older.last().at(1).toLongLong(), 9);
    model.addHistory(u"c1"_s, { message(7, u"7"_s), message(8, u"8"_s) }, false);
    QCOMPARE(seqs(model), (QList<qint64> { 7, 8, 9, 10, 11, 12 }));
    model.requestOlder(); // nothing more before
    QCOMPARE(older.size(), 3);
    model.repeatUnansweredRequest();
    QCOMPARE(older.size(), 3);

    // A sync after a reconnect repeats what is held and brings what was missed.
    model.addMessage(message(11, u"11"_s));
    model.addMessage(message(12, u"live while loading"_s));
    model.addMessage(message(13, u"13"_s));
    QCOMPARE(seqs(model), (QList<qint64> { 7, 8, 9, 10, 11, 12, 13 }));
    QCOMPARE(model.index(0).data(TranscriptModel::DayBreakRole).toBool(), true);
    QCOMPARE(model.index(1).data(TranscriptModel::DayBreakRole).toBool(), false);
    QCOMPARE(model.index(0).data(TranscriptModel::KindRole).toString(), u"text"_s);
}

void tst_Models::transcriptPendingMessagesTurnIntoSentOnAck()
{
    TranscriptModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setConversation(u"c1"_s);
    model.addHistory(u"c1"_s, { message(1, u"hello"_s) }, false);

    ChatMessage mine = message(0, u"typed here"_s, Role::Agent, u"k1"_s);
    model.addPending(mine);
    ChatMessage note = message(0, u"a note"_s, Role::Agent, u"k2"_s);
    note.kind = MessageKind::Note;
    model.addPending(note);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(
        model.index(1).data(TranscriptModel::DeliveryRole).toInt(), int(DeliveryState::Pending));
    QCOMPARE(model.index(1).data(TranscriptModel::OutgoingRole).toBool(), true);

    // The customer writes before our ack arrives: the pending rows stay at the bottom.
    model.addMessage(message(2, u"are you there?"_s));
    QCOMPARE(seqs(model), (QList<qint64> { 1, 2, 0, 0 }));
    model.acknowledge(u"c1"_s, u"k1"_s, 3, 1'790'000'003'000);
    QCOMPARE(seqs(model), (QList<qint64> { 1, 2, 3, 0 }));
    QCOMPARE(model.index(2).data(TranscriptModel::DeliveryRole).toInt(), int(DeliveryState::Sent));

    // A sync brings our note before its ack: merged once, then the ack changes nothing.
    ChatMessage synced = note;
    synced.seq = 4;
    model.addMessage(synced);
    QCOMPARE(seqs(model), (QList<qint64> { 1, 2, 3, 4 }));
    model.acknowledge(u"c1"_s, u"k2"_s, 4, 1'790'000'004'000);
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.index(3).data(TranscriptModel::KindRole).toString(), u"note"_s);

    model.setReceipt(u"c1"_s, switchboard::protocol::ReceiptKind::Delivered, 3);
    QCOMPARE(
        model.index(2).data(TranscriptModel::DeliveryRole).toInt(), int(DeliveryState::Delivered));
    model.setReceipt(u"c1"_s, switchboard::protocol::ReceiptKind::Read, 4);
    QCOMPARE(model.index(2).data(TranscriptModel::DeliveryRole).toInt(), int(DeliveryState::Read));
    QCOMPARE(model.index(1).data(TranscriptModel::DeliveryRole).toInt(), int(DeliveryState::None));

    model.addPending(message(0, u"will fail"_s, Role::Agent, u"k3"_s));
    model.removePending(u"k3"_s);
    QCOMPARE(model.rowCount(), 4);
}

void tst_Models::transcriptWindowIsBounded()
{
    TranscriptModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setWindowLimit(100);
    model.setConversation(u"c1"_s);
    model.addHistory(u"c1"_s, {}, false);
    for (qint64 seq = 1; seq <= 250; ++seq)
        model.addMessage(message(seq, QString::number(seq)));
    QCOMPARE(model.rowCount(), 100);
    QCOMPARE(model.index(0).data(TranscriptModel::SeqRole).toLongLong(), 151);
    QVERIFY(model.hasMoreBefore());
    QSignalSpy older(&model, &TranscriptModel::olderMessagesNeeded);
    model.requestOlder();
    QCOMPARE(older.size(), 1);
    QCOMPARE(older.first().at(1).toLongLong(), 151);
}

void tst_Models::cannedRepliesExpandShortcuts()
{
    CannedReplyModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setReplies({ { u"thanks"_s, u"Thank you for waiting!"_s },
        { u"refund"_s, u"Your refund is on its way."_s } });
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(1).data(CannedReplyModel::ShortcutRole).toString(), u"refund"_s);
    QCOMPARE(model.expand(u"/thanks"_s), u"Thank you for waiting!"_s);
    QCOMPARE(model.expand(u"  /Refund "_s), u"Your refund is on its way."_s);
    QCOMPARE(model.expand(u"/thanks a lot"_s), QString());
    QCOMPARE(model.expand(u"thanks"_s), QString());
    QCOMPARE(model.expand(u"/unknown"_s), QString());
}

QTEST_GUILESS_MAIN(tst_Models)
#include "tst_models.moc"
