#pragma once

#include <QLoggingCategory>
#include <QString>

// One logging category per subsystem, declared here so every log line can be filtered by it
// (QT_LOGGING_RULES="switchboard.server.router.debug=true").
Q_DECLARE_LOGGING_CATEGORY(lcServer)
Q_DECLARE_LOGGING_CATEGORY(lcGateway)
Q_DECLARE_LOGGING_CATEGORY(lcHttp)
Q_DECLARE_LOGGING_CATEGORY(lcRouter)
Q_DECLARE_LOGGING_CATEGORY(lcStore)
Q_DECLARE_LOGGING_CATEGORY(lcHistory)
Q_DECLARE_LOGGING_CATEGORY(lcCluster)
Q_DECLARE_LOGGING_CATEGORY(lcAuth)
Q_DECLARE_LOGGING_CATEGORY(lcConfig)
Q_DECLARE_LOGGING_CATEGORY(lcClient)
Q_DECLARE_LOGGING_CATEGORY(lcUi)

namespace switchboard::logging {

enum class Format { Json, Text };

// Installs the process-wide message handler. JSON lines carry time, level, category,
// message, node and, inside a TraceScope, trace_id.
void install(Format format, const QString &node);
// Parses "debug|info|warning|error|critical" into logging rules; false when unknown.
bool setLevel(const QString &level);
// The line the handler would write; exposed for tests of the log format.
QByteArray formatLine(Format format, QtMsgType type, const char *category, const QString &message,
    const QString &node, const QString &traceId);

// Marks the current thread's work as belonging to one message's trace, for the log lines
// written while it lives.
class TraceScope final {
public:
    explicit TraceScope(const QString &traceId);
    ~TraceScope();
    Q_DISABLE_COPY_MOVE(TraceScope)

    static QString current();

private:
    QString m_previous;
};

} // namespace switchboard::logging
