#pragma once

#include <QHash>
#include <QString>
#include <set>

namespace switchboard::server {

// Which messages of each open conversation this node has already passed to its connections,
// when several nodes write to one conversation. A node learns of its own commits at once and
// of other nodes' later (over Redis, or from the database when Redis was away), so seqs can
// arrive out of order: 7 written here may come before 6 written elsewhere. Delivering each
// seq exactly once, and noticing 6 is missing, needs the contiguous mark plus the few seqs
// delivered beyond it.
class CrossNodeDelivery final {
public:
    // Starts following a conversation whose messages up to `seq` are known here (or need no
    // delivery: whoever connects later reads them with sync).
    void follow(const QString &conversationId, qint64 seq);
    void forget(const QString &conversationId);
    bool follows(const QString &conversationId) const;

    // True the first time `seq` is delivered here: the caller sends it; false for a repeat.
    bool claim(const QString &conversationId, qint64 seq);
    // Every seq up to here was delivered (or needs none).
    qint64 deliveredThrough(const QString &conversationId) const;
    // Messages up to `seq` exist, so anything not yet delivered below it must be read.
    bool isBehind(const QString &conversationId, qint64 seq) const;
    // Nobody here needs the messages up to `seq`: mark them delivered without reading them.
    void skipThrough(const QString &conversationId, qint64 seq);

    // At most one database read per conversation at a time; more news meanwhile asks for
    // another one when it ends.
    bool startReading(const QString &conversationId); // false: one is running, noted
    bool finishReading(const QString &conversationId); // true: read again
    bool isReading(const QString &conversationId) const;

private:
    struct Cursor {
        qint64 through = 0;
        std::set<qint64> beyond; // delivered, above `through`
        bool reading = false;
        bool readAgain = false;
    };
    Cursor &cursor(const QString &conversationId);

    QHash<QString, Cursor> m_cursors;
};

} // namespace switchboard::server
