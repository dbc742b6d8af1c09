#pragma once

#include <QtGlobal>

namespace switchboard {

// Exponential backoff with full jitter: attempt n waits a random time in
// [0, min(cap, base * 2^n)], so a crowd of clients never reconnects in lock step.
class BackoffPolicy final {
public:
    BackoffPolicy(int baseMs = 500, int capMs = 30000)
        : m_baseMs(baseMs)
        , m_capMs(capMs)
    {
    }

    int ceilingMs(int attempt) const;
    int delayMs(int attempt) const;

private:
    int m_baseMs;
    int m_capMs;
};

} // namespace switchboard
