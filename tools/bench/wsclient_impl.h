#pragma once

// The templated parts of WsClient, included by wsclient.h.
#include <cerrno>
#include <sys/socket.h>
#include <unistd.h>

namespace switchboard::bench {

template<typename OnText> bool WsClient::onReadable(OnText &&onText)
{
    char chunk[16384];
    for (;;) {
        const ssize_t got = ::recv(m_fd, chunk, sizeof chunk, 0);
        if (got > 0) {
            m_in.append(chunk, std::size_t(got));
            if (std::size_t(got) < sizeof chunk)
                break;
            continue;
        }
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        if (got < 0 && errno == EINTR)
            continue;
        m_state = State::Closed; // EOF or a reset
        if (m_closeCode < 0)
            m_closeCode = 1006;
        return false;
    }
    if (m_state == State::Upgrading) {
        if (!readUpgrade())
            return m_state != State::Closed;
        if (m_state == State::Closed)
            return false;
    }
    return parseFrames(onText);
}

template<typename OnText> bool WsClient::parseFrames(OnText &&onText)
{
    for (;;) {
        const std::size_t available = m_in.size() - m_inOffset;
        if (available < 2)
            break;
        const auto *head = reinterpret_cast<const unsigned char *>(m_in.data() + m_inOffset);
        const bool fin = head[0] & 0x80;
        const quint8 opcode = head[0] & 0x0f;
        if (head[1] & 0x80) { // servers never mask
            m_closeCode = 1002;
            return false;
        }
        quint64 length = head[1] & 0x7f;
        std::size_t offset = 2;
        if (length == 126) {
            if (available < 4)
                break;
            length = (quint64(head[2]) << 8) | head[3];
            offset = 4;
        } else if (length == 127) {
            if (available < 10)
                break;
            length = 0;
            for (int i = 0; i < 8; ++i)
                length = (length << 8) | head[2 + i];
            offset = 10;
        }
        if (available - offset < length)
            break;
        const std::string_view payload(m_in.data() + m_inOffset + offset, std::size_t(length));
        m_inOffset += offset + std::size_t(length);
        switch (opcode) {
        case 0x0: // continuation
        case 0x1:
            if (fin && m_message.empty()) {
                onText(*this, payload);
            } else {
                m_message.append(payload);
                if (fin) {
                    onText(*this, std::string_view(m_message));
                    m_message.clear();
                }
            }
            break;
        case 0x8:
            m_closeCode = payload.size() >= 2
                ? (int(quint8(payload[0])) << 8) | int(quint8(payload[1]))
                : 1005;
            sendFrame(0x8, payload.substr(0, 2));
            flush();
            m_state = State::Closed;
            return false;
        case 0x9:
            sendFrame(0xA, payload);
            break;
        case 0xA:
            break;
        default: // binary or unknown: not protocol v1
            m_closeCode = 1003;
            return false;
        }
    }
    if (m_inOffset == m_in.size()) {
        m_in.clear();
        m_inOffset = 0;
    } else if (m_inOffset > 65536) {
        m_in.erase(0, m_inOffset);
        m_inOffset = 0;
    }
    return true;
}

} // namespace switchboard::bench
