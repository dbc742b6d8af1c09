#pragma once

#include <QByteArray>
#include <QString>

namespace switchboard::server {

enum class AlertSeverity { Warning, Critical };

// One alert rule's state on this node, as supervisors and /metrics see it.
struct Alert {
    QString id; // "<rule>@<node>": stable while the node lives
    QString rule; // e.g. "ConnectionsNearCap"; the same names as packaging/prometheus rules
    AlertSeverity severity = AlertSeverity::Warning;
    bool firing = false;
    QString summary; // one sentence for a person; no ids, no message text
    qint64 sinceMs = 0; // when it started firing
    qint64 changedMs = 0; // when it last fired or resolved

    QString severityName() const
    {
        return severity == AlertSeverity::Critical ? QStringLiteral("critical")
                                                   : QStringLiteral("warning");
    }
    // The protocol's `alert` frame.
    QByteArray toFrame() const;
};

} // namespace switchboard::server
