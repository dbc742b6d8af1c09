#pragma once

#include <QHash>
#include <QHostAddress>
#include <QList>

namespace switchboard::server {

// Limits sign-in attempts per client address: failures in a sliding minute plus attempts still
// being checked may not exceed the limit. Counting attempts in flight keeps a burst of parallel
// guesses from all reaching the (slow) password check; a success never wipes the failures, so
// one valid account cannot launder guesses at another.
class LoginThrottle final {
public:
    explicit LoginThrottle(int attemptsPerMinute)
        : m_limit(attemptsPerMinute)
    {
    }

    // Reserves a slot for one attempt; false when the address is over its limit.
    bool tryBegin(const QHostAddress &address, qint64 nowMs);
    // Ends an attempt. `heldSlot`: it came from tryBegin (customer tokens do not).
    void finish(const QHostAddress &address, bool heldSlot, bool failed, qint64 nowMs);

private:
    struct AddressState {
        QList<qint64> failures;
        int inFlight = 0;
    };
    void prune(AddressState &state, qint64 nowMs) const;

    int m_limit;
    QHash<QString, AddressState> m_addresses;
};

} // namespace switchboard::server
