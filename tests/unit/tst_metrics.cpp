#include <QDateTime>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <metrics/metrics.h>
#include <switchboard/version.h>
#include <thread>

using namespace Qt::StringLiterals;

using namespace switchboard::server::metrics;

namespace {

// The value of the one sample line that starts with `series` followed by a space.
std::optional<double> sampleValue(const QByteArray &text, const QByteArray &series)
{
    for (const QByteArray &line : text.split('\n')) {
        if (line.startsWith(QByteArray(series + ' ')))
            return line.mid(series.size() + 1).toDouble();
    }
    return std::nullopt;
}

} // namespace

class tst_Metrics final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void counterCounts();
    void gaugeSetAndAdd();
    void gaugeAddIsAtomicAcrossThreads();
    void histogramBuckets_data();
    void histogramBuckets();
    void quantile_data();
    void quantile();
    void familyUnknownValueLandsOnLast();
    void everyFamilyHasHelpAndType_data();
    void everyFamilyHasHelpAndType();
    void expositionSamples_data();
    void expositionSamples();
    void histogramExpositionIsCumulative();
    void processMetricsArePlausible();
    void promtoolAcceptsExposition();
};

void tst_Metrics::counterCounts()
{
    Counter counter;
    QCOMPARE(counter.value(), 0u);
    counter.inc();
    counter.inc(41);
    QCOMPARE(counter.value(), 42u);
}

void tst_Metrics::gaugeSetAndAdd()
{
    Gauge gauge;
    gauge.set(10);
    gauge.add(2.5);
    gauge.add(-4);
    QCOMPARE(gauge.value(), 8.5);
}

void tst_Metrics::gaugeAddIsAtomicAcrossThreads()
{
    Gauge gauge;
    constexpr int threads = 4;
    constexpr int perThread = 20000;
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&gauge] {
            for (int i = 0; i < perThread; ++i) {
                gauge.add(1);
                gauge.add(-0.5);
            }
        });
    }
    for (std::thread &worker : workers)
        worker.join();
    // Whole and half numbers are exact in a double: any lost update shows.
    QCOMPARE(gauge.value(), threads * perThread * 0.5);
}

void tst_Metrics::histogramBuckets_data()
{
    QTest::addColumn<QList<double>>("observations");
    QTest::addColumn<QList<quint64>>("buckets"); // bounds 1, 2, 4, then +Inf

    QTest::addRow("empty") << QList<double> {} << QList<quint64> { 0, 0, 0, 0 };
    QTest::addRow("bounds are inclusive")
        << QList<double> { 1, 2, 4 } << QList<quint64> { 1, 1, 1, 0 };
    QTest::addRow("between bounds")
        << QList<double> { 0.1, 1.5, 3.9, 1.0001 } << QList<quint64> { 1, 2, 1, 0 };
    QTest::addRow("above the last bound")
        << QList<double> { 4.0001, 100 } << QList<quint64> { 0, 0, 0, 2 };
    QTest::addRow("negative goes to the first")
        << QList<double> { -3 } << QList<quint64> { 1, 0, 0, 0 };
    QTest::addRow("NaN is ignored")
        << QList<double> { qQNaN(), 2 } << QList<quint64> { 0, 1, 0, 0 };
}

void tst_Metrics::histogramBuckets()
{
    QFETCH(QList<double>, observations);
    QFETCH(QList<quint64>, buckets);

    Histogram histogram({ 1, 2, 4 });
    double sum = 0;
    quint64 count = 0;
    for (const double value : std::as_const(observations)) {
        histogram.observe(value);
        if (!qIsNaN(value)) {
            sum += value;
            ++count;
        }
    }
    for (qsizetype i = 0; i < buckets.size(); ++i)
        QCOMPARE(histogram.bucketCount(std::size_t(i)), buckets.at(i));
    QCOMPARE(histogram.count(), count);
    QCOMPARE(histogram.sum(), sum);
}

