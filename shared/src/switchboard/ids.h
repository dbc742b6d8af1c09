#pragma once

#include <QByteArray>
#include <QString>

// Random identifiers and secrets. Everything comes from the system CSPRNG.
namespace switchboard::ids {

// An opaque token with 192 bits of entropy, base64url without padding.
QString newToken();
// What the server stores instead of a token: SHA-256 of its text.
QByteArray tokenDigest(const QString &token);
// Conversation ids: 96 random bits, base64url (16 characters).
QString newConversationId();
// A W3C trace id: 32 lowercase hex digits, never all zeros.
QString newTraceId();
// A W3C span id: 16 lowercase hex digits.
QString newSpanId();
// Extracts the trace id from a W3C `traceparent` header; empty if malformed.
QString traceIdFromTraceparent(const QByteArray &traceparent);
// An identifier for the database's history line (see "epoch" in docs/protocol.md).
QString newEpoch();
// A password humans can type: 16 characters from an unambiguous alphabet.
QString newPassword();

} // namespace switchboard::ids
