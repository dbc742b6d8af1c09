#pragma once

#include "chatmessage.h"
#include "transcriptheader.h"

#include <QByteArray>
#include <QString>
#include <optional>

namespace switchboard::ui {

// Turns a conversation into a file, piece by piece, so an exporter streams it: begin(), one
// message() per message in seq order, end(). Text is for reading, HTML for a browser (every
// text escaped), JSON an object {"conversation":{...},"messages":[...]} for programs.
class TranscriptWriter final {
public:
    enum class Format { Text, Html, Json };

    explicit TranscriptWriter(Format format);
    Q_DISABLE_COPY_MOVE(TranscriptWriter)

    static QString suffix(Format format); // txt, html, json
    static std::optional<Format> formatFromSuffix(const QString &suffix);

    QByteArray begin(const TranscriptHeader &header);
    QByteArray message(const ChatMessage &message);
    QByteArray end();

private:
    Format m_format;
    bool m_first = true;
};

} // namespace switchboard::ui
