// Exports from the console against a real in-process server, with conversations seeded
// through the protocol: a transcript as text, HTML and JSON parses back to exactly the
// messages `history` holds (HTML through a real XML parser, with the customer's markup shown
// as text); a cancelled export leaves no file; a supervisor's range export writes the bytes
// `switchboard-server export` writes for the same range, CSV rows and JSONL lines matching
// the seeded data; agents have no range export and the server refuses them.
#include "windowparts.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDockWidget>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QProcess>
#include <QProgressBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>
#include <client/chatclient.h>
#include <client/rangeexporter.h>
#include <client/transcriptexporter.h>
#include <switchboard/timeformat.h>
#include <testclient.h>
#include <testserver.h>
#include <widgets/mainwindow.h>
#include <widgets/rangeexportdialog.h>

using namespace Qt::StringLiterals;
using namespace switchboard::ui;
using switchboard::formatTimestamp;

namespace {

const QString password = u"correct horse 1"_s;

QString conversationOf(const QJsonObject &welcome)
{
    return welcome.value(u"conversation"_s).toObject().value(u"id"_s).toString();
}

struct Stored {
    qint64 seq = 0;
    QString ts;
    QString kind;
    QString fromName;
    QString text;
    bool operator==(const Stored &) const = default;
};

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QList<Stored> fromJsonTranscript(const QByteArray &bytes, QString *conversation)
{
    QList<Stored> messages;
    const QJsonObject root = QJsonDocument::fromJson(bytes).object();
    *conversation = root.value(u"conversation"_s)[u"id"_s].toString();
    for (const QJsonValue &value : root.value(u"messages"_s).toArray()) {
        const QJsonObject m = value.toObject();
        messages.append({ m.value(u"seq"_s).toInteger(), m.value(u"ts"_s).toString(),
            m.value(u"kind"_s).toString(), m.value(u"from"_s)[u"name"_s].toString(),
            m.value(u"text"_s).toString() });
    }
    return messages;
}

// The <li> items of the HTML transcript, read by a real XML parser (the file is XHTML-clean).
QList<Stored> fromHtmlTranscript(const QByteArray &bytes, QString *error)
{
    QList<Stored> messages;
    QXmlStreamReader xml(bytes);
    Stored current;
    enum class In { Nothing, Time, From, Text } in = In::Nothing;
    while (!xml.atEnd()) {
        switch (xml.readNext()) {
        case QXmlStreamReader::StartElement: {
            const QString cls = xml.attributes().value(u"class"_s).toString();
            if (xml.name() == u"li") {
                current = {};
                current.seq = xml.attributes().value(u"data-seq"_s).toLongLong();
                current.kind = cls;
            } else if (xml.name() == u"time") {
                in = In::Time;
            } else if (xml.name() == u"span" && cls == u"from") {
                in = In::From;
            } else if (xml.name() == u"div" && cls == u"text") {
                in = In::Text;
            } else if (xml.name() == u"br" && in == In::Text) {
                current.text += u'\n';
            }
            break;
        }
        case QXmlStreamReader::Characters:
            if (in == In::Time)
                current.ts += xml.text();
            else if (in == In::From)
                current.fromName += xml.text();
            else if (in == In::Text)
                current.text += xml.text();
            break;
        case QXmlStreamReader::EndElement:
            if (xml.name() == u"li")
                messages.append(current);
            else if (xml.name() != u"br")
                in = In::Nothing;
            break;
        default:
            break;
        }
    }
    if (xml.hasError())
        *error = xml.errorString();
    return messages;
}

// "[ts] Name: text" (events "[ts] -- text", notes "Note by Name"), continuation lines indented.
QList<Stored> fromTextTranscript(const QByteArray &bytes)
{
    QList<Stored> messages;
    const QStringList lines = QString::fromUtf8(bytes).split(u'\n');
    for (const QString &line : lines) {
        if (line.startsWith(u"    "_s) && !messages.isEmpty()) {
            messages.last().text += u'\n' + line.mid(4);
            continue;
        }
        if (!line.startsWith(u'['))
            continue;
        const qsizetype close = line.indexOf(u"] "_s);
        Stored message;
        message.ts = line.mid(1, close - 1);
        const QString rest = line.mid(close + 2);
        if (rest.startsWith(u"-- "_s)) {
            message.kind = u"event"_s;
            message.text = rest.mid(3);
        } else {
            const qsizetype colon = rest.indexOf(u": "_s);
            QString from = rest.left(colon);
            message.kind = from.startsWith(u"Note by "_s) ? u"note"_s : u"text"_s;
            if (message.kind == u"note")
                from = from.mid(8);
            message.fromName = from;
            message.text = rest.mid(colon + 2);
        }
        messages.append(message);
    }
    return messages;
}

} // namespace

