#pragma once

#include <QByteArray>
#include <QtGlobal>
#include <string>
#include <string_view>

namespace switchboard::bench {

// One lean RFC 6455 client connection on a non-blocking socket: the upgrade request and its
// check, masked text frames out, server frames in (text, ping answered with pong, close).
// No Qt object per connection: the load generator holds tens of thousands of these.
class WsClient final {
public:
    enum class State { Connecting, Upgrading, Open, Closed };
    enum class Role : quint8 { Idle, Active, Agent };

    WsClient() = default;
    Q_DISABLE_COPY_MOVE(WsClient)
    ~WsClient();

    // Starts a non-blocking connect from `source` (network order, 0 = any) to `target`; a
    // closed client may start again (failover), with fresh buffers.
    bool start(quint32 source, quint32 target, quint16 port);
    int fd() const { return m_fd; }
    State state() const { return m_state; }

    // Called when the socket is writable after connect: sends the upgrade request.
    bool onConnected(quint16 port);
    // Reads what the kernel has; text payloads are handed to `onText`. False: the connection
    // ended (closed by the peer or broken); `closeCode()` tells which.
    template<typename OnText> bool onReadable(OnText &&onText);
    void sendText(std::string_view payload);
    // Frames the payload without writing it: the caller flushes (several frames, one write).
    void queueText(std::string_view payload);
    // Flushes buffered output; true when everything went out.
    bool flush();
    bool wantsWrite() const { return m_outOffset < m_out.size(); }
    void close();
    // Sends a close frame with `code` and closes the socket without waiting for the answer.
    void leave(quint16 code);
    int closeCode() const { return m_closeCode; }

    Role role = Role::Idle;
    int index = 0; // within its role
    quint8 endpoint = 0; // the endpoint this connection goes to now
    quint8 loop = 0; // the load generator's event loop (thread) that owns it
    quint16 failures = 0; // connections lost or refused in a row since the last welcome
    bool welcomed = false; // on the current connection
    bool everWelcomed = false; // on any: its phase has counted it
    bool upgraded = false;
    // The upgrade was answered with an HTTP refusal that named a Retry-After.
    bool refusedWithRetryAfter = false;
    bool writeArmed = false;
    bool assigned = false; // a customer whose conversation an agent has taken
    int inFlight = 0;
    quint32 nextMessage = 0;
    qint64 startedNs = 0;
    qint64 lostNs = 0; // when its last signed-in connection ended, until it resumes
    qint64 lastSeq = 0; // a customer's latest seq seen in its conversation, to sync from
    std::string conversation; // the customer's own, from its welcome
    std::string token; // from the welcome, to resume after a failover

private:
    bool readUpgrade();
    // Parses complete frames from m_in; false on a protocol error or close.
    template<typename OnText> bool parseFrames(OnText &&onText);
    void sendFrame(quint8 opcode, std::string_view payload);

    int m_fd = -1;
    State m_state = State::Closed;
    std::string m_key;
    std::string m_in;
    std::size_t m_inOffset = 0;
    std::string m_out;
    std::size_t m_outOffset = 0;
    std::string m_message; // fragments of a message in progress
    int m_closeCode = -1;
};

} // namespace switchboard::bench

#include "wsclient_impl.h"
