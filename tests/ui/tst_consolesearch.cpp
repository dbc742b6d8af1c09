// Search in the console against a real in-process server, with conversations seeded through
// the protocol: the hits an agent finds are exactly its own and its teams' (never another
// team's), a supervisor finds them all, the highlight ranges cover the matched word, the
// filters and "More results" work, and activating a hit opens its conversation at that
// message, marked and scrolled to, in the window (open ones) or read-only (closed ones).
#include "windowparts.h"

#include <QAbstractItemModelTester>
#include <QDockWidget>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QSet>
#include <QTest>
#include <client/chatclient.h>
#include <models/searchresultmodel.h>
#include <models/transcriptmodel.h>
#include <testclient.h>
#include <testserver.h>
#include <widgets/mainwindow.h>
#include <widgets/pasttranscriptdialog.h>
#include <widgets/searchpanel.h>

using namespace Qt::StringLiterals;
using namespace switchboard::ui;

namespace {

const QString password = u"correct horse 1"_s;

using Hit = QPair<QString, qint64>; // conversation, seq

QString conversationOf(const QJsonObject &welcome)
{
    return welcome.value(u"conversation"_s).toObject().value(u"id"_s).toString();
}

QSet<Hit> hitsOf(const SearchResultModel *model)
{
    QSet<Hit> hits;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row);
        hits.insert({ index.data(SearchResultModel::ConversationRole).toString(),
            index.data(SearchResultModel::SeqRole).toLongLong() });
    }
    return hits;
}

// Every highlight covers one occurrence of `word` in the snippet, and every occurrence has one.
bool highlightsCover(const SearchResultModel *model, const QString &word, QString *why)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row);
        const QString snippet = index.data(SearchResultModel::SnippetRole).toString();
        QList<int> expected;
        for (qsizetype at = snippet.indexOf(word, 0, Qt::CaseInsensitive); at >= 0;
             at = snippet.indexOf(word, at + 1, Qt::CaseInsensitive))
            expected.append(int(at));
        QList<int> offsets;
        for (const QVariant &value : index.data(SearchResultModel::HighlightsRole).toList()) {
            const QPoint range = value.toPoint();
            if (snippet.mid(range.x(), range.y()).compare(word, Qt::CaseInsensitive) != 0) {
                *why = u"range [%1,%2] of \"%3\""_s.arg(range.x()).arg(range.y()).arg(snippet);
                return false;
            }
            offsets.append(range.x());
        }
        if (offsets != expected) {
            *why = u"highlights of \"%1\""_s.arg(snippet);
            return false;
        }
    }
    return true;
}

bool search(SearchPanel *panel, const SearchQuery &query)
{
    panel->setQuery(query);
    return panel->search();
}

} // namespace

class tst_ConsoleSearch final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void agentFindsOwnAndTeamConversationsOnly();
    void supervisorFindsEverythingAndFilters();
    void hitInAClosedConversationOpensReadOnlyAtTheMessage();
    void hitInAnOpenConversationOpensInTheWindowAtTheMessage();

private:
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<TestClient> m_alice;
    std::unique_ptr<TestClient> m_bob;
    std::unique_ptr<TestClient> m_dan;
    QString m_ann; // Ann's closed conversation (sales, Alice)
    QString m_carl; // Carl's open conversation (billing, Bob)
    QString m_danConversation; // Dan's open conversation (sales, Alice), long
    qint64 m_annAsks = 0;
    qint64 m_aliceReplies = 0;
    qint64 m_aliceNote = 0;
    qint64 m_carlAsks = 0;
};

