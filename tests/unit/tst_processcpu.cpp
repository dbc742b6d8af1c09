// The load generator's reading of /proc: one stat line (a name with spaces and parentheses,
// malformed lines refused), and this test process's own threads, one of them kept busy for a
// known amount of CPU time, so the per-thread difference must show it under its name.
#include "processcpu.h"

#include <QTest>
#include <QThread>
#include <atomic>
#include <ctime>
#include <pthread.h>
#include <thread>
#include <unistd.h>

using namespace Qt::StringLiterals;

using switchboard::bench::ProcessCpu;

namespace {

double threadCpuSeconds()
{
    timespec now {};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) + double(now.tv_nsec) / 1e9;
}

} // namespace

class ProcessCpuTest final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void statLineNameAndTicks()
    {
        // Fields 14 and 15 (utime, stime) after a name that holds ") (" itself.
        const auto line = ProcessCpu::parseStatLine(
            "4242 (Thread (pooled) x) S 1 4242 4242 0 -1 4194368 90 0 0 0 250 30 0 0 20 0 9 0 "
            "1234 0 0\n");
        QVERIFY(line.has_value());
        QCOMPARE(QString::fromStdString(line->name), u"Thread (pooled) x"_s);
        QCOMPARE(line->ticks, 280);
    }

    void malformedStatLinesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("no closing parenthesis") << QByteArray("12 (name S 1 2 3");
        QTest::newRow("too few fields") << QByteArray("12 (name) S 1 2 3 4 5 6 7 8 9 10 250");
        QTest::newRow("utime not a number") << QByteArray("12 (n) S 1 2 3 4 5 6 7 8 9 10 x 30");
        QTest::newRow("negative stime") << QByteArray("12 (n) S 1 2 3 4 5 6 7 8 9 10 250 -3");
    }

    void malformedStatLinesAreRefused()
    {
        QFETCH(QByteArray, line);
        QVERIFY(
            !ProcessCpu::parseStatLine(std::string_view(line.constData(), std::size_t(line.size())))
                 .has_value());
    }

    void busyThreadShowsUnderItsName()
    {
        const ProcessCpu before = ProcessCpu::read(::getpid());
        QVERIFY(before.isValid());
        std::atomic<double> spent { 0 };
        std::thread busy([&spent] {
            ::pthread_setname_np(::pthread_self(), "cpu (test) 1");
            const double start = threadCpuSeconds();
            volatile quint64 sink = 0;
            while (threadCpuSeconds() - start < 0.3)
                sink = sink + 1;
            spent = threadCpuSeconds() - start;
            // Still alive when read: an exited thread is no longer listed by name.
            QThread::msleep(300);
        });
        QTest::qWait(200);
        // Read while the thread sleeps after its 0.3 s of CPU.
        QTRY_VERIFY_WITH_TIMEOUT(spent.load() > 0, 10000);
        const ProcessCpu after = ProcessCpu::read(::getpid());
        busy.join();

        const ProcessCpu used = after.since(before);
        const auto thread = used.threads().find("cpu (test) 1");
        QVERIFY(thread != used.threads().end());
        QCOMPARE(thread->second.count, 1);
        // Clock ticks are 10 ms: allow two either side.
        QVERIFY2(thread->second.seconds >= 0.28 && thread->second.seconds <= 0.5,
            QByteArray::number(thread->second.seconds).constData());
        QVERIFY(used.totalSeconds() >= thread->second.seconds - 0.02);
        QVERIFY(before.threads().find("cpu (test) 1") == before.threads().end());
    }

    void goneProcessIsInvalid()
    {
        QVERIFY(!ProcessCpu::read(999'999'999).isValid());
        QVERIFY(!ProcessCpu::read(999'999'999).since(ProcessCpu::read(::getpid())).isValid());
    }
};

QTEST_GUILESS_MAIN(ProcessCpuTest)
#include "tst_processcpu.moc"
