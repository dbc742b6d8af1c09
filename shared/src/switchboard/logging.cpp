#include "logging.h"

#include "timeformat.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <cstdio>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcServer, "switchboard.server", QtInfoMsg)
Q_LOGGING_CATEGORY(lcGateway, "switchboard.server.gateway", QtInfoMsg)
Q_LOGGING_CATEGORY(lcHttp, "switchboard.server.http", QtInfoMsg)
Q_LOGGING_CATEGORY(lcRouter, "switchboard.server.router", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStore, "switchboard.server.store", QtInfoMsg)
Q_LOGGING_CATEGORY(lcHistory, "switchboard.server.history", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCluster, "switchboard.server.cluster", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAuth, "switchboard.server.auth", QtInfoMsg)
Q_LOGGING_CATEGORY(lcConfig, "switchboard.config", QtInfoMsg)
Q_LOGGING_CATEGORY(lcClient, "switchboard.client", QtInfoMsg)
Q_LOGGING_CATEGORY(lcUi, "switchboard.ui", QtInfoMsg)

namespace switchboard::logging {

namespace {

thread_local QString currentTraceId;

struct HandlerState {
    Format format = Format::Json;
    QString node;
    QMutex writeLock; // whole lines only, even when several threads log at once
};

HandlerState &state()
{
    static HandlerState instance;
    return instance;
}

const char *levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return "debug";
    case QtInfoMsg:
        return "info";
    case QtWarningMsg:
        return "warning";
    case QtCriticalMsg:
        return "error";
    case QtFatalMsg:
        return "fatal";
    }
    return "info";
}

void handleMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    HandlerState &s = state();
    const QByteArray line
        = formatLine(s.format, type, context.category, message, s.node, currentTraceId);
    QMutexLocker locker(&s.writeLock);
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}

} // namespace

QByteArray formatLine(Format format, QtMsgType type, const char *category, const QString &message,
    const QString &node, const QString &traceId)
{
    const QString time = formatTimestamp(nowMs());
    const QString categoryName = QString::fromUtf8(category ? category : "default");
    if (format == Format::Text) {
        QString text = time % u' ' % QString::fromLatin1(levelName(type)).toUpper() % u' '
            % categoryName % u": " % message;
        if (!traceId.isEmpty())
            text += u" trace_id=" % traceId;
        return text.toUtf8() + '\n';
    }
    QJsonObject object { { u"time"_s, time }, { u"level"_s, QString::fromLatin1(levelName(type)) },
        { u"category"_s, categoryName }, { u"message"_s, message } };
    if (!node.isEmpty())
        object.insert(u"node"_s, node);
    if (!traceId.isEmpty())
        object.insert(u"trace_id"_s, traceId);
    return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
}

void install(Format format, const QString &node)
{
    state().format = format;
    state().node = node;
    qInstallMessageHandler(handleMessage);
}

bool setLevel(const QString &level)
{
    static const QStringList levels { u"debug"_s, u"info"_s, u"warning"_s, u"error"_s,
        u"critical"_s };
    const qsizetype index = levels.indexOf(level.toLower());
    if (index < 0)
        return false;
    // Enable the chosen level and everything more severe for all switchboard categories.
    QString rules;
    const char *names[] = { "debug", "info", "warning", "critical" };
    const qsizetype threshold = index == 4 ? 3 : index;
    for (qsizetype i = 0; i < 4; ++i) {
        rules += u"switchboard.*."_s + QString::fromLatin1(names[i])
            + (i >= threshold ? u"=true\n"_s : u"=false\n"_s);
        rules += u"switchboard."_s + QString::fromLatin1(names[i])
            + (i >= threshold ? u"=true\n"_s : u"=false\n"_s);
    }
    QLoggingCategory::setFilterRules(rules);
    return true;
}

TraceScope::TraceScope(const QString &traceId)
    : m_previous(currentTraceId)
{
    currentTraceId = traceId;
}

TraceScope::~TraceScope()
{
    currentTraceId = m_previous;
}

QString TraceScope::current()
{
    return currentTraceId;
}

} // namespace switchboard::logging
