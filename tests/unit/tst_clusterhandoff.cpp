// Which node a queued conversation is left to in a cluster, and for how long, without the
// router: the window counts from when this node heard the news, and newer news replaces it.
#include <QTest>
#include <router/clusterhandoff.h>

using namespace Qt::StringLiterals;

using namespace switchboard::server;

namespace {
constexpr qint64 windowMs = ClusterHandoff::customersNodeFirstMs;
} // namespace

class TestClusterHandoff final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void leftToTheNodeHeardFromUntilTheWindowPasses()
    {
        ClusterHandoff handoff;
        QVERIFY(!handoff.leftToAnotherNode(u"c1"_s, 1000)); // nothing heard: this node may take it
        handoff.heard(u"c1"_s, u"node-b"_s, 1000);

        const auto waiting = handoff.leftToAnotherNode(u"c1"_s, 1000 + windowMs - 1);
        QVERIFY(waiting);
        QCOMPARE(waiting->node, u"node-b"_s);
        QCOMPARE(waiting->dueMs, 1000 + windowMs);
        QVERIFY(!handoff.leftToAnotherNode(u"c1"_s, 1000 + windowMs));
        QVERIFY(!handoff.leftToAnotherNode(u"c2"_s, 1000)); // only the conversation heard of
    }

    void newerNewsNamesItsNodeAndRestartsTheWindow()
    {
        ClusterHandoff handoff;
        handoff.heard(u"c1"_s, u"node-b"_s, 0);
        handoff.heard(u"c1"_s, u"node-c"_s, 4000); // requeued there later
        const auto waiting = handoff.leftToAnotherNode(u"c1"_s, windowMs + 1);
        QVERIFY(waiting);
        QCOMPARE(waiting->node, u"node-c"_s);
        QCOMPARE(waiting->dueMs, 4000 + windowMs);
    }

    void pruneDropsOnlyPassedWindows()
    {
        ClusterHandoff handoff;
        handoff.heard(u"old"_s, u"node-b"_s, 0);
        handoff.heard(u"recent"_s, u"node-b"_s, 3000);
        handoff.prune(windowMs);
        QCOMPARE(handoff.size(), 1);
        QVERIFY(handoff.leftToAnotherNode(u"recent"_s, windowMs));
        handoff.prune(3000 + windowMs);
        QCOMPARE(handoff.size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestClusterHandoff)
#include "tst_clusterhandoff.moc"
