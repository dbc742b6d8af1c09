#pragma once

#include <QtGlobal>

namespace switchboard::server {

// A token bucket: `burst` messages at once, refilled at `rate` per second. rate 0: unlimited.
class RateLimiter final {
public:
    RateLimiter(double rate = 0.0, int burst = 1)
        : m_rate(rate)
        , m_burst(burst)
        , m_tokens(burst)
    {
    }

    bool tryTake(qint64 nowMs)
    {
        if (m_rate <= 0.0)
            return true;
        if (m_lastMs != 0)
            m_tokens = qMin(double(m_burst), m_tokens + double(nowMs - m_lastMs) * m_rate / 1000.0);
        m_lastMs = nowMs;
        if (m_tokens < 1.0)
            return false;
        m_tokens -= 1.0;
        return true;
    }

private:
    double m_rate;
    int m_burst;
    double m_tokens;
    qint64 m_lastMs = 0;
};

} // namespace switchboard::server
