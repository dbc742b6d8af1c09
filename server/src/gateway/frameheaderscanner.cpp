#include "frameheaderscanner.h"

#include <algorithm>

namespace switchboard::server {

namespace {

constexpr quint8 opcodeMask = 0x0f;
constexpr quint8 controlBit = 0x08;
constexpr quint8 opcodeClose = 0x8;
constexpr quint8 opcodePong = 0xa;
constexpr quint8 finBit = 0x80;
constexpr quint8 maskBit = 0x80;
constexpr quint8 lengthMask = 0x7f;

} // namespace

FrameHeaderScanner::Verdict FrameHeaderScanner::feed(const char *bytes, qint64 size)
{
    qint64 i = 0;
    while (i < size && m_verdict == Verdict::Fine) {
        if (m_payloadLeft > 0) {
            const qint64 step = std::min(m_payloadLeft, size - i);
            m_payloadLeft -= step;
            m_position += step;
            i += step;
            if (m_payloadLeft == 0 && m_inClose)
                m_verdict = Verdict::Closed;
            continue;
        }
        m_header[std::size_t(m_headerHave++)] = quint8(bytes[i++]);
        ++m_position;
        if (m_headerHave == 2) {
            const quint8 first = m_header[0];
            const quint8 second = m_header[1];
            if (!(second & maskBit)) {
                m_verdict = Verdict::Unmasked;
                break;
            }
            const quint8 length = second & lengthMask;
            if ((first & controlBit) && (length > 125 || !(first & finBit))) {
                m_verdict = Verdict::Malformed; // §5.5: short and unfragmented
                break;
            }
            m_headerNeed = 2 + (length == 126 ? 2 : length == 127 ? 8 : 0) + 4;
        }
        if (m_headerHave == m_headerNeed)
            startPayload();
    }
    return m_verdict;
}

void FrameHeaderScanner::skipPayload(qint64 size)
{
    const qint64 step = std::min(size, m_payloadLeft);
    m_payloadLeft -= step;
    m_position += step;
    if (step > 0 && m_payloadLeft == 0 && m_inClose)
        m_verdict = Verdict::Closed;
}

void FrameHeaderScanner::startPayload()
{
    const quint8 opcode = m_header[0] & opcodeMask;
    const quint8 length = m_header[1] & lengthMask;
    quint64 payload = length;
    if (length == 126)
        payload = (quint64(m_header[2]) << 8) | m_header[3];
    else if (length == 127) {
        payload = 0;
        for (int i = 2; i < 10; ++i)
            payload = (payload << 8) | m_header[std::size_t(i)];
    }
    m_headerHave = 0;
    m_headerNeed = 2;
    if (payload > quint64(1) << 62) {
        m_verdict = Verdict::Malformed; // §5.2: the top bit must be 0; QtWebSockets refuses it
        return;
    }
    m_payloadLeft = qint64(payload);
    const bool control = (opcode & controlBit) != 0;
    m_lastReported = !control || opcode == opcodePong;
    m_inClose = opcode == opcodeClose;
    if (m_inClose && m_payloadLeft == 0)
        m_verdict = Verdict::Closed;
}

} // namespace switchboard::server
