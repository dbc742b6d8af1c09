#pragma once

#include "clientmessage.h"

#include <QByteArray>

// The client half of the protocol, sending side: one compact JSON text frame for each message a
// client sends, from the same structs the server's decodeClientMessage() returns, so that
// decodeClientMessage(encodeClientMessage(m)) gives m back (tst_clientcodec holds it).
namespace switchboard::protocol {

// Optional fields are left out when absent, except where docs/protocol.md shows them always:
// `kind` of a send, `limit` of sync/history/customer_conversations/search/audit, `cursor` of
// an export (null to start one), `teams` and `name` of staff_add.
QByteArray encodeClientMessage(const ClientMessage &message);

} // namespace switchboard::protocol