void tst_Metrics::quantile_data()
{
    QTest::addColumn<QList<double>>("observations");
    QTest::addColumn<double>("q");
    QTest::addColumn<double>("expected");

    QList<double> twoBuckets; // ten in (0, 1], ten in (1, 2]
    for (int i = 0; i < 10; ++i)
        twoBuckets << 0.5 << 1.5;
    QTest::addRow("empty is zero") << QList<double> {} << 0.5 << 0.0;
    QTest::addRow("median at a bucket edge") << twoBuckets << 0.5 << 1.0;
    QTest::addRow("p75 interpolates in the second bucket") << twoBuckets << 0.75 << 1.5;
    QTest::addRow("p25 interpolates in the first bucket") << twoBuckets << 0.25 << 0.5;
    QTest::addRow("p100 is the upper bound") << twoBuckets << 1.0 << 2.0;
    QTest::addRow("above every bound reports the last bound")
        << QList<double> { 10, 20, 30 } << 0.99 << 4.0;
    QTest::addRow("empty buckets are skipped")
        << QList<double> { 3, 3, 3, 3 } << 0.5 << 3.0; // (2, 4], half-way
}

void tst_Metrics::quantile()
{
    QFETCH(QList<double>, observations);
    QFETCH(double, q);
    QFETCH(double, expected);

    Histogram histogram({ 1, 2, 4 });
    for (const double value : std::as_const(observations))
        histogram.observe(value);
    QCOMPARE(histogram.quantile(q), expected);
}

void tst_Metrics::familyUnknownValueLandsOnLast()
{
    Family<Counter> family(u"reason"_s, { u"origin"_s, u"timeout"_s, u"other"_s });
    family[u"timeout"].inc();
    family[u"no-such-reason"].inc(2);
    QCOMPARE(family.at(0).value(), 0u);
    QCOMPARE(family.at(1).value(), 1u);
    QCOMPARE(family.at(2).value(), 2u);
}

void tst_Metrics::everyFamilyHasHelpAndType_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("type");

    // docs/reliability.md, "Metric names".
    const std::pair<const char *, const char *> families[] = {
        { "switchboard_build_info", "gauge" },
        { "switchboard_websocket_connections", "gauge" },
        { "switchboard_websocket_connections_opened_total", "counter" },
        { "switchboard_websocket_connections_closed_total", "counter" },
        { "switchboard_websocket_handshake_failures_total", "counter" },
        { "switchboard_tls_reloads_total", "counter" },
        { "switchboard_received_messages_total", "counter" },
        { "switchboard_protocol_errors_total", "counter" },
        { "switchboard_rate_limited_total", "counter" },
        { "switchboard_outbound_queue_messages", "gauge" },
        { "switchboard_slow_consumer_disconnects_total", "counter" },
        { "switchboard_messages_stored_total", "counter" },
        { "switchboard_message_duplicates_total", "counter" },
        { "switchboard_message_ack_duration_seconds", "histogram" },
        { "switchboard_message_delivery_duration_seconds", "histogram" },
        { "switchboard_sync_requests_total", "counter" },
        { "switchboard_db_query_duration_seconds", "histogram" },
        { "switchboard_db_transaction_retries_total", "counter" },
        { "switchboard_db_errors_total", "counter" },
        { "switchboard_db_pool_connections", "gauge" },
        { "switchboard_db_pool_wait_duration_seconds", "histogram" },
        { "switchboard_cluster_nodes", "gauge" },
        { "switchboard_cluster_published_messages_total", "counter" },
        { "switchboard_cluster_routing_conflicts_total", "counter" },
        { "switchboard_conversations", "gauge" },
        { "switchboard_conversations_auto_closed_total", "counter" },
        { "switchboard_visitors_refused_total", "counter" },
        { "switchboard_open_conversations_limit", "gauge" },
        { "switchboard_agents", "gauge" },
        { "switchboard_queue_wait_duration_seconds", "histogram" },
        { "switchboard_auth_attempts_total", "counter" },
        { "switchboard_webhook_deliveries_total", "counter" },
        { "switchboard_dead_letters", "gauge" },
        { "switchboard_alerts_firing", "gauge" },
        { "switchboard_attachment_uploads_total", "counter" },
        { "switchboard_attachment_bytes_total", "counter" },
        { "switchboard_attachment_refusals_total", "counter" },
        { "process_resident_memory_bytes", "gauge" },
        { "process_open_fds", "gauge" },
        { "process_max_fds", "gauge" },
        { "process_cpu_seconds_total", "counter" },
        { "process_start_time_seconds", "gauge" },
    };
    for (const auto &[name, type] : families)
        QTest::addRow("%s", name) << QByteArray(name) << QByteArray(type);
}

