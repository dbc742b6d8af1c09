#pragma once

#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QString>
#include <functional>
#include <optional>

namespace switchboard::server {

// Per-address limits on new visitors, so one address cannot fill the queue and the memory
// with conversations: hellos without a token in a sliding minute, and conversations started
// from the address that are still open. Addresses are kept only while they have something
// counted. Lives on the router's thread.
class VisitorAdmission final {
public:
    struct Refusal {
        QString reason; // "rate" (too many new visitors a minute) or "open" (too many open)
        qint64 retryAfterMs = 0;
    };

    // 0 turns a limit off.
    VisitorAdmission(int newPerMinute, int openPerAddress);

    // Whether a new visitor from `address` may start; when it may, it is counted at once (so a
    // burst of hellos in flight cannot all pass). `isOpen` says whether a conversation counted
    // for the address is still open.
    std::optional<Refusal> admit(const QHostAddress &address, qint64 nowMs,
        const std::function<bool(const QString &conversationId)> &isOpen);
    // The conversation a visitor admitted from `address` got, or that it got none (storage
    // failed). Until one of these, the admitted visitor counts as open for its address.
    void opened(const QHostAddress &address, const QString &conversationId);
    void notOpened(const QHostAddress &address);
    // Drops what no longer counts; call as often as you like: it looks (at every address) at
    // most every ten seconds.
    void prune(qint64 nowMs, const std::function<bool(const QString &conversationId)> &isOpen);

    // Whether this refusal is the first for the address in its current minute (log it once).
    bool firstRefusalThisMinute(const QHostAddress &address, qint64 nowMs);
    int trackedAddresses() const { return int(m_addresses.size()); }

private:
    struct AddressState {
        QList<qint64> hellos; // admitted in the last minute, oldest first
        QList<QString> open; // conversations started from here, maybe closed since
        int starting = 0; // admitted, their conversation not yet stored
        qint64 lastLoggedMs = 0;
    };
    static QString keyOf(const QHostAddress &address);
    void dropClosed(AddressState &state,
        const std::function<bool(const QString &conversationId)> &isOpen) const;

    int m_newPerMinute;
    int m_openPerAddress;
    qint64 m_lastPruneMs = 0;
    QHash<QString, AddressState> m_addresses;
};

} // namespace switchboard::server