class tst_ConsoleExport final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void transcriptInEveryFormatParsesBack_data();
    void transcriptInEveryFormatParsesBack();
    void cancelledTranscriptLeavesNoFile();
    void supervisorRangeExportMatchesTheCommandLine_data();
    void supervisorRangeExportMatchesTheCommandLine();
    void agentsHaveNoRangeExport();

private:
    QList<Stored> history(const QString &conversation); // what the server holds, as staff

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<TestClient> m_alice;
    QTemporaryDir m_out;
    QString m_ann; // closed, with markup, several lines and a note
    QString m_ben; // open
};

void tst_ConsoleExport::initTestCase()
{
    QVERIFY(m_out.isValid());
    m_server = std::make_unique<TestServer>();
    QVERIFY(m_server->addUser(u"alice"_s, u"agent"_s, { u"sales"_s }, password, u"Alice"_s));
    QVERIFY(m_server->addUser(u"sue"_s, u"supervisor"_s, {}, password, u"Sue"_s));
    QVERIFY(m_server->start());
    m_alice = std::make_unique<TestClient>();
    QVERIFY(m_alice->open(m_server->url()));
    QVERIFY(!m_alice->helloStaff(u"alice"_s, password).isEmpty());

    TestClient ann;
    QVERIFY(ann.open(m_server->url()));
    m_ann = conversationOf(ann.helloCustomer(u"Ann <Lee>"_s, {}, u"sales"_s));
    QVERIFY(!m_alice->take(u"assigned"_s).isEmpty());
    QCOMPARE(
        ann.sendText(u"Is <b>this</b> & \"that\" in stock?"_s, u"a1"_s).value(u"type"_s), u"ack"_s);
    QCOMPARE(ann.sendText(u"line one\nline two\n  indented three"_s, u"a2"_s).value(u"type"_s),
        u"ack"_s);
    QCOMPARE(
        m_alice->sendText(u"Yes, both — 中文 too"_s, u"r1"_s, m_ann).value(u"type"_s), u"ack"_s);
    QCOMPARE(
        m_alice->sendText(u"VIP customer"_s, u"n1"_s, m_ann, u"note"_s).value(u"type"_s), u"ack"_s);
    for (int i = 1; i <= 30; ++i)
        QCOMPARE(ann.sendText(u"more %1"_s.arg(i), u"m%1"_s.arg(i)).value(u"type"_s), u"ack"_s);
    ann.send(QJsonObject { { u"type"_s, u"close"_s } });
    QVERIFY(!ann.take(u"conversation"_s, 5000,
                    [](const QJsonObject &frame) {
                        return frame.value(u"conversation"_s)[u"state"_s].toString() == u"closed"_s;
                    })
                 .isEmpty());

    TestClient ben;
    QVERIFY(ben.open(m_server->url()));
    m_ben = conversationOf(ben.helloCustomer(u"Ben"_s, {}, u"sales"_s));
    QVERIFY(!m_alice->take(u"assigned"_s).isEmpty());
    QCOMPARE(ben.sendText(u"Hi there"_s, u"b1"_s).value(u"type"_s), u"ack"_s);
}

QList<Stored> tst_ConsoleExport::history(const QString &conversation)
{
    m_alice->clear();
    m_alice->send(QJsonObject {
        { u"type"_s, u"history"_s }, { u"conversation"_s, conversation }, { u"limit"_s, 500 } });
    const QJsonObject page = m_alice->take(u"history"_s);
    QList<Stored> messages;
    for (const QJsonValue &value : page.value(u"messages"_s).toArray()) {
        const QJsonObject m = value.toObject();
        messages.append({ m.value(u"seq"_s).toInteger(), m.value(u"ts"_s).toString(),
            m.value(u"kind"_s).toString(), m.value(u"from"_s)[u"name"_s].toString(),
            m.value(u"text"_s).toString() });
    }
    return messages;
}

void tst_ConsoleExport::transcriptInEveryFormatParsesBack_data()
{
    QTest::addColumn<int>("format");
    QTest::addRow("text") << int(TranscriptWriter::Format::Text);
    QTest::addRow("html") << int(TranscriptWriter::Format::Html);
    QTest::addRow("json") << int(TranscriptWriter::Format::Json);
}