void tst_Metrics::everyFamilyHasHelpAndType()
{
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, type);

    const ServerMetrics metrics;
    const QList<QByteArray> lines = exposition(metrics).split('\n');
    const QByteArray typeLine = "# TYPE " + name + ' ' + type;
    QCOMPARE(lines.count(typeLine), 1);
    const qsizetype typeAt = lines.indexOf(typeLine);
    QVERIFY2(typeAt > 0 && lines.at(typeAt - 1).startsWith(QByteArray("# HELP " + name + ' ')),
        "HELP must precede TYPE");
    const QByteArray sample = lines.value(typeAt + 1);
    QVERIFY2(sample.startsWith(QByteArray(name + ' ')) || sample.startsWith(QByteArray(name + '{'))
            || sample.startsWith(QByteArray(name + "_bucket{")),
        "the family's samples must follow its TYPE line");
}

void tst_Metrics::expositionSamples_data()
{
    QTest::addColumn<QByteArray>("line");

    const QByteArray version = switchboard::versionString;
    QTest::addRow("build info") << "switchboard_build_info{version=\"" + version + "\"} 1";
    QTest::addRow("gauge family") << QByteArray(
        "switchboard_websocket_connections{role=\"agent\"} 3");
    QTest::addRow("counter family by close code")
        << QByteArray("switchboard_websocket_connections_closed_total{code=\"1001\"} 2");
    QTest::addRow("unknown close code counted as other")
        << QByteArray("switchboard_websocket_connections_closed_total{code=\"other\"} 1");
    QTest::addRow("received message type")
        << QByteArray("switchboard_received_messages_total{type=\"send\"} 5");
    QTest::addRow("protocol error code")
        << QByteArray("switchboard_protocol_errors_total{code=\"rate_limited\"} 1");
    QTest::addRow("plain counter") << QByteArray("switchboard_rate_limited_total 7");
    QTest::addRow("plain gauge") << QByteArray("switchboard_outbound_queue_messages 12.5");
    QTest::addRow("db query histogram has backend and operation")
        << QByteArray("switchboard_db_query_duration_seconds_bucket"
                      "{backend=\"sqlite\",operation=\"append\",le=\"0.001\"} 1");
    QTest::addRow("db query histogram count")
        << QByteArray("switchboard_db_query_duration_seconds_count"
                      "{backend=\"sqlite\",operation=\"append\"} 1");
    QTest::addRow("db errors carry the backend")
        << QByteArray("switchboard_db_errors_total{backend=\"sqlite\",kind=\"corrupt\"} 2");
    QTest::addRow("sqlstate label")
        << QByteArray("switchboard_db_transaction_retries_total{sqlstate=\"40P01\"} 0");
    QTest::addRow("unused histogram is all zero")
        << QByteArray("switchboard_queue_wait_duration_seconds_bucket{le=\"+Inf\"} 0");
}

void tst_Metrics::expositionSamples()
{
    QFETCH(QByteArray, line);

    ServerMetrics metrics;
    metrics.connections[u"agent"].set(3);
    metrics.connectionsClosed[u"1001"].inc(2);
    metrics.connectionsClosed[u"1234"].inc();
    metrics.receivedMessages[u"send"].inc(5);
    metrics.protocolErrors[u"rate_limited"].inc();
    metrics.rateLimited.inc(7);
    metrics.outboundQueueMessages.set(12.5);
    metrics.dbQueryDuration[u"append"].observe(0.0007);
    metrics.dbErrors[u"corrupt"].inc(2);

    const QList<QByteArray> lines = exposition(metrics).split('\n');
    QVERIFY2(lines.contains(line), line.constData());
}

