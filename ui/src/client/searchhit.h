#pragma once

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <switchboard/protocol.h>

namespace switchboard::ui {

// One hit of a `search` answer: a message (text searches) or a conversation (filter-only
// searches, kind empty). Highlights are [offset, length] ranges inside the snippet, in UTF-16
// code units, as the server sends them.
struct SearchHit {
    struct Range {
        int offset = 0;
        int length = 0;
        bool operator==(const Range &) const = default;
    };

    QString conversation;
    qint64 seq = 0;
    qint64 timestampMs = 0;
    QString kind; // text, note; empty for a conversation hit
    protocol::Role fromRole = protocol::Role::Customer;
    QString fromName;
    QString snippet;
    QList<Range> highlights;
    protocol::ConversationState state = protocol::ConversationState::Closed;
    QString team;
    QString customerName;
    QString customerEmail;
    QString agentLogin;
    QString agentName;
    qint64 createdMs = 0;

    bool isMessage() const { return !kind.isEmpty(); }
    static SearchHit fromJson(const QJsonObject &object);
};

} // namespace switchboard::ui

Q_DECLARE_METATYPE(switchboard::ui::SearchHit)