void tst_ConsoleSearch::initTestCase()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY(m_server->addUser(u"alice"_s, u"agent"_s, { u"sales"_s }, password, u"Alice"_s));
    QVERIFY(m_server->addUser(u"bob"_s, u"agent"_s, { u"billing"_s }, password, u"Bob"_s));
    QVERIFY(m_server->addUser(u"sue"_s, u"supervisor"_s, {}, password, u"Sue"_s));
    QVERIFY(m_server->start());

    m_alice = std::make_unique<TestClient>();
    QVERIFY(m_alice->open(m_server->url()));
    QVERIFY(!m_alice->helloStaff(u"alice"_s, password).isEmpty());
    m_bob = std::make_unique<TestClient>();
    QVERIFY(m_bob->open(m_server->url()));
    QVERIFY(!m_bob->helloStaff(u"bob"_s, password).isEmpty());

    // Ann (sales) asks Alice for a refund, Alice answers, Ann closes.
    TestClient ann;
    QVERIFY(ann.open(m_server->url()));
    m_ann = conversationOf(ann.helloCustomer(u"Ann Lee"_s, {}, u"sales"_s));
    QVERIFY(!m_ann.isEmpty());
    QVERIFY(!m_alice->take(u"assigned"_s).isEmpty());
    QJsonObject ack = ann.sendText(u"I would like a refund for order 1042"_s, u"ann-1"_s);
    QCOMPARE(ack.value(u"type"_s).toString(), u"ack"_s);
    m_annAsks = ack.value(u"seq"_s).toInteger();
    ack = m_alice->sendText(u"Your Refund is on its way, refund number 7"_s, u"alice-1"_s, m_ann);
    QCOMPARE(ack.value(u"type"_s).toString(), u"ack"_s);
    m_aliceReplies = ack.value(u"seq"_s).toInteger();
    ann.send(QJsonObject { { u"type"_s, u"close"_s } });
    QVERIFY(!ann.take(u"conversation"_s, 5000,
                    [](const QJsonObject &frame) {
                        return frame.value(u"conversation"_s)[u"state"_s].toString() == u"closed"_s;
                    })
                 .isEmpty());

    // Carl (billing) asks Bob: another team's business for Alice.
    TestClient carl;
    QVERIFY(carl.open(m_server->url()));
    m_carl = conversationOf(carl.helloCustomer(u"Carl"_s, {}, u"billing"_s));
    QVERIFY(!m_bob->take(u"assigned"_s).isEmpty());
    ack = carl.sendText(u"Refund the broken lamp please"_s, u"carl-1"_s);
    QCOMPARE(ack.value(u"type"_s).toString(), u"ack"_s);
    m_carlAsks = ack.value(u"seq"_s).toInteger();

    // Dan (sales) stays open with Alice: a note about a refund, then 80 lines after it, so the
    // note is far from the newest page.
    m_dan = std::make_unique<TestClient>();
    QVERIFY(m_dan->open(m_server->url()));
    m_danConversation = conversationOf(m_dan->helloCustomer(u"Dan"_s, {}, u"sales"_s));
    QVERIFY(!m_alice->take(u"assigned"_s).isEmpty());
    QCOMPARE(m_dan->sendText(u"Hello, my parcel is late"_s, u"dan-0"_s).value(u"type"_s), u"ack"_s);
    ack = m_alice->sendText(
        u"refund approved if it does not come"_s, u"alice-note"_s, m_danConversation, u"note"_s);
    QCOMPARE(ack.value(u"type"_s).toString(), u"ack"_s);
    m_aliceNote = ack.value(u"seq"_s).toInteger();
    for (int line = 1; line <= 80; ++line) {
        QCOMPARE(m_dan->sendText(u"line %1"_s.arg(line), u"dan-%1"_s.arg(line))
                     .value(u"type"_s)
                     .toString(),
            u"ack"_s);
    }
    // The staff test connections leave; the console signs in on its own.
    m_alice->close();
    m_bob->close();
}