void tst_Metrics::histogramExpositionIsCumulative()
{
    ServerMetrics metrics;
    for (const double seconds : { 0.0003, 0.0007, 0.02, 0.02, 3.0, 60.0 })
        metrics.ackDuration.observe(seconds);
    const QByteArray text = exposition(metrics);

    const QByteArray name = "switchboard_message_ack_duration_seconds";
    const std::pair<const char *, double> expected[] = {
        { "0.0005", 1 },
        { "0.001", 2 },
        { "0.0025", 2 },
        { "0.025", 4 },
        { "2.5", 4 },
        { "5", 5 },
        { "10", 5 },
        { "+Inf", 6 },
    };
    for (const auto &[le, count] : expected) {
        const QByteArray series = name + "_bucket{le=\"" + le + "\"}";
        QCOMPARE(sampleValue(text, series), std::optional<double>(count));
    }
    double previous = 0;
    for (const QByteArray &line : text.split('\n')) {
        if (!line.startsWith(QByteArray(name + "_bucket")))
            continue;
        const double value = line.mid(line.lastIndexOf(' ') + 1).toDouble();
        QVERIFY2(value >= previous, line.constData());
        previous = value;
    }
    QCOMPARE(sampleValue(text, name + "_count"), std::optional<double>(6));
    const auto sum = sampleValue(text, name + "_sum");
    QVERIFY(sum);
    QVERIFY2(qAbs(*sum - 63.041) < 1e-9, QByteArray::number(*sum).constData());
}

void tst_Metrics::processMetricsArePlausible()
{
    const QByteArray text = exposition(ServerMetrics());
    const auto rss = sampleValue(text, "process_resident_memory_bytes");
    QVERIFY(rss && *rss > 1024 * 1024);
    const auto fds = sampleValue(text, "process_open_fds");
    QVERIFY(fds && *fds >= 3);
    const auto maxFds = sampleValue(text, "process_max_fds");
    QVERIFY(maxFds && *maxFds >= *fds);
    const auto cpu = sampleValue(text, "process_cpu_seconds_total");
    QVERIFY(cpu && *cpu >= 0);
    const auto start = sampleValue(text, "process_start_time_seconds");
    const double now = double(QDateTime::currentSecsSinceEpoch());
    QVERIFY2(start && *start <= now + 1 && *start > now - 3600,
        "the process started within the last hour");
}

void tst_Metrics::promtoolAcceptsExposition()
{
    // O1 of docs/reliability.md: `promtool check metrics` is silent and exits 0.
    const QString promtool = QStandardPaths::findExecutable(u"promtool"_s);
    if (promtool.isEmpty())
        QFAIL("promtool is not installed; install the `prometheus` package "
              "(apt-get install -y prometheus) to check the exposition");

    ServerMetrics metrics;
    metrics.connections[u"customer"].set(2);
    metrics.receivedMessages[u"hello"].inc();
    metrics.ackDuration.observe(0.004);
    metrics.dbQueryDuration[u"read"].observe(0.0002);
    metrics.queueWait.observe(42);

    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString path = directory.filePath(u"metrics.txt"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QVERIFY(file.write(exposition(metrics)) > 0);
    file.close();

    QProcess process;
    process.setStandardInputFile(path);
    process.start(promtool, { u"check"_s, u"metrics"_s });
    QVERIFY2(process.waitForFinished(30000), "promtool did not finish");
    const QByteArray output = process.readAllStandardOutput() + process.readAllStandardError();
    QVERIFY2(output.isEmpty(), output.constData());
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
}

QTEST_GUILESS_MAIN(tst_Metrics)
#include "tst_metrics.moc"
