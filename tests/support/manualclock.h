#pragma once

#include "router/clock.h"

#include <QtGlobal>
#include <atomic>
#include <switchboard/timeformat.h>

// A clock that moves only when the test says so; header-only, so the unit tests, which do
// not link testsupport, use it too. It counts its readings, so a test can wait until the
// router has looked at the time since the last advance (its grace check ran) instead of
// sleeping a guessed while.
class ManualClock final : public switchboard::server::Clock {
public:
    explicit ManualClock(qint64 startMs = switchboard::nowMs())
        : m_nowMs(startMs)
    {
    }

    qint64 nowMs() const override
    {
        m_readings.fetch_add(1, std::memory_order_relaxed);
        return m_nowMs.load(std::memory_order_relaxed);
    }

    void advance(qint64 ms)
    {
        m_nowMs.fetch_add(ms, std::memory_order_relaxed);
        m_readings.store(0, std::memory_order_relaxed);
    }

    // How often the time was read since the last advance().
    int readingsSinceAdvance() const { return m_readings.load(std::memory_order_relaxed); }

private:
    std::atomic<qint64> m_nowMs;
    mutable std::atomic<int> m_readings { 0 };
};
