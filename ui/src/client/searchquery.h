#pragma once

#include <QString>
#include <optional>
#include <switchboard/clientmessage.h>
#include <switchboard/protocol.h>

namespace switchboard::ui {

// What a `search` request asks for; empty fields (and 0 times) are left out of the request.
struct SearchQuery {
    QString text;
    qint64 fromMs = 0; // inclusive; 0: open-ended
    qint64 toMs = 0; // exclusive; 0: open-ended
    QString agent;
    QString team;
    QString customer;
    std::optional<protocol::ConversationState> state;
    int limit = 50;
    int offset = 0;

    bool operator==(const SearchQuery &) const = default;
    protocol::SearchMessage toMessage(const QString &request) const;
};

} // namespace switchboard::ui
