#include "loginthrottle.h"

namespace switchboard::server {

namespace {
constexpr qint64 windowMs = 60'000;
}

bool LoginThrottle::tryBegin(const QHostAddress &address, qint64 nowMs)
{
    AddressState &state = m_addresses[address.toString()];
    prune(state, nowMs);
    if (m_limit > 0 && state.failures.size() + state.inFlight >= m_limit)
        return false;
    ++state.inFlight;
    return true;
}

void LoginThrottle::finish(const QHostAddress &address, bool heldSlot, bool failed, qint64 nowMs)
{
    const QString key = address.toString();
    AddressState &state = m_addresses[key];
    if (heldSlot && state.inFlight > 0)
        --state.inFlight;
    prune(state, nowMs);
    if (failed)
        state.failures.append(nowMs);
    if (state.failures.isEmpty() && state.inFlight == 0)
        m_addresses.remove(key); // nothing to remember: keep the table small
}

void LoginThrottle::prune(AddressState &state, qint64 nowMs) const
{
    while (!state.failures.isEmpty() && state.failures.first() <= nowMs - windowMs)
        state.failures.removeFirst();
}

} // namespace switchboard::server
