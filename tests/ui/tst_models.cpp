// The console's models under QAbstractItemModelTester: the conversation list and its views,
// and the windowed transcript merging history, live messages, sync results and acks.
#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>
#include <models/cannedreplymodel.h>
#include <models/conversationfiltermodel.h>
#include <models/conversationlistmodel.h>
#include <models/searchresultmodel.h>
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
    void transcriptOpensAtAMessage();
    void searchResultsPageIn();
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

void tst_Models::transcriptOpensAtAMessage()
{
    TranscriptModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy older(&model, &TranscriptModel::olderMessagesNeeded);
    QSignalSpy newer(&model, &TranscriptModel::newerMessagesNeeded);
    QSignalSpy anchored(&model, &TranscriptModel::anchorLoaded);
    model.setConversationAt(u"c1"_s, 60);
    QCOMPARE(older.size(), 1);
    QCOMPARE(older.last().at(1).toLongLong(), 61); // the page that ends with the hit

    // The newest page, asked for before, reaches past the hit: not the answer awaited.
    QList<ChatMessage> newest;
    for (qint64 seq = 51; seq <= 100; ++seq)
        newest.append(message(seq, QString::number(seq)));
    model.addHistory(u"c1"_s, newest, true);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(anchored.size(), 0);

    QList<ChatMessage> before;
    for (qint64 seq = 11; seq <= 60; ++seq)
        before.append(message(seq, QString::number(seq)));
    model.addHistory(u"c1"_s, before, true);
    QCOMPARE(anchored.size(), 1);
    QCOMPARE(anchored.last().at(0).toInt(), 49);
    QCOMPARE(model.rowOfSeq(60), 49);
    QVERIFY(model.index(49).data(TranscriptModel::MarkedRole).toBool());
    QVERIFY(!model.index(48).data(TranscriptModel::MarkedRole).toBool());
    // Then what follows it, one page at a time.
    QCOMPARE(newer.size(), 1);
    QCOMPARE(newer.last().at(1).toLongLong(), 61 + 500);
    QCOMPARE(newer.last().at(2).toInt(), 500);
    QVERIFY(model.hasMoreAfter());
    model.requestOlder(); // waits for the page in flight
    QCOMPARE(older.size(), 1);
    model.repeatUnansweredRequest(); // a reconnect asks for the same page again
    QCOMPARE(newer.size(), 2);
    QCOMPARE(newer.last().at(1).toLongLong(), 61 + 500);
    // The server answers with the 500 before 561: everything up to the newest, 100.
    QList<ChatMessage> after;
    for (qint64 seq = 1; seq <= 100; ++seq)
        after.append(message(seq, QString::number(seq)));
    model.addHistory(u"c1"_s, after, false);
    QVERIFY(!model.hasMoreAfter());
    QCOMPARE(newer.size(), 2);
    QList<qint64> expected;
    for (qint64 seq = 1; seq <= 100; ++seq)
        expected.append(seq);
    QCOMPARE(seqs(model), expected);
    // Live messages join at the bottom as usual.
    model.addMessage(message(101, u"live"_s));
    QCOMPARE(model.rowOfSeq(101), 100);

    // A full page after the anchor means there may be more: the next one is asked for.
    model.setConversationAt(u"c1"_s, 5);
    model.addHistory(u"c1"_s, { message(4, u"4"_s), message(5, u"5"_s) }, false);
    QCOMPARE(newer.last().at(1).toLongLong(), 506);
    QList<ChatMessage> full;
    for (qint64 seq = 6; seq <= 505; ++seq)
        full.append(message(seq, QString::number(seq)));
    model.addHistory(u"c1"_s, full, true);
    QVERIFY(model.hasMoreAfter());
    QCOMPARE(newer.last().at(1).toLongLong(), 1006);
}

void tst_Models::searchResultsPageIn()
{
    SearchResultModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto hit = [](const QString &conversation, qint64 seq, const QString &snippet) {
        return SearchHit::fromJson(QJsonObject { { u"conversation"_s, conversation },
            { u"seq"_s, seq }, { u"ts"_s, u"2026-11-30T10:00:00.000Z"_s }, { u"kind"_s, u"text"_s },
            { u"from"_s, QJsonObject { { u"role"_s, u"customer"_s }, { u"name"_s, u"Ann"_s } } },
            { u"snippet"_s, snippet },
            { u"highlights"_s, QJsonArray { QJsonArray { 2, 6 }, QJsonArray { 40, 9 } } },
            { u"state"_s, u"closed"_s }, { u"team"_s, u"sales"_s },
            { u"customer"_s, QJsonObject { { u"name"_s, u"Ann"_s } } } });
    };
    model.setResults({ hit(u"c1"_s, 3, u"a refund please"_s) }, 2, false, true);
    QCOMPARE(model.rowCount(), 1);
    QVERIFY(model.hasMore());
    const QModelIndex first = model.index(0);
    QCOMPARE(first.data(SearchResultModel::ConversationRole).toString(), u"c1"_s);
    QCOMPARE(first.data(SearchResultModel::SeqRole).toLongLong(), 3);
    QCOMPARE(first.data(SearchResultModel::StateRole).toString(), u"closed"_s);
    // The range past the snippet's end is dropped, the other kept.
    const QVariantList ranges = first.data(SearchResultModel::HighlightsRole).toList();
    QCOMPARE(ranges.size(), 1);
    QCOMPARE(ranges.first().toPoint(), QPoint(2, 6));
    model.appendResults({ hit(u"c2"_s, 7, u"refunds"_s) }, 2, false, false);
    QCOMPARE(model.rowCount(), 2);
    QVERIFY(!model.hasMore());
    QCOMPARE(model.hit(1).conversation, u"c2"_s);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

QTEST_GUILESS_MAIN(tst_Models)
#include "tst_models.moc"
