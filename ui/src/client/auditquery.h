#pragma once

#include <QString>

namespace switchboard::ui {

// The filters of an `audit` request; empty strings and 0 times are left out (no filter).
struct AuditQuery {
    qint64 fromMs = 0; // inclusive
    qint64 toMs = 0; // exclusive
    QString actor;
    QString action;
    int limit = 100;
    int offset = 0;
};

} // namespace switchboard::ui