void tst_ConsoleExport::transcriptInEveryFormatParsesBack()
{
    QFETCH(int, format);
    const auto kind = TranscriptWriter::Format(format);
    const QList<Stored> stored = history(m_ann);
    QVERIFY(stored.size() > 34); // the texts above plus the system events

    ChatClient client;
    client.setEndpoints({ m_server->url() });
    client.setPasswordCredentials(u"alice"_s, password);
    MainWindow window(&client);
    client.connectToServer();
    QTRY_COMPARE(client.state(), ChatClient::State::Online);
    const QString path = m_out.filePath(u"ann."_s + TranscriptWriter::suffix(kind));
    QSignalSpy finished(&window, &MainWindow::transcriptExportFinished);
    const auto started = window.exportTranscript(m_ann, kind, path);
    QVERIFY2(started, started ? "" : qPrintable(started.error()));
    QTRY_COMPARE(finished.size(), 1);
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
    const QByteArray bytes = readAll(path);
    QVERIFY(!bytes.isEmpty());

    QList<Stored> parsed;
    switch (kind) {
    case TranscriptWriter::Format::Json: {
        QString conversation;
        parsed = fromJsonTranscript(bytes, &conversation);
        QCOMPARE(conversation, m_ann);
        QCOMPARE(parsed, stored);
        break;
    }
    case TranscriptWriter::Format::Html: {
        QVERIFY(!bytes.contains("<b>this</b>")); // the customer's markup is text
        QVERIFY(bytes.contains("Ann &lt;Lee&gt;"));
        QString xmlError;
        parsed = fromHtmlTranscript(bytes, &xmlError);
        QVERIFY2(xmlError.isEmpty(), qPrintable(xmlError));
        QCOMPARE(parsed.size(), stored.size());
        for (qsizetype i = 0; i < stored.size(); ++i) {
            QCOMPARE(parsed.at(i).seq, stored.at(i).seq);
            QCOMPARE(parsed.at(i).ts, stored.at(i).ts);
            QCOMPARE(parsed.at(i).kind, stored.at(i).kind);
            QCOMPARE(parsed.at(i).text, stored.at(i).text);
            const QString from = stored.at(i).kind == u"note"
                ? u"Note by "_s + stored.at(i).fromName
                : stored.at(i).fromName;
            if (stored.at(i).kind != u"event")
                QCOMPARE(parsed.at(i).fromName, from);
        }
        break;
    }
    case TranscriptWriter::Format::Text:
        QVERIFY(bytes.startsWith(QByteArray("Conversation " + m_ann.toUtf8())));
        parsed = fromTextTranscript(bytes);
        QCOMPARE(parsed.size(), stored.size());
        for (qsizetype i = 0; i < stored.size(); ++i) {
            QCOMPARE(parsed.at(i).ts, stored.at(i).ts);
            QCOMPARE(parsed.at(i).kind, stored.at(i).kind);
            QCOMPARE(parsed.at(i).text, stored.at(i).text);
            if (stored.at(i).kind != u"event")
                QCOMPARE(parsed.at(i).fromName, stored.at(i).fromName);
        }
        break;
    }
}

void tst_ConsoleExport::cancelledTranscriptLeavesNoFile()
{
    ChatClient client;
    client.setEndpoints({ m_server->url() });
    client.setPasswordCredentials(u"alice"_s, password);
    client.connectToServer();
    QTRY_COMPARE(client.state(), ChatClient::State::Online);
    TranscriptExporter exporter(client);
    QSignalSpy finished(&exporter, &TranscriptExporter::finished);
    const QString path = m_out.filePath(u"cancelled.json"_s);
    TranscriptHeader header;
    header.id = m_ann;
    QVERIFY(exporter.start(header, TranscriptWriter::Format::Json, path));
    exporter.cancel();
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    QVERIFY(finished.at(0).at(1).toString().isEmpty());
    QVERIFY(!QFile::exists(path));

    // A conversation the agent may not read: said in words, no file.
    TranscriptExporter refused(client);
    QSignalSpy refusedDone(&refused, &TranscriptExporter::finished);
    header.id = u"no-such-conversation"_s;
    QVERIFY(refused.start(header, TranscriptWriter::Format::Text, path));
    QTRY_COMPARE(refusedDone.size(), 1);
    QCOMPARE(refusedDone.at(0).at(0).toBool(), false);
    QVERIFY(!refusedDone.at(0).at(1).toString().isEmpty());
    QVERIFY(!QFile::exists(path));
}

void tst_ConsoleExport::supervisorRangeExportMatchesTheCommandLine_data()
{
    QTest::addColumn<QString>("format");
    QTest::addRow("csv") << u"csv"_s;
    QTest::addRow("jsonl") << u"jsonl"_s;
}

