#pragma once

#include <QtGlobal>
#include <array>

namespace switchboard::server {

// Follows a client's WebSocket byte stream frame by frame from the headers alone (RFC 6455
// §5.2): it reads header bytes and only counts payload bytes, so a payload is never read or
// copied. Positions count bytes from the first byte after the HTTP upgrade. It reports what
// QtWebSockets does not check, a client frame without a mask (§5.1), and notices the client's
// close frame.
class FrameHeaderScanner final {
public:
    enum class Verdict {
        Fine,
        Unmasked, // §5.1: the server must close with 1002
        Malformed, // QtWebSockets refuses it itself (a control frame over 125 bytes, …)
        Closed, // the client's close frame is complete; nothing after it counts
    };

    // The longest header: 2 bytes, an 8-byte length and a 4-byte mask.
    static constexpr int maxHeaderBytes = 14;
    // The longest control frame: a 2-byte header, a mask and 125 bytes of payload.
    static constexpr int maxControlFrameBytes = 2 + 4 + 125;

    // The position of the next header byte the scanner must see; everything before it is
    // known. Once the verdict is not Fine, nothing more is needed.
    qint64 nextNeeded() const { return m_position + m_payloadLeft; }
    // The next byte not yet taken (a payload byte while payload is ahead).
    qint64 position() const { return m_position; }
    Verdict verdict() const { return m_verdict; }
    // True at a frame boundary after a data frame or a pong: QtWebSockets reports finishing
    // those, so checking the header after it can wait until then without copying the payload.
    bool followsReportedFrame() const
    {
        return m_headerHave == 0 && m_payloadLeft == 0 && m_lastReported;
    }

    // Takes the bytes from position() on, in stream order: header bytes are read, payload
    // bytes among them only counted. Returns the verdict after them.
    Verdict feed(const char *bytes, qint64 size);
    // Passes over payload bytes from position() on without looking at them (at most up to
    // nextNeeded()).
    void skipPayload(qint64 size);

private:
    void startPayload();

    qint64 m_position = 0;
    qint64 m_payloadLeft = 0; // payload bytes from m_position on (0 inside a header)
    std::array<quint8, maxHeaderBytes> m_header {};
    int m_headerHave = 0;
    int m_headerNeed = 2;
    bool m_lastReported = false;
    bool m_inClose = false;
    Verdict m_verdict = Verdict::Fine;
};

} // namespace switchboard::server
