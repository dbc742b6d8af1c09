#include "crossnodedelivery.h"

namespace switchboard::server {

void CrossNodeDelivery::follow(const QString &conversationId, qint64 seq)
{
    // The cursor may exist already, at 0, made by the read that found the conversation: the
    // mark still moves up to `seq`, or that conversation would be read again from seq 1.
    skipThrough(conversationId, seq);
}

void CrossNodeDelivery::forget(const QString &conversationId)
{
    m_cursors.remove(conversationId);
}

bool CrossNodeDelivery::follows(const QString &conversationId) const
{
    return m_cursors.contains(conversationId);
}

CrossNodeDelivery::Cursor &CrossNodeDelivery::cursor(const QString &conversationId)
{
    return m_cursors[conversationId]; // unknown: followed from 0
}

bool CrossNodeDelivery::claim(const QString &conversationId, qint64 seq)
{
    Cursor &c = cursor(conversationId);
    if (seq <= c.through || !c.beyond.insert(seq).second)
        return false;
    while (!c.beyond.empty() && *c.beyond.begin() == c.through + 1) {
        c.through = *c.beyond.begin();
        c.beyond.erase(c.beyond.begin());
    }
    return true;
}

qint64 CrossNodeDelivery::deliveredThrough(const QString &conversationId) const
{
    const auto it = m_cursors.constFind(conversationId);
    return it == m_cursors.cend() ? 0 : it->through;
}

bool CrossNodeDelivery::isBehind(const QString &conversationId, qint64 seq) const
{
    const auto it = m_cursors.constFind(conversationId);
    if (it == m_cursors.cend())
        return seq > 0;
    if (seq <= it->through)
        return false;
    // Behind unless every seq from through+1 up to seq was already delivered out of order.
    const qint64 missing = seq - it->through;
    return qint64(std::distance(it->beyond.begin(), it->beyond.upper_bound(seq))) < missing;
}

void CrossNodeDelivery::skipThrough(const QString &conversationId, qint64 seq)
{
    Cursor &c = cursor(conversationId);
    if (seq <= c.through)
        return;
    c.through = seq;
    c.beyond.erase(c.beyond.begin(), c.beyond.upper_bound(seq));
    while (!c.beyond.empty() && *c.beyond.begin() == c.through + 1) {
        c.through = *c.beyond.begin();
        c.beyond.erase(c.beyond.begin());
    }
}

bool CrossNodeDelivery::startReading(const QString &conversationId)
{
    Cursor &c = cursor(conversationId);
    if (c.reading) {
        c.readAgain = true;
        return false;
    }
    c.reading = true;
    return true;
}

bool CrossNodeDelivery::isReading(const QString &conversationId) const
{
    const auto it = m_cursors.constFind(conversationId);
    return it != m_cursors.cend() && it->reading;
}

bool CrossNodeDelivery::finishReading(const QString &conversationId)
{
    const auto it = m_cursors.find(conversationId);
    if (it == m_cursors.end())
        return false;
    it->reading = false;
    const bool again = it->readAgain;
    it->readAgain = false;
    return again;
}

} // namespace switchboard::server