void tst_ConsoleExport::supervisorRangeExportMatchesTheCommandLine()
{
    QFETCH(QString, format);
    ChatClient client;
    client.setEndpoints({ m_server->url() });
    client.setPasswordCredentials(u"sue"_s, password);
    MainWindow window(&client);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    client.connectToServer();
    QTRY_COMPARE(client.state(), ChatClient::State::Online);
    QTRY_VERIFY(window.findChild<QAction *>(u"exportRangeAction"_s)->isVisible());
    child<QAction>(&window, u"exportRangeAction"_s)->trigger();
    auto *dialog = window.findChild<RangeExportDialog *>();
    QVERIFY(dialog);
    const QDate today = QDate::currentDate();
    dialog->fromEdit()->setDate(today.addDays(-1));
    dialog->toEdit()->setDate(today.addDays(1));
    dialog->formatBox()->setCurrentIndex(dialog->formatBox()->findData(format));
    const QString path = m_out.filePath(u"range."_s + format);
    dialog->pathEdit()->setText(path);
    QSignalSpy finished(dialog->exporter(), &RangeExporter::finished);
    QVERIFY2(dialog->startExport(), qPrintable(dialog->statusText()));
    QTRY_COMPARE(finished.size(), 1);
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
    QCOMPARE(dialog->progressBar()->value(), dialog->progressBar()->maximum());
    const QByteArray bytes = readAll(path);
    QVERIFY(!bytes.isEmpty());

    // The same range from the command line, on the same data.
    const qint64 fromMs = today.addDays(-1).startOfDay().toMSecsSinceEpoch();
    const qint64 toMs = today.addDays(2).startOfDay().toMSecsSinceEpoch();
    const QString cliPath = m_out.filePath(u"cli."_s + format);
    QProcess cli;
    cli.setStandardOutputFile(cliPath);
    cli.start(QString::fromUtf8(SWITCHBOARD_SERVER_BINARY),
        { u"export"_s, u"--from"_s, formatTimestamp(fromMs), u"--to"_s, formatTimestamp(toMs),
            u"--format"_s, format, u"--data"_s, m_server->dataDir() });
    QVERIFY(cli.waitForFinished(30000));
    QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
    QCOMPARE(bytes, readAll(cliPath));

    // And it is the seeded data.
    const QList<Stored> ann = history(m_ann);
    const QList<Stored> ben = history(m_ben);
    if (format == u"csv") {
        const QList<QByteArray> lines = bytes.trimmed().split('\n');
        QCOMPARE(lines.size(), 3); // header, Ann, Ben
        QVERIFY(lines.at(0).startsWith("id,"));
        QSet<QString> ids;
        for (qsizetype i = 1; i < lines.size(); ++i)
            ids.insert(QString::fromUtf8(lines.at(i).left(lines.at(i).indexOf(','))));
        // An id may start with '-', which the CSV writes behind a ' like any cell a
        // spreadsheet would run as a formula (docs/history.md).
        const auto asCsvCell = [](const QString &id) {
            return id.startsWith(u'-') ? u"'"_s + id : id;
        };
        QCOMPARE(ids, (QSet<QString> { asCsvCell(m_ann), asCsvCell(m_ben) }));
    } else {
        QSet<QPair<QString, qint64>> seen;
        for (const QByteArray &line : bytes.trimmed().split('\n')) {
            QJsonParseError parseError;
            const QJsonObject object = QJsonDocument::fromJson(line, &parseError).object();
            QVERIFY2(parseError.error == QJsonParseError::NoError, line.constData());
            seen.insert(
                { object.value(u"conversation"_s).toString(), object.value(u"seq"_s).toInteger() });
        }
        QSet<QPair<QString, qint64>> expected;
        for (const Stored &message : ann)
            expected.insert({ m_ann, message.seq });
        for (const Stored &message : ben)
            expected.insert({ m_ben, message.seq });
        QCOMPARE(seen, expected);
    }
}

void tst_ConsoleExport::agentsHaveNoRangeExport()
{
    ChatClient client;
    client.setEndpoints({ m_server->url() });
    client.setPasswordCredentials(u"alice"_s, password);
    MainWindow window(&client);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    client.connectToServer();
    QTRY_COMPARE(client.state(), ChatClient::State::Online);
    QTRY_VERIFY(!shownConversation(&window).isEmpty());
    QVERIFY(!window.findChild<QAction *>(u"exportRangeAction"_s)->isVisible());
    child<QAction>(&window, u"exportRangeAction"_s)->trigger(); // even by its shortcut
    QVERIFY(!window.findChild<RangeExportDialog *>());
    QVERIFY(window.findChild<QAction *>(u"exportTranscriptAction"_s)->isEnabled());

    // Asked anyway, the server refuses, and the exporter says so in words, with no file.
    RangeExporter exporter(&client);
    QSignalSpy finished(&exporter, &RangeExporter::finished);
    const QString path = m_out.filePath(u"agent.csv"_s);
    QVERIFY(exporter.start(u"csv"_s, 0, 0, path));
    QTRY_COMPARE(finished.size(), 1);
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    QCOMPARE(finished.at(0).at(1).toString(), u"Only supervisors may export conversations."_s);
    QVERIFY(!QFile::exists(path));
}

QTEST_MAIN(tst_ConsoleExport)
#include "tst_consoleexport.moc"