void tst_ConsoleSearch::agentFindsOwnAndTeamConversationsOnly()
{
    ChatClient client;
    client.setEndpoints({ m_server->url() });
    client.setPasswordCredentials(u"alice"_s, password);
    MainWindow window(&client);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    client.connectToServer();
    QTRY_COMPARE(client.state(), ChatClient::State::Online);

    SearchPanel *panel = searchPanelOf(&window);
    QAbstractItemModelTester tester(
        panel->results(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(!window.findChild<QDockWidget *>(u"searchDock"_s)->isVisible());
    window.activateWindow();
    QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(window.findChild<QDockWidget *>(u"searchDock"_s)->isVisible());
    QTest::keyClicks(panel->searchBox(), u"refund"_s);
    QTest::keyClick(panel->searchBox(), Qt::Key_Return);

    const QSet<Hit> expected { { m_ann, m_annAsks }, { m_ann, m_aliceReplies },
        { m_danConversation, m_aliceNote } };
    QTRY_COMPARE(hitsOf(panel->results()), expected);
    QCOMPARE(panel->results()->total(), 3);
    QVERIFY(!panel->moreButton()->isVisible());
    QString why;
    QVERIFY2(highlightsCover(panel->results(), u"refund"_s, &why), qPrintable(why));
    // Alice's reply says it twice: two ranges.
    for (const SearchHit &hit : panel->results()->hits()) {
        if (hit.seq == m_aliceReplies && hit.conversation == m_ann)
            QCOMPARE(hit.highlights.size(), 2);
    }
    QVERIFY2(panel->statusText().contains(u'3'), qPrintable(panel->statusText()));

    // Bob's conversation stays out whatever the filters say.
    SearchQuery query;
    query.text = u"refund"_s;
    query.agent = u"bob"_s;
    QVERIFY(search(panel, query));
    QTRY_VERIFY(panel->statusText().contains(u'0'));
    QCOMPARE(panel->results()->rowCount(), 0);
    query = {};
    query.text = u"lamp"_s;
    QVERIFY(search(panel, query));
    QTRY_VERIFY(panel->statusText().contains(u'0'));
    QCOMPARE(panel->results()->rowCount(), 0);
    query = {};
    query.customer = u"carl"_s; // conversations only, no text
    QVERIFY(search(panel, query));
    QTRY_VERIFY(panel->statusText().contains(u'0'));
    QCOMPARE(panel->results()->rowCount(), 0);
}

void tst_ConsoleSearch::supervisorFindsEverythingAndFilters()
{
    ChatClient client;
    client.setEndpoints({ m_server->url() });
    client.setPasswordCredentials(u"sue"_s, password);
    SearchPanel panel(&client);
    QAbstractItemModelTester tester(
        panel.results(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    panel.show();
    client.connectToServer();
    QTRY_COMPARE(client.state(), ChatClient::State::Online);

    // Two a page: "More results" brings the rest.
    panel.setPageSize(2);
    SearchQuery query;
    query.text = u"REFUND"_s;
    QVERIFY(search(&panel, query));
    QTRY_COMPARE(panel.results()->rowCount(), 2);
    QCOMPARE(panel.results()->total(), 4);
    QVERIFY(panel.results()->hasMore());
    QVERIFY(panel.moreButton()->isVisible());
    QTest::mouseClick(panel.moreButton(), Qt::LeftButton);
    QTRY_COMPARE(panel.results()->rowCount(), 4);
    QVERIFY(!panel.moreButton()->isVisible());
    const QSet<Hit> all { { m_ann, m_annAsks }, { m_ann, m_aliceReplies },
        { m_danConversation, m_aliceNote }, { m_carl, m_carlAsks } };
    QCOMPARE(hitsOf(panel.results()), all);
    QString why;
    QVERIFY2(highlightsCover(panel.results(), u"refund"_s, &why), qPrintable(why));
    // Newest first.
    QList<qint64> times;
    for (const SearchHit &hit : panel.results()->hits())
        times.append(hit.timestampMs);
    QVERIFY(std::is_sorted(times.crbegin(), times.crend()));

    panel.setPageSize(50);
    const auto expect = [&](const SearchQuery &q, const QSet<Hit> &hits) {
        if (!search(&panel, q))
            return false;
        if (!QTest::qWaitFor([&] { return panel.statusText().contains(u"hit"_s); }, 5000)) {
            qWarning() << "no answer:" << panel.statusText();
            return false;
        }
        if (hitsOf(panel.results()) != hits) {
            qWarning() << "hits differ:" << hitsOf(panel.results()) << "expected" << hits;
            return false;
        }
        return true;
    };
    query.agent = u"bob"_s;
    QVERIFY(expect(query, { { m_carl, m_carlAsks } }));
    query.agent.clear();
    query.customer = u"ANN"_s;
    QVERIFY(expect(query, { { m_ann, m_annAsks }, { m_ann, m_aliceReplies } }));
    query.customer.clear();
    query.state = switchboard::protocol::ConversationState::Closed;
    QVERIFY(expect(query, { { m_ann, m_annAsks }, { m_ann, m_aliceReplies } }));
    query.state.reset();
    query.team = u"billing"_s;
    QVERIFY(expect(query, { { m_carl, m_carlAsks } }));
    query.team.clear();
    // The date filters take whole days: from yesterday through today is everything, from the
    // day after tomorrow nothing.
    const QDate today = QDate::currentDate();
    query.fromMs = today.addDays(-1).startOfDay().toMSecsSinceEpoch();
    query.toMs = today.addDays(1).startOfDay().toMSecsSinceEpoch();
    QVERIFY(expect(query, all));
    query.fromMs = today.addDays(2).startOfDay().toMSecsSinceEpoch();
    query.toMs = 0;
    QVERIFY(expect(query, {}));
    // Without text: one hit per conversation.
    SearchQuery conversations;
    conversations.customer = u"carl"_s;
    QVERIFY(search(&panel, conversations));
    QTRY_COMPARE(panel.results()->rowCount(), 1);
    QCOMPARE(panel.results()->hit(0).conversation, m_carl);
    QVERIFY(!panel.results()->hit(0).isMessage());
}

void tst_ConsoleSearch::hitInAClosedConversationOpensReadOnlyAtTheMessage()
{
    ChatClient client;
    client.setEndpoints({ m_server->url() });
    client.setPasswordCredentials(u"alice"_s, password);
    MainWindow window(&client);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    client.connectToServer();
    QTRY_COMPARE(client.state(), ChatClient::State::Online);
    child<QAction>(&window, u"searchAction"_s)->trigger();
    SearchQuery query;
    query.text = u"order 1042"_s;
    QVERIFY(search(searchPanelOf(&window), query));
    QTRY_COMPARE(searchPanelOf(&window)->results()->rowCount(), 1);
    QCOMPARE(searchPanelOf(&window)->results()->hit(0).seq, m_annAsks);

    QListView *view = searchPanelOf(&window)->resultView();
    Q_EMIT view->activated(view->model()->index(0, 0));
    PastTranscriptDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = window.findChild<PastTranscriptDialog *>()) != nullptr);
    QCOMPARE(dialog->conversation(), m_ann);
    TranscriptModel *transcript = dialog->transcript();
    QTRY_VERIFY(transcript->rowOfSeq(m_aliceReplies) >= 0); // the messages after the hit too
    QTRY_VERIFY(!transcript->hasMoreAfter());
    const int row = transcript->rowOfSeq(m_annAsks);
    QVERIFY(row >= 0);
    QVERIFY(transcript->index(row).data(TranscriptModel::MarkedRole).toBool());
    QCOMPARE(dialog->view()->currentIndex().row(), row);
    QCOMPARE(dialog->view()->currentIndex().data(TranscriptModel::TextRole).toString(),
        u"I would like a refund for order 1042"_s);
    int marked = 0;
    for (int r = 0; r < transcript->rowCount(); ++r)
        marked += transcript->index(r).data(TranscriptModel::MarkedRole).toBool() ? 1 : 0;
    QCOMPARE(marked, 1);
}

void tst_ConsoleSearch::hitInAnOpenConversationOpensInTheWindowAtTheMessage()
{
    ChatClient client;
    client.setEndpoints({ m_server->url() });
    client.setPasswordCredentials(u"alice"_s, password);
    MainWindow window(&client);
    window.resize(1100, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    client.connectToServer();
    QTRY_VERIFY(!shownConversation(&window).isEmpty());
    child<QAction>(&window, u"searchAction"_s)->trigger();
    SearchQuery query;
    query.text = u"approved"_s;
    QVERIFY(search(searchPanelOf(&window), query));
    QTRY_COMPARE(searchPanelOf(&window)->results()->rowCount(), 1);
    QListView *view = searchPanelOf(&window)->resultView();
    view->setCurrentIndex(view->model()->index(0, 0));
    QTest::keyClick(view, Qt::Key_Return);

    QTRY_COMPARE(shownConversation(&window), m_danConversation);
    TranscriptModel *transcript = transcriptOf(&window);
    QTRY_VERIFY(!transcript->hasMoreAfter());
    // Everything after the note came in: the 80th line is there, and the note is marked,
    // current and on screen although 80 lines follow it.
    bool lastLine = false;
    for (int r = 0; r < transcript->rowCount(); ++r)
        lastLine = lastLine || transcript->index(r).data(TranscriptModel::TextRole) == u"line 80"_s;
    QVERIFY(lastLine);
    const int row = transcript->rowOfSeq(m_aliceNote);
    QVERIFY(row >= 0);
    QVERIFY(transcript->index(row).data(TranscriptModel::MarkedRole).toBool());
    QListView *transcriptView = transcriptViewOf(&window);
    QCOMPARE(transcriptView->currentIndex().row(), row);
    QTRY_VERIFY(transcriptView->viewport()->rect().intersects(
        transcriptView->visualRect(transcriptView->currentIndex())));

    // A live message still joins at the bottom.
    QCOMPARE(m_dan->sendText(u"are you there?"_s, u"dan-live"_s).value(u"type"_s), u"ack"_s);
    QTRY_VERIFY(transcript->rowCount() > 0
        && transcript->index(transcript->rowCount() - 1).data(TranscriptModel::TextRole)
            == u"are you there?"_s);
}

QTEST_MAIN(tst_ConsoleSearch)
#include "tst_consolesearch.moc"
