#pragma once

#include <QtGlobal>
#include <switchboard/timeformat.h>

namespace switchboard::server {

// What time it is for the router and its parts: grace periods, token lifetimes, the handoff
// window, abandoned visitors, missed and idle chats. Tests hand the router a clock they move
// by hand (tests/support/manualclock.h), so a grace period passes without sleeping through
// it. The router's periodic timers still decide when to look; the clock says what they see.
class Clock {
public:
    virtual ~Clock() = default;
    // Wall time, milliseconds since the Unix epoch (stored and sent to clients).
    virtual qint64 nowMs() const = 0;
};

// The real time, switchboard::nowMs().
class SystemClock final : public Clock {
public:
    qint64 nowMs() const override { return switchboard::nowMs(); }
    // One for everyone: it has no state.
    static const SystemClock &instance()
    {
        static const SystemClock clock;
        return clock;
    }
};

} // namespace switchboard::server
