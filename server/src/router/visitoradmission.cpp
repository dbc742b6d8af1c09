#include "visitoradmission.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace switchboard::server {

namespace {

constexpr qint64 minuteMs = 60 * 1000;

} // namespace

VisitorAdmission::VisitorAdmission(int newPerMinute, int openPerAddress)
    : m_newPerMinute(std::max(newPerMinute, 0))
    , m_openPerAddress(std::max(openPerAddress, 0))
{
}

QString VisitorAdmission::keyOf(const QHostAddress &address)
{
    return address.toString();
}

void VisitorAdmission::dropClosed(
    AddressState &state, const std::function<bool(const QString &conversationId)> &isOpen) const
{
    state.open.removeIf([&isOpen](const QString &id) { return !isOpen(id); });
}

std::optional<VisitorAdmission::Refusal> VisitorAdmission::admit(const QHostAddress &address,
    qint64 nowMs, const std::function<bool(const QString &conversationId)> &isOpen)
{
    if (m_newPerMinute == 0 && m_openPerAddress == 0)
        return std::nullopt;
    AddressState &state = m_addresses[keyOf(address)];
    while (!state.hellos.isEmpty() && nowMs - state.hellos.first() >= minuteMs)
        state.hellos.removeFirst();
    if (m_newPerMinute > 0 && state.hellos.size() >= m_newPerMinute)
        return Refusal { u"rate"_s, state.hellos.first() + minuteMs - nowMs };
    if (m_openPerAddress > 0 && state.open.size() + state.starting >= m_openPerAddress) {
        dropClosed(state, isOpen); // only when it matters: the list is at most the limit long
        if (state.open.size() + state.starting >= m_openPerAddress)
            return Refusal { u"open"_s, minuteMs }; // nobody knows when one closes
    }
    if (m_newPerMinute > 0)
        state.hellos.append(nowMs);
    if (m_openPerAddress > 0)
        ++state.starting;
    return std::nullopt;
}

void VisitorAdmission::opened(const QHostAddress &address, const QString &conversationId)
{
    if (m_openPerAddress == 0)
        return;
    AddressState &state = m_addresses[keyOf(address)];
    state.starting = std::max(0, state.starting - 1);
    state.open.append(conversationId);
}

void VisitorAdmission::notOpened(const QHostAddress &address)
{
    const auto it = m_addresses.find(keyOf(address));
    if (m_openPerAddress > 0 && it != m_addresses.end())
        it->starting = std::max(0, it->starting - 1);
}

void VisitorAdmission::prune(
    qint64 nowMs, const std::function<bool(const QString &conversationId)> &isOpen)
{
    if (nowMs - m_lastPruneMs < 10 * 1000)
        return;
    m_lastPruneMs = nowMs;
    for (auto it = m_addresses.begin(); it != m_addresses.end();) {
        AddressState &state = *it;
        while (!state.hellos.isEmpty() && nowMs - state.hellos.first() >= minuteMs)
            state.hellos.removeFirst();
        dropClosed(state, isOpen);
        if (state.hellos.isEmpty() && state.open.isEmpty() && state.starting == 0
            && nowMs - state.lastLoggedMs >= minuteMs)
            it = m_addresses.erase(it);
        else
            ++it;
    }
}

bool VisitorAdmission::firstRefusalThisMinute(const QHostAddress &address, qint64 nowMs)
{
    AddressState &state = m_addresses[keyOf(address)];
    if (nowMs - state.lastLoggedMs < minuteMs)
        return false;
    state.lastLoggedMs = nowMs;
    return true;
}

} // namespace switchboard::server
